import { AdoptionService } from './adoption';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import { LifecycleService } from './lifecycle';
import { ProfileService } from './profile';
import { TeamService } from './team';

/** The team, lifecycle and adoption services (issue 3), assembled together because they share the team and profile. */
export interface TeamServices {
  team: TeamService;
  lifecycle: LifecycleService;
  adoption: AdoptionService;
}

export function createTeamServices(ctx: ServiceContext, catalog: CatalogService): TeamServices {
  // ProfileService holds no state of its own: this instance reads the same local profile as everyone else's.
  const profile = new ProfileService(ctx, catalog);
  const team = new TeamService(ctx, catalog, profile);
  return { team, lifecycle: new LifecycleService(ctx, team, profile), adoption: new AdoptionService(ctx, team, profile) };
}
