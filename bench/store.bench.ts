/**
 * Store benchmark: creating accounts through the real API path (dispatcher → service → synced write path,
 * one transaction per create, as the UI does) against the baseline of raw better-sqlite3 inserts measured in
 * the same run, plus listing. Prints figures and the ratio to the baseline. Run: npm run bench -- --only store
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { newId } from '../core/model';
import { perSecond, report } from './lib/report';

const N = Number(process.env['BENCH_N'] ?? 5000);

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}
async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-'));
  try {
    // Baseline: raw inserts, one transaction per row, same pragmas as the store (WAL, synchronous=NORMAL).
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT, tier TEXT, notes TEXT) STRICT');
    const insert = raw.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
    const rawOne = raw.transaction((i: number) => insert.run(newId(), `Account ${i}`, 'premium', ''));
    const rawMs = time(() => {
      for (let i = 0; i < N; i += 1) rawOne.immediate(i);
    });
    raw.close();

    const core = await openCore({ dataDir: join(dir, 'app'), host: 'in-process', watchIntervalMs: 0 });
    const apiMs = await timeAsync(async () => {
      for (let i = 0; i < N; i += 1) {
        const result = await core.dispatcher.dispatch('accounts.create', { name: `Account ${i}`, tier: 'premium' });
        if (!result.ok) throw new Error(result.error.message);
      }
    });
    let listed = 0;
    const listMs = await timeAsync(async () => {
      const result = await core.dispatcher.dispatch('accounts.list', { sort: 'name' });
      if (result.ok) listed = (result.data as unknown[]).length;
    });
    core.close();

    const lines = [
      `accounts: ${N} creates, one transaction each`,
      `  raw better-sqlite3 insert (baseline): ${rawMs.toFixed(0)} ms  (${perSec(N, rawMs)}/s)`,
      `  accounts.create through the dispatcher: ${apiMs.toFixed(0)} ms  (${perSec(N, apiMs)}/s)  ratio ${(apiMs / rawMs).toFixed(2)}x baseline`,
      `  accounts.list of ${listed} rows sorted by name: ${listMs.toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    report({
      name: `accounts.create through the dispatcher (${N}, one transaction each)`,
      value: perSecond(N, apiMs),
      unit: 'records/s',
      baseline: { name: 'raw inserts, one txn each', value: perSecond(N, rawMs), unit: 'records/s' },
      ratio: apiMs / rawMs,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
