import { AccountsService } from './accounts';
import { CatalogService } from './catalog';
import { ConflictsService } from './conflicts';
import type { ServiceContext } from './context';
import { ProfileService } from './profile';
import { ActionsService } from './actions';
import { ReviewsService } from './reviews';

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  profile: ProfileService;
  conflicts: ConflictsService;
  actions: ActionsService;
  reviews: ReviewsService;
}

export function createServices(ctx: ServiceContext): Services {
  const catalog = new CatalogService(ctx);
  return {
    catalog,
    accounts: new AccountsService(ctx, catalog),
    profile: new ProfileService(ctx, catalog),
    conflicts: new ConflictsService(ctx),
    actions: new ActionsService(ctx),
    reviews: new ReviewsService(ctx),
  };
}

export type { ServiceContext } from './context';
