import fc from 'fast-check';
import { DateTime, Info } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_TERMS,
  coverageWindows,
  describeSlaTarget,
  formatSlaDuration,
  instantAfter,
  meanTimeToResolveMs,
  normalize,
  RESPONDER_ROLE_LABELS,
  RESPONDER_ROLES,
  runningMs,
  slaStatus,
  subtract,
} from '../../core/model';
import type { Coverage, Interval, SlaIncident, SlaPause, SlaReport, SlaTargetStatus, SlaTerms } from '../../core/model';

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

// ---- the fast paths against a plain reference ----

/*
 * The clock walks coverage day by day without building interval arrays, and places each day's window from the
 * zone's offsets rather than through a DateTime. The reference below is the plain way: every day's window placed
 * by luxon's DateTime.fromObject, pauses cut out with `subtract`, the due time searched in the same 14-day chunks,
 * the clocks assembled from those. The answers must be the same, not close: attainment counts them.
 */
const iso = (t: number) => new Date(t).toISOString();
const placedByLuxon = new Map<string, number>();

function placeByLuxon(zone: string, date: string, clockTime: string): number {
  const key = `${zone}|${date}|${clockTime}`;
  let at = placedByLuxon.get(key);
  if (at === undefined) {
    const [year, month, day] = date.split('-').map(Number);
    const [hour, minute] = clockTime.split(':').map(Number);
    at = DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
    placedByLuxon.set(key, at);
  }
  return at;
}

