import type { Store } from '../store/store';

/** What every service gets: the store, and a way to say which tables a write changed. */
export interface ServiceContext {
  store: Store;
  changed(tables: string[]): void;
}
