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
import { createToastsStore } from '../ui/toasts';
import type { ToastsState, ToastsStore } from '../ui/toasts';
import { createNavigationStore } from './navigation';
import type { NavigationState, NavigationStore } from './navigation';
import { createNoticesStore } from './notices';
import type { NoticesState, NoticesStore } from './notices';
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
export const useBundles = <T>(selector: (s: BundlesState) => T): T => useStore(useApp().bundles, selector);
