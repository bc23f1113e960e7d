/**
 * Sync server benchmark: a real HTTP server (tests/server/harness.ts) on SQLite and on PostgreSQL.
 *
 * - push: one device pushes BENCH_OPS ops creating new accounts (all eight account fields, one HLC each, a
 *   ~100-character note), in pushes of 500 ops (one transaction per push). Then the same number of small
 *   field updates (one `notes` field) spread over 500 of those accounts.
 * - pull: an empty second device of another user, holding a read grant on every account, pulls every change
 *   from cursor 0 in pages of 1000.
 * - round trip: one changed field pushed by the first device and pulled back by the second (median of 50).
 *
 * Baselines measured in the same run on the same machine, with rows of the same shape as the server's
 * `changes` table (same columns, primary key and index) and the same JSON payload:
 * - SQLite: raw better-sqlite3 prepared inserts, one transaction per 500 rows, WAL + synchronous=NORMAL as
 *   the server; pull baseline: raw keyset SELECT pages of 1000.
 * - PostgreSQL: COPY FROM STDIN (pg-copy-streams), one COPY and transaction per 500 rows; also one
 *   500-row multi-row INSERT per transaction; pull baseline: keyset SELECT pages of 1000.
 *
 * Afterwards an instrumented pass counts the SQL statements per pushed op and where the time goes.
 * Run: npx tsx bench/server.bench.ts   (BENCH_OPS=20000 by default; FIELDBOOK_TEST_PG_URL for PostgreSQL;
 *   BENCH_BACKENDS=sqlite or =postgres for one of them)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Op } from '../core/protocol/wire';
import type { SqlDriver, SqlExecutor } from '../server/storage/driver';
import { postgresBackend, sqliteBackend, startTestServer } from '../tests/server/harness';
import type { Backend, DeviceClient, TestServer } from '../tests/server/harness';

const N = Number(process.env['BENCH_OPS'] ?? 20000);
const BATCH = 500;
const PAGE = 1000;
const ROUND_TRIPS = 50;
const UPDATED_ACCOUNTS = 500;

const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Row {
  serverSeq: number;
  id: string;
  accountId: string;
  fields: string;
  deviceId: string;
  originSeq: number;
  userId: string;
  at: string;
}

interface Result {
  backend: string;
  pushCreate: number;
  pushUpdate: number;
  pull: number;
  pullRows: number;
  roundTripMs: number;
  smallRoundTripMs: number;
  baselines: { name: string; opsPerSec: number }[];
  pullBaseline: number;
  profile: string[];
  payloadBytes: number;
}

const CHANGES_SHAPE = (table: string) => [
  `CREATE TABLE ${table} (
    server_seq BIGINT PRIMARY KEY, tbl TEXT NOT NULL, id TEXT NOT NULL, account_id TEXT NOT NULL,
    fields TEXT NOT NULL, device_id TEXT NOT NULL, origin_seq BIGINT NOT NULL, user_id TEXT NOT NULL,
    at TEXT NOT NULL)`,
  `CREATE INDEX ${table}_account ON ${table} (account_id, server_seq)`,
];

function note(i: number): string {
  return `Quarterly review ${i}: renewal on track, two open escalations, next QBR planned with the platform team.`;
}

function createOps(client: DeviceClient): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < N; i += 1) ops.push(client.newAccountOp({ name: `Account ${i}`, notes: note(i) }));
  return ops;
}

function toRows(ops: Op[], deviceId: string, userId: string, firstSeq = 1): Row[] {
  const at = new Date().toISOString();
  return ops.map((op, i) => ({
    serverSeq: firstSeq + i,
    id: op.id,
    accountId: op.accountId,
    fields: JSON.stringify(op.fields),
    deviceId,
    originSeq: op.originSeq,
    userId,
    at,
  }));
}

async function pushAll(client: DeviceClient, ops: Op[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < ops.length; i += BATCH) {
    const { status, body } = await client.push(ops.slice(i, i + BATCH));
    if (status !== 200) throw new Error(`push failed: ${status} ${JSON.stringify(body)}`);
    const bad = body.results.find((r) => r.status !== 'applied');
    if (bad) throw new Error(`op not applied: ${JSON.stringify(bad)}`);
  }
  return performance.now() - start;
}

/** Grants the reader read access to every account, in a few multi-row statements (setup, not measured). */
async function grantAll(server: TestServer, userId: string, accountIds: string[]): Promise<void> {
  const at = new Date().toISOString();
  await server.store.db.transaction(async (tx) => {
    for (let i = 0; i < accountIds.length; i += 500) {
      const chunk = accountIds.slice(i, i + 500);
      await tx.query(
        `INSERT INTO grants (subject_type, subject_id, account_id, access, created_at) VALUES ${chunk.map(() => `('user', ?, ?, 'read', ?)`).join(', ')}`,
        chunk.flatMap((id) => [userId, id, at]),
      );
    }
  });
}

