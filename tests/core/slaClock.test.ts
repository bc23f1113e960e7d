import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_TERMS,
  coverageWindows,
  describeSlaTarget,
  formatSlaDuration,
  instantAfter,
  meanTimeToResolveMs,
  normalize,
  runningMs,
  slaStatus,
} from '../../core/model';
import type { Coverage, SlaIncident, SlaPause, SlaTargetStatus, SlaTerms } from '../../core/model';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ms = (iso: string) => Date.parse(iso);

const termsOf = (code: string): SlaTerms => {
  const t = DEFAULT_TIER_TERMS.find((x) => x.code === code);
  if (!t) throw new Error(code);
  return { slaTargets: t.slaTargets, coverage: t.coverage };
};

const incident = (over: Partial<SlaIncident>): SlaIncident => ({
  severity: 1,
  openedAt: '2026-01-01T00:00:00.000Z',
  firstResponseAt: null,
  engagedAt: {},
  updates: [],
  resolvedAt: null,
  pauses: [],
  ...over,
});

const target = (statuses: SlaTargetStatus[], key: string): SlaTargetStatus => {
  const found = statuses.find((s) => s.key === key);
  if (!found) throw new Error(`no target ${key}: ${statuses.map((s) => s.key).join(', ')}`);
  return found;
};

const berlinBusiness: Coverage = {
  kind: 'business_hours',
  timeZone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: ['2026-03-30'],
};

