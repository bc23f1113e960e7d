import { AccountsService } from './accounts';
import { CatalogService } from './catalog';
import { ConflictsService } from './conflicts';
import type { ServiceContext } from './context';
import { ProfileService } from './profile';
import { createTeamServices } from './workspaceTeam';
import type { TeamServices } from './workspaceTeam';

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  profile: ProfileService;
  conflicts: ConflictsService;
  team: TeamServices['team'];
  lifecycle: TeamServices['lifecycle'];
  adoption: TeamServices['adoption'];
}

export function createServices(ctx: ServiceContext): Services {
  const catalog = new CatalogService(ctx);
  return {
    catalog,
    accounts: new AccountsService(ctx, catalog),
    profile: new ProfileService(ctx, catalog),
    conflicts: new ConflictsService(ctx),
    ...createTeamServices(ctx, catalog),
  };
}

export type { ServiceContext } from './context';
