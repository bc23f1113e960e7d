// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * A covering index of adoption status changes by account, capability and date, so the metrics reports read every
 * pair's history in order without touching the notes' rows (their text); the date index of 0012 left each row to
 * be read from the table.
 */
export const migration: Migration = {
  id: '0016_reports_adoption',
  up: (db) => {
    db.exec(`CREATE INDEX adoption_notes_report ON adoption_notes (account_id, capability, on_date, status) WHERE deleted = 0 AND status IS NOT NULL;`);
  },
};
