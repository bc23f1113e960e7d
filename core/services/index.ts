import { AccountsService } from './accounts';
import { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import { ProfileService } from './profile';

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  profile: ProfileService;
}

export function createServices(ctx: ServiceContext): Services {
  const catalog = new CatalogService(ctx);
  return {
    catalog,
    accounts: new AccountsService(ctx, catalog),
    profile: new ProfileService(ctx, catalog),
  };
}

export type { ServiceContext } from './context';
