import { ACCOUNTS_SPEC } from './accountsRepo';
import { CATALOG_SPEC } from './catalogRepo';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';

/** The names of the synced tables this device stores. */
export const LOCAL_SYNCED_TABLE_NAMES: readonly string[] = [ACCOUNTS_SPEC.table, CATALOG_SPEC.table];

/** The synced tables this device stores, by their protocol name; pulled changes of other tables are skipped. */
export function localSyncedTables(store: Store): Map<string, SyncedTable<string>> {
  return new Map<string, SyncedTable<string>>([
    [ACCOUNTS_SPEC.table, new SyncedTable(store, ACCOUNTS_SPEC)],
    [CATALOG_SPEC.table, new SyncedTable(store, CATALOG_SPEC)],
  ]);
}
