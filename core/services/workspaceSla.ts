import { AccountsService } from './accounts';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import { ContractsService } from './contracts';
import { EngagementsService } from './engagements';
import { IncidentsService } from './incidents';
import { ProfileService } from './profile';
import { TierTermsService } from './tierTerms';

/** The tiers, contracts, incidents and engagements services, wired to the accounts, catalog and profile they need. */
export interface WorkspaceSlaServices {
  tierTerms: TierTermsService;
  contracts: ContractsService;
  incidents: IncidentsService;
  engagements: EngagementsService;
}

export function createWorkspaceSlaServices(ctx: ServiceContext, catalog: CatalogService): WorkspaceSlaServices {
  // Accounts and profile services hold no state beyond the store, so these instances see what the app's see.
  const accounts = new AccountsService(ctx, catalog);
  const tierTerms = new TierTermsService(ctx, catalog, new ProfileService(ctx, catalog));
  return {
    tierTerms,
    contracts: new ContractsService(ctx, accounts, catalog, tierTerms),
    incidents: new IncidentsService(ctx, accounts),
    engagements: new EngagementsService(ctx, accounts),
  };
}
