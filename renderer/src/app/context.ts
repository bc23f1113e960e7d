import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api/client';
import { createAccountsStore } from '../features/accounts/store';
import type { AccountsState, AccountsStore } from '../features/accounts/store';
import { createCatalogStore } from '../features/catalog/store';
import type { CatalogState, CatalogStore } from '../features/catalog/store';
import { createProfileStore } from '../features/profile/store';
import type { ProfileState, ProfileStore } from '../features/profile/store';
import { createSyncStore } from '../features/sync/store';
import type { SyncState, SyncStore } from '../features/sync/store';
import { createTimeStore } from '../features/time/store';
import type { TimeState, TimeStore } from '../features/time/store';
import { createToastsStore } from '../ui/toasts';
import type { ToastsState, ToastsStore } from '../ui/toasts';
import { createNavigationStore } from './navigation';
import type { NavigationState, NavigationStore } from './navigation';
import { createNoticesStore } from './notices';
import type { NoticesState, NoticesStore } from './notices';
import { createSlaStore } from '../features/sla/store';
import type { SlaState, SlaStore } from '../features/sla/store';
import { createTeamStore } from '../features/team/store';
import type { TeamState, TeamStore } from '../features/team/store';
import { createLifecycleStore } from '../features/lifecycle/store';
import type { LifecycleState, LifecycleStore } from '../features/lifecycle/store';
import { createAdoptionStore } from '../features/adoption/store';
import type { AdoptionState, AdoptionStore } from '../features/adoption/store';
import { createActionsStore } from '../features/actions/store';
import type { ActionsState, ActionsStore } from '../features/actions/store';
import { createReviewsStore } from '../features/reviews/store';
import type { ReviewsState, ReviewsStore } from '../features/reviews/store';
import { createImportStore } from '../features/import/store';
import type { ImportState, ImportStore } from '../features/import/store';
import { createTimelineStore } from '../features/timeline/store';
import type { TimelineState, TimelineStore } from '../features/timeline/store';
import { createBundlesStore } from '../features/sync/bundlesStore';
import type { BundlesState, BundlesStore } from '../features/sync/bundlesStore';

/** Everything a screen needs, created once per app instance (so tests get fresh stores per render). */
export interface AppStores {
  client: ApiClient;
  accounts: AccountsStore;
  profile: ProfileStore;
  catalog: CatalogStore;
  nav: NavigationStore;
  toasts: ToastsStore;
  notices: NoticesStore;
  sync: SyncStore;
  time: TimeStore;
  sla: SlaStore;
  team: TeamStore;
  lifecycle: LifecycleStore;
  adoption: AdoptionStore;
  reviews: ReviewsStore;
  actions: ActionsStore;
  imports: ImportStore;
  timeline: TimelineStore;
  bundles: BundlesStore;
}

export function createAppStores(client: ApiClient): AppStores {
  return {
    client,
    accounts: createAccountsStore(client),
    profile: createProfileStore(client),
    catalog: createCatalogStore(client),
    nav: createNavigationStore(),
    toasts: createToastsStore(),
    notices: createNoticesStore(),
    sync: createSyncStore(client),
    time: createTimeStore(client),
    sla: createSlaStore(client),
    team: createTeamStore(client),
    lifecycle: createLifecycleStore(client),
    adoption: createAdoptionStore(client),
    reviews: createReviewsStore(client),
    actions: createActionsStore(client),
    imports: createImportStore(client),
    timeline: createTimelineStore(client),
    bundles: createBundlesStore(client),
  };
}

export const AppContext = createContext<AppStores | null>(null);

export function useApp(): AppStores {
  const stores = useContext(AppContext);
  if (!stores) throw new Error('useApp must be used inside <App>.');
  return stores;
}

export const useAccounts = <T>(selector: (s: AccountsState) => T): T => useStore(useApp().accounts, selector);
export const useProfile = <T>(selector: (s: ProfileState) => T): T => useStore(useApp().profile, selector);
export const useCatalog = <T>(selector: (s: CatalogState) => T): T => useStore(useApp().catalog, selector);
export const useNav = <T>(selector: (s: NavigationState) => T): T => useStore(useApp().nav, selector);
export const useToasts = <T>(selector: (s: ToastsState) => T): T => useStore(useApp().toasts, selector);
export const useNotices = <T>(selector: (s: NoticesState) => T): T => useStore(useApp().notices, selector);
export const useSync = <T>(selector: (s: SyncState) => T): T => useStore(useApp().sync, selector);
export const useTime = <T>(selector: (s: TimeState) => T): T => useStore(useApp().time, selector);
export const useSla = <T>(selector: (s: SlaState) => T): T => useStore(useApp().sla, selector);
export const useTeam = <T>(selector: (s: TeamState) => T): T => useStore(useApp().team, selector);
export const useLifecycle = <T>(selector: (s: LifecycleState) => T): T => useStore(useApp().lifecycle, selector);
export const useAdoption = <T>(selector: (s: AdoptionState) => T): T => useStore(useApp().adoption, selector);
export const useReviews = <T>(selector: (s: ReviewsState) => T): T => useStore(useApp().reviews, selector);
export const useActions = <T>(selector: (s: ActionsState) => T): T => useStore(useApp().actions, selector);
export const useImports = <T>(selector: (s: ImportState) => T): T => useStore(useApp().imports, selector);
export const useTimeline = <T>(selector: (s: TimelineState) => T): T => useStore(useApp().timeline, selector);
export const useBundles = <T>(selector: (s: BundlesState) => T): T => useStore(useApp().bundles, selector);
