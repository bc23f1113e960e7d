/**
 * The browser host showing a 10,000-account list in Chromium: time from navigation start to the first
 * account rows visible (performance.now() in the page, which counts from navigation start), over several
 * fresh page loads. Baseline in the same run: Chromium loading a static page with the same number of visible
 * rows (the browser's own floor for navigate + parse + paint). Target (issue 8): < 500 ms.
 * Needs the built renderer (the runner builds it) and Debian's chromium.
 * Run: npx tsx bench/account-list.bench.ts   (BENCH_ACCOUNTS=10000 by default)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../core/api/core';
import { ACCOUNTS_SPEC } from '../core/store/accountsRepo';
import { HostProcess, launchChromium } from '../tests/e2e/harness';
import { seededRandom } from '../tests/fixtures/seededRandom';
import { BulkLoader } from './data/bulkLoad';
import type { GeneratedRow } from './data/bulkLoad';
import { seededUuidV7 } from './data/generate';
import { percentile, report } from './lib/report';

const N = Number(process.env['BENCH_ACCOUNTS'] ?? 10000);
const RUNS = 7;

async function prepare(dir: string): Promise<void> {
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  try {
    await core.dispatcher.dispatch('profile.save', { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
    const rand = seededRandom(3);
    const rows: GeneratedRow[] = Array.from({ length: N }, (_, i) => {
      const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
      const id = seededUuidV7(rand, at.getTime());
      return {
        id,
        accountId: id,
        at,
        fields: { name: `Account ${String(i).padStart(5, '0')}`, segment: 'enterprise', tier: 'premium', residency: 'global', clearance: null, stage: 'production', health: 'green', notes: '' },
      };
    });
    new BulkLoader(core.store).load(ACCOUNTS_SPEC, rows);
  } finally {
    core.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/renderer/index.html')) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-list-bench-'));
  const host = new HostProcess(dir);
  const { browser, cleanup } = await launchChromium();
  try {
    await prepare(dir);
    const url = await host.start();
    const app: number[] = [];
    const floor: number[] = [];
    const staticRows = Array.from({ length: 20 }, (_, i) => `<div role="row">Account ${i}</div>`).join('');
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('[role=grid] [role=rowgroup] [role=row]').first().waitFor({ state: 'visible' });
      app.push(await page.evaluate(() => performance.now()));
      await page.goto(`data:text/html,<!doctype html><title>floor</title><body>${staticRows}</body>`);
      await page.locator('[role=row]').first().waitFor({ state: 'visible' });
      floor.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    const p50 = percentile(app, 50);
    report({
      name: `${N.toLocaleString('en-US')}-account list visible in Chromium (browser host), p50 of ${RUNS} loads`,
      value: p50,
      unit: 'ms',
      baseline: { name: 'static page with the visible rows, p50', value: percentile(floor, 50), unit: 'ms' },
      ratio: p50 / percentile(floor, 50),
      target: '< 500 ms',
      met: p50 < 500,
    });
  } finally {
    await cleanup();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