function windowsRef(c: Coverage, from: number, to: number): Interval[] {
  if (!(to > from)) return [];
  if (c.kind === '24x7') return [{ start: from, end: to }];
  const out: Interval[] = [];
  for (let n = Math.floor(from / DAY) - 1; n <= Math.floor(to / DAY) + 1; n += 1) {
    const date = iso(n * DAY).slice(0, 10);
    if (!c.days.includes(DateTime.fromISO(date, { zone: 'utc' }).weekday) || c.holidays.includes(date)) continue;
    const s = Math.max(placeByLuxon(c.timeZone, date, c.start), from);
    const e = Math.min(placeByLuxon(c.timeZone, date, c.end), to);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

const pauseSpans = (p: readonly SlaPause[]): Interval[] => p.map((x) => ({ start: ms(x.start), end: x.end === null ? Infinity : ms(x.end) }));
const intervalsRef = (c: Coverage, p: readonly SlaPause[], from: number, to: number) => subtract(windowsRef(c, from, to), pauseSpans(p));
const runningMsRef = (c: Coverage, p: readonly SlaPause[], from: number, to: number) => intervalsRef(c, p, from, to).reduce((sum, i) => sum + (i.end - i.start), 0);

function instantAfterRef(c: Coverage, p: readonly SlaPause[], from: number, budget: number): number | null {
  if (budget <= 0) return from;
  // The clock's search: two years ahead (731 days) in 14-day chunks, never past the start of an open pause.
  const limit = Math.min(from + 731 * DAY, ...p.filter((x) => x.end === null).map((x) => ms(x.start)));
  let left = budget;
  for (let chunk = from; chunk < limit; chunk += 14 * DAY) {
    for (const i of intervalsRef(c, p, chunk, chunk + 14 * DAY)) {
      if (i.end - i.start >= left) return i.start + left;
      left -= i.end - i.start;
    }
  }
  return null;
}

function slaStatusRef(terms: SlaTerms, inc: SlaIncident, now: Date): SlaReport {
  const at = now.getTime();
  const { coverage: c } = terms;
  const p = inc.pauses;
  const opened = ms(inc.openedAt);
  const resolved = inc.resolvedAt === null ? null : ms(inc.resolvedAt);
  const target = terms.slaTargets.find((t) => t.severity === inc.severity);
  const report: SlaReport = {
    severity: inc.severity,
    hasTargets: target !== undefined,
    paused: resolved === null && p.some((x) => ms(x.start) <= at && (x.end === null || ms(x.end) > at)),
    inCoverage: windowsRef(c, at, at + 1).length > 0,
    targets: [],
    problem: null,
  };
  if (!target) return report;
  const ticks = (t: number) => runningMsRef(c, p, t, t + 1) > 0;
  const stopwatch = (key: string, role: SlaTargetStatus['role'], label: string, minutes: number, own: string | null | undefined): SlaTargetStatus => {
    const ownMs = own ? ms(own) : null;
    const stop = ownMs !== null && (resolved === null || ownMs <= resolved) ? ownMs : resolved;
    const end = stop ?? Math.max(at, opened);
    const elapsedMs = runningMsRef(c, p, opened, end);
    const remainingMs = minutes * MIN - elapsedMs;
    const due = stop === null ? instantAfterRef(c, p, opened, minutes * MIN) : null;
    const state = remainingMs < 0 ? 'breached' : stop !== null ? 'met' : 'running';
    const kind = role === null ? 'first_response' : 'engage';
    return { key, kind, role, label, targetMinutes: minutes, state, done: stop !== null, ticking: stop === null && ticks(end), elapsedMs, remainingMs, dueAt: due === null ? null : iso(due), stoppedAt: stop === null ? null : iso(stop) };
  };
  report.targets.push(stopwatch('first_response', null, 'First response', target.firstResponseMinutes, inc.firstResponseAt));
  for (const role of RESPONDER_ROLES) {
    const minutes = target.engageMinutes[role];
    if (minutes !== undefined) report.targets.push(stopwatch(`engage:${role}`, role, `${RESPONDER_ROLE_LABELS[role]} engaged`, minutes, inc.engagedAt[role]));
  }
  const cadence = target.updateCadenceMinutes;
  if (cadence === null) return report;
  const base = { key: 'update', kind: 'update' as const, role: null, label: 'Update cadence', targetMinutes: cadence };
  const targetMs = cadence * MIN;
  if (inc.firstResponseAt === null) {
    report.targets.push({ ...base, state: 'not_started', done: resolved !== null, ticking: false, elapsedMs: 0, remainingMs: targetMs, dueAt: null, stoppedAt: resolved === null ? null : iso(resolved) });
    return report;
  }
  const first = ms(inc.firstResponseAt);
  const end = resolved ?? Math.max(at, first);
  const checkpoints = [first, ...inc.updates.map(ms).filter((t) => t > first && t < end)].sort((a, b) => a - b);
  const gaps = checkpoints.map((from, i) => runningMsRef(c, p, from, checkpoints[i + 1] ?? end));
  const worst = Math.max(0, ...gaps);
  const last = checkpoints[checkpoints.length - 1] as number;
  const done = resolved !== null;
  const elapsedMs = worst > targetMs || done ? worst : runningMsRef(c, p, last, end);
  const due = done ? null : instantAfterRef(c, p, last, targetMs);
  report.targets.push({
    ...base,
    state: worst > targetMs ? 'breached' : done ? 'met' : 'running',
    done,
    ticking: !done && ticks(end),
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    dueAt: due === null ? null : iso(due),
    stoppedAt: done ? iso(end) : null,
  });
  return report;
}

/** Zones with daylight saving, some changing at midnight (Santiago) or by half an hour (Lord Howe), and some without. */
const REF_ZONES = [...ZONES, 'America/Santiago', 'Australia/Lord_Howe'];
/** Any hours, often at night where the clocks change; a window ending before it starts covers nothing. */
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 0, max: 4 * 60 }));
const refCoverage: fc.Arbitrary<Coverage> = fc.oneof(
  { arbitrary: fc.constant<Coverage>({ kind: '24x7' }), weight: 1 },
  {
    arbitrary: fc
      .record({
        timeZone: fc.constantFrom(...REF_ZONES),
        days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        start: minuteOfDay,
        end: minuteOfDay,
        holidays: fc.uniqueArray(dayString, { maxLength: 20 }),
      })
      .map(({ start, end, ...rest }): Coverage => ({ kind: 'business_hours', ...rest, start: clock(start), end: clock(end) })),
    weight: 4,
  },
);
/** Times relative to opening; negative ones come before it (the clocks must cope). */
const offset = (days: number) => fc.integer({ min: -DAY, max: days * DAY });
const refIncident = fc
  .record({
    severity: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
    opened: instant,
    firstResponse: fc.option(offset(10), { nil: null }),
    engaged: fc.array(fc.option(offset(10), { nil: null }), { minLength: 3, maxLength: 3 }),
    updates: fc.array(offset(30), { maxLength: 6 }),
    resolved: fc.option(offset(40), { nil: null }),
    pauses: fc.array(fc.record({ start: offset(30), length: fc.option(fc.integer({ min: -HOUR, max: 5 * DAY }), { nil: null }) }), { maxLength: 4 }),
  })
  .map(
    (x): SlaIncident => ({
      severity: x.severity,
      openedAt: iso(x.opened),
      firstResponseAt: x.firstResponse === null ? null : iso(x.opened + x.firstResponse),
      engagedAt: Object.fromEntries(RESPONDER_ROLES.map((role, i) => [role, x.engaged[i] == null ? null : iso(x.opened + x.engaged[i])])),
      updates: x.updates.map((u) => iso(x.opened + u)),
      resolvedAt: x.resolved === null ? null : iso(x.opened + x.resolved),
      pauses: x.pauses.map((q) => ({ start: iso(x.opened + q.start), end: q.length === null ? null : iso(x.opened + q.start + q.length) })),
    }),
  );

