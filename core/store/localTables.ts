import { ACCOUNTS_SPEC } from './accountsRepo';
import { CATALOG_SPEC } from './catalogRepo';
import { CONTRACTS_SPEC } from './contractsRepo';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';
import { TIME_ENTRIES_SPEC, TIMESHEETS_SPEC } from './timeTables';
import { TIMESHEET_EVENTS_SPEC } from './timeRepo';
import { TIER_TERMS_SPEC } from './tierTermsRepo';
import { INCIDENTS_SPEC } from './incidentsRepo';
import { ENGAGEMENTS_SPEC } from './engagementsRepo';
import { CONTACTS_SPEC, ON_CALL_ROTATIONS_SPEC, PEOPLE_SPEC, TEAM_ROLES_SPEC } from './teamRepo';
import { HANDOFF_ITEMS_SPEC, HANDOFF_TEMPLATES_SPEC, LIFECYCLE_EVENTS_SPEC } from './lifecycleRepo';
import { ADOPTION_NOTES_SPEC, ADOPTION_SPEC, CAPABILITIES_SPEC } from './adoptionRepo';
import { ACTION_ITEMS_SPEC } from './actionItemsRepo';
import { REVIEW_ITEMS_SPEC, ROADMAP_REVIEWS_SPEC } from './reviewsRepo';

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
  TIMESHEET_EVENTS_SPEC,
  TIER_TERMS_SPEC,
  INCIDENTS_SPEC,
  ENGAGEMENTS_SPEC,
  PEOPLE_SPEC,
  TEAM_ROLES_SPEC,
  CONTACTS_SPEC,
  ON_CALL_ROTATIONS_SPEC,
  LIFECYCLE_EVENTS_SPEC,
  HANDOFF_ITEMS_SPEC,
  HANDOFF_TEMPLATES_SPEC,
  CAPABILITIES_SPEC,
  ADOPTION_SPEC,
  ADOPTION_NOTES_SPEC,
  ROADMAP_REVIEWS_SPEC,
  REVIEW_ITEMS_SPEC,
  ACTION_ITEMS_SPEC,
];

/** The names of the synced tables this device stores. */
export const LOCAL_SYNCED_TABLE_NAMES: readonly string[] = LOCAL_SPECS.map((s) => s.table);

/** The synced tables this device stores, by their protocol name. */
export function localSyncedTables(store: Store): Map<string, SyncedTable<string>> {
  return new Map(LOCAL_SPECS.map((spec) => [spec.table, new SyncedTable(store, spec)]));
}

/** Every synced table's spec, with its search and timeline declarations. */
export const LOCAL_TABLE_SPECS: ReadonlyArray<SyncedTableSpec<string>> = LOCAL_SPECS;
