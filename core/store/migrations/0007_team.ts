// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

const syncColumns = `
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  server_seq INTEGER NOT NULL DEFAULT 0`;

export const migration: Migration = {
  id: '0007_team',
  up: (db) => {
    db.exec(`
      -- The vendor's people directory (org partition). JSON columns hold arrays checked by the model's schemas.
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]',
        clearances TEXT NOT NULL DEFAULT '[]',
        home_region TEXT NOT NULL,
        time_zone TEXT NOT NULL,${syncColumns}
      ) STRICT;
      CREATE INDEX people_email ON people (email COLLATE NOCASE) WHERE deleted = 0;

      -- Who holds which role on an account; name and email are kept so a member need not be in the directory.
      CREATE TABLE team_roles (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        role TEXT NOT NULL,
        person_id TEXT,
        name TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX team_roles_account ON team_roles (account_id, deleted);

      CREATE TABLE contacts (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        name TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX contacts_account ON contacts (account_id, deleted);

      -- One rotation per account (its id is derived from the account's), shifts as JSON.
      CREATE TABLE on_call_rotations (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        handoff_day INTEGER NOT NULL,
        handoff_time TEXT NOT NULL,
        shifts TEXT NOT NULL DEFAULT '[]',${syncColumns}
      ) STRICT;
      CREATE INDEX on_call_rotations_account ON on_call_rotations (account_id, deleted);

      CREATE TABLE lifecycle_events (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        from_stage TEXT NOT NULL,
        to_stage TEXT NOT NULL,
        at TEXT NOT NULL,
        from_owner TEXT NOT NULL DEFAULT '',
        to_owner TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX lifecycle_events_account ON lifecycle_events (account_id, deleted, at);

      -- A hand-off's checklist: one row per item, so two people ticking different items both count.
      CREATE TABLE handoff_items (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        text TEXT NOT NULL,
        sort INTEGER NOT NULL,
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        done_at TEXT,
        done_by TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX handoff_items_event ON handoff_items (event_id, deleted);

      CREATE TABLE handoff_templates (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        stage TEXT NOT NULL,
        text TEXT NOT NULL,
        sort INTEGER NOT NULL,${syncColumns}
      ) STRICT;
      CREATE INDEX handoff_templates_stage ON handoff_templates (stage, deleted, sort);

      -- Capability ids are derived from their codes, so two managers adding the same code make one row.
      CREATE TABLE capabilities (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        weight INTEGER NOT NULL,
        sort INTEGER NOT NULL,${syncColumns}
      ) STRICT;
      CREATE INDEX capabilities_code ON capabilities (code);

      -- One row per account and capability (id derived from both), so status changes on two devices merge.
      CREATE TABLE adoption (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        capability TEXT NOT NULL,
        status TEXT NOT NULL,
        blockers TEXT NOT NULL DEFAULT '',
        since TEXT NOT NULL,${syncColumns}
      ) STRICT;
      CREATE INDEX adoption_account ON adoption (account_id, deleted);

      CREATE TABLE adoption_notes (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        capability TEXT NOT NULL,
        on_date TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        status TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX adoption_notes_account ON adoption_notes (account_id, capability, deleted);
    `);
  },
};