describe('SLA clocks: worked examples checked by hand', () => {
  /*
   * Sev 1 opened Friday 27 March 2026 at 17:30 in Berlin (CET, UTC+1: 16:30Z), on business hours 09:00–17:00
   * Monday to Friday, with Monday 30 March a holiday. Standard's Sev 1 targets: first response 60 min, support
   * engineer 60 min, updates every 240 min.
   *   Friday 17:30 is after hours: nothing counts. Saturday and Sunday are not working days. Clocks go forward on
   *   Sunday 29 March (CET → CEST, UTC+2). Monday is the holiday. The clock starts Tuesday 31 March 09:00 CEST,
   *   which is 07:00Z, so the first response is due at 10:00 CEST = 08:00Z.
   *   At Tuesday 09:45 CEST (07:45Z): 45 min elapsed, 15 min left.
   *   At Tuesday 11:05 CEST (09:05Z): 125 min elapsed, breached by 65 min = "1 h 05".
   */
  const terms: SlaTerms = { slaTargets: termsOf('standard').slaTargets, coverage: berlinBusiness };
  const friday = incident({ severity: 1, openedAt: '2026-03-27T16:30:00.000Z' });

  it('Friday 17:30 Berlin, weekend, holiday Monday, DST: due Tuesday 10:00 CEST', () => {
    const onHoliday = slaStatus(terms, friday, new Date('2026-03-30T10:00:00.000Z'));
    const fr = target(onHoliday.targets, 'first_response');
    expect(fr).toMatchObject({ state: 'running', elapsedMs: 0, ticking: false, dueAt: '2026-03-31T08:00:00.000Z' });
    expect(onHoliday.inCoverage).toBe(false);

    const tuesday = slaStatus(terms, friday, new Date('2026-03-31T07:45:00.000Z'));
    expect(target(tuesday.targets, 'first_response')).toMatchObject({ state: 'running', elapsedMs: 45 * MIN, remainingMs: 15 * MIN, ticking: true });
    expect(describeSlaTarget(target(tuesday.targets, 'first_response'))).toBe('15 min left');
    expect(target(tuesday.targets, 'engage:support_engineer').remainingMs).toBe(15 * MIN);
    expect(target(tuesday.targets, 'update').state).toBe('not_started');

    const late = slaStatus(terms, friday, new Date('2026-03-31T09:05:00.000Z'));
    const frLate = target(late.targets, 'first_response');
    expect(frLate).toMatchObject({ state: 'breached', done: false, remainingMs: -65 * MIN });
    expect(describeSlaTarget(frLate)).toBe('Breached by 1 h 05');
  });

  it('a response recorded Tuesday 09:20 CEST stops the clock: met in 20 min; the update cadence starts then', () => {
    const responded = { ...friday, firstResponseAt: '2026-03-31T07:20:00.000Z' };
    const report = slaStatus(terms, responded, new Date('2026-03-31T14:00:00.000Z'));
    const fr = target(report.targets, 'first_response');
    expect(fr).toMatchObject({ state: 'met', done: true, elapsedMs: 20 * MIN, stoppedAt: '2026-03-31T07:20:00.000Z', dueAt: null });
    expect(describeSlaTarget(fr)).toBe('Met in 20 min');
    // 09:20 → 16:00 CEST = 6 h 40 of covered time since the response: the 4-hour cadence was broken at 13:20.
    const cadence = target(report.targets, 'update');
    expect(cadence).toMatchObject({ state: 'breached', elapsedMs: 400 * MIN, remainingMs: -160 * MIN });
  });

  /*
   * New York, business hours 09:00–17:00 Monday–Friday. Sev 2 (Standard: first response 240 min) opened Friday
   * 30 October 2026 at 16:00 EDT (UTC−4: 20:00Z). Friday gives 60 min. Clocks go back on Sunday 1 November
   * (EDT → EST, UTC−5). Monday 2 November opens at 09:00 EST = 14:00Z; the remaining 180 min run to 12:00 EST =
   * 17:00Z. (A clock that ignored the change would say 16:00Z.)
   */
  it('New York across the autumn DST change: due Monday 12:00 EST = 17:00Z', () => {
    const ny: Coverage = { ...berlinBusiness, timeZone: 'America/New_York', holidays: [] };
    const sev2 = incident({ severity: 2, openedAt: '2026-10-30T20:00:00.000Z' });
    const report = slaStatus({ slaTargets: termsOf('standard').slaTargets, coverage: ny }, sev2, new Date('2026-10-31T12:00:00.000Z'));
    expect(target(report.targets, 'first_response')).toMatchObject({ elapsedMs: 60 * MIN, remainingMs: 180 * MIN, dueAt: '2026-11-02T17:00:00.000Z' });
  });

  /*
   * Premier (24×7): every severity engages all three roles within 15 minutes. Opened 25 October 2026 00:50Z,
   * 10 minutes before Berlin's clocks go back: 24×7 is wall-clock time, so everything is due at 01:05Z.
   */
  it('Premier, 24×7: support engineer, developer and incident manager each due 15 min after opening', () => {
    const opened = incident({ severity: 3, openedAt: '2026-10-25T00:50:00.000Z' });
    const report = slaStatus(termsOf('premier'), opened, new Date('2026-10-25T01:00:00.000Z'));
    const keys = report.targets.map((t) => t.key);
    expect(keys).toEqual(['first_response', 'engage:support_engineer', 'engage:developer', 'engage:incident_manager', 'update']);
    for (const key of keys.slice(0, 4)) expect(target(report.targets, key)).toMatchObject({ remainingMs: 5 * MIN, dueAt: '2026-10-25T01:05:00.000Z', ticking: true });
  });

  /*
   * Premium (24×7), Sev 1: first response 30 min, updates every 60 min. Opened 10:00Z, responded 10:05Z (met in
   * 5 min). Waiting on the customer 10:30–11:30. At 12:00: since the response, 115 min of wall time minus the
   * 60-minute pause = 55 min of cadence used, 5 min left; the next update is due 12:05Z.
   */
  it('a pause waiting on the customer stops the update cadence', () => {
    const paused = incident({
      severity: 1,
      openedAt: '2026-05-04T10:00:00.000Z',
      firstResponseAt: '2026-05-04T10:05:00.000Z',
      pauses: [{ start: '2026-05-04T10:30:00.000Z', end: '2026-05-04T11:30:00.000Z' }],
    });
    const report = slaStatus(termsOf('premium'), paused, new Date('2026-05-04T12:00:00.000Z'));
    expect(target(report.targets, 'first_response')).toMatchObject({ state: 'met', elapsedMs: 5 * MIN });
    expect(target(report.targets, 'update')).toMatchObject({ state: 'running', remainingMs: 5 * MIN, dueAt: '2026-05-04T12:05:00.000Z' });
    // During the pause, nothing ticks and no due time can be promised past an open pause.
    const during = slaStatus(termsOf('premium'), { ...paused, pauses: [{ start: '2026-05-04T10:30:00.000Z', end: null }] }, new Date('2026-05-04T11:00:00.000Z'));
    expect(during.paused).toBe(true);
    expect(target(during.targets, 'update')).toMatchObject({ ticking: false, dueAt: null, remainingMs: 35 * MIN });
    // The developer (120 min) clock also stands still while paused: 30 min run before the pause.
    expect(target(during.targets, 'engage:developer')).toMatchObject({ elapsedMs: 30 * MIN, remainingMs: 90 * MIN, ticking: false });
  });

  /*
   * Premium, Sev 1, developer due in 120 min. Resolved after 90 min without a developer: the developer's clock
   * stopped at the resolution, within target. The incident manager (60 min) was not engaged either: breached by 30.
   */
  it('a resolution stops the clocks of roles never engaged', () => {
    const resolved = incident({ severity: 1, openedAt: '2026-05-04T10:00:00.000Z', firstResponseAt: '2026-05-04T10:10:00.000Z', resolvedAt: '2026-05-04T11:30:00.000Z' });
    const report = slaStatus(termsOf('premium'), resolved, new Date('2026-05-05T00:00:00.000Z'));
    expect(target(report.targets, 'engage:developer')).toMatchObject({ state: 'met', done: true, stoppedAt: '2026-05-04T11:30:00.000Z' });
    expect(target(report.targets, 'engage:incident_manager')).toMatchObject({ state: 'breached', done: true, remainingMs: -30 * MIN });
    // 10:10 → 11:30 is 80 min without an update: the 60-minute cadence was broken by 20 min.
    expect(target(report.targets, 'update')).toMatchObject({ state: 'breached', done: true, remainingMs: -20 * MIN });
  });

  it('says when the contract has no targets for a severity, or an unknown time zone', () => {
    const terms = { slaTargets: termsOf('standard').slaTargets.filter((t) => t.severity !== 4), coverage: berlinBusiness };
    expect(slaStatus(terms, incident({ severity: 4 }), new Date('2026-01-02T00:00:00Z'))).toMatchObject({ hasTargets: false, targets: [] });
    const bad = slaStatus({ ...terms, coverage: { ...berlinBusiness, timeZone: 'Mars/Olympus' } }, incident({}), new Date('2026-01-02T00:00:00Z'));
    expect(bad.problem).toBe('Unknown time zone "Mars/Olympus".');
  });

  it('reads durations the way people say them', () => {
    expect(formatSlaDuration(12 * MIN + 59_000)).toBe('12 min');
    expect(formatSlaDuration(65 * MIN)).toBe('1 h 05');
    expect(formatSlaDuration(26 * HOUR)).toBe('1 d 2 h');
    expect(formatSlaDuration(2 * DAY)).toBe('2 d');
    // Countdowns round up, as a clock on the wall would: just opened is the full target, one second over is breached.
    const running = (remainingMs: number): SlaTargetStatus => ({ key: 'first_response', kind: 'first_response', role: null, label: 'First response', targetMinutes: 15, state: remainingMs < 0 ? 'breached' : 'running', done: false, ticking: true, elapsedMs: 15 * MIN - remainingMs, remainingMs, dueAt: null, stoppedAt: null });
    expect(describeSlaTarget(running(15 * MIN - 3000))).toBe('15 min left');
    expect(describeSlaTarget(running(30_000))).toBe('1 min left');
    expect(describeSlaTarget(running(-1000))).toBe('Breached by 1 min');
    expect(describeSlaTarget(running(-65 * MIN))).toBe('Breached by 1 h 05');
  });

  it('MTTR is the mean wall-clock time from opening to resolution of resolved incidents', () => {
    expect(meanTimeToResolveMs([])).toBeNull();
    expect(
      meanTimeToResolveMs([
        { openedAt: '2026-01-01T00:00:00Z', resolvedAt: '2026-01-01T01:00:00Z' },
        { openedAt: '2026-01-01T00:00:00Z', resolvedAt: '2026-01-01T03:00:00Z' },
        { openedAt: '2026-01-01T00:00:00Z', resolvedAt: null },
      ]),
    ).toBe(2 * HOUR);
  });
});

