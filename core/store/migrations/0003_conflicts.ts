// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

export const migration: Migration = {
  id: '0003_conflicts',
  up: (db) => {
    db.exec(`
      -- The losing version of long text edited concurrently on two devices; local to this device.
      CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        field TEXT NOT NULL,
        lost_value TEXT NOT NULL,
        lost_hlc TEXT NOT NULL,
        winning_hlc TEXT NOT NULL,
        at TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
      ) STRICT;
      CREATE INDEX conflicts_open ON conflicts (resolved, at);
    `);
  },
};