/** Wraps the store's driver to count statements and time them by their SQL text. Profiling pass only. */
function instrument(db: SqlDriver) {
  const stats = new Map<string, { count: number; ms: number }>();
  const wrap = (q: SqlExecutor): SqlExecutor => ({
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const key = sql.replace(/\s+/g, ' ').slice(0, 70);
      const start = performance.now();
      try {
        return await q.query<T>(sql, params);
      } finally {
        const s = stats.get(key) ?? { count: 0, ms: 0 };
        s.count += 1;
        s.ms += performance.now() - start;
        stats.set(key, s);
      }
    },
  });
  const mutable = db as { query: SqlDriver['query']; transaction: SqlDriver['transaction'] };
  const query = mutable.query.bind(db);
  const transaction = mutable.transaction.bind(db);
  const wrappedDirect = wrap({ query });
  mutable.query = (sql, params) => wrappedDirect.query(sql, params);
  mutable.transaction = (fn) => transaction((tx) => fn(wrap(tx)));
  return {
    take() {
      const out = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
      stats.clear();
      return out;
    },
    restore() {
      mutable.query = query;
      mutable.transaction = transaction;
    },
  };
}

async function profilePush(server: TestServer, writer: DeviceClient, reader: DeviceClient, cursor: number): Promise<string[]> {
  const probe = instrument(server.store.db);
  const lines: string[] = [];
  const describe = (title: string, ops: number, wallMs: number) => {
    const stats = probe.take();
    const total = stats.reduce((n, [, s]) => n + s.count, 0);
    const sqlMs = stats.reduce((n, [, s]) => n + s.ms, 0);
    lines.push(`  ${title}: ${total} statements for ${ops} ops = ${(total / ops).toFixed(1)} per op; SQL ${sqlMs.toFixed(0)} of ${wallMs.toFixed(0)} ms wall`);
    for (const [sql, s] of stats.slice(0, 6)) lines.push(`    ${String(s.count).padStart(6)} × ${s.ms.toFixed(0).padStart(5)} ms  ${sql}`);
  };
  try {
    const creates = Array.from({ length: BATCH }, (_, i) => writer.newAccountOp({ name: `Profile ${i}`, notes: note(i) }));
    const ids = creates.map((op) => op.id);
    let wall = await pushAll(writer, creates);
    describe(`push of ${BATCH} new accounts`, BATCH, wall);
    const updates = ids.map((id, i) => writer.op('accounts', id, id, { notes: `${note(i)} (edited)` }));
    wall = await pushAll(writer, updates);
    describe(`push of ${BATCH} one-field updates`, BATCH, wall);
    const start = performance.now();
    const { body } = await reader.pull(cursor, PAGE);
    describe(`one pull page (${body.changes.length} rows)`, Math.max(body.changes.length, 1), performance.now() - start);
  } finally {
    probe.restore();
  }
  return lines;
}

/** The round trip on a fresh server where each user holds one account: the fixed cost, without the data. */
async function smallRoundTrip(backend: Backend): Promise<number> {
  const server = await startTestServer(backend);
  try {
    const writer = await server.addDevice({ email: 'writer@example.com' });
    const reader = await server.addDevice({ email: 'reader@example.com' });
    const create = writer.newAccountOp({ name: 'Solo' });
    await pushAll(writer, [create]);
    await grantAll(server, reader.user.id, [create.id]);
    let cursor = (await reader.pullAll(0, PAGE)).cursor;
    const trips: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i += 1) {
      const op = writer.op('accounts', create.id, create.id, { health: i % 2 ? 'amber' : 'green' });
      const start = performance.now();
      await writer.push([op]);
      const { body } = await reader.pull(cursor, PAGE);
      trips.push(performance.now() - start);
      if (body.changes.length !== 1) throw new Error(`round trip pulled ${body.changes.length} changes`);
      cursor = body.cursor;
    }
    return median(trips);
  } finally {
    await server.close();
  }
}

