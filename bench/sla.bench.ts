/**
 * SLA clock benchmark: what one re-render of an incident's clocks costs (the account page recomputes every open
 * incident's clocks once a minute, in the renderer), for an incident open a day and one open half a year on a
 * business-hours calendar (first computation, then the minute after, when the day windows are remembered).
 * Baseline, measured in the same run: the same incidents on 24×7 coverage, where a clock is plain wall-clock
 * arithmetic. Also incidents.list for an account with many incidents, through the dispatcher.
 * Run: npx tsx bench/sla.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/api/core';
import { DEFAULT_TIER_TERMS, slaStatus } from '../core/model';
import type { Coverage, SlaIncident, SlaTerms } from '../core/model';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const INCIDENTS = Number(process.env['BENCH_INCIDENTS'] ?? 300);

const standard = DEFAULT_TIER_TERMS[0]?.slaTargets ?? [];
const berlin: Coverage = { kind: 'business_hours', timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: ['2026-04-06', '2026-05-01', '2026-12-25'] };
const now = new Date('2026-11-27T10:00:00Z');

function incident(openedDaysAgo: number): SlaIncident {
  const opened = new Date(now.getTime() - openedDaysAgo * 86_400_000);
  return { severity: 1, openedAt: opened.toISOString(), firstResponseAt: new Date(opened.getTime() + 20 * 60_000).toISOString(), engagedAt: {}, updates: [], resolvedAt: null, pauses: [{ start: new Date(opened.getTime() + 3_600_000).toISOString(), end: new Date(opened.getTime() + 7_200_000).toISOString() }] };
}

/** Mean milliseconds per call over RUNS calls, each a minute later than the one before (as the page ticks). */
function perCall(terms: SlaTerms, i: SlaIncident): { first: number; mean: number } {
  let start = performance.now();
  slaStatus(terms, i, now);
  const first = performance.now() - start;
  start = performance.now();
  for (let k = 1; k <= RUNS; k += 1) slaStatus(terms, i, new Date(now.getTime() + k * 60_000));
  return { first, mean: (performance.now() - start) / RUNS };
}

async function main(): Promise<void> {
  const lines: string[] = [`SLA clocks: slaStatus per incident (Standard Sev 1 targets), ${RUNS} minute ticks`];
  for (const days of [1, 180]) {
    const base = perCall({ slaTargets: standard, coverage: { kind: '24x7' } }, incident(days));
    const business = perCall({ slaTargets: standard, coverage: berlin }, incident(days));
    lines.push(
      `  open ${days} d, 24x7 (baseline): ${base.mean.toFixed(3)} ms per tick`,
      `  open ${days} d, business hours Europe/Berlin: first ${business.first.toFixed(2)} ms, then ${business.mean.toFixed(3)} ms per tick  ratio ${(business.mean / base.mean).toFixed(1)}x baseline`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-bench-sla-'));
  try {
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    const call = async (method: string, input: unknown) => {
      const r = await core.dispatcher.dispatch(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.data as { id: string };
    };
    /** An account with one contract and INCIDENTS incidents, every third still open. */
    const seed = async (name: string, contract: Record<string, unknown>): Promise<string> => {
      const account = await call('accounts.create', { name });
      await call('contracts.create', { accountId: account.id, startsOn: '2026-01-01', endsOn: '2026-12-31', ...contract });
      for (let i = 0; i < INCIDENTS; i += 1) {
        const opened = new Date(Date.parse('2026-01-05T08:00:00Z') + i * 3 * 3_600_000).toISOString();
        const { incident: created } = (await call('incidents.open', { accountId: account.id, severity: 1 + (i % 4), openedAt: opened })) as unknown as { incident: { id: string } };
        if (i % 3 !== 0) await call('incidents.resolve', { id: created.id, at: new Date(Date.parse(opened) + 5 * 3_600_000).toISOString() });
      }
      return account.id;
    };
    const business = await seed('Business hours', { tier: 'standard', timeZone: 'Europe/Berlin' });
    // The same Standard targets on 24×7 (the sovereign add-on's coverage): clocks are plain wall-clock arithmetic.
    const roundTheClock = await seed('24x7', { tier: 'standard', addOns: ['sovereign'] });
    // Medians of five: the machine is shared, and one slow run should not decide the figure.
    const median = async (accountId: string): Promise<number> => {
      const times: number[] = [];
      for (let k = 0; k < 5; k += 1) {
        const start = performance.now();
        await call('incidents.list', { accountId });
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[2] ?? 0;
    };
    const baseline = await median(roundTheClock);
    const warm = await median(business);
    lines.push(
      `incidents.list through the dispatcher, one account, ${INCIDENTS} incidents (a third open, up to 11 months old), with SLA clocks, median of 5:`,
      `  on a 24x7 contract (baseline): ${baseline.toFixed(0)} ms`,
      `  on a business-hours contract (Europe/Berlin): ${warm.toFixed(0)} ms  ratio ${(warm / baseline).toFixed(1)}x baseline`,
    );
    core.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

void main();
