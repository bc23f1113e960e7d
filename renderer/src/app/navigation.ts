import { createStore } from 'zustand/vanilla';

export const AREAS = ['accounts', 'actions', 'time', 'reviews', 'adoption', 'lifecycle', 'dashboard', 'sync', 'settings'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Record<Area, string> = {
  accounts: 'Accounts',
  actions: 'My items',
  time: 'Time',
  reviews: 'Reviews',
  adoption: 'Adoption',
  lifecycle: 'Lifecycle',
  dashboard: 'Dashboard',
  sync: 'Sync',
  settings: 'Settings',
};

export interface NavigationState {
  area: Area;
  go: (area: Area) => void;
}

export type NavigationStore = ReturnType<typeof createNavigationStore>;

export function createNavigationStore() {
  return createStore<NavigationState>()((set) => ({
    area: 'accounts',
    go: (area) => set({ area }),
  }));
}