async function measureServer(backend: Backend): Promise<Omit<Result, 'baselines' | 'pullBaseline'> & { rows: Row[] }> {
  const smallRoundTripMs = await smallRoundTrip(backend);
  const server = await startTestServer(backend);
  try {
    const writer = await server.addDevice({ email: 'writer@example.com' });
    const reader = await server.addDevice({ email: 'reader@example.com' });
    const creates = createOps(writer);
    const rows = toRows(creates, writer.deviceId, writer.user.id);
    const payloadBytes = Math.round(rows.reduce((n, r) => n + r.fields.length, 0) / rows.length);

    log(`${backend.name}: pushing ${N} new accounts…`);
    const createMs = await pushAll(writer, creates);

    const accountIds = creates.map((op) => op.accountId);
    await grantAll(server, reader.user.id, accountIds);

    log(`${backend.name}: pulling…`);
    let cursor = 0;
    let pulled = 0;
    const pullStart = performance.now();
    for (;;) {
      const { status, body } = await reader.pull(cursor, PAGE);
      if (status !== 200) throw new Error(`pull failed: ${status}`);
      pulled += body.changes.length;
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    const pullMs = performance.now() - pullStart;
    if (pulled !== N) throw new Error(`pulled ${pulled} rows, expected ${N}`);

    log(`${backend.name}: pushing ${N} one-field updates…`);
    const updates = Array.from({ length: N }, (_, i) => {
      const id = accountIds[i % UPDATED_ACCOUNTS] ?? '';
      return writer.op('accounts', id, id, { notes: `${note(i)} (update ${i})` });
    });
    const updateMs = await pushAll(writer, updates);
    cursor = (await reader.pullAll(cursor, PAGE)).cursor;

    log(`${backend.name}: round trips…`);
    const trips: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i += 1) {
      const id = accountIds[i] ?? '';
      const op = writer.op('accounts', id, id, { health: i % 2 ? 'amber' : 'green' });
      const start = performance.now();
      const pushed = await writer.push([op]);
      if (pushed.body.results[0]?.status !== 'applied') throw new Error('round-trip push not applied');
      const { body } = await reader.pull(cursor, PAGE);
      trips.push(performance.now() - start);
      if (body.changes.length !== 1 || body.changes[0]?.id !== id) throw new Error(`round trip pulled ${body.changes.length} changes`);
      cursor = body.cursor;
    }

    log(`${backend.name}: profiling…`);
    const profile = await profilePush(server, writer, reader, 0);

    return {
      backend: backend.name,
      pushCreate: perSec(N, createMs),
      pushUpdate: perSec(N, updateMs),
      pull: perSec(pulled, pullMs),
      pullRows: pulled,
      roundTripMs: median(trips),
      smallRoundTripMs,
      profile,
      payloadBytes,
      rows,
    };
  } finally {
    await server.close();
  }
}

