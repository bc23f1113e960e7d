import { randomUUID } from 'node:crypto';
import type { PersonRole } from '../../core/model';
import type { FieldMap } from '../../core/protocol/merge';
import type { PulledChange } from '../../core/protocol/wire';
import type { SqlDriver, SqlExecutor } from './driver';
import { migrateServer } from './migrations';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: PersonRole[];
  clearances: string[];
  homeRegion: string;
}

export interface Device {
  id: string;
  userId: string;
  name: string;
  lastOriginSeq: number;
  revokedAt: string | null;
}

export interface AccountPolicy {
  accountId: string;
  residency: string;
  clearance: string | null;
  createdBy: string;
}

export type Access = 'read' | 'write';
export type Subject = { type: 'user'; id: string } | { type: 'team'; id: string };

interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: string;
  clearances: string;
  home_region: string;
}
const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  roles: JSON.parse(r.roles) as PersonRole[],
  clearances: JSON.parse(r.clearances) as string[],
  homeRegion: r.home_region,
});

/** Whether `account_id` is one of a JSON array parameter: the one dialect difference of the pull query. */
function inJsonList(db: SqlDriver, column: string): string {
  return db.dialect === 'postgres'
    ? `${column} IN (SELECT jsonb_array_elements_text(?::jsonb))`
    : `${column} IN (SELECT value FROM json_each(?))`;
}

/** Who reads: the user, their clearances, and the residencies this server may hold. */
export interface Reader {
  userId: string;
  clearances: readonly string[];
  residencies: readonly string[];
}

/**
 * The read rule of server/policy.ts as SQL, so a pull filters in the database instead of shipping every
 * account id: an account is readable with a grant (direct or through a team), its clearance label held (or
 * none), and a residency this server may hold. The org partition is readable by all.
 */
function readableAccountsSql(db: SqlDriver): string {
  return `SELECT p.account_id FROM account_policy p
    WHERE ${inJsonList(db, 'p.residency')}
      AND (p.clearance IS NULL OR ${inJsonList(db, 'p.clearance')})
      AND p.account_id IN (
        SELECT account_id FROM grants WHERE subject_type = 'user' AND subject_id = ?
        UNION SELECT g.account_id FROM grants g JOIN team_members m ON g.subject_type = 'team' AND g.subject_id = m.team_id
        WHERE m.user_id = ?)`;
}
const readerParams = (r: Reader) => [JSON.stringify(r.residencies), JSON.stringify(r.clearances), r.userId, r.userId];

/**
 * The same read rule as a condition on one row's `column` (an account id), evaluated only for the rows a query
 * reaches: a pull past the end or a page of 1000 changes checks those, not every account of the server.
 */
function readableSql(db: SqlDriver, column: string): string {
  return `EXISTS (SELECT 1 FROM account_policy p WHERE p.account_id = ${column}
      AND ${inJsonList(db, 'p.residency')}
      AND (p.clearance IS NULL OR ${inJsonList(db, 'p.clearance')})
      AND (EXISTS (SELECT 1 FROM grants g WHERE g.subject_type = 'user' AND g.subject_id = ? AND g.account_id = p.account_id)
        OR EXISTS (SELECT 1 FROM grants g JOIN team_members m ON g.subject_type = 'team' AND g.subject_id = m.team_id
          WHERE m.user_id = ? AND g.account_id = p.account_id)))`;
}

/**
 * A pulled change whose fields are still the JSON text the server stored: a pull page goes out without parsing
 * and serialising every field again (see server/wireJson.ts).
 */
export interface RawChange {
  serverSeq: number;
  table: string;
  id: string;
  accountId: string;
  fieldsJson: string;
}

export const parseChange = (c: RawChange): PulledChange => ({
  serverSeq: c.serverSeq,
  table: c.table,
  id: c.id,
  accountId: c.accountId,
  fields: JSON.parse(c.fieldsJson) as FieldMap,
});

/** Every query of the server, written once for SQLite and PostgreSQL. */
export class ServerStore {
  constructor(readonly db: SqlDriver) {}

