// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

const syncColumns = `
  clocks TEXT NOT NULL DEFAULT '{}',
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  server_seq INTEGER NOT NULL DEFAULT 0`;

export const migration: Migration = {
  id: '0008_reviews',
  up: (db) => {
    db.exec(`
      -- A roadmap review with a customer; attendees is a JSON array of {name, side, refId}.
      CREATE TABLE roadmap_reviews (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        date TEXT NOT NULL,
        title TEXT NOT NULL,
        attendees TEXT NOT NULL DEFAULT '[]',
        agenda TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX roadmap_reviews_account_date ON roadmap_reviews (account_id, date) WHERE deleted = 0;
      CREATE INDEX roadmap_reviews_date ON roadmap_reviews (date) WHERE deleted = 0;

      -- The asks (feature requests) and commitments of a review, one row each.
      CREATE TABLE review_items (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        review_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        priority TEXT,
        impact TEXT,
        status TEXT,
        owner TEXT,
        owner_ref TEXT,
        due TEXT,${syncColumns}
      ) STRICT;
      CREATE INDEX review_items_review ON review_items (review_id, kind, position) WHERE deleted = 0;
      CREATE INDEX review_items_kind ON review_items (kind) WHERE deleted = 0;

      -- Action items; the source columns link back to the record the item came from.
      CREATE TABLE action_items (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        owner_ref TEXT,
        due TEXT,
        status TEXT NOT NULL,
        source_table TEXT,
        source_id TEXT,
        source_label TEXT,
        notes TEXT NOT NULL DEFAULT '',${syncColumns}
      ) STRICT;
      CREATE INDEX action_items_account ON action_items (account_id, status) WHERE deleted = 0;
      -- "My items" matches the owner without case or surrounding spaces: the index holds that same expression.
      CREATE INDEX action_items_owner ON action_items (lower(trim(owner)), status, due) WHERE deleted = 0;
      CREATE INDEX action_items_source ON action_items (source_table, source_id) WHERE deleted = 0;

      -- Local only: which due reminders this device has given, so each item is announced once per day.
      CREATE TABLE action_reminders (
        item_id TEXT NOT NULL,
        day TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (item_id, day)
      ) STRICT;
    `);
  },
};
