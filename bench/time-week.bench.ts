/**
 * Week-timesheet benchmark: the weekly grid's query (`time.week` through the dispatcher: a person's entries of
 * one ISO week, the timesheet and its history, then the grid built from them) on a database holding about
 * 1,000,000 time entries generated here, against the baseline of a raw better-sqlite3 SELECT of the same rows,
 * measured in the same run. Prints p50/p99 over repeated runs and the ratio. Run: npx tsx bench/time-week.bench.ts
 * (BENCH_ENTRIES and BENCH_RUNS change the size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { addDays, buildWeekGrid, newId, weekDays, weekOf } from '../core/model';
import type { WeekView } from '../core/model';
import { timesheetId } from '../core/store/timeRepo';

const ENTRIES = Number(process.env['BENCH_ENTRIES'] ?? 1_000_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 500);
const USERS = 100;
const ACCOUNTS = 400;
const ME = 'bench@example.com';
const FIRST_DAY = '2023-01-02'; // a Monday

/** A small seeded PRNG (mulberry32), so every run builds the same database. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const WARMUP = 20;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-time-'));
  try {
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    const dispatch = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await core.dispatcher.dispatch(method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.data as T;
    };
    await dispatch('profile.save', { name: 'Bench', email: ME, role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });

    // ~1,000,000 entries: USERS people over as many weeks as it takes, about 10 entries a working day between them.
    const rand = random(42);
    const perUserWeek = 50;
    const weeks = Math.ceil(ENTRIES / (USERS * perUserWeek));
    const users = Array.from({ length: USERS }, (_, i) => (i === 0 ? ME : `person${i}@example.com`));
    const accounts = Array.from({ length: ACCOUNTS }, () => newId());
    const insert = core.store.db.prepare(
      `INSERT INTO time_entries (id, account_id, user_id, date, minutes, started_at, ended_at, time_zone, category, sku, billable, rate, currency,
         note, source, status, adjusts_id, clocks, deleted, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, NULL, 'Europe/Paris', ?, ?, ?, ?, 'EUR', '', 'manual', ?, NULL, '{}', 0, ?, ?)`,
    );
    const categories = ['onsite', 'remote', 'incident', 'qbr', 'travel', 'admin'];
    const generateStart = performance.now();
    const now = new Date().toISOString();
    let written = 0;
    core.store.db.transaction(() => {
      for (let w = 0; w < weeks && written < ENTRIES; w += 1) {
        const workdays = weekDays(weekOf(addDays(FIRST_DAY, w * 7))).slice(0, 5);
        for (const user of users) {
          for (let k = 0; k < perUserWeek && written < ENTRIES; k += 1) {
            const date = workdays[Math.floor(rand() * 5)];
            const billable = rand() < 0.8;
            insert.run(
              newId(),
              accounts[Math.floor(rand() * ACCOUNTS)],
              user,
              date,
              15 + Math.floor(rand() * 60),
              categories[Math.floor(rand() * categories.length)],
              billable ? 'TAM-ONSITE' : null,
              billable ? 1 : 0,
              billable ? 20_000 : null,
              w < weeks - 2 ? 'approved' : 'draft',
              now,
              now,
            );
            written += 1;
          }
        }
      }
      // My timesheets and their history, so the week view reads what a real one holds.
      const sheet = core.store.db.prepare(
        `INSERT INTO timesheets (id, account_id, user_id, week, status, approved_by, approved_at, clocks, created_at, updated_at) VALUES (?, 'org', ?, ?, 'approved', 'boss@example.com', ?, '{}', ?, ?)`,
      );
      const event = core.store.db.prepare(
        `INSERT INTO timesheet_events (id, account_id, timesheet_id, user_id, week, action, actor, at, reason, entry_id, clocks, created_at, updated_at) VALUES (?, 'org', ?, ?, ?, ?, ?, ?, '', NULL, '{}', ?, ?)`,
      );
      for (let w = 0; w < weeks - 2; w += 1) {
        const week = weekOf(addDays(FIRST_DAY, w * 7));
        const id = timesheetId(ME, week);
        const at = new Date().toISOString();
        sheet.run(id, ME, week, at, at, at);
        event.run(newId(), id, ME, week, 'submitted', ME, at, at, at);
        event.run(newId(), id, ME, week, 'approved', 'boss@example.com', at, at, at);
      }
    })();
    core.store.db.exec('ANALYZE');
    const generateMs = performance.now() - generateStart;
    const total = (core.store.db.prepare('SELECT count(*) AS n FROM time_entries').get() as { n: number }).n;
    process.stdout.write(`time-week: ${total} entries (${USERS} people, ${weeks} weeks) generated in ${(generateMs / 1000).toFixed(1)} s; ${RUNS} runs each, random weeks\n`);

    const pick = random(7);
    const weekList = Array.from({ length: RUNS }, () => weekOf(addDays(FIRST_DAY, Math.floor(pick() * weeks) * 7)));

    // Baseline: the same rows, straight from SQLite. The API path: dispatcher → validation → service →
    // repository → timesheet and history → grid. Both run on the same week, in alternating order, so neither
    // gets a warmer cache than the other.
    const raw = core.store.db.prepare('SELECT * FROM time_entries WHERE user_id = ? AND date BETWEEN ? AND ? AND deleted = 0');
    const rawWeek = (i: number) => {
      const days = weekDays(weekList[i] ?? '');
      return raw.all(ME, days[0], days[6]).length;
    };
    const apiWeek = async (i: number) => {
      const view = await dispatch<WeekView>('time.week', { week: weekList[i] });
      buildWeekGrid(view.entries, view.days);
      return view.entries.length;
    };
    for (let i = 0; i < WARMUP; i += 1) {
      rawWeek(i);
      await apiWeek(i);
    }
    const rawTimes: number[] = [];
    const apiTimes: number[] = [];
    let rawRows = 0;
    let apiRows = 0;
    const timeRaw = (i: number) => {
      const start = performance.now();
      rawRows += rawWeek(i);
      rawTimes.push(performance.now() - start);
    };
    const timeApi = async (i: number) => {
      const start = performance.now();
      apiRows += await apiWeek(i);
      apiTimes.push(performance.now() - start);
    };
    for (let i = 0; i < RUNS; i += 1) {
      if (i % 2 === 0) {
        timeRaw(i);
        await timeApi(i);
      } else {
        await timeApi(i);
        timeRaw(i);
      }
    }
    rawTimes.sort((a, b) => a - b);
    apiTimes.sort((a, b) => a - b);
    const baseline = { p50: percentile(rawTimes, 50), p99: percentile(rawTimes, 99) };
    const api = { p50: percentile(apiTimes, 50), p99: percentile(apiTimes, 99) };
    process.stdout.write(
      `  raw SELECT of the week’s rows (baseline): p50 ${baseline.p50.toFixed(3)} ms, p99 ${baseline.p99.toFixed(3)} ms (${(rawRows / RUNS).toFixed(1)} rows a week)\n` +
        `  time.week through the dispatcher + weekly grid: p50 ${api.p50.toFixed(3)} ms, p99 ${api.p99.toFixed(3)} ms (${(apiRows / RUNS).toFixed(1)} rows a week)\n` +
        `  ratio to baseline: p50 ${(api.p50 / baseline.p50).toFixed(2)}x, p99 ${(api.p99 / baseline.p99).toFixed(2)}x\n`,
    );
    core.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