  migrate(): Promise<string[]> {
    return migrateServer(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ── identity ────────────────────────────────────────────────────────────
  async addUser(user: Omit<User, 'id'>): Promise<User> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO users (id, email, name, roles, clearances, home_region, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [id, user.email.toLowerCase(), user.name, JSON.stringify(user.roles), JSON.stringify(user.clearances), user.homeRegion, now()],
    );
    return { ...user, email: user.email.toLowerCase(), id };
  }

  async userByEmail(email: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(`SELECT * FROM users WHERE email = ?`, [email.toLowerCase()]);
    return row ? toUser(row) : null;
  }

  async userById(id: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(`SELECT * FROM users WHERE id = ?`, [id]);
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.db.query<UserRow>(`SELECT * FROM users ORDER BY email`)).map(toUser);
  }

  async setClearances(userId: string, clearances: string[]): Promise<void> {
    await this.db.query(`UPDATE users SET clearances = ? WHERE id = ?`, [JSON.stringify([...new Set(clearances)].sort()), userId]);
    await this.policyChanged();
  }

  /** Who may read what changed: every device works out its revocations and new grants again on its next pull. */
  async policyChanged(q: SqlExecutor = this.db): Promise<void> {
    await q.query(`UPDATE server_meta SET value = ? WHERE key = 'policy_version'`, [randomUUID()]);
  }

  /** The policy token now, the one this device's revocations and grants were worked out for, and whether offers await confirmation. */
  async policyCheck(deviceId: string): Promise<{ version: string; seen: string | null; pending: boolean }> {
    const [row] = await this.db.query<{ version: string | null; seen: string | null; pending: number | boolean }>(
      `SELECT (SELECT value FROM server_meta WHERE key = 'policy_version') AS version, policy_seen AS seen,
         EXISTS (SELECT 1 FROM device_account_events e WHERE e.device_id = devices.id) AS pending
       FROM devices WHERE id = ?`,
      [deviceId],
    );
    return { version: row?.version ?? '', seen: row?.seen ?? null, pending: Boolean(row?.pending) };
  }

  async setPolicySeen(deviceId: string, stamp: string): Promise<void> {
    await this.db.query(`UPDATE devices SET policy_seen = ? WHERE id = ?`, [stamp, deviceId]);
  }

  async addTeam(name: string): Promise<string> {
    const id = randomUUID();
    await this.db.query(`INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)`, [id, name, now()]);
    return id;
  }

