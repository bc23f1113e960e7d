/**
 * Reviews and action items benchmark, through the real API path (dispatcher → service → store):
 * - recording a review with its asks and commitments (one transaction) against raw inserts of the same rows;
 * - the portfolio ranking of every ask across accounts against the raw SELECT of those rows;
 * - "My items" (yours across accounts, ordered) against the raw SELECT of those rows.
 * Baselines are measured in the same run. Run: npx tsx bench/reviews.bench.ts (BENCH_ACCOUNTS, BENCH_ITEMS).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import type { Core } from '../core/api/core';
import { addDays, newId, todayIn } from '../core/model';

const ACCOUNTS = Number(process.env['BENCH_ACCOUNTS'] ?? 200);
const REVIEWS_PER_ACCOUNT = 4;
const ASKS_PER_REVIEW = 6;
const COMMITMENTS_PER_REVIEW = 3;
const ITEMS = Number(process.env['BENCH_ITEMS'] ?? 5000);
const RUNS = 5;
const LEVELS = ['critical', 'high', 'medium', 'low'] as const;

/** A small deterministic PRNG, so every run ranks the same fixture. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.dispatcher.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as T;
}

/** Median of several timed runs, in ms. */
async function median(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-reviews-'));
  const random = prng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  try {
    const core = await openCore({ dataDir: join(dir, 'app'), host: 'in-process', watchIntervalMs: 0 });
    await call(core, 'profile.save', { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
    const today = todayIn('Europe/Paris', new Date());
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i += 1) accounts.push((await call<{ id: string }>(core, 'accounts.create', { name: `Account ${i}` })).id);

    const askTitles = Array.from({ length: 300 }, (_, i) => `Feature request ${i}`);
    const reviewInput = (accountId: string, r: number) => ({
      accountId,
      date: addDays(today, -r * 30),
      attendees: [{ name: 'Jane Doe', side: 'customer' }],
      asks: Array.from({ length: ASKS_PER_REVIEW }, () => ({
        title: random() < 0.5 ? pick(askTitles) : pick(askTitles).toUpperCase(),
        priority: pick(LEVELS),
        impact: pick(LEVELS),
      })),
      commitments: Array.from({ length: COMMITMENTS_PER_REVIEW }, (_, c) => ({ title: `Commitment ${c}`, owner: 'Dana Field', due: addDays(today, c) })),
    });

    // Recording reviews through the API, one transaction each.
    const reviewCount = ACCOUNTS * REVIEWS_PER_ACCOUNT;
    const rowsPerReview = 1 + ASKS_PER_REVIEW + COMMITMENTS_PER_REVIEW;
    let start = performance.now();
    for (const accountId of accounts) for (let r = 0; r < REVIEWS_PER_ACCOUNT; r += 1) await call(core, 'reviews.create', reviewInput(accountId, r));
    const createMs = performance.now() - start;

    // Baseline: raw inserts of the same number of rows, one transaction per review, same pragmas.
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, review TEXT, title TEXT, priority TEXT, impact TEXT) STRICT');
    const insert = raw.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)');
    const rawReview = raw.transaction(() => {
      const review = newId();
      for (let i = 0; i < rowsPerReview; i += 1) insert.run(newId(), review, pick(askTitles), pick(LEVELS), pick(LEVELS));
    });
    start = performance.now();
    for (let i = 0; i < reviewCount; i += 1) rawReview.immediate();
    const rawCreateMs = performance.now() - start;
    raw.close();

    // The ranking against reading the same rows.
    const askCount = reviewCount * ASKS_PER_REVIEW;
    let groups = 0;
    const rankMs = await median(async () => {
      groups = (await call<unknown[]>(core, 'reviews.rankAsks', {})).length;
    });
    const readAsks = core.store.db.prepare(
      `SELECT i.id, i.account_id, acc.name, i.review_id, r.date, i.title, i.position, i.priority, i.impact, i.status FROM review_items i
       JOIN roadmap_reviews r ON r.id = i.review_id AND r.deleted = 0 JOIN accounts acc ON acc.id = i.account_id AND acc.deleted = 0
       WHERE i.kind = 'ask' AND i.deleted = 0`,
    );
    const rawRankMs = await median(() => readAsks.all());

    // My items: action items for Dana across accounts, half overdue.
    start = performance.now();
    for (let i = 0; i < ITEMS; i += 1) {
      await call(core, 'actions.create', { accountId: pick(accounts), title: `Item ${i}`, due: addDays(today, Math.floor(random() * 60) - 30) });
    }
    const itemsCreateMs = performance.now() - start;
    let mine = 0;
    const mineMs = await median(async () => {
      mine = (await call<unknown[]>(core, 'actions.list', { mine: true })).length;
    });
    const readMine = core.store.db.prepare(
      `SELECT a.*, acc.name FROM action_items a JOIN accounts acc ON acc.id = a.account_id AND acc.deleted = 0
       WHERE a.deleted = 0 AND lower(trim(a.owner)) IN ('dana field', 'dana@example.com') AND a.status NOT IN ('done', 'dropped')`,
    );
    const rawMineMs = await median(() => readMine.all());
    const claimMs = await median(() => core.dispatcher.dispatch('actions.due', {}));
    core.close();

    const lines = [
      `reviews: ${ACCOUNTS} accounts × ${REVIEWS_PER_ACCOUNT} reviews, ${ASKS_PER_REVIEW} asks + ${COMMITMENTS_PER_REVIEW} commitments each`,
      `  raw inserts of ${rowsPerReview} rows per transaction (baseline): ${(rawCreateMs / reviewCount).toFixed(3)} ms per review`,
      `  reviews.create through the dispatcher: ${(createMs / reviewCount).toFixed(3)} ms per review  ratio ${(createMs / rawCreateMs).toFixed(2)}x baseline`,
      `  raw SELECT of ${askCount} asks (baseline): ${rawRankMs.toFixed(1)} ms (median of ${RUNS})`,
      `  reviews.rankAsks over ${askCount} asks into ${groups} groups: ${rankMs.toFixed(1)} ms  ratio ${(rankMs / rawRankMs).toFixed(2)}x baseline`,
      `action items: ${ITEMS} created in ${itemsCreateMs.toFixed(0)} ms (${((itemsCreateMs / ITEMS) * 1000).toFixed(0)} µs each)`,
      `  raw SELECT of my open items (baseline): ${rawMineMs.toFixed(1)} ms`,
      `  actions.list mine (${mine} items, overdue first): ${mineMs.toFixed(1)} ms  ratio ${(mineMs / rawMineMs).toFixed(2)}x baseline`,
      `  actions.due (what a reminder check reads): ${claimMs.toFixed(1)} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
