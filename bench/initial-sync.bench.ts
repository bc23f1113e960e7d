/**
 * Initial and incremental sync against a real server process.
 *
 * Setup (not timed): a SQLite server folder is seeded with BENCH_ROWS synced rows: BENCH_ACCOUNTS accounts of one
 * user and time entries spread over them, written straight into the server's tables exactly as pushes would leave
 * them (records, change log, policies, grants), because pushing a million ops first would take longer than the
 * thing measured. The server then runs as its own process (`server/main.ts`, default limits, rate limit included).
 *
 * Measured, in this (client) process:
 *   1. initial sync: an empty data folder registers and runs one sync pass through the real engine (HTTP pages, LWW
 *      apply, clocks); wall time and the process's peak RSS (getrusage maxrss, so nothing is missed between samples).
 *   2. baseline in the same run: raw better-sqlite3 inserts of as many rows of the same shape, 1000 per transaction.
 *   3. incremental: an empty pass (nothing to send, nothing to pull); one changed record pushed and pulled back by the
 *      device that changed it; one record changed by another device and pulled. Medians of BENCH_ROUNDS.
 *
 * Run: npm run bench:initial   (BENCH_ROWS=1000000 BENCH_ACCOUNTS=2000 by default)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { encodeHlc } from '../core/protocol/hlc';
import { SyncStateRepo } from '../core/store/syncState';
import { registerTarget, syncTarget } from '../core/sync/engine';
import { FileSecretStore } from '../core/sync/secrets';
import { hashToken, newDeviceToken } from '../server/auth';
import { openServerStore } from '../server/open';
import { DeviceClient } from '../tests/server/harness';
import { spawnServer } from '../tests/server/spawnServer';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const ACCOUNTS = Math.min(ROWS, Number(process.env['BENCH_ACCOUNTS'] ?? 2000));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 30);
const log = (text: string) => process.stderr.write(`${text}\n`);
const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** A UUIDv7-shaped id in order, so ids sort like the rows were made. */
function id(n: number): string {
  const hex = n.toString(16).padStart(20, '0');
  return `0190a000-0000-7${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex.slice(8, 20)}`;
}

const ACCOUNT_FIELDS = (i: number) => ({
  name: `Account ${i}`,
  segment: 'enterprise',
  tier: 'premium',
  residency: 'eu',
  clearance: null,
  stage: 'production',
  health: 'green',
  notes: 'Quarterly review done; renewal in spring.',
  deleted: false,
});
const ENTRY_FIELDS = (userId: string, i: number) => ({
  userId,
  date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  minutes: 30 + (i % 8) * 15,
  startedAt: null,
  endedAt: null,
  timeZone: 'Europe/Paris',
  category: 'remote',
  sku: null,
  billable: true,
  rate: 15000,
  currency: 'EUR',
  note: `Call about ticket ${i}`,
  source: 'manual',
  status: 'draft',
  adjustsId: null,
  deleted: false,
});