// ---- property tests ----

/** Zones whose daylight-saving changes happen at night (01:00–03:00 local), plus zones without DST. */
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Europe/London', 'Asia/Kolkata', 'UTC'];
const RANGE_START = ms('2026-01-01T00:00:00Z');
const RANGE_END = ms('2027-12-31T00:00:00Z');

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dayString = fc.integer({ min: 0, max: 729 }).map((d) => new Date(RANGE_START + d * DAY).toISOString().slice(0, 10));

/** Business hours with start/end anywhere in the day (DST hours included). */
const anyBusinessHours = (startMin = 0, endMax = 24 * 60 - 1): fc.Arbitrary<Coverage> =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      startMinute: fc.integer({ min: startMin, max: endMax - 15 }),
      length: fc.integer({ min: 15, max: endMax - startMin }),
      holidays: fc.uniqueArray(dayString, { maxLength: 20 }),
    })
    .map(({ timeZone, days, startMinute, length, holidays }) => ({
      kind: 'business_hours' as const,
      timeZone,
      days,
      start: clock(startMinute),
      end: clock(Math.min(startMinute + length, endMax)),
      holidays,
    }));

const coverage: fc.Arbitrary<Coverage> = fc.oneof(fc.constant<Coverage>({ kind: '24x7' }), anyBusinessHours());
const instant = fc.integer({ min: RANGE_START, max: RANGE_END - 90 * DAY });
/** A span of up to 60 days, so each case stays quick. */
const span = fc.integer({ min: 0, max: 60 * DAY });

