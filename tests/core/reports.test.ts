import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportsService } from '../../core/reports';
import type { MetricsReport, ReportQuery } from '../../core/model';
import { clockedServices } from './reviewsHelpers';
import { PERIOD, seedMetrics } from './reportsFixture';
import type { MetricsFixture } from './reportsFixture';
import { testCore } from './helpers';

const H = 3_600_000;
const D = 24 * H;

describe('metrics reports on the hand-computed fixture (period 2026-10-05 … 2026-10-18)', () => {
  let env: Awaited<ReturnType<typeof clockedServices>>;
  let fx: MetricsFixture;
  let reports: ReportsService;
  let report: MetricsReport;
  const run = (query: Partial<ReportQuery> = {}) => reports.report({ ...PERIOD, ...query });

  beforeEach(async () => {
    env = await clockedServices('2026-09-01T08:00:00.000Z');
    fx = seedMetrics(env.store, env.services, env.clock);
    // "Now" is well after the period: every figure is taken at its end, 2026-10-19T00:00Z.
    env.clock.set('2026-11-27T12:00:00.000Z');
    reports = new ReportsService(env.store);
    report = run();
  });
  afterEach(() => env.close());

  it('takes the figures at the end of a past period, over every live account', () => {
    expect(report.asOf).toBe('2026-10-19T00:00:00.000Z');
    expect(report.accounts).toBe(4);
  });

  it('SLA attainment per tier, severity and target, with the breaches', () => {
    // Opened in the period: I1, I2, I4, I5 (I3 opened 09-28, before). I5 opened 10-06 on Borealis before its
    // contract (from 10-08): no targets.
    expect(report.sla.incidents).toBe(4);
    expect(report.sla.withoutContract).toBe(1);
    const row = (tier: string, severity: number, target: string) => report.sla.rows.find((r) => r.tier === tier && r.severity === severity && r.target === target);
    // I1 premium sev 1 (24×7): response 20 ≤ 30 met; SE 25 ≤ 30 met; developer 60 ≤ 120 met; IM 90 > 60 breached by
    // 30 min; cadence 60: response 10:20 → update 11:10 (50) → resolved 12:00 (50): met.
    expect(row('premium', 1, 'first_response')).toMatchObject({ met: 1, breached: 0, pending: 0, attainment: 1 });
    expect(row('premium', 1, 'engage:support_engineer')).toMatchObject({ met: 1 });
    expect(row('premium', 1, 'engage:developer')).toMatchObject({ met: 1 });
    expect(row('premium', 1, 'engage:incident_manager')).toMatchObject({ met: 0, breached: 1, attainment: 0 });
    expect(row('premium', 1, 'update')).toMatchObject({ met: 1 });
    // I2 premium sev 2 opened 10-18 23:00; its response (02:00) and resolution came after the period: at 10-19 00:00
    // the response clock has run 60 of 120 min: pending, like SE (120), developer (480) and the cadence (not started).
    expect(row('premium', 2, 'first_response')).toMatchObject({ met: 0, breached: 0, pending: 1, attainment: null });
    expect(row('premium', 2, 'engage:developer')).toMatchObject({ pending: 1 });
    expect(row('premium', 2, 'update')).toMatchObject({ pending: 1 });
    // I4 standard sev 2, business hours 09–17 UTC Mon–Fri. Opened Fri 16:00; response Mon 11:00 = 60 (Fri) + 120
    // (Mon) = 180 ≤ 240 met, though 67 h passed on the wall clock; SE Mon 13:30 = 60 + 270 = 330 > 240 breached by
    // 90 min; cadence 480: response 11:00 → resolved 15:00 = 240 met.
    expect(row('standard', 2, 'first_response')).toMatchObject({ met: 1, breached: 0 });
    expect(row('standard', 2, 'engage:support_engineer')).toMatchObject({ met: 0, breached: 1 });
    expect(row('standard', 2, 'update')).toMatchObject({ met: 1 });
    expect(report.sla.rows).toHaveLength(5 + 4 + 3);
    // Decided: 6 met (I1: 4, I4: 2), 2 breached → 6 / 8.
    expect(report.sla.attainment).toBe(0.75);
    expect(report.sla.breachCount).toBe(2);
    // Breaches: severity first, then how far over.
    expect(report.sla.breaches.map((b) => [b.incidentId, b.target, b.overMs])).toEqual([
      [fx.incidents.i1, 'engage:incident_manager', 30 * 60_000],
      [fx.incidents.i4, 'engage:support_engineer', 90 * 60_000],
    ]);
    expect(report.sla.breaches[0]).toMatchObject({ accountId: fx.acme, accountName: 'Acme', tier: 'premium', severity: 1, summary: 'Checkout down', targetMinutes: 60 });
  });

  it('MTTR over incidents resolved in the period, mean, median and per week', () => {
    // Resolved in the period: I1 (2 h, 10-06, W41), I3 (opened 09-28 08:00 → 10-07 08:00 = 216 h, W41), I4 (Fri 16:00
    // → Mon 15:00 = 71 h wall clock, W42). I2 resolved 10-19: outside.
    expect(report.mttr.resolved).toBe(3);
    expect(report.mttr.meanMs).toBeCloseTo(((2 + 216 + 71) / 3) * H, 0);
    expect(report.mttr.medianMs).toBe(71 * H);
    expect(report.mttr.weeks).toEqual([
      { week: '2026-W41', resolved: 2, meanMs: 109 * H, medianMs: 109 * H },
      { week: '2026-W42', resolved: 1, meanMs: 71 * H, medianMs: 71 * H },
    ]);
    expect(report.mttr.items[0]).toMatchObject({ id: fx.incidents.i3, tab: 'incidents', durationMs: 216 * H });
  });

  it('backlog at the end of the period with ageing buckets and overdue items', () => {
    // Open at 10-19 00:00: I2 (opened an hour before, resolved after) → under a day; I5 (opened 10-06 09:00, 12 d 15 h)
    // → 7–30 days. Actions: X1 (created 10-01 12:00, 17.5 d, due 10-10 < 10-18: overdue) → 7–30; X4 (created 10-12
    // 00:00, exactly 7 d, due 10-18 = the last day: not overdue yet) → 7–30; X2 (created 10-18 12:00, 12 h, in
    // progress) → under a day; X3 is done.
    const b = report.backlog;
    expect(b.openIncidents).toBe(2);
    expect(b.openActions).toBe(3);
    expect(b.overdueActions).toBe(1);
    expect(b.buckets).toEqual([
      { bucket: 'under_1d', incidents: 1, actions: 1 },
      { bucket: '1_7d', incidents: 0, actions: 0 },
      { bucket: '7_30d', incidents: 1, actions: 2 },
      { bucket: 'over_30d', incidents: 0, actions: 0 },
    ]);
    expect(b.incidents.map((i) => i.id)).toEqual([fx.incidents.i5, fx.incidents.i2]);
    expect(b.actions.map((a) => [a.id, a.overdue])).toEqual([
      [fx.actions.x1, true],
      [fx.actions.x4, false],
      [fx.actions.x2, false],
    ]);
  });

  it('hours: billable and not per week, utilisation per person and team', () => {
    // In the period (the corrected 100 min counts as its 40 min correction; 10-02 and 10-20 are outside):
    // W41: Ann 600 + 40, Bob 300 = 940 billable; W42: Bob 240 + Carl 480 = 720 billable, Ann 120 non-billable.
    const h = report.hours;
    expect(h.billableMinutes).toBe(1660);
    expect(h.nonBillableMinutes).toBe(120);
    expect(h.weeks).toEqual([
      { week: '2026-W41', billableMinutes: 940, nonBillableMinutes: 0 },
      { week: '2026-W42', billableMinutes: 720, nonBillableMinutes: 120 },
    ]);
    // Capacity: 10 working days × 480 = 4,800 min each. Ann 640 / 4800, Bob 540 / 4800, Carl 480 / 4800.
    expect(h.people.map((p) => [p.name, p.team, p.billableMinutes, p.nonBillableMinutes, p.capacityMinutes])).toEqual([
      ['Ann Archer', 'Technical account manager', 640, 120, 4800],
      ['Bob Baker', 'Solutions engineer', 540, 0, 4800],
      ['carl@vendor.example', 'Not in the directory', 480, 0, 4800],
    ]);
    expect(h.people[0]?.utilisation).toBeCloseTo(640 / 4800, 6);
    expect(h.teams.find((t) => t.team === 'Solutions engineer')).toMatchObject({ people: 1, billableMinutes: 540, capacityMinutes: 4800, utilisation: 0.1125 });
  });

  it('hours: burn-down against included hours with the forecast exhaustion date, a contract starting mid-period', () => {
    const [acme, borealis, cobalt, ...rest] = report.hours.contracts;
    expect(rest).toEqual([]);
    // Acme: premium 16 h = 960 min per month, period 10-01 … 10-31; billable to 10-18: 300 + 600 + 40 = 940 (97.9 %).
    // Burn 940 / 18 days = 52.2 min/day; 20 min left → ceil(20 / 52.2) = 1 day → 10-19.
    expect(acme).toMatchObject({ accountName: 'Acme', periodStart: '2026-10-01', periodEnd: '2026-10-31', includedMinutes: 960, usedMinutes: 940, level: 'warning', exhaustionDate: '2026-10-19', exhausted: false });
    expect(acme?.days).toHaveLength(18);
    expect(acme?.days.find((d) => d.date === '2026-10-02')?.remainingMinutes).toBe(660);
    expect(acme?.days.at(-1)).toEqual({ date: '2026-10-18', remainingMinutes: 20 });
    // Borealis: from 10-08 (mid-period), 10 h = 600 min, period 10-08 … 11-07; used 300 + 240 = 540 (90 %) over 11
    // days = 49.1/day; 60 left → ceil(60 / 49.1) = 2 days → 10-20.
    expect(borealis).toMatchObject({ accountName: 'Borealis', periodStart: '2026-10-08', periodEnd: '2026-11-07', includedMinutes: 600, usedMinutes: 540, exhaustionDate: '2026-10-20' });
    expect(borealis?.days[0]).toEqual({ date: '2026-10-08', remainingMinutes: 600 });
    // Cobalt: premier 40 h = 2400, used 480 (20 %) at 26.7/day: 1,920 left lasts 72 days, past the period's end → no date.
    expect(cobalt).toMatchObject({ accountName: 'Cobalt', usedMinutes: 480, percentUsed: 20, level: 'ok', exhaustionDate: null });
  });

  it('hours: a contract that ran out says the day it did', () => {
    // The week after: Bob's 60 min on 10-20 brings Acme to 300 + 600 + 40 + 60 = 1,000 of 960 minutes; the running
    // total reached 960 on 10-20.
    const later = run({ from: '2026-10-19', to: '2026-10-25', accountId: fx.acme });
    expect(later.hours.contracts[0]).toMatchObject({ usedMinutes: 1000, level: 'exhausted', exhausted: true, exhaustionDate: '2026-10-20' });
    expect(later.hours.contracts[0]?.days.find((d) => d.date === '2026-10-20')?.remainingMinutes).toBe(-40);
    // The same across the portfolio (the period-wide path), where Acme comes first.
    expect(run({ from: '2026-10-19', to: '2026-10-25' }).hours.contracts[0]).toMatchObject({ accountName: 'Acme', exhaustionDate: '2026-10-20' });
  });

  it('adoption: score at the end and start of the period, weekly trend and heat map', () => {
    // Catalog weights sum to 22. End (10-18): SSO 3×1 + RBAC 3×1 + backup 3×¼ = 6.75 → round(100 × 6.75 / 22) = 31.
    // Start (10-04): SSO only → 3 / 22 → 14. End of W41 (10-11): SSO 3 + RBAC piloting 1.5 = 4.5 → 20.
    const acme = report.adoption.accounts.find((a) => a.accountId === fx.acme);
    expect(acme).toMatchObject({ score: 31, startScore: 14 });
    expect(acme?.statuses).toMatchObject({ sso: 'adopted', rbac: 'adopted', 'backup-dr': 'evaluating', byok: 'not_started' });
    expect(report.adoption.accounts.find((a) => a.accountId === fx.delta)).toMatchObject({ score: 0, startScore: 0 });
    // Means over four accounts (the others score 0): W41 20 / 4 = 5; W42 31 / 4 = 7.75.
    expect(report.adoption.trend).toEqual([
      { week: '2026-W41', end: '2026-10-11', meanScore: 5 },
      { week: '2026-W42', end: '2026-10-18', meanScore: 7.75 },
    ]);
    expect(report.adoption.capabilities).toHaveLength(11);
  });

  it('adoption: of two status changes noted on one day, the later one holds, in the period and after it', () => {
    env.services.adoption.set({ accountId: fx.delta, capability: 'byok', status: 'piloting', on: '2026-10-09' });
    env.services.adoption.set({ accountId: fx.delta, capability: 'byok', status: 'evaluating', on: '2026-10-09' });
    // Evaluating counts ¼ of BYOK's weight 2: 0.5 / 22 → round(2.27) = 2, from W41 on; nothing before the period.
    expect(run().adoption.accounts.find((a) => a.accountId === fx.delta)).toMatchObject({ score: 2, startScore: 0, statuses: { byok: 'evaluating' } });
    expect(run({ from: '2026-10-19', to: '2026-10-25' }).adoption.accounts.find((a) => a.accountId === fx.delta)).toMatchObject({ score: 2, startScore: 2 });
  });

  it('lifecycle: accounts per stage, median time in stage, hand-offs with open checklist items', () => {
    // Onboarding: Acme since 10-10 (9 days at 10-19), Borealis since 10-16 (3 days) → median 6 days.
    // Pre-sales: Cobalt and Delta since they were set up on 09-01 08:00 → 47 d 16 h each.
    const stage = (s: string) => report.lifecycle.stages.find((x) => x.stage === s);
    expect(stage('onboarding')).toEqual({ stage: 'onboarding', accounts: 2, medianMs: 6 * D });
    expect(stage('pre_sales')).toEqual({ stage: 'pre_sales', accounts: 2, medianMs: 47 * D + 16 * H });
    expect(stage('production')).toEqual({ stage: 'production', accounts: 0, medianMs: null });
    expect(report.lifecycle.handoffs).toBe(2);
    // Acme's hand-off: 1 of 5 onboarding items done at the move → 4 open. Borealis's: all done.
    expect(report.lifecycle.incomplete).toEqual([
      expect.objectContaining({ accountId: fx.acme, id: fx.acmeHandoff, tab: 'lifecycle', fromStage: 'pre_sales', toStage: 'onboarding', open: 4, total: 5 }),
    ]);
  });

  it('roadmap: the most requested asks of the period across accounts', () => {
    // "SSO via SAML" (Acme, high) and "sso — via saml" (Borealis, critical) are one ask of two accounts; "Audit
    // export" counts Acme only (Cobalt asked on 09-20, outside the period).
    expect(report.asks.map((a) => [a.title, a.accountCount, a.topPriority])).toEqual([
      ['sso — via saml', 2, 'critical'],
      ['Audit export', 1, 'low'],
    ]);
  });

  it('coverage: restricted accounts whose people cannot answer them, per shift', () => {
    // Restricted: Borealis (eu) and Cobalt (uk, uk-sc). Cobalt's Day shift (Uma: uk-sc, uk) is covered; Night (Vic
    // lacks uk-sc; Wes works from eu) is not. Borealis has no rotation (standard): Bob works from us → nobody qualifies.
    const c = report.coverage;
    expect(c).toMatchObject({ accounts: 2, shifts: 2, coveredShifts: 1 });
    expect(c.gaps.map((g) => [g.accountName, g.shiftId, g.problems.map((p) => `${p.member}:${p.problem.kind}`)])).toEqual([
      ['Borealis', null, ['Bob Baker:wrong_region']],
      ['Cobalt', fx.nightShift, ['Vic Vale:lacks_clearance', 'Wes West:wrong_region']],
    ]);
  });

  it('filters by tier, segment, region, owner and account, and every figure follows', () => {
    const premium = run({ tier: 'premium' });
    expect(premium.accounts).toBe(1);
    expect(premium.sla.incidents).toBe(2);
    expect(premium.hours.billableMinutes).toBe(640);
    expect(premium.coverage.accounts).toBe(0);
    expect(run({ region: 'uk' }).coverage.gaps.map((g) => g.accountName)).toEqual(['Cobalt']);
    expect(run({ segment: 'commercial' }).accounts).toBe(2);
    const ann = run({ owner: 'ANN ARCHER' });
    expect(ann.accounts).toBe(1);
    expect(ann.mttr.resolved).toBe(2);
    const borealis = run({ accountId: fx.borealis });
    expect(borealis.sla).toMatchObject({ incidents: 2, withoutContract: 1, breachCount: 1 });
    expect(borealis.hours.contracts.map((c) => c.accountName)).toEqual(['Borealis']);
    expect(borealis.asks.map((a) => a.accountCount)).toEqual([1]);
  });

  it('a resolved incident edited after a report is judged again by the next one (remembered outcomes follow the record)', () => {
    expect(report.sla.breachCount).toBe(2);
    // I4's support engineer was in fact engaged Monday 11:30: 60 + 150 = 210 business minutes ≤ 240, met.
    env.services.incidents.update(fx.incidents.i4, { supportEngineerAt: '2026-10-12T11:30:00Z' });
    const again = run();
    expect(again.sla.breaches.map((b) => b.incidentId)).toEqual([fx.incidents.i1]);
    expect(again.sla.attainment).toBe(7 / 8);
  });

  it('a period that has not ended is taken now; a deleted account counts nowhere', () => {
    env.clock.set('2026-10-12T12:00:00.000Z');
    const midway = run();
    // At 10-12 12:00: I4 had its response (11:00) but not its SE yet (13:30): 60 + 180 = 240 business minutes, not
    // over 240 → pending; the response is met. I1 is as before.
    expect(midway.asOf).toBe('2026-10-12T12:00:00.000Z');
    expect(midway.sla.rows.find((r) => r.tier === 'standard' && r.target === 'engage:support_engineer')).toMatchObject({ pending: 1, breached: 0 });
    env.clock.set('2026-11-27T12:00:00.000Z');
    env.services.accounts.delete(fx.acme);
    const after = run();
    expect(after.accounts).toBe(3);
    expect(after.sla.breaches.map((b) => b.accountName)).toEqual(['Borealis']);
    expect(after.hours.contracts.map((c) => c.accountName)).not.toContain('Acme');
  });
});

