// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * Covering indexes for the portfolio dashboard (core/reports), so its reads never touch table rows.
 *
 * The dashboard's burn-downs sum each account's billable time from the start of its own hours period (a month or a
 * quarter back). The date index of 0012 can only serve that by walking every entry since the earliest start; this
 * one, covering and limited to billable entries, reads exactly each account's entries, already in date order.
 * Adoption statuses, account teams and open action items are read for every account, and the backlog counts the
 * incidents resolved after the report's instant (for a past period, most of them); covering indexes spare the
 * wide rows (clocks, notes, updates).
 */
export const migration: Migration = {
  id: '0015_reports_covering',
  up: (db) => {
    db.exec(`
      CREATE INDEX time_entries_billable_account ON time_entries (account_id, date, minutes, id) WHERE deleted = 0 AND billable = 1;
      CREATE INDEX adoption_report ON adoption (account_id, capability, status, since) WHERE deleted = 0;
      CREATE INDEX team_roles_report ON team_roles (account_id, id, name, email, person_id) WHERE deleted = 0;
      CREATE INDEX action_items_open_report ON action_items (created_at, account_id, due, id, status) WHERE deleted = 0 AND status IN ('open', 'in_progress');
      CREATE INDEX incidents_resolved_report ON incidents (resolved_at, opened_at, account_id) WHERE deleted = 0 AND resolved_at IS NOT NULL;
    `);
  },
};
