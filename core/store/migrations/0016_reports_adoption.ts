// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * Covering indexes for what the metrics reports read for every account (and keep while the data is unchanged,
 * core/reports/memo.ts), so a report right after a change reads no table rows for it:
 * - adoption status changes by account, capability and date: every pair's history in order, without the notes'
 *   text (the date index of 0012 left each row to be read from the table);
 * - contracts without their terms (SLA targets, coverage and notes make the rows wide; terms are read on demand);
 * - hand-off checklist items by hand-off and whether done, for the hand-offs with open items.
 */
export const migration: Migration = {
  id: '0016_reports_adoption',
  up: (db) => {
    db.exec(`
      CREATE INDEX adoption_notes_report ON adoption_notes (account_id, capability, on_date, status) WHERE deleted = 0 AND status IS NOT NULL;
      CREATE INDEX contracts_report ON contracts (account_id, starts_on, ends_on, included_hours, hours_period, tier, updated_at, id) WHERE deleted = 0;
      CREATE INDEX handoff_items_report ON handoff_items (event_id, done) WHERE deleted = 0;
    `);
  },
};