describe('SLA clocks: the fast paths give exactly the plain answers', () => {
  it('coverage windows are where luxon places each local day, across DST changes and in their gaps and repeated hours', () => {
    fc.assert(
      fc.property(refCoverage, instant, span, (c, from, length) => {
        expect(coverageWindows(c, from, from + length)).toStrictEqual(windowsRef(c, from, from + length));
      }),
    );
  });

  it('on the very days the clocks change, whatever the hours', () => {
    // Each zone's changes in the test range, as the UTC day on which the offset differs from the day before.
    const changes = REF_ZONES.flatMap((zone) => {
      const rules = Info.normalizeZone(zone);
      const days: Array<{ zone: string; day: number }> = [];
      for (let t = RANGE_START; t < RANGE_END; t += DAY) if (rules.offset(t) !== rules.offset(t + DAY)) days.push({ zone, day: t + DAY });
      return days;
    });
    expect(changes.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...changes), minuteOfDay, minuteOfDay, fc.integer({ min: -2 * DAY, max: DAY }), fc.integer({ min: 0, max: 3 * DAY }), ({ zone, day }, start, end, shift, length) => {
        const c: Coverage = { kind: 'business_hours', timeZone: zone, days: [1, 2, 3, 4, 5, 6, 7], start: clock(start), end: clock(end), holidays: [] };
        const from = day + shift;
        expect(coverageWindows(c, from, from + length)).toStrictEqual(windowsRef(c, from, from + length));
      }),
      { numRuns: 300 },
    );
  });

  it('also in the 19th century, when zones kept local mean time (offsets in seconds, not minutes)', () => {
    const lmtZones = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/Amsterdam', 'Australia/Sydney');
    const early = fc.integer({ min: ms('1850-01-01T00:00:00Z'), max: ms('1950-01-01T00:00:00Z') });
    fc.assert(
      fc.property(lmtZones, minuteOfDay, minuteOfDay, early, span, (timeZone, start, end, from, length) => {
        const c: Coverage = { kind: 'business_hours', timeZone, days: [1, 2, 3, 4, 5, 6, 7], start: clock(start), end: clock(end), holidays: [] };
        expect(coverageWindows(c, from, from + length)).toStrictEqual(windowsRef(c, from, from + length));
        expect(runningMs(c, [], from, from + length)).toBe(runningMsRef(c, [], from, from + length));
      }),
      { numRuns: 50 },
    );
  });

  it('running time and due instants match the interval arrays, pauses included', () => {
    fc.assert(
      fc.property(refCoverage, pauses, instant, fc.integer({ min: -DAY, max: 60 * DAY }), fc.integer({ min: -MIN, max: 5 * DAY }), (c, p, from, length, budget) => {
        expect(runningMs(c, p, from, from + length)).toBe(runningMsRef(c, p, from, from + length));
        expect(instantAfter(c, p, from, budget)).toBe(instantAfterRef(c, p, from, budget));
      }),
    );
  });

  it('every clock of an incident matches the plain computation', () => {
    const tier = fc.constantFrom('standard', 'premium', 'premier');
    fc.assert(
      fc.property(refCoverage, tier, refIncident, offset(60), (c, code, inc, later) => {
        const terms = { slaTargets: termsOf(code).slaTargets, coverage: c };
        const now = new Date(ms(inc.openedAt) + later);
        expect(slaStatus(terms, inc, now)).toStrictEqual(slaStatusRef(terms, inc, now));
      }),
      { numRuns: 200 },
    );
  });
});
