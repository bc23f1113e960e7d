/**
 * npm run bench — runs every benchmark, one process each (so one's memory never skews another's), and prints
 * one table of figures, baselines and ratios, plus the machine and the command, ready for bench/RESULTS.md.
 * `npm run bench -- --only NAME[,NAME]` runs some; `--quick` uses small sizes to check that all of them work.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchFigure } from './lib/report';

interface Bench {
  name: string;
  file: string;
  /** Environment for a full run, and for --quick. */
  env?: Record<string, string>;
  quick?: Record<string, string>;
}

const BENCHES: Bench[] = [
  { name: 'store', file: 'bench/store.bench.ts', quick: { BENCH_N: '500' } },
  { name: 'write-path', file: 'bench/write-path.bench.ts', quick: { BENCH_N: '2000' } },
  { name: 'first-screen', file: 'bench/first-screen.bench.ts', quick: { BENCH_SCALE: '0.01' } },
  { name: 'server', file: 'bench/server.bench.ts', quick: { BENCH_N: '1000' } },
  { name: 'client-sync', file: 'bench/client-sync.bench.ts', quick: { BENCH_ROWS: '2000' } },
  { name: 'account-list', file: 'bench/account-list.bench.ts', quick: { BENCH_ACCOUNTS: '1000' } },
  { name: 'time-week', file: 'bench/time-week.bench.ts', quick: { BENCH_ENTRIES: '20000', BENCH_RUNS: '50' } },
  { name: 'export', file: 'bench/export.bench.ts', quick: { BENCH_ENTRIES: '2000', BENCH_RUNS: '1' } },
  { name: 'search', file: 'bench/search.bench.ts', quick: { BENCH_NOTES: '5000', BENCH_RUNS: '10' } },
  { name: 'sla', file: 'bench/sla.bench.ts', quick: { BENCH_INCIDENTS: '50', BENCH_RUNS: '3' } },
  { name: 'team', file: 'bench/team.bench.ts', quick: { BENCH_N: '300' } },
  { name: 'reviews', file: 'bench/reviews.bench.ts', quick: { BENCH_ACCOUNTS: '20', BENCH_ITEMS: '200' } },
  { name: 'dashboard', file: 'bench/dashboard.bench.ts', quick: { BENCH_SCALE: '0.01', BENCH_RUNS: '5' } },
  { name: 'dashboard-figures', file: 'bench/dashboard-figures.bench.ts', quick: { BENCH_SCALE: '0.01', BENCH_RUNS: '5' } },
  { name: 'initial-sync', file: 'bench/initial-sync.bench.ts', quick: { BENCH_ROWS: '5000', BENCH_ACCOUNTS: '50', BENCH_ROUNDS: '5' } },
];

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } }, strict: true });
const only = values.only ? new Set(values.only.split(',')) : null;
const unknown = [...(only ?? [])].filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

const figures: Array<BenchFigure & { bench: string }> = [];
const failed: string[] = [];
for (const bench of BENCHES.filter((b) => !only || only.has(b.name))) {
  process.stderr.write(`\n▶ ${bench.name} (${bench.file})\n`);
  const env = { ...process.env, ...bench.env, ...(values.quick ? bench.quick : {}) };
  const result = spawnSync('npx', ['tsx', bench.file], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('##bench ')) figures.push({ bench: bench.name, ...(JSON.parse(line.slice(8)) as BenchFigure) });
    else if (line.trim()) process.stdout.write(`  ${line}\n`);
  }
  if (result.status !== 0) failed.push(bench.name);
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2));
const lines = [
  '',
  `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
  `Date: ${new Date().toISOString().slice(0, 10)}   Command: npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  '',
  '| benchmark | figure | baseline (same run) | ratio | target |',
  '|---|---|---|---|---|',
  ...figures.map(
    (f) =>
      `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.baseline.unit}` : '—'} | ${f.ratio !== undefined ? `${f.ratio.toFixed(2)}x` : '—'} | ${f.target ? `${f.target} ${f.met ? '✓' : '✗ missed'}` : '—'} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (failed.length > 0) {
  process.stderr.write(`bench: ${failed.join(', ')} failed\n`);
  process.exit(1);
}
