/**
 * Portfolio views benchmark: the Adoption heat map (adoption.portfolio) and the Lifecycle area (lifecycle.overview)
 * over N accounts with adoption records and hand-offs, against the baseline of accounts.list over the same accounts
 * measured in the same run (both views read every account). Run: npx tsx bench/team.bench.ts  (BENCH_N=5000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import type { Core } from '../core/api/core';

const N = Number(process.env['BENCH_N'] ?? 5000);
const ROUNDS = 5;
const STATUSES = ['adopted', 'piloting', 'evaluating', 'blocked'] as const;
const CAPABILITIES = ['sso', 'rbac', 'audit-logs', 'backup-dr', 'observability'];

async function call(core: Core, method: string, input: unknown): Promise<unknown> {
  const result = await core.dispatcher.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data;
}

/** The median of ROUNDS runs, in milliseconds. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-team-'));
  try {
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    for (let i = 0; i < N; i += 1) {
      const account = (await call(core, 'accounts.create', { name: `Account ${String(i).padStart(5, '0')}` })) as { id: string };
      for (const [j, capability] of CAPABILITIES.entries()) {
        const status = STATUSES[(i + j) % STATUSES.length] ?? 'adopted';
        await call(core, 'adoption.set', { accountId: account.id, capability, status, ...(status === 'blocked' ? { blockers: 'Waiting.' } : {}) });
      }
      if (i % 2 === 0) await call(core, 'lifecycle.move', { accountId: account.id, to: 'onboarding' });
    }
    const listMs = await median(() => call(core, 'accounts.list', {}));
    const portfolioMs = await median(() => call(core, 'adoption.portfolio', {}));
    const overviewMs = await median(() => call(core, 'lifecycle.overview', {}));
    core.close();
    const lines = [
      `portfolio views over ${N} accounts (${CAPABILITIES.length} adoption records each, a hand-off with 5 checklist items on every other), median of ${ROUNDS}`,
      `  accounts.list (baseline): ${listMs.toFixed(1)} ms`,
      `  adoption.portfolio (heat map): ${portfolioMs.toFixed(1)} ms  ratio ${(portfolioMs / listMs).toFixed(2)}x baseline`,
      `  lifecycle.overview (stages, medians, open hand-offs): ${overviewMs.toFixed(1)} ms  ratio ${(overviewMs / listMs).toFixed(2)}x baseline`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
