import { AccountsService } from './accounts';
import { CatalogService } from './catalog';
import { ConflictsService } from './conflicts';
import type { ServiceContext } from './context';
import { ProfileService } from './profile';
import { SearchService } from './search';
import { TimelineService } from './timeline';

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  profile: ProfileService;
  conflicts: ConflictsService;
  search: SearchService;
  timeline: TimelineService;
}

export function createServices(ctx: ServiceContext): Services {
  const catalog = new CatalogService(ctx);
  return {
    catalog,
    accounts: new AccountsService(ctx, catalog),
    profile: new ProfileService(ctx, catalog),
    conflicts: new ConflictsService(ctx),
    search: new SearchService(ctx),
    timeline: new TimelineService(ctx),
  };
}

export type { ServiceContext } from './context';
