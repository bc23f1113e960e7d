// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

const syncColumns = `
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  server_seq INTEGER NOT NULL DEFAULT 0`;

export const migration: Migration = {
  id: '0001_initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE local_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE local_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE catalog_entries (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        kind TEXT NOT NULL,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        sort INTEGER NOT NULL,${syncColumns},
        UNIQUE (kind, code)
      ) STRICT;

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = id),
        name TEXT NOT NULL,
        segment TEXT NOT NULL,
        tier TEXT NOT NULL,
        residency TEXT NOT NULL,
        clearance TEXT,
        stage TEXT NOT NULL,
        health TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX accounts_live_name ON accounts (deleted, name COLLATE NOCASE);
    `);
  },
};
