// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * The dashboard's burn-downs sum each account's billable time from the start of its own hours period (a month or a
 * quarter back). The date index of 0012 can only serve that by walking every entry since the earliest start; this
 * one, covering and limited to billable entries, reads exactly each account's entries, already in date order.
 */
export const migration: Migration = {
  id: '0015_report_burn',
  up: (db) => {
    db.exec(`CREATE INDEX time_entries_billable_account ON time_entries (account_id, date, minutes, id) WHERE deleted = 0 AND billable = 1;`);
  },
};
