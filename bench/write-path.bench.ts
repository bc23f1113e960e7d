/**
 * The local write path (row + field clocks + outbox entry, DESIGN.md §4/§5) for time entries: single
 * mutations, one transaction each (p50/p99 latency), and batched mutations in transactions of 1,000
 * (records/s). Baseline in the same run: raw better-sqlite3 inserts of the same rows into a table of the
 * same shape, same pragmas. Targets (issue 8): single p99 < 2 ms; batched ≥ 20,000/s.
 * Run: npx tsx bench/write-path.bench.ts   (BENCH_N=20000 by default)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { newId } from '../core/model';
import type { TimeEntryFields } from '../core/model';
import { SyncedTable } from '../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../core/store/timeTables';
import { percentile, perSecond, report } from './lib/report';

const N = Number(process.env['BENCH_N'] ?? 20000);
const SINGLE = 2000;
const BATCH = 1000;

const entry = (i: number): TimeEntryFields => ({
  userId: 'ana.ruiz@vendor.example',
  date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  minutes: 30 + (i % 8) * 15,
  startedAt: null,
  endedAt: null,
  timeZone: null,
  category: 'remote',
  sku: 'TAM-REMOTE',
  billable: true,
  rate: 18_000,
  currency: 'USD',
  note: `Worked on the upgrade plan, item ${i}`,
  source: 'manual',
  status: 'draft',
  adjustsId: null,
});

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-write-bench-'));
  try {
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const cols = Object.values(TIME_ENTRIES_SPEC.columns);
    raw.exec(`CREATE TABLE time_entries (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, ${cols.map((c) => `${c} ANY`).join(', ')}) STRICT`);
    const insert = raw.prepare(`INSERT INTO time_entries VALUES (?, ?, ${cols.map(() => '?').join(', ')})`);
    const rawRow = (i: number) => {
      const e = entry(i);
      insert.run(newId(), 'acct', ...Object.keys(TIME_ENTRIES_SPEC.columns).map((f) => {
        const v = e[f as keyof TimeEntryFields];
        return typeof v === 'boolean' ? (v ? 1 : 0) : v;
      }));
    };
    const rawSingle: number[] = [];
    const rawOne = raw.transaction(rawRow);
    for (let i = 0; i < SINGLE; i += 1) {
      const s = performance.now();
      rawOne.immediate(i);
      rawSingle.push(performance.now() - s);
    }
    const rawBatch = raw.transaction((from: number) => {
      for (let i = from; i < from + BATCH; i += 1) rawRow(i);
    });
    let start = performance.now();
    for (let i = 0; i < N; i += BATCH) rawBatch(i);
    const rawBatchMs = performance.now() - start;
    raw.close();

    const core = await openCore({ dataDir: join(dir, 'app'), host: 'in-process', watchIntervalMs: 0 });
    const account = await core.dispatcher.dispatch('accounts.create', { name: 'Bench account' });
    if (!account.ok) throw new Error(account.error.message);
    const accountId = (account.data as { id: string }).id;
    const table = new SyncedTable(core.store, TIME_ENTRIES_SPEC);
    const single: number[] = [];
    for (let i = 0; i < SINGLE; i += 1) {
      const s = performance.now();
      core.store.write(() => table.insert(newId(), accountId, entry(i)));
      single.push(performance.now() - s);
      // Each mutation of the app is its own request: the event loop turns between them (untimed), as there.
      await new Promise((resolve) => setImmediate(resolve));
    }
    start = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      core.store.write(() => {
        for (let k = i; k < i + BATCH; k += 1) table.insert(newId(), accountId, entry(k));
      });
    }
    const batchMs = performance.now() - start;
    core.close();

    const p99 = percentile(single, 99);
    report({
      name: `time entry write path, single mutation p99 (${SINGLE} runs)`,
      value: p99,
      unit: 'ms',
      baseline: { name: 'raw insert p99', value: percentile(rawSingle, 99), unit: 'ms' },
      ratio: p99 / percentile(rawSingle, 99),
      target: '< 2 ms',
      met: p99 < 2,
    });
    const rate = perSecond(N, batchMs);
    const rawRate = perSecond(N, rawBatchMs);
    report({
      name: `time entry write path, batched (${N} in transactions of ${BATCH})`,
      value: rate,
      unit: 'records/s',
      baseline: { name: 'raw inserts', value: rawRate, unit: 'records/s' },
      ratio: rawRate / rate,
      target: '≥ 20,000/s',
      met: rate >= 20_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
