// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

export const migration: Migration = {
  id: '0002_outbox',
  up: (db) => {
    db.exec(`
      -- Every local field change, written in the same transaction as its row; it leaves only when every
      -- target that may hold it has acknowledged it.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- 1 once queued for some target; an entry no target may hold (its residency) waits for one that may.
        routed INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- Sync servers this data folder is registered with.
      CREATE TABLE sync_targets (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        region TEXT NOT NULL,
        residencies TEXT NOT NULL,
        registered_from TEXT NOT NULL,
        claimed_through INTEGER NOT NULL DEFAULT 0,
        next_origin_seq INTEGER NOT NULL DEFAULT 1,
        acked_through INTEGER NOT NULL DEFAULT 0,
        cursor INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      -- Per target, the outbox entries it must receive, numbered by its own contiguous origin_seq.
      CREATE TABLE target_queue (
        target_id TEXT NOT NULL REFERENCES sync_targets (id) ON DELETE CASCADE,
        origin_seq INTEGER NOT NULL,
        outbox_seq INTEGER NOT NULL,
        PRIMARY KEY (target_id, origin_seq)
      ) STRICT;

      -- Changes a server refused, kept for the user to see and act on; never silently dropped.
      CREATE TABLE sync_rejections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target_id TEXT NOT NULL,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        fields TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
