// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

export const migration: Migration = {
  id: '0005_time',
  up: (db) => {
    db.exec(`
      -- Every status change of a timesheet (submitted, approved, rejected with its reason, …) with who and when.
      -- Append-only and synced in the org partition, like the timesheets it belongs to.
      CREATE TABLE timesheet_events (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL CHECK (account_id = 'org'),
        timesheet_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        week TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        entry_id TEXT,
        clocks TEXT NOT NULL DEFAULT '{}',
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        server_seq INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX timesheet_events_sheet ON timesheet_events (timesheet_id, at);

      -- Purely local time-tracking state (the running timer, the forgotten-timer question, settings): not synced.
      CREATE TABLE local_time_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Approvals list submitted weeks and entries across people.
      CREATE INDEX timesheets_status ON timesheets (status, week) WHERE deleted = 0;
      CREATE INDEX time_entries_status ON time_entries (status, date) WHERE deleted = 0;
    `);
  },
};