describe('metrics reports with no data', () => {
  it('answers every figure empty, never failing', async () => {
    const env = await clockedServices('2026-11-27T12:00:00.000Z');
    try {
      const report = new ReportsService(env.store).report({ from: '2026-11-16', to: '2026-11-22' });
      expect(report.accounts).toBe(0);
      expect(report.sla).toEqual({ incidents: 0, withoutContract: 0, rows: [], attainment: null, breaches: [], breachCount: 0 });
      expect(report.mttr).toMatchObject({ resolved: 0, meanMs: null, medianMs: null, weeks: [{ week: '2026-W47', resolved: 0, meanMs: null, medianMs: null }] });
      expect(report.backlog).toMatchObject({ openIncidents: 0, openActions: 0, overdueActions: 0 });
      expect(report.hours).toMatchObject({ billableMinutes: 0, nonBillableMinutes: 0, contracts: [], people: [], teams: [] });
      expect(report.adoption.accounts).toEqual([]);
      expect(report.adoption.trend).toEqual([{ week: '2026-W47', end: '2026-11-22', meanScore: null }]);
      expect(report.lifecycle.incomplete).toEqual([]);
      expect(report.asks).toEqual([]);
      expect(report.coverage).toEqual({ accounts: 0, shifts: 0, coveredShifts: 0, gaps: [] });
    } finally {
      env.close();
    }
  });
});

describe('reports through the API', () => {
  it('validates the period and answers the report', async () => {
    const { call, close } = await testCore();
    try {
      await expect(call('reports.metrics', { from: '2026-10-18', to: '2026-10-05' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(call('reports.metrics', { from: '2025-01-01', to: '2026-10-05' })).rejects.toThrow(/at most 366 days/);
      await expect(call('reports.weekly', { week: '2026-W54' })).rejects.toMatchObject({ code: 'invalid' });
      const report = await call('reports.metrics', { from: '2026-10-05', to: '2026-10-18', tier: 'premium' });
      expect(report.query.tier).toBe('premium');
      expect(report.accounts).toBe(0);
    } finally {
      close();
    }
  });
});
