// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

const syncColumns = `
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  server_seq INTEGER NOT NULL DEFAULT 0`;

export const migration: Migration = {
  id: '0006_sla',
  up: (db) => {
    db.exec(`
      -- What each support tier (or coverage add-on) sells; org partition, one row per code with an id derived
      -- from the code, so two devices that set up the same tier write the same record.
      CREATE TABLE tier_terms (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        add_on INTEGER NOT NULL CHECK (add_on IN (0, 1)),
        sla_targets TEXT NOT NULL DEFAULT '[]',
        coverage TEXT NOT NULL,
        skus TEXT NOT NULL DEFAULT '[]',
        included_hours REAL NOT NULL,
        hours_period TEXT NOT NULL,${syncColumns}
      ) STRICT;
      CREATE INDEX tier_terms_code ON tier_terms (code);

      -- Instants are UTC ISO text, so they sort as text. Each responder role has its own columns (and clocks).
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        severity INTEGER NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        opened_at TEXT NOT NULL,
        first_response_at TEXT,
        support_engineer_at TEXT,
        support_engineer_name TEXT NOT NULL DEFAULT '',
        developer_at TEXT,
        developer_name TEXT NOT NULL DEFAULT '',
        incident_manager_at TEXT,
        incident_manager_name TEXT NOT NULL DEFAULT '',
        updates TEXT NOT NULL DEFAULT '[]',
        pauses TEXT NOT NULL DEFAULT '[]',
        resolved_at TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX incidents_account_opened ON incidents (account_id, opened_at) WHERE deleted = 0;

      CREATE TABLE engagements (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        title TEXT NOT NULL,
        attendees TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        minutes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX engagements_account_occurred ON engagements (account_id, occurred_at) WHERE deleted = 0;
    `);
  },
};