const pauses: fc.Arbitrary<SlaPause[]> = fc.array(
  fc.record({ start: fc.integer({ min: RANGE_START, max: RANGE_END - 90 * DAY }), length: fc.option(fc.integer({ min: 0, max: 5 * DAY }), { nil: null }) }),
  { maxLength: 4 },
).map((list) => list.map((p) => ({ start: new Date(p.start).toISOString(), end: p.length === null ? null : new Date(p.start + p.length).toISOString() })));

function measureWithin(list: SlaPause[], from: number, to: number): number {
  return normalize(list.map((p) => ({ start: Math.max(from, ms(p.start)), end: Math.min(to, p.end === null ? Infinity : ms(p.end)) }))).reduce((s, i) => s + i.end - i.start, 0);
}

describe('SLA clocks: properties', () => {
  it('running time is never negative and never more than wall time', () => {
    fc.assert(
      fc.property(coverage, pauses, instant, fc.integer({ min: -5 * DAY, max: 60 * DAY }), (c, p, from, length) => {
        const t = runningMs(c, p, from, from + length);
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThanOrEqual(Math.max(0, length));
      }),
    );
  });

  it('running time is monotone in the end instant and additive over adjacent spans', () => {
    fc.assert(
      fc.property(coverage, pauses, instant, span, span, (c, p, a, x, y) => {
        const b = a + x;
        const d = b + y;
        expect(runningMs(c, p, a, b)).toBeLessThanOrEqual(runningMs(c, p, a, d));
        expect(runningMs(c, p, a, d)).toBe(runningMs(c, p, a, b) + runningMs(c, p, b, d));
      }),
    );
  });

  it('24×7 is wall-clock time, less the time paused', () => {
    fc.assert(
      fc.property(pauses, instant, span, (p, from, length) => {
        const c: Coverage = { kind: '24x7' };
        expect(runningMs(c, [], from, from + length)).toBe(length);
        expect(runningMs(c, p, from, from + length)).toBe(length - measureWithin(p, from, from + length));
      }),
    );
  });

  it('a full local week of business hours is the working days times the daily hours, across DST changes', () => {
    // Hours between 06:00 and 22:00: the zones' DST changes happen at night, so every window is whole.
    fc.assert(
      fc.property(anyBusinessHours(6 * 60, 22 * 60), instant, (c, at) => {
        if (c.kind !== 'business_hours') return;
        const monday = DateTime.fromMillis(at, { zone: c.timeZone }).startOf('week');
        const nextMonday = monday.plus({ weeks: 1 });
        const noHolidays = { ...c, holidays: [] };
        const [sh, sm] = c.start.split(':').map(Number);
        const [eh, em] = c.end.split(':').map(Number);
        const daily = ((eh ?? 0) * 60 + (em ?? 0) - ((sh ?? 0) * 60 + (sm ?? 0))) * MIN;
        expect(runningMs(noHolidays, [], monday.toMillis(), nextMonday.toMillis())).toBe(c.days.length * daily);
      }),
    );
  });

  it('Monday–Friday coverage counts nothing over a weekend, whatever the zone and hours', () => {
    fc.assert(
      fc.property(anyBusinessHours(), instant, (c, at) => {
        if (c.kind !== 'business_hours') return;
        const weekdays = { ...c, days: [1, 2, 3, 4, 5] };
        const saturday = DateTime.fromMillis(at, { zone: c.timeZone }).startOf('week').plus({ days: 5 });
        expect(runningMs(weekdays, [], saturday.toMillis(), saturday.plus({ days: 2 }).toMillis())).toBe(0);
      }),
    );
  });

  it('a holiday never adds time, and a whole working day made a holiday removes exactly its window', () => {
    fc.assert(
      fc.property(anyBusinessHours(6 * 60, 22 * 60), instant, (c, at) => {
        if (c.kind !== 'business_hours') return;
        const base = { ...c, holidays: [] };
        const day = DateTime.fromMillis(at, { zone: c.timeZone }).startOf('day');
        const from = day.minus({ days: 3 }).toMillis();
        const to = day.plus({ days: 4 }).toMillis();
        const withHoliday = { ...base, holidays: [day.toISODate() ?? ''] };
        const removed = runningMs(base, [], from, to) - runningMs(withHoliday, [], from, to);
        const window = coverageWindows(base, day.toMillis(), day.plus({ days: 1 }).toMillis()).reduce((s, w) => s + w.end - w.start, 0);
        expect(removed).toBe(window);
        expect(runningMs({ ...c }, [], from, to)).toBeLessThanOrEqual(runningMs(base, [], from, to));
      }),
    );
  });

  it('the due instant is exactly where the clock reaches its target', () => {
    fc.assert(
      fc.property(coverage, pauses, instant, fc.integer({ min: 1, max: 3 * 24 * 60 }), (c, p, from, minutes) => {
        const due = instantAfter(c, p, from, minutes * MIN);
        if (due === null) return;
        expect(runningMs(c, p, from, due)).toBe(minutes * MIN);
        expect(runningMs(c, p, from, due - 1)).toBeLessThan(minutes * MIN);
      }),
    );
  });

  it('every clock of an incident is monotone in now, never negative, and pauses only take time away', () => {
    const sev = fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4);
    const tier = fc.constantFrom('standard', 'premium', 'premier');
    fc.assert(
      fc.property(coverage, tier, sev, pauses, instant, span, span, (c, code, severity, p, opened, x, y) => {
        const terms = { slaTargets: termsOf(code).slaTargets, coverage: c };
        const base = incident({ severity, openedAt: new Date(opened).toISOString() });
        const paused = { ...base, pauses: p };
        const early = slaStatus(terms, paused, new Date(opened + x));
        const later = slaStatus(terms, paused, new Date(opened + x + y));
        const unpaused = slaStatus(terms, base, new Date(opened + x));
        early.targets.forEach((t, i) => {
          expect(t.elapsedMs).toBeGreaterThanOrEqual(0);
          expect(t.elapsedMs).toBeLessThanOrEqual(later.targets[i]?.elapsedMs ?? Infinity);
          expect(t.elapsedMs).toBeLessThanOrEqual(unpaused.targets[i]?.elapsedMs ?? Infinity);
          expect(t.state === 'breached').toBe(t.remainingMs < 0);
        });
      }),
      { numRuns: 60 },
    );
  });
});