/** Seeds the server folder as pushes would leave it; returns the tokens of the reader's device and of a second one. */
async function seed(dataDir: string): Promise<{ token: string; otherToken: string; userId: string }> {
  const store = await openServerStore({ dataDir });
  const user = await store.addUser({ email: 'dana@example.com', name: 'Dana', roles: ['tam'], clearances: [], homeRegion: 'eu' });
  const writer = await store.addDevice(user.id, 'writer', hashToken(newDeviceToken()));
  const token = newDeviceToken();
  await store.addDevice(user.id, 'reader', hashToken(token));
  const otherToken = newDeviceToken();
  await store.addDevice(user.id, 'other', hashToken(otherToken));
  const wall = Date.now() - 30 * 86_400_000;
  const at = new Date().toISOString();
  const CHUNK = 500;
  for (let start = 1; start <= ROWS; start += CHUNK) {
    const end = Math.min(ROWS, start + CHUNK - 1);
    const rows: Array<{ seq: number; tbl: string; rowId: string; account: string; fields: string }> = [];
    for (let seq = start; seq <= end; seq += 1) {
      const hlc = encodeHlc({ wall: wall + seq, counter: 0, device: 'seed0000seed0000' });
      const isAccount = seq <= ACCOUNTS;
      const rowId = id(seq);
      const account = isAccount ? rowId : id(((seq - ACCOUNTS - 1) % ACCOUNTS) + 1);
      const values = isAccount ? ACCOUNT_FIELDS(seq) : ENTRY_FIELDS(user.id, seq);
      const fields = JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, hlc }])));
      rows.push({ seq, tbl: isAccount ? 'accounts' : 'time_entries', rowId, account, fields });
    }
    await store.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO records (tbl, id, account_id, fields, server_seq) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, rows.flatMap((r) => [r.tbl, r.rowId, r.account, r.fields, r.seq]));
      await tx.query(
        `INSERT INTO changes (server_seq, tbl, id, account_id, fields, device_id, origin_seq, user_id, at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flatMap((r) => [r.seq, r.tbl, r.rowId, r.account, r.fields, writer.id, r.seq, user.id, at]),
      );
      const accounts = rows.filter((r) => r.tbl === 'accounts');
      if (accounts.length > 0) {
        await tx.query(`INSERT INTO account_policy (account_id, residency, clearance, created_by, first_seq) VALUES ${accounts.map(() => "(?, 'eu', NULL, ?, ?)").join(', ')}`, accounts.flatMap((r) => [r.rowId, user.id, r.seq]));
        await tx.query(`INSERT INTO grants (subject_type, subject_id, account_id, access, created_at) VALUES ${accounts.map(() => "('user', ?, ?, 'write', ?)").join(', ')}`, accounts.flatMap((r) => [user.id, r.rowId, at]));
      }
    });
    if (end % 100_000 === 0) log(`  seeded ${end} rows`);
  }
  await store.db.query(`UPDATE seq_counter SET value = ? WHERE id = 1`, [ROWS]);
  await store.db.query(`UPDATE devices SET last_origin_seq = ? WHERE id = ?`, [ROWS, writer.id]);
  await store.close();
  return { token, otherToken, userId: user.id };
}

function rawBaseline(path: string): number {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE time_entries (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_id TEXT, date TEXT, minutes INTEGER, started_at TEXT,
    ended_at TEXT, time_zone TEXT, category TEXT, sku TEXT, billable INTEGER, rate INTEGER, currency TEXT, note TEXT, source TEXT, status TEXT,
    adjusts_id TEXT, clocks TEXT, deleted INTEGER, created_at TEXT, updated_at TEXT, server_seq INTEGER) STRICT`);
  const insert = raw.prepare('INSERT INTO time_entries VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, 1, ?, ?, ?, ?, ?, NULL, ?, 0, ?, ?, 0)');
  const clocks = JSON.stringify(Object.fromEntries(Object.keys(ENTRY_FIELDS('u', 0)).map((f) => [f, '001795000000000-00000-seed0000seed0000'])));
  const page = raw.transaction((from: number, to: number) => {
    const now = new Date().toISOString();
    for (let i = from; i < to; i += 1) {
      const e = ENTRY_FIELDS('user', i);
      insert.run(id(i + 1), id((i % ACCOUNTS) + 1), e.userId, e.date, e.minutes, e.timeZone, e.category, e.rate, e.currency, e.note, e.source, e.status, clocks, now, now);
    }
  });
  const start = performance.now();
  for (let i = 0; i < ROWS; i += 1000) page(i, Math.min(ROWS, i + 1000));
  const ms = performance.now() - start;
  raw.close();
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-initial-sync-'));
  const serverDir = join(dir, 'server');
  const clientDir = join(dir, 'client');
  let server: ReturnType<typeof spawnServer> | null = null;
  try {
    log(`seeding the server with ${ROWS} rows (${ACCOUNTS} accounts)…`);
    const seeded = await seed(serverDir);
    const config = join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ residencies: ['global', 'eu'], logLevel: 'warn' }));
    server = spawnServer(['--port', '0', '--data-dir', serverDir, '--config', config]);
    const url = await server.listening;

    const core = await openCore({ dataDir: clientDir, host: 'in-process', watchIntervalMs: 0 });
    const secrets = new FileSecretStore(clientDir);
    await registerTarget(core.store, secrets, { url, token: seeded.token, from: 'cli' });
    const target = () => new SyncStateRepo(core.store).listTargets()[0] ?? (() => { throw new Error('not registered'); })();
    log('initial sync…');
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const initial = await syncTarget(core.store, secrets, target());
    const initialMs = performance.now() - start;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const held = core.store.db.prepare<[], { n: number }>(`SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM time_entries) AS n`).get()?.n ?? 0;
    if (held !== ROWS) throw new Error(`the device holds ${held} rows, not ${ROWS}`);

    log('incremental rounds…');
    const empty: number[] = [];
    const ownChange: number[] = [];
    const otherChange: number[] = [];
    const other = new DeviceClient(url, seeded.otherToken, { id: seeded.userId, email: 'dana@example.com', name: 'Dana', roles: ['tam'], clearances: [], homeRegion: 'eu' }, 'other');
    for (let round = 0; round < ROUNDS; round += 1) {
      let t0 = performance.now();
      await syncTarget(core.store, secrets, target());
      empty.push(performance.now() - t0);

      const changed = await core.dispatcher.dispatch('accounts.update', { id: id(1 + (round % ACCOUNTS)), patch: { notes: `Round ${round}` } });
      if (!changed.ok) throw new Error(changed.error.message);
      t0 = performance.now();
      const own = await syncTarget(core.store, secrets, target());
      ownChange.push(performance.now() - t0);
      if (own.pushed !== 1) throw new Error(`expected one change pushed, got ${JSON.stringify(own)}`);

      const account = id(1 + ((round + 7) % ACCOUNTS));
      const pushed = await other.push([other.op('accounts', account, account, { health: round % 2 ? 'amber' : 'red' })]);
      if (pushed.status !== 200) throw new Error(`push failed: ${pushed.status}`);
      t0 = performance.now();
      const pulled = await syncTarget(core.store, secrets, target());
      otherChange.push(performance.now() - t0);
      if (pulled.pulled !== 1) throw new Error(`expected one change pulled, got ${JSON.stringify(pulled)}`);
    }
    core.close();

    log('raw insert baseline…');
    const rawMs = rawBaseline(join(dir, 'raw.db'));
    const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    process.stdout.write(
      [
        `initial sync of ${ROWS} rows (${ACCOUNTS} accounts + ${ROWS - ACCOUNTS} time entries) from a SQLite server process over HTTP`,
        `  raw better-sqlite3 inserts, 1000 per txn (baseline): ${(rawMs / 1000).toFixed(1)} s = ${perSec(ROWS, rawMs)} rows/s`,
        `  initial sync through the engine: ${(initialMs / 1000).toFixed(1)} s = ${perSec(ROWS, initialMs)} rows/s  ratio ${(initialMs / rawMs).toFixed(1)}x baseline  (received ${initial.pulled}, skipped ${initial.skipped})  target < 60 s: ${verdict(initialMs < 60_000)}`,
        `  peak RSS of the client process: ${mib(peakRss)} MiB (before the sync: ${mib(rssBefore)} MiB)  target < 500 MB: ${verdict(peakRss < 500 * 1000 * 1000)}`,
        `incremental, device holding ${ROWS} rows, medians of ${ROUNDS}:`,
        `  empty pass (nothing to send or pull): ${median(empty).toFixed(1)} ms  target < 10 ms: ${verdict(median(empty) < 10)}`,
        `  one changed record pushed and pulled back: ${median(ownChange).toFixed(1)} ms  target < 10 ms: ${verdict(median(ownChange) < 10)}`,
        `  one record changed by another device, pulled: ${median(otherChange).toFixed(1)} ms  target < 10 ms: ${verdict(median(otherChange) < 10)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

