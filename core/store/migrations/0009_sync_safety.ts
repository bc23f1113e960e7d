// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

export const migration: Migration = {
  id: '0009_sync_safety',
  up: (db) => {
    db.exec(`
      -- 'online' (HTTP) or 'bundle' (files carried across an air gap). A bundle target's url is bundle:<fingerprint>.
      ALTER TABLE sync_targets ADD COLUMN kind TEXT NOT NULL DEFAULT 'online' CHECK (kind IN ('online', 'bundle'));
      -- Why this target may not sync until registered again (a restored or copied database); null when it may.
      ALTER TABLE sync_targets ADD COLUMN suspended TEXT;

      -- The pinned public keys of the server a bundle target stands for, and the bundle sequence each way.
      CREATE TABLE bundle_peers (
        target_id TEXT PRIMARY KEY REFERENCES sync_targets (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        sign_key TEXT NOT NULL,
        box_key TEXT NOT NULL,
        next_out_seq INTEGER NOT NULL DEFAULT 1,
        last_in_seq INTEGER NOT NULL DEFAULT 0,
        trusted_at TEXT NOT NULL
      ) STRICT;

      -- Every bundle written or imported here, so importing one twice changes nothing.
      CREATE TABLE bundle_journal (
        bundle_id TEXT PRIMARY KEY,
        target_id TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        summary TEXT NOT NULL
      ) STRICT;
    `);
  },
};
