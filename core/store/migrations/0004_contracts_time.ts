// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

const syncColumns = `
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  server_seq INTEGER NOT NULL DEFAULT 0`;

export const migration: Migration = {
  id: '0004_contracts_time',
  up: (db) => {
    db.exec(`
      -- What was sold per period; JSON columns hold arrays and objects validated by the model's schemas.
      CREATE TABLE contracts (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        tier TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        included_hours REAL NOT NULL,
        hours_period TEXT NOT NULL,
        skus TEXT NOT NULL DEFAULT '[]',
        sla_targets TEXT NOT NULL DEFAULT '[]',
        coverage TEXT NOT NULL,
        dedicated_staff TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX contracts_account ON contracts (account_id, deleted, starts_on);

      CREATE TABLE time_entries (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        date TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        time_zone TEXT,
        category TEXT NOT NULL,
        sku TEXT,
        billable INTEGER NOT NULL CHECK (billable IN (0, 1)),
        rate INTEGER,
        currency TEXT,
        note TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        adjusts_id TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX time_entries_user_date ON time_entries (user_id, date) WHERE deleted = 0;
      CREATE INDEX time_entries_account_date ON time_entries (account_id, date) WHERE deleted = 0;

      -- A person's ISO week; org partition (it spans accounts).
      CREATE TABLE timesheets (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        user_id TEXT NOT NULL,
        week TEXT NOT NULL,
        status TEXT NOT NULL,
        approved_by TEXT,
        approved_at TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX timesheets_user_week ON timesheets (user_id, week);
    `);
  },
};
