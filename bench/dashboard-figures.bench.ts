/**
 * Where the portfolio dashboard's time goes, figure by figure (issue 7): the same report as
 * bench/dashboard.bench.ts (scale 1, four ISO weeks slid back a week per run), timed per figure through
 * ReportsService's `measure` hook: on the first call after opening, on later calls (what no period decides is kept
 * between them, core/reports/memo.ts), and on calls each right after a one-row change to the data (nothing kept).
 * A diagnostic: no target of its own; the figure that counts is the whole report's, in dashboard.bench.ts.
 * Run: npx tsx bench/dashboard-figures.bench.ts   (BENCH_SCALE=0.01 BENCH_RUNS=5 for a quick check)
 */
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { shiftWeek, weekDays } from '../core/model';
import { ReportsService } from '../core/reports';
import { ensureDataset } from './lib/dataset';
import { percentile, report } from './lib/report';

const SCALE = Number(process.env['BENCH_SCALE'] ?? 1);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);

function period(run: number): { from: string; to: string } {
  const last = shiftWeek('2026-W48', -(run % 52));
  return { from: weekDays(shiftWeek(last, -3))[0] as string, to: weekDays(last)[6] as string };
}

async function main(): Promise<void> {
  const dir = await ensureDataset(SCALE);
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const reports = new ReportsService(core.store);
    const touch = core.store.db.prepare(`UPDATE accounts SET notes = notes WHERE id = (SELECT id FROM accounts WHERE deleted = 0 LIMIT 1)`);
    const times = { cold: new Map<string, number[]>(), kept: new Map<string, number[]>(), changed: new Map<string, number[]>() };
    const timed = (into: Map<string, number[]>) => <T>(figure: string, compute: () => T): T => {
      const start = performance.now();
      const value = compute();
      const list = into.get(figure) ?? [];
      list.push(performance.now() - start);
      into.set(figure, list);
      return value;
    };
    reports.report(period(0), timed(times.cold));
    for (let run = 1; run <= RUNS; run += 1) reports.report(period(run), timed(times.kept));
    for (let run = 1; run <= RUNS; run += 1) {
      touch.run();
      reports.report(period(run), timed(times.changed));
    }
    process.stdout.write(`Portfolio dashboard figure by figure, scale ${SCALE}, ${RUNS} runs each (ms: first call / p50 kept / p50 after a change)\n`);
    let sums = [0, 0, 0];
    for (const [figure, cold] of times.cold) {
      const row = [cold[0] ?? 0, percentile(times.kept.get(figure) ?? [], 50), percentile(times.changed.get(figure) ?? [], 50)];
      sums = sums.map((s, i) => s + (row[i] ?? 0));
      process.stdout.write(`  ${figure.padEnd(10)} ${row.map((v) => v.toFixed(1).padStart(7)).join(' ')}\n`);
    }
    process.stdout.write(`  ${'sum'.padEnd(10)} ${sums.map((v) => v.toFixed(1).padStart(7)).join(' ')}\n`);
    report({ name: 'dashboard figures summed, p50 with kept reads', value: sums[1] ?? 0, unit: 'ms' });
    report({ name: 'dashboard figures summed, p50 right after a change', value: sums[2] ?? 0, unit: 'ms' });
  } finally {
    core.close();
  }
}

void main();
