import { ACCOUNTS_SPEC } from './accountsRepo';
import { CATALOG_SPEC } from './catalogRepo';
import { CONTRACTS_SPEC } from './contractsRepo';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';
import { TIME_ENTRIES_SPEC, TIMESHEETS_SPEC } from './timeTables';

/**
 * Every synced table this device stores. A domain adds its spec here, next to its migration; pulled changes
 * of tables not listed are skipped, and revocation purges every table listed.
 */
const LOCAL_SPECS: ReadonlyArray<SyncedTableSpec<string>> = [
  ACCOUNTS_SPEC,
  CATALOG_SPEC,
  CONTRACTS_SPEC,
  TIME_ENTRIES_SPEC,
  TIMESHEETS_SPEC,
];

/** The names of the synced tables this device stores. */
export const LOCAL_SYNCED_TABLE_NAMES: readonly string[] = LOCAL_SPECS.map((s) => s.table);

/** The synced tables this device stores, by their protocol name. */
export function localSyncedTables(store: Store): Map<string, SyncedTable<string>> {
  return new Map(LOCAL_SPECS.map((spec) => [spec.table, new SyncedTable(store, spec)]));
}

/** Every synced table's spec, with its search and timeline declarations. */
export const LOCAL_TABLE_SPECS: ReadonlyArray<SyncedTableSpec<string>> = LOCAL_SPECS;
