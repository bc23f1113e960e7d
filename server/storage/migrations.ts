import type { SqlDriver } from './driver';

/**
 * The server's one migration list. The SQL is written once for both databases (TEXT, BIGINT, no
 * dialect-only types); append only, never edit a landed entry.
 */
export const SERVER_MIGRATIONS: ReadonlyArray<{ id: string; statements: string[] }> = [
  {
    id: '0001_initial',
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, roles TEXT NOT NULL,
        clearances TEXT NOT NULL, home_region TEXT NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`,
      `CREATE TABLE team_members (
        team_id TEXT NOT NULL REFERENCES teams (id), user_id TEXT NOT NULL REFERENCES users (id),
        PRIMARY KEY (team_id, user_id))`,
      `CREATE TABLE grants (
        subject_type TEXT NOT NULL CHECK (subject_type IN ('user', 'team')), subject_id TEXT NOT NULL,
        account_id TEXT NOT NULL, access TEXT NOT NULL CHECK (access IN ('read', 'write')), created_at TEXT NOT NULL,
        PRIMARY KEY (subject_type, subject_id, account_id))`,
      `CREATE TABLE devices (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, last_origin_seq BIGINT NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, revoked_at TEXT)`,
      // One row: the next server_seq. Updating it inside the accepting transaction serialises writers, so
      // server_seq is gap-free and in commit order even with several server processes on one PostgreSQL.
      `CREATE TABLE seq_counter (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL)`,
      `INSERT INTO seq_counter (id, value) VALUES (1, 0)`,
      `CREATE TABLE records (
        tbl TEXT NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL, fields TEXT NOT NULL,
        server_seq BIGINT NOT NULL, PRIMARY KEY (tbl, id))`,
      `CREATE INDEX records_account ON records (account_id)`,
      `CREATE TABLE account_policy (
        account_id TEXT PRIMARY KEY, residency TEXT NOT NULL, clearance TEXT, created_by TEXT NOT NULL)`,
      `CREATE TABLE changes (
        server_seq BIGINT PRIMARY KEY, tbl TEXT NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL,
        fields TEXT NOT NULL, device_id TEXT NOT NULL, origin_seq BIGINT NOT NULL, user_id TEXT NOT NULL,
        at TEXT NOT NULL)`,
      `CREATE INDEX changes_account ON changes (account_id, server_seq)`,
      `CREATE TABLE device_accounts (
        device_id TEXT NOT NULL, account_id TEXT NOT NULL, PRIMARY KEY (device_id, account_id))`,
      `CREATE TABLE audit_log (
        id TEXT PRIMARY KEY, at TEXT NOT NULL, user_id TEXT, device_id TEXT, action TEXT NOT NULL,
        account_id TEXT, detail TEXT NOT NULL)`,
      `CREATE INDEX audit_log_at ON audit_log (at)`,
    ],
  },
  {
    id: '0002_retention',
    statements: [
      `CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE INDEX changes_at ON changes (at)`,
    ],
  },
  {
    id: '0003_rejected_ops',
    statements: [
      // A refusal is answered again when its op is retried (the first answer may have been lost), so the
      // client always learns that a change never reached the server.
      `CREATE TABLE rejected_ops (
        device_id TEXT NOT NULL, origin_seq BIGINT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
        PRIMARY KEY (device_id, origin_seq))`,
    ],
  },
  {
    id: '0004_sync_safety',
    statements: [
      // What each op a device sent was, by origin_seq (a content hash): a resent op matches, a different op
      // under a number already used means the device's database was restored or copied.
      `CREATE TABLE device_ops (
        device_id TEXT NOT NULL, origin_seq BIGINT NOT NULL, op_hash TEXT NOT NULL,
        PRIMARY KEY (device_id, origin_seq))`,
      // The server_seq that created the account: a device whose cursor is past it and that never received the
      // account (a later grant) needs its snapshot.
      `ALTER TABLE account_policy ADD COLUMN first_seq BIGINT NOT NULL DEFAULT 0`,
      `UPDATE account_policy SET first_seq = COALESCE(
        (SELECT min(c.server_seq) FROM changes c WHERE c.account_id = account_policy.account_id), 0)`,
      // Snapshots and revocations offered to a device, done once it pulls from until_seq or later.
      `CREATE TABLE device_account_events (
        device_id TEXT NOT NULL, account_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'revoke')), until_seq BIGINT NOT NULL,
        PRIMARY KEY (device_id, account_id, kind))`,
      // Who may read what changes only with grants, clearances, teams and account labels: a token that changes
      // with them, and the token each device's revocations and new grants were last worked out for. A pull
      // works them out again only when they differ (or something offered is not confirmed yet).
      `INSERT INTO server_meta (key, value) VALUES ('policy_version', 'initial')`,
      `ALTER TABLE devices ADD COLUMN policy_seen TEXT`,
    ],
  },
  {
    id: '0005_bundles',
    statements: [
      // The server's own bundle keys (one row): Ed25519 to sign, X25519 to receive, as JWK private keys.
      `CREATE TABLE bundle_server_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, private_keys TEXT NOT NULL, created_at TEXT NOT NULL)`,
      // Devices that exchange bundles: their pinned public keys, and the sequence of bundles each way.
      `CREATE TABLE bundle_devices (
        device_id TEXT PRIMARY KEY REFERENCES devices (id), fingerprint TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        sign_key TEXT NOT NULL, box_key TEXT NOT NULL, last_in_seq BIGINT NOT NULL DEFAULT 0,
        next_out_seq BIGINT NOT NULL DEFAULT 1, cursor BIGINT NOT NULL DEFAULT 0, enrolled_at TEXT NOT NULL)`,
      // Every bundle imported or written, so importing one twice changes nothing.
      `CREATE TABLE bundle_journal (
        bundle_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        seq BIGINT NOT NULL, at TEXT NOT NULL, summary TEXT NOT NULL)`,
    ],
  },
];

/** Applies pending migrations, each in its own transaction; safe when two server processes start at once. */
export async function migrateServer(db: SqlDriver): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`).catch(
    // Two PostgreSQL processes may race on CREATE TABLE IF NOT EXISTS; the loser sees a unique violation.
    () => undefined,
  );
  const applied: string[] = [];
  for (const migration of SERVER_MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(4642)`);
      const rows = await tx.query<{ id: string }>(`SELECT id FROM schema_migrations WHERE id = ?`, [migration.id]);
      if (rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)`, [migration.id, new Date().toISOString()]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