function sqliteBaseline(rows: Row[]): { insert: number; select: number } {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-raw-'));
  try {
    const db = new Database(join(dir, 'raw.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const sql of CHANGES_SHAPE('changes')) db.exec(sql);
    const insert = db.prepare(`INSERT INTO changes VALUES (?, 'accounts', ?, ?, ?, ?, ?, ?, ?)`);
    const batch = db.transaction((chunk: Row[]) => {
      for (const r of chunk) insert.run(r.serverSeq, r.id, r.accountId, r.fields, r.deviceId, r.originSeq, r.userId, r.at);
    });
    let start = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) batch.immediate(rows.slice(i, i + BATCH));
    const insertMs = performance.now() - start;

    const select = db.prepare(`SELECT server_seq, tbl, id, account_id, fields FROM changes WHERE server_seq > ? ORDER BY server_seq LIMIT ?`);
    start = performance.now();
    let cursor = 0;
    let n = 0;
    for (;;) {
      const page = select.all(cursor, PAGE) as { server_seq: number; fields: string }[];
      for (const r of page) JSON.parse(r.fields);
      n += page.length;
      if (page.length < PAGE) break;
      cursor = page[page.length - 1]?.server_seq ?? cursor;
    }
    const selectMs = performance.now() - start;
    db.close();
    return { insert: perSec(rows.length, insertMs), select: perSec(n, selectMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const copyText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

async function postgresBaseline(rows: Row[]): Promise<{ copy: number; insert: number; select: number }> {
  const { location, drop } = await postgresBackend.create();
  const client = new pg.Client({ connectionString: location.databaseUrl });
  await client.connect();
  try {
    for (const sql of [...CHANGES_SHAPE('changes_copy'), ...CHANGES_SHAPE('changes_insert')]) await client.query(sql);

    let start = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const text = chunk
        .map((r) => [r.serverSeq, 'accounts', r.id, r.accountId, copyText(r.fields), r.deviceId, r.originSeq, r.userId, r.at].join('\t'))
        .join('\n');
      await client.query('BEGIN');
      await pipeline(Readable.from([`${text}\n`]), client.query(copyFrom('COPY changes_copy FROM STDIN')));
      await client.query('COMMIT');
    }
    const copyMs = performance.now() - start;

    start = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const values = chunk.map((_, j) => `(${Array.from({ length: 9 }, (__, k) => `$${j * 9 + k + 1}`).join(', ')})`).join(', ');
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO changes_insert VALUES ${values}`,
        chunk.flatMap((r) => [r.serverSeq, 'accounts', r.id, r.accountId, r.fields, r.deviceId, r.originSeq, r.userId, r.at]),
      );
      await client.query('COMMIT');
    }
    const insertMs = performance.now() - start;

    start = performance.now();
    let cursor = 0;
    let n = 0;
    for (;;) {
      const { rows: page } = await client.query<{ server_seq: string; fields: string }>(
        `SELECT server_seq, tbl, id, account_id, fields FROM changes_copy WHERE server_seq > $1 ORDER BY server_seq LIMIT $2`,
        [cursor, PAGE],
      );
      for (const r of page) JSON.parse(r.fields);
      n += page.length;
      if (page.length < PAGE) break;
      cursor = Number(page[page.length - 1]?.server_seq ?? cursor);
    }
    const selectMs = performance.now() - start;
    return { copy: perSec(rows.length, copyMs), insert: perSec(rows.length, insertMs), select: perSec(n, selectMs) };
  } finally {
    await client.end();
    await drop();
  }
}

const TARGETS: Record<string, { push: number; pull: number; roundTripMs: number }> = {
  sqlite: { push: 25_000, pull: 25_000, roundTripMs: 10 },
  postgres: { push: 15_000, pull: 25_000, roundTripMs: 10 },
};

function report(results: Result[]): string {
  const lines: string[] = [];
  const row = (cells: string[]) => lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(54) : c.padStart(12))).join(' '));
  lines.push(`sync server over HTTP: ${N} ops per push run, ${BATCH} ops per push, pull pages of ${PAGE}`);
  for (const r of results) {
    const t = TARGETS[r.backend] ?? { push: 0, pull: 0, roundTripMs: 0 };
    const base = r.baselines[0] ?? { name: '?', opsPerSec: 1 };
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    lines.push('');
    lines.push(`${r.backend} (account creates: 8 fields, ${r.payloadBytes} bytes of field JSON per op)`);
    row(['', 'figure', 'baseline', 'ratio', 'target']);
    for (const b of r.baselines) row([`  baseline: ${b.name}`, `${b.opsPerSec}/s`, '', '', '']);
    row(['  push, new accounts (ops/s)', `${r.pushCreate}/s`, `${base.opsPerSec}/s`, `${(base.opsPerSec / r.pushCreate).toFixed(1)}x slower`, `${t.push}/s ${met(r.pushCreate >= t.push)}`]);
    row([`  push, 1-field updates to ${UPDATED_ACCOUNTS} accounts (ops/s)`, `${r.pushUpdate}/s`, `${base.opsPerSec}/s`, `${(base.opsPerSec / r.pushUpdate).toFixed(1)}x slower`, `${t.push}/s ${met(r.pushUpdate >= t.push)}`]);
    row([`  pull, ${r.pullRows} rows (rows/s)`, `${r.pull}/s`, `${r.pullBaseline}/s`, `${(r.pullBaseline / r.pull).toFixed(1)}x slower`, `${t.pull}/s ${met(r.pull >= t.pull)}`]);
    row([`  round trip, 1 change, users hold ${N} accts (median)`, `${r.roundTripMs.toFixed(1)} ms`, '', '', `<${t.roundTripMs} ms ${met(r.roundTripMs < t.roundTripMs)}`]);
    row(['  round trip, 1 change, fresh server, 1 acct (median)', `${r.smallRoundTripMs.toFixed(1)} ms`, '', '', `<${t.roundTripMs} ms ${met(r.smallRoundTripMs < t.roundTripMs)}`]);
    lines.push(`  statements (instrumented pass after the timed runs, on top of the ${N * 2} ops already stored):`);
    lines.push(...r.profile);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const results: Result[] = [];
  // BENCH_BACKENDS=sqlite or =postgres runs one of them (both by default).
  const backends = (process.env['BENCH_BACKENDS'] ?? 'sqlite,postgres').split(',');
  if (backends.includes('sqlite')) {
    const measured = await measureServer(sqliteBackend);
    log('sqlite: baseline…');
    const base = sqliteBaseline(measured.rows);
    results.push({
      ...measured,
      baselines: [{ name: 'better-sqlite3 inserts, 500 per txn', opsPerSec: base.insert }],
      pullBaseline: base.select,
    });
  }
  if (backends.includes('postgres')) {
    const measured = await measureServer(postgresBackend);
    log('postgres: baseline…');
    const base = await postgresBaseline(measured.rows);
    results.push({
      ...measured,
      baselines: [
        { name: 'COPY, 500 rows per txn', opsPerSec: base.copy },
        { name: 'multi-row INSERT, 500 per txn', opsPerSec: base.insert },
      ],
      pullBaseline: base.select,
    });
  }
  process.stdout.write(`${report(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
