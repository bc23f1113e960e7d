/**
 * Client sync benchmark: an empty device pulls and applies BENCH_ROWS accounts from a real server (SQLite
 * storage), through the real engine (HTTP pages of 1000, LWW apply, clocks). Baseline in the same run: raw
 * better-sqlite3 inserts of the same rows into a table of the same shape, in transactions of 1000.
 * Also reports the peak RSS of the process during the pull.
 * Run: npm run bench:client   (BENCH_ROWS=20000 by default)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { newId } from '../core/model';
import { SyncStateRepo } from '../core/store/syncState';
import { registerTarget, syncTarget } from '../core/sync/engine';
import { FileSecretStore } from '../core/sync/secrets';
import { sqliteBackend, startTestServer } from '../tests/server/harness';

const N = Number(process.env['BENCH_ROWS'] ?? 20000);
const BATCH = 500;
const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-client-bench-'));
  const server = await startTestServer(sqliteBackend);
  try {
    log(`pushing ${N} accounts to the server…`);
    const writer = await server.addDevice({ email: 'writer@example.com' });
    const reader = await server.addDevice({ email: 'writer@example.com' });
    for (let i = 0; i < N; i += BATCH) {
      const ops = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => writer.newAccountOp({ name: `Account ${i + k}`, notes: 'x'.repeat(100) }));
      const res = await writer.push(ops);
      if (res.status !== 200) throw new Error(`push failed: ${res.status}`);
    }

    const core = await openCore({ dataDir: join(dir, 'client'), host: 'in-process', watchIntervalMs: 0 });
    const secrets = new FileSecretStore(join(dir, 'client'));
    const target = await registerTarget(core.store, secrets, { url: server.url, token: reader.token, from: 'cli' });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const summary = await syncTarget(core.store, secrets, new SyncStateRepo(core.store).listTargets()[0] ?? target);
    const pullMs = performance.now() - start;
    clearInterval(sampler);
    const applied = summary.pulled;
    core.close();

    // Baseline: the same rows inserted raw into a table of the accounts' shape.
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(`CREATE TABLE accounts (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, name TEXT, segment TEXT, tier TEXT, residency TEXT,
      clearance TEXT, stage TEXT, health TEXT, notes TEXT, clocks TEXT, deleted INTEGER, created_at TEXT, updated_at TEXT) STRICT`);
    const insert = raw.prepare('INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)');
    const clocks = JSON.stringify(Object.fromEntries(['name', 'segment', 'tier', 'residency', 'clearance', 'stage', 'health', 'notes', 'deleted'].map((f) => [f, '001795000000000-00001-abcdef0123456789'])));
    const page = raw.transaction((from: number, to: number) => {
      const now = new Date().toISOString();
      for (let i = from; i < to; i += 1) {
        const id = newId();
        insert.run(id, id, `Account ${i}`, 'enterprise', 'premium', 'eu', null, 'production', 'green', 'x'.repeat(100), clocks, now, now);
      }
    });
    const rawStart = performance.now();
    for (let i = 0; i < N; i += 1000) page(i, Math.min(N, i + 1000));
    const rawMs = performance.now() - rawStart;
    raw.close();

    process.stdout.write(
      [
        `client pull and apply, ${N} accounts from a SQLite server over HTTP (pages of 1000)`,
        `  raw better-sqlite3 inserts, 1000 per txn (baseline): ${perSec(N, rawMs)}/s`,
        `  pull + apply through the engine: ${applied} rows in ${pullMs.toFixed(0)} ms = ${perSec(applied, pullMs)}/s  ratio ${(pullMs / rawMs).toFixed(1)}x baseline`,
        `  peak RSS during the pull: ${Math.round(peakRss / 1024 / 1024)} MiB (server in the same process)`,
      ].join('\n') + '\n',
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