  async teamByName(name: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }>(`SELECT id FROM teams WHERE name = ?`, [name]);
    return row?.id ?? null;
  }

  async addTeamMember(teamId: string, userId: string): Promise<void> {
    await this.db.query(`INSERT INTO team_members (team_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, [teamId, userId]);
    await this.policyChanged();
  }

  async grant(subject: Subject, accountId: string, access: Access): Promise<void> {
    await this.db.query(
      `INSERT INTO grants (subject_type, subject_id, account_id, access, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (subject_type, subject_id, account_id) DO UPDATE SET access = excluded.access`,
      [subject.type, subject.id, accountId, access, now()],
    );
    await this.policyChanged();
  }

  async revoke(subject: Subject, accountId: string): Promise<boolean> {
    const before = await this.db.query(`SELECT 1 AS x FROM grants WHERE subject_type = ? AND subject_id = ? AND account_id = ?`, [
      subject.type,
      subject.id,
      accountId,
    ]);
    await this.db.query(`DELETE FROM grants WHERE subject_type = ? AND subject_id = ? AND account_id = ?`, [subject.type, subject.id, accountId]);
    await this.policyChanged();
    return before.length > 0;
  }

  /** Direct and team grants of a user: account → the strongest access; only for `accountIds` when given. */
  async grantsOf(userId: string, q: SqlExecutor = this.db, accountIds?: readonly string[]): Promise<Map<string, Access>> {
    let rows: Array<{ account_id: string; access: Access }>;
    if (accountIds && this.db.dialect === 'postgres') {
      // The batch's accounts drive the lookup: as a filter over the user's grants (IN or = ANY), PostgreSQL read
      // every grant of a user who held 20,000, and without statistics (a young database) compared each with all
      // 500 ids: 0.4 to 3.5 s per push. Joined from the list it is a few milliseconds either way.
      const list = JSON.stringify(accountIds);
      rows = await q.query(
        `SELECT g.account_id, g.access FROM jsonb_array_elements_text(?::jsonb) AS l(id)
           JOIN grants g ON g.subject_type = 'user' AND g.subject_id = ? AND g.account_id = l.id
         UNION ALL
         SELECT g.account_id, g.access FROM jsonb_array_elements_text(?::jsonb) AS l(id)
           JOIN grants g ON g.subject_type = 'team' AND g.account_id = l.id
           JOIN team_members m ON g.subject_id = m.team_id AND m.user_id = ?`,
        [list, userId, list, userId],
      );
    } else {
      const only = accountIds ? ` AND ${inJsonList(this.db, 'account_id')}` : '';
      const onlyTeam = accountIds ? ` AND ${inJsonList(this.db, 'g.account_id')}` : '';
      const list = accountIds ? [JSON.stringify(accountIds)] : [];
      rows = await q.query(
        `SELECT account_id, access FROM grants WHERE subject_type = 'user' AND subject_id = ?${only}
         UNION ALL
         SELECT g.account_id, g.access FROM grants g JOIN team_members m ON g.subject_type = 'team' AND g.subject_id = m.team_id
         WHERE m.user_id = ?${onlyTeam}`,
        [userId, ...list, userId, ...list],
      );
    }
    const result = new Map<string, Access>();
    for (const r of rows) if (result.get(r.account_id) !== 'write') result.set(r.account_id, r.access);
    return result;
  }

  async addDevice(userId: string, name: string, tokenHash: string): Promise<Device> {
    const id = randomUUID();
    await this.db.query(`INSERT INTO devices (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`, [
      id,
      userId,
      name,
      tokenHash,
      now(),
    ]);
    return { id, userId, name, lastOriginSeq: 0, revokedAt: null };
  }

  async revokeDevice(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM devices WHERE id = ? AND revoked_at IS NULL`, [id]);
    await this.db.query(`UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, [now(), id]);
    return rows.length > 0;
  }

  async deviceById(id: string): Promise<Device | null> {
    const [row] = await this.db.query<{ id: string; user_id: string; name: string; last_origin_seq: number; revoked_at: string | null }>(
      `SELECT id, user_id, name, last_origin_seq, revoked_at FROM devices WHERE id = ?`,
      [id],
    );
    return row ? { id: row.id, userId: row.user_id, name: row.name, lastOriginSeq: Number(row.last_origin_seq), revokedAt: row.revoked_at } : null;
  }

  async deviceByTokenHash(hash: string): Promise<Device | null> {
    const [row] = await this.db.query<{ id: string; user_id: string; name: string; last_origin_seq: number; revoked_at: string | null }>(
      `SELECT id, user_id, name, last_origin_seq, revoked_at FROM devices WHERE token_hash = ?`,
      [hash],
    );
    return row ? { id: row.id, userId: row.user_id, name: row.name, lastOriginSeq: row.last_origin_seq, revokedAt: row.revoked_at } : null;
  }

  // ── sync, inside a transaction ──────────────────────────────────────────
  /** Locks the device row (PostgreSQL) so two pushes of one device never interleave. */
  async lockDeviceSeq(q: SqlExecutor, deviceId: string): Promise<number> {
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await q.query<{ last_origin_seq: number }>(`SELECT last_origin_seq FROM devices WHERE id = ?${lock}`, [deviceId]);
    return row?.last_origin_seq ?? 0;
  }

  /**
   * Serialises accepting pushes on PostgreSQL, taken before any record or policy is read: otherwise a batch
   * merges onto a record as it was before another process's commit and writes that stale state back.
   * SQLite's BEGIN IMMEDIATE already serialises writers.
   */
  async lockWriters(q: SqlExecutor): Promise<void> {
    if (this.db.dialect === 'postgres') await q.query(`SELECT value FROM seq_counter WHERE id = 1 FOR UPDATE`);
  }

  async rememberRejection(q: SqlExecutor, deviceId: string, originSeq: number, code: string, message: string): Promise<void> {
    await q.query(`INSERT INTO rejected_ops (device_id, origin_seq, code, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, [
      deviceId,
      originSeq,
      code,
      message,
    ]);
  }

  async rejectionOf(q: SqlExecutor, deviceId: string, originSeq: number): Promise<{ code: string; message: string } | null> {
    const [row] = await q.query<{ code: string; message: string }>(`SELECT code, message FROM rejected_ops WHERE device_id = ? AND origin_seq = ?`, [
      deviceId,
      originSeq,
    ]);
    return row ?? null;
  }

  async setDeviceSeq(q: SqlExecutor, deviceId: string, seq: number): Promise<void> {
    await q.query(`UPDATE devices SET last_origin_seq = ? WHERE id = ?`, [seq, deviceId]);
  }

  async record(q: SqlExecutor, table: string, id: string): Promise<{ accountId: string; fields: FieldMap } | null> {
    const [row] = await q.query<{ account_id: string; fields: string }>(`SELECT account_id, fields FROM records WHERE tbl = ? AND id = ?`, [table, id]);
    return row ? { accountId: row.account_id, fields: JSON.parse(row.fields) as FieldMap } : null;
  }

  async accountPolicy(q: SqlExecutor, accountId: string): Promise<AccountPolicy | null> {
    const [row] = await q.query<{ account_id: string; residency: string; clearance: string | null; created_by: string }>(
      `SELECT * FROM account_policy WHERE account_id = ?`,
      [accountId],
    );
    return row ? { accountId: row.account_id, residency: row.residency, clearance: row.clearance, createdBy: row.created_by } : null;
  }

  /** `firstSeq`: the server_seq of the change that created the account (kept from the first insert). */
  async putAccountPolicy(q: SqlExecutor, policy: AccountPolicy, firstSeq: number): Promise<void> {
    await q.query(
      `INSERT INTO account_policy (account_id, residency, clearance, created_by, first_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET residency = excluded.residency, clearance = excluded.clearance`,
      [policy.accountId, policy.residency, policy.clearance, policy.createdBy, firstSeq],
    );
  }

  // ── a push, set-based: read what a batch touches once, write what it changed in a few statements ──
  /**
   * The next free server_seq, read once per push under the writers' lock (lockWriters on PostgreSQL, BEGIN
   * IMMEDIATE on SQLite): the push numbers its changes in memory and saves the counter with `setSeq`.
   */
  async lockedSeq(q: SqlExecutor): Promise<number> {
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await q.query<{ value: number }>(`SELECT value FROM seq_counter WHERE id = 1${lock}`);
    if (!row) throw new Error('seq_counter is missing');
    return Number(row.value);
  }

  async setSeq(q: SqlExecutor, value: number): Promise<void> {
    await q.query(`UPDATE seq_counter SET value = ? WHERE id = 1`, [value]);
  }

  /** The records a batch touches, by `${table}\u0000${id}`; a key with no record is absent. */
  async recordsOf(q: SqlExecutor, keys: ReadonlyArray<{ table: string; id: string }>): Promise<Map<string, { accountId: string; fields: FieldMap }>> {
    const byTable = new Map<string, string[]>();
    for (const k of keys) {
      const ids = byTable.get(k.table) ?? [];
      ids.push(k.id);
      byTable.set(k.table, ids);
    }
    const found = new Map<string, { accountId: string; fields: FieldMap }>();
    for (const [table, all] of byTable) {
      const ids = [...new Set(all)];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await q.query<{ id: string; account_id: string; fields: string }>(
          `SELECT id, account_id, fields FROM records WHERE tbl = ? AND id IN (${chunk.map(() => '?').join(', ')})`,
          [table, ...chunk],
        );
        for (const r of rows) found.set(recordKey(table, r.id), { accountId: r.account_id, fields: JSON.parse(r.fields) as FieldMap });
      }
    }
    return found;
  }

  /** The policies of the accounts a batch names; an account with none is absent. */
  async accountPolicies(q: SqlExecutor, accountIds: readonly string[]): Promise<Map<string, AccountPolicy>> {
    const ids = [...new Set(accountIds)];
    const found = new Map<string, AccountPolicy>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await q.query<{ account_id: string; residency: string; clearance: string | null; created_by: string }>(
        `SELECT account_id, residency, clearance, created_by FROM account_policy WHERE account_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) found.set(r.account_id, { accountId: r.account_id, residency: r.residency, clearance: r.clearance, createdBy: r.created_by });
    }
    return found;
  }

  /**
   * What a push changed, in multi-row statements: the records' new state (one row per record, the last),
   * every change in server_seq order, the accounts' policies (first_seq kept from the first insert) and the
   * creators' grants.
   */
  async writePush(
    q: SqlExecutor,
    push: {
      records: ReadonlyArray<{ table: string; id: string; accountId: string; merged: FieldMap; serverSeq: number }>;
      changes: ReadonlyArray<PulledChange & { deviceId: string; originSeq: number; userId: string }>;
      policies: ReadonlyArray<{ policy: AccountPolicy; firstSeq: number }>;
      creatorGrants: ReadonlyArray<{ userId: string; accountId: string }>;
    },
  ): Promise<void> {
    const at = now();
    // PostgreSQL takes at most 65,535 parameters per statement: 500 rows of up to 9 columns stay well below.
    const chunks = <T>(rows: readonly T[]) => Array.from({ length: Math.ceil(rows.length / 500) }, (_, i) => rows.slice(i * 500, i * 500 + 500));
    for (const chunk of chunks(push.changes)) {
      await q.query(
        `INSERT INTO changes (server_seq, tbl, id, account_id, fields, device_id, origin_seq, user_id, at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((c) => [c.serverSeq, c.table, c.id, c.accountId, JSON.stringify(c.fields), c.deviceId, c.originSeq, c.userId, at]),
      );
    }
    for (const chunk of chunks(push.records)) {
      await q.query(
        `INSERT INTO records (tbl, id, account_id, fields, server_seq) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (tbl, id) DO UPDATE SET fields = excluded.fields, server_seq = excluded.server_seq`,
        chunk.flatMap((r) => [r.table, r.id, r.accountId, JSON.stringify(r.merged), r.serverSeq]),
      );
    }
    for (const chunk of chunks(push.policies)) {
      await q.query(
        `INSERT INTO account_policy (account_id, residency, clearance, created_by, first_seq) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (account_id) DO UPDATE SET residency = excluded.residency, clearance = excluded.clearance`,
        chunk.flatMap((p) => [p.policy.accountId, p.policy.residency, p.policy.clearance, p.policy.createdBy, p.firstSeq]),
      );
    }
    for (const chunk of chunks(push.creatorGrants)) {
      await q.query(
        `INSERT INTO grants (subject_type, subject_id, account_id, access, created_at) VALUES ${chunk.map(() => "('user', ?, ?, 'write', ?)").join(', ')}
         ON CONFLICT (subject_type, subject_id, account_id) DO NOTHING`,
        chunk.flatMap((g) => [g.userId, g.accountId, at]),
      );
    }
  }

  // ── what a device sent: one content hash per (device, origin_seq) ───────
  async opHashes(q: SqlExecutor, deviceId: string, from: number, to: number): Promise<Map<number, string>> {
    const rows = await q.query<{ origin_seq: number; op_hash: string }>(
      `SELECT origin_seq, op_hash FROM device_ops WHERE device_id = ? AND origin_seq >= ? AND origin_seq <= ?`,
      [deviceId, from, to],
    );
    return new Map(rows.map((r) => [Number(r.origin_seq), r.op_hash]));
  }

  async rememberOpHashes(q: SqlExecutor, deviceId: string, entries: Array<{ originSeq: number; hash: string }>): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      await q.query(
        `INSERT INTO device_ops (device_id, origin_seq, op_hash) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flatMap((e) => [deviceId, e.originSeq, e.hash]),
      );
    }
  }

  /** The creator of an account may write to it; an existing grant is left as it is. */
  async grantCreator(q: SqlExecutor, userId: string, accountId: string): Promise<void> {
    await q.query(
      `INSERT INTO grants (subject_type, subject_id, account_id, access, created_at) VALUES ('user', ?, ?, 'write', ?)
       ON CONFLICT (subject_type, subject_id, account_id) DO NOTHING`,
      [userId, accountId, now()],
    );
  }

  /** Takes the next server_seq; the row lock is held until commit, which keeps the sequence gap-free. */
  async nextServerSeq(q: SqlExecutor): Promise<number> {
    const [row] = await q.query<{ value: number }>(`UPDATE seq_counter SET value = value + 1 WHERE id = 1 RETURNING value`);
    if (!row) throw new Error('seq_counter is missing');
    return Number(row.value);
  }

  async writeChange(
    q: SqlExecutor,
    change: PulledChange & { merged: FieldMap; deviceId: string; originSeq: number; userId: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO records (tbl, id, account_id, fields, server_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tbl, id) DO UPDATE SET fields = excluded.fields, server_seq = excluded.server_seq`,
      [change.table, change.id, change.accountId, JSON.stringify(change.merged), change.serverSeq],
    );
    await q.query(
      `INSERT INTO changes (server_seq, tbl, id, account_id, fields, device_id, origin_seq, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [change.serverSeq, change.table, change.id, change.accountId, JSON.stringify(change.fields), change.deviceId, change.originSeq, change.userId, now()],
    );
  }

  async audit(entry: { userId: string | null; deviceId: string | null; action: string; accountId: string | null; detail: unknown }, q: SqlExecutor = this.db): Promise<void> {
    await this.auditMany([entry], q);
  }


  /** Several audit entries in multi-row inserts: one statement per 500 entries instead of one each. */
  async auditMany(
    entries: Array<{ userId: string | null; deviceId: string | null; action: string; accountId: string | null; detail: unknown }>,
    q: SqlExecutor = this.db,
  ): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const at = now();
      await q.query(
        `INSERT INTO audit_log (id, at, user_id, device_id, action, account_id, detail) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((e) => [randomUUID(), at, e.userId, e.deviceId, e.action, e.accountId, JSON.stringify(e.detail)]),
      );
    }
  }

  // ── reads ───────────────────────────────────────────────────────────────
  /** Changes after `cursor` the reader may see, their fields still as the JSON text stored (see RawChange). */
  async changesSince(cursor: number, limit: number, reader: Reader, upTo: number): Promise<RawChange[]> {
    const rows = await this.db.query<{ server_seq: number; tbl: string; id: string; account_id: string; fields: string }>(
      `SELECT server_seq, tbl, id, account_id, fields FROM changes
       WHERE server_seq > ? AND server_seq <= ? AND (account_id = 'org' OR ${readableSql(this.db, 'changes.account_id')})
       ORDER BY server_seq LIMIT ?`,
      [cursor, upTo, ...readerParams(reader), limit],
    );
    return rows.map((r) => ({ serverSeq: Number(r.server_seq), table: r.tbl, id: r.id, accountId: r.account_id, fieldsJson: r.fields }));
  }

  /**
   * Drops change-log entries older than `before` (the records table keeps the current state, so a snapshot
   * still works) and raises the retention floor: a cursor below it can no longer be served incrementally.
   */
  async pruneChanges(before: string): Promise<{ removed: number; floor: number }> {
    return this.db.transaction(async (tx) => {
      const [top] = await tx.query<{ seq: number | null }>(`SELECT max(server_seq) AS seq FROM changes WHERE at < ?`, [before]);
      const newFloor = Number(top?.seq ?? 0);
      const floor = Math.max(newFloor, await this.retentionFloor(tx));
      const removed = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM changes WHERE server_seq <= ?`, [floor]);
      await tx.query(`DELETE FROM changes WHERE server_seq <= ?`, [floor]);
      await tx.query(
        `INSERT INTO server_meta (key, value) VALUES ('retention_floor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(floor)],
      );
      return { removed: Number(removed[0]?.n ?? 0), floor };
    });
  }

  /** The highest server_seq no longer in the change log; 0 when nothing was pruned. */
  async retentionFloor(q: SqlExecutor = this.db): Promise<number> {
    const [row] = await q.query<{ value: string }>(`SELECT value FROM server_meta WHERE key = 'retention_floor'`);
    return Number(row?.value ?? 0);
  }

  async currentSeq(): Promise<number> {
    const [row] = await this.db.query<{ value: number }>(`SELECT value FROM seq_counter WHERE id = 1`);
    return Number(row?.value ?? 0);
  }

  /** A page of readable records after `after`; with `accountId`, that account's records only. */
  async snapshotPage(after: { table: string; id: string } | null, limit: number, reader: Reader, accountId: string | null = null) {
    const rows = await this.db.query<{ tbl: string; id: string; account_id: string; fields: string }>(
      `SELECT tbl, id, account_id, fields FROM records
       WHERE (account_id = 'org' OR ${readableSql(this.db, 'records.account_id')}) AND (tbl > ? OR (tbl = ? AND id > ?))
         ${accountId === null ? '' : 'AND account_id = ?'}
       ORDER BY tbl, id LIMIT ?`,
      [...readerParams(reader), after?.table ?? '', after?.table ?? '', after?.id ?? '', ...(accountId === null ? [] : [accountId]), limit],
    );
    return rows.map((r) => ({ table: r.tbl, id: r.id, accountId: r.account_id, fields: JSON.parse(r.fields) as FieldMap }));
  }

  /** Accounts this device received before and may no longer read: it must purge them. */
  async revokedFor(deviceId: string, reader: Reader): Promise<string[]> {
    const rows = await this.db.query<{ account_id: string }>(
      `SELECT account_id FROM device_accounts d WHERE device_id = ? AND NOT ${readableSql(this.db, 'd.account_id')} ORDER BY account_id`,
      [deviceId, ...readerParams(reader)],
    );
    return rows.map((r) => r.account_id);
  }

  /**
   * Accounts this user may read whose history before `cursor` this device never received: a grant or a
   * clearance came after the device passed the account's creation. Also those whose snapshot was offered but
   * not yet confirmed (the device has not pulled past the answer that offered it).
   */
  async grantedFor(deviceId: string, reader: Reader, cursor: number): Promise<string[]> {
    if (cursor <= 0) return [];
    const rows = await this.db.query<{ account_id: string }>(
      `SELECT p.account_id FROM account_policy p
       WHERE p.first_seq <= ? AND p.account_id IN (${readableAccountsSql(this.db)})
         AND (NOT EXISTS (SELECT 1 FROM device_accounts d WHERE d.device_id = ? AND d.account_id = p.account_id)
              OR EXISTS (SELECT 1 FROM device_account_events e WHERE e.device_id = ? AND e.account_id = p.account_id AND e.kind = 'snapshot'))
       ORDER BY p.account_id`,
      [cursor, ...readerParams(reader), deviceId, deviceId],
    );
    return rows.map((r) => r.account_id);
  }

  /**
   * A device pulling from `cursor` has processed every answer that returned a cursor up to it: the snapshots
   * and revocations those answers carried are done. A purged (revoked) account is no longer held.
   */
  async confirmDeviceEvents(deviceId: string, cursor: number): Promise<void> {
    const done = await this.db.query<{ account_id: string; kind: string }>(
      `SELECT account_id, kind FROM device_account_events WHERE device_id = ? AND until_seq <= ?`,
      [deviceId, cursor],
    );
    if (done.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const e of done) {
        if (e.kind === 'revoke') await tx.query(`DELETE FROM device_accounts WHERE device_id = ? AND account_id = ?`, [deviceId, e.account_id]);
      }
      await tx.query(`DELETE FROM device_account_events WHERE device_id = ? AND until_seq <= ?`, [deviceId, cursor]);
    });
  }

  /** Offered snapshots and revocations, done once the device pulls from `until` or later. */
  async recordDeviceEvents(deviceId: string, kind: 'snapshot' | 'revoke', accountIds: string[], until: number): Promise<void> {
    for (let i = 0; i < accountIds.length; i += 500) {
      const chunk = accountIds.slice(i, i + 500);
      await this.db.query(
        `INSERT INTO device_account_events (device_id, account_id, kind, until_seq) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
         ON CONFLICT (device_id, account_id, kind) DO UPDATE SET until_seq = excluded.until_seq`,
        chunk.flatMap((id) => [deviceId, id, kind, until]),
      );
    }
  }

  async rememberDeviceAccounts(deviceId: string, accountIds: string[]): Promise<void> {
    for (let i = 0; i < accountIds.length; i += 500) {
      const chunk = accountIds.slice(i, i + 500);
      await this.db.query(
        `INSERT INTO device_accounts (device_id, account_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flatMap((id) => [deviceId, id]),
      );
    }
  }
}

/** The key of a record in a push's maps: table and id, joined by a character neither may hold. */
export const recordKey = (table: string, id: string): string => `${table}\u0000${id}`;

function now(): string {
  return new Date().toISOString();
}
