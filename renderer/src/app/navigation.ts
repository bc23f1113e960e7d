import { createStore } from 'zustand/vanilla';

export const AREAS = ['accounts', 'time', 'reviews', 'dashboard', 'sync', 'settings'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Record<Area, string> = {
  accounts: 'Accounts',
  time: 'Time',
  reviews: 'Reviews',
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
