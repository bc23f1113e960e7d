/**
 * First screen at scale: from opening the core on the scale-1 data folder (1,000 accounts, 1,000,000 time
 * entries) to the accounts list the app shows first, through the dispatcher. Baseline in the same run: open
 * the same file with raw better-sqlite3 and SELECT the same rows. Target (issue 8): < 300 ms.
 * Run: npx tsx bench/first-screen.bench.ts   (BENCH_SCALE=1 by default)
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { ensureDataset } from './lib/dataset';
import { percentile, report } from './lib/report';

const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const RUNS = 15;

async function main(): Promise<void> {
  const dir = await ensureDataset(SCALE);
  const app: number[] = [];
  const raw: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run += 1) {
    let start = performance.now();
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    const result = await core.dispatcher.dispatch('accounts.list', { sort: 'name' });
    if (!result.ok) throw new Error(result.error.message);
    rows = (result.data as unknown[]).length;
    app.push(performance.now() - start);
    core.close();

    start = performance.now();
    const db = new Database(join(dir, 'fieldbook.db'), { readonly: true });
    db.prepare('SELECT * FROM accounts WHERE deleted = 0 ORDER BY name COLLATE NOCASE').all();
    raw.push(performance.now() - start);
    db.close();
  }
  const p50 = percentile(app, 50);
  report({
    name: `first screen at scale ${SCALE}: open core + accounts.list (${rows} rows), p50 of ${RUNS}`,
    value: p50,
    unit: 'ms',
    baseline: { name: 'raw open + SELECT, p50', value: percentile(raw, 50), unit: 'ms' },
    ratio: p50 / percentile(raw, 50),
    target: '< 300 ms',
    met: p50 < 300,
  });
}

void main();
