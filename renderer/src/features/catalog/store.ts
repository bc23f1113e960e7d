import { createStore } from 'zustand/vanilla';
import type { CatalogEntry, CatalogKind } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

export interface CatalogState {
  entries: CatalogEntry[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load: () => Promise<void>;
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;

export function createCatalogStore(client: ApiClient) {
  return createStore<CatalogState>()((set) => ({
    entries: [],
    status: 'idle',
    error: null,
    async load() {
      set({ status: 'loading' });
      try {
        const entries = await client.call('catalog.list', {});
        set({ entries, status: 'ready', error: null });
      } catch (error) {
        set({ status: 'error', error: errorMessage(error) });
      }
    },
  }));
}

export function entriesOf(entries: readonly CatalogEntry[], kind: CatalogKind): CatalogEntry[] {
  return entries.filter((e) => e.kind === kind).sort((a, b) => a.sort - b.sort);
}

/** The label people read; the code itself when the catalog does not know it (e.g. removed since). */
export function labelOf(entries: readonly CatalogEntry[], kind: CatalogKind, code: string | null): string {
  if (code === null) return '';
  return entries.find((e) => e.kind === kind && e.code === code)?.label ?? code;
}
