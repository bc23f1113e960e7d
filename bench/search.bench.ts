/**
 * Search benchmark: full-text search over ~100,000 notes (time entries written through the real synced write
 * path, which keeps the FTS index) through the API (`search.query`: bm25 ranking, snippets, kind filter),
 * against two baselines measured in the same run on the same data: a LIKE scan finding every match (what a
 * search without an index must do before it can rank) and a bare FTS MATCH ORDER BY rank without snippets. Also the cost the index adds to writes.
 * Run: npx tsx bench/search.bench.ts   (BENCH_NOTES=100000 BENCH_RUNS=200)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import type { Core } from '../core/api/core';
import { ACCOUNT_DEFAULTS, newId } from '../core/model';
import type { TimeEntryFields } from '../core/model';
import { AccountsRepo } from '../core/store/accountsRepo';
import { SyncedTable } from '../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../core/store/timeTables';
import { toFtsQuery } from '../core/store/searchRepo';
import { seededRandom } from '../tests/fixtures/seededRandom';

const NOTES = Number(process.env['BENCH_NOTES'] ?? 100_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const WRITE_N = Math.min(NOTES, 20_000);
const BATCH = 5_000;

const COMMON = 'the a to of and in for on with call customer team review plan meeting update weekly follow notes issue sync status'.split(' ');
const TECH = 'kubernetes postgres network storage latency firewall upgrade migration backup outage cluster gateway certificate capacity telemetry failover replication quota patch rollout sandbox tenant escalation roadmap workshop'.split(' ');

/** Notes with a realistic shape: mostly common words, some technical ones, a few rare tokens. */
function makeNote(random: () => number): string {
  const words: string[] = [];
  const length = 8 + Math.floor(random() * 32);
  for (let i = 0; i < length; i += 1) {
    const r = random();
    if (r < 0.7) words.push(COMMON[Math.floor(random() * COMMON.length)] ?? 'the');
    else if (r < 0.97) words.push(TECH[Math.floor(random() * TECH.length)] ?? 'network');
    else words.push(`ticket${Math.floor(random() * 50_000)}`);
  }
  return words.join(' ');
}

const entry = (note: string, i: number): TimeEntryFields => ({
  userId: 'me',
  date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  minutes: 30 + (i % 90),
  startedAt: null,
  endedAt: null,
  timeZone: null,
  category: 'remote',
  sku: null,
  billable: true,
  rate: null,
  currency: null,
  note,
  source: 'manual',
  status: 'draft',
  adjustsId: null,
});

/** Writes `count` notes through a synced table with the given spec, in batches; returns ms. */
function writeNotes(core: Core, spec: typeof TIME_ENTRIES_SPEC, accountIds: string[], count: number, seed: number): number {
  const random = seededRandom(seed);
  const table = new SyncedTable(core.store, spec);
  const start = performance.now();
  for (let done = 0; done < count; done += BATCH) {
    core.store.write(() => {
      for (let i = done; i < Math.min(count, done + BATCH); i += 1) table.insert(newId(), accountIds[i % accountIds.length] ?? '', entry(makeNote(random), i));
    });
  }
  return performance.now() - start;
}

async function setup(dir: string, name: string): Promise<{ core: Core; accountIds: string[] }> {
  const core = await openCore({ dataDir: join(dir, name), host: 'in-process', watchIntervalMs: 0 });
  const repo = new AccountsRepo(core.store);
  const accountIds = Array.from({ length: 200 }, () => newId());
  core.store.write(() => accountIds.forEach((id, i) => repo.insert(id, { ...ACCOUNT_DEFAULTS, name: `Account ${i}`, notes: `Account ${i} notes` })));
  return { core, accountIds };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Wall time per run, and CPU time per run (user + system of this process): on a shared machine the wall time
 * includes waiting for a core, the CPU time is what the query itself costs.
 */
async function measure(fn: () => unknown): Promise<{ p50: number; p99: number; cpu50: number; cpu99: number }> {
  for (let i = 0; i < 10; i += 1) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: percentile(wall, 50), p99: percentile(wall, 99), cpu50: percentile(cpu, 50), cpu99: percentile(cpu, 99) };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-search-bench-'));
  try {
    // Write cost of keeping the index: the same notes through the synced table with and without its search declaration.
    const plain = await setup(dir, 'plain');
    const plainMs = writeNotes(plain.core, { ...TIME_ENTRIES_SPEC, search: undefined }, plain.accountIds, WRITE_N, 7);
    plain.core.close();

    const { core, accountIds } = await setup(dir, 'indexed');
    const indexedMs = writeNotes(core, TIME_ENTRIES_SPEC, accountIds, WRITE_N, 7);
    if (NOTES > WRITE_N) writeNotes(core, TIME_ENTRIES_SPEC, accountIds, NOTES - WRITE_N, 11);
    const docs = (core.store.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;

    const lines = [
      `search over ${docs.toLocaleString('en')} indexed records (${NOTES.toLocaleString('en')} notes), ${RUNS} runs per query`,
      `writes, ${WRITE_N.toLocaleString('en')} time entries in batches of ${BATCH}:`,
      `  without the index (baseline): ${plainMs.toFixed(0)} ms (${Math.round((WRITE_N / plainMs) * 1000)}/s)`,
      `  with the index kept in the same transaction: ${indexedMs.toFixed(0)} ms (${Math.round((WRITE_N / indexedMs) * 1000)}/s)  ratio ${(indexedMs / plainMs).toFixed(2)}x`,
    ];

    const like = core.store.db.prepare(`SELECT count(*) AS n FROM time_entries WHERE deleted = 0 AND note LIKE ? ESCAPE '\\'`);
    const bare = core.store.db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20`);
    const queries = ['kubernetes', 'netw', 'storage lat', 'ca', 'ticket4242', 'failover replication', '"quoted" NEAR(x'];
    for (const text of queries) {
      const call = () => core.dispatcher.dispatch('search.query', { text, limit: 20 });
      const first = await call();
      const hits = first.ok ? (first.data as unknown[]).length : -1;
      const api = await measure(call);
      const match = toFtsQuery(text);
      const raw = match ? await measure(() => bare.all(match)) : null;
      const firstWord = text.split(' ')[0] ?? text;
      const scan = await measure(() => like.get(`%${firstWord.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      const figure = (m: { p50: number; p99: number; cpu50: number; cpu99: number }) => `wall p50 ${ms(m.p50)} p99 ${ms(m.p99)} | cpu p50 ${ms(m.cpu50)} p99 ${ms(m.cpu99)}`;
      lines.push(
        `"${text}" (${hits} hits shown):`,
        `  search.query through the dispatcher (bm25, snippets, account names): ${figure(api)}`,
        raw ? `  baseline bare FTS MATCH ORDER BY rank, no snippets: ${figure(raw)}  ratio cpu p99 ${(api.cpu99 / Math.max(raw.cpu99, 0.001)).toFixed(2)}x` : '  baseline bare FTS MATCH: (no words to search)',
        `  baseline LIKE scan finding every match of the first word (no ranking possible): ${figure(scan)}  ratio cpu p99 ${(api.cpu99 / Math.max(scan.cpu99, 0.001)).toFixed(2)}x`,
      );
    }
    lines.push(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    core.close();
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
