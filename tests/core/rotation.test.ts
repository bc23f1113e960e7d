import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coverageRequirement,
  describeCoverageProblem,
  rotationCoverage,
  rotationWeek,
  shiftOverlap,
  uncoveredSpans,
  weekBounds,
  weekSchedule,
  whoAnswers,
} from '../../core/model';
import type { CoverageMember, RotationFields, Shift } from '../../core/model';

// Member ids are UUIDv7 in the schema; the pure rules only compare them, so short readable stand-ins do.
const A = 'ada';
const B = 'bob';
const C = 'cyd';

const allWeek = [1, 2, 3, 4, 5, 6, 7];
const shift = (over: Partial<Shift> & Pick<Shift, 'id'>): Shift => ({ name: over.id, start: '00:00', end: '00:00', days: allWeek, order: [], ...over });

const at = (iso: string) => new Date(iso);

describe('who answers at instant T', () => {
  // 2026-01-05 is a Monday. One round-the-clock shift; the week turns on Mondays at 09:00 UTC.
  const simple: RotationFields = {
    timeZone: 'UTC',
    startsOn: '2026-01-05',
    handoffDay: 1,
    handoffTime: '09:00',
    shifts: [shift({ id: 'all', name: 'Around the clock', order: [A, B, C] })],
  };

  it('starts at the first hand-off on or after the start date, and turns the week at the hand-off minute', () => {
    expect(whoAnswers(simple, at('2026-01-05T08:59:00Z'))).toEqual({ status: 'not_started', startsAt: '2026-01-05T09:00:00.000Z' });
    expect(whoAnswers(simple, at('2026-01-05T09:00:00Z'))).toMatchObject({ status: 'on_call', memberId: A, week: 0 });
    expect(whoAnswers(simple, at('2026-01-12T08:59:59Z'))).toMatchObject({ memberId: A, week: 0 });
    expect(whoAnswers(simple, at('2026-01-12T09:00:00Z'))).toMatchObject({ memberId: B, week: 1 });
    expect(whoAnswers(simple, at('2026-01-19T09:00:00Z'))).toMatchObject({ memberId: C, week: 2 });
    // The order wraps around.
    expect(whoAnswers(simple, at('2026-01-26T09:00:00Z'))).toMatchObject({ memberId: A, week: 3 });
    // A year later: 52 weeks after 2026-01-05 09:00 is 2027-01-04 09:00; 52 mod 3 = 1.
    expect(whoAnswers(simple, at('2027-01-04T09:00:00Z'))).toMatchObject({ memberId: B, week: 52 });
  });

  it('a start date in mid-week waits for the first hand-off day', () => {
    const wednesday = { ...simple, startsOn: '2026-01-07' };
    expect(whoAnswers(wednesday, at('2026-01-10T12:00:00Z')).status).toBe('not_started');
    expect(whoAnswers(wednesday, at('2026-01-12T09:00:00Z'))).toMatchObject({ memberId: A, week: 0 });
  });

  it('keeps the hand-off at local wall-clock time across a daylight-saving change (Europe/London, 29 March 2026)', () => {
    const london: RotationFields = { ...simple, timeZone: 'Europe/London', startsOn: '2026-03-16' };
    // 16 and 23 March are in GMT: 09:00 local is 09:00Z.
    expect(whoAnswers(london, at('2026-03-16T09:00:00Z'))).toMatchObject({ memberId: A, week: 0 });
    expect(whoAnswers(london, at('2026-03-23T08:59:00Z'))).toMatchObject({ memberId: A });
    expect(whoAnswers(london, at('2026-03-23T09:00:00Z'))).toMatchObject({ memberId: B, week: 1 });
    // 30 March is in BST: 09:00 local is 08:00Z, so at 08:30Z the next person already answers.
    expect(whoAnswers(london, at('2026-03-30T07:59:00Z'))).toMatchObject({ memberId: B, week: 1 });
    expect(whoAnswers(london, at('2026-03-30T08:30:00Z'))).toMatchObject({ memberId: C, week: 2 });
    const bounds = weekBounds(london, 1);
    expect(bounds.from.toUTC().toISO()).toBe('2026-03-23T09:00:00.000Z');
    expect(bounds.until.toUTC().toISO()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('finds business-hours shifts in the rotation zone, not in UTC (America/New_York across the 8 March 2026 change)', () => {
    const ny: RotationFields = {
      timeZone: 'America/New_York',
      startsOn: '2026-03-02',
      handoffDay: 1,
      handoffTime: '09:00',
      shifts: [shift({ id: 'bh', name: 'Business hours', start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5], order: [A, B] })],
    };
    // Monday 2 March, EST (UTC−5): 13:30Z is 08:30 local, before both the shift and the first hand-off.
    expect(whoAnswers(ny, at('2026-03-02T13:30:00Z')).status).toBe('not_started');
    expect(whoAnswers(ny, at('2026-03-02T14:30:00Z'))).toMatchObject({ status: 'on_call', memberId: A, from: '2026-03-02T14:00:00.000Z', until: '2026-03-02T22:00:00.000Z' });
    // Monday 9 March, EDT (UTC−4): 13:30Z is 09:30 local.
    expect(whoAnswers(ny, at('2026-03-09T13:30:00Z'))).toMatchObject({ status: 'on_call', memberId: B, from: '2026-03-09T13:00:00.000Z', until: '2026-03-09T21:00:00.000Z' });
    // Evenings and weekends have no shift.
    expect(whoAnswers(ny, at('2026-03-09T21:30:00Z'))).toEqual({ status: 'no_shift', week: 1 });
    expect(whoAnswers(ny, at('2026-03-07T15:00:00Z'))).toEqual({ status: 'no_shift', week: 0 });
  });

  it('an overnight shift answers after midnight, and the hand-off passes it on mid-shift', () => {
    const nights: RotationFields = {
      timeZone: 'Asia/Singapore',
      startsOn: '2026-01-05',
      handoffDay: 1,
      handoffTime: '00:00',
      shifts: [
        shift({ id: 'day', name: 'Day', start: '08:00', end: '22:00', order: [A] }),
        shift({ id: 'night', name: 'Night', start: '22:00', end: '08:00', order: [B, C] }),
      ],
    };
    // Sunday 11 January 23:00 in Singapore (15:00Z): the night shift of week 0.
    expect(whoAnswers(nights, at('2026-01-11T15:00:00Z'))).toMatchObject({ shiftId: 'night', memberId: B, week: 0, from: '2026-01-11T14:00:00.000Z', until: '2026-01-12T00:00:00.000Z' });
    // Monday 12 January 02:00 (Sunday 18:00Z): the same night, but week 1 started at midnight.
    expect(whoAnswers(nights, at('2026-01-11T18:00:00Z'))).toMatchObject({ shiftId: 'night', memberId: C, week: 1 });
    expect(whoAnswers(nights, at('2026-01-12T01:00:00Z'))).toMatchObject({ shiftId: 'day', memberId: A });
  });

  it('says when a running shift has nobody in its order', () => {
    const empty: RotationFields = { ...simple, shifts: [shift({ id: 'all', name: 'Around the clock', order: [] })] };
    expect(whoAnswers(empty, at('2026-02-01T00:00:00Z'))).toMatchObject({ status: 'unstaffed', shiftName: 'Around the clock' });
  });

  it('lists this week per shift', () => {
    const sun: RotationFields = {
      ...simple,
      shifts: [
        shift({ id: 'apac', name: 'APAC', start: '00:00', end: '08:00', order: [A, B] }),
        shift({ id: 'emea', name: 'EMEA', start: '08:00', end: '16:00', order: [C] }),
        shift({ id: 'amer', name: 'Americas', start: '16:00', end: '00:00', order: [] }),
      ],
    };
    const week = weekSchedule(sun, at('2026-01-14T12:00:00Z'));
    expect(week).toMatchObject({ week: 1, from: '2026-01-12T09:00:00.000Z', until: '2026-01-19T09:00:00.000Z' });
    expect(week.shifts.map((s) => [s.shiftName, s.memberId])).toEqual([
      ['APAC', B],
      ['EMEA', C],
      ['Americas', null],
    ]);
  });

  it('property: the week of an instant is the week whose bounds contain it, in any zone', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }),
        (timeZone, handoffDay, hour, offsetMinutes) => {
          const rotation = { timeZone, startsOn: '2025-01-01', handoffDay, handoffTime: `${String(hour).padStart(2, '0')}:30` };
          const t = new Date(Date.parse('2025-01-01T00:00:00Z') + offsetMinutes * 60_000);
          const week = rotationWeek(rotation, t);
          if (week === null) return;
          const { from, until } = weekBounds(rotation, week);
          expect(from.toMillis()).toBeLessThanOrEqual(t.getTime());
          expect(until.toMillis()).toBeGreaterThan(t.getTime());
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the shape of the week', () => {
  it('refuses overlapping shifts, naming them and the first shared minute', () => {
    const problem = shiftOverlap([
      shift({ id: 'a', name: 'Early', start: '06:00', end: '14:00', days: [1, 2, 3, 4, 5] }),
      shift({ id: 'b', name: 'Late', start: '13:00', end: '21:00', days: [3] }),
    ]);
    expect(problem).toBe('Early and Late overlap on Wednesday 13:00.');
    expect(shiftOverlap([shift({ id: 'n', name: 'Night', start: '22:00', end: '06:00', days: [7] }), shift({ id: 'm', name: 'Monday', start: '05:00', end: '09:00', days: [1] })])).toBe(
      'Night and Monday overlap on Monday 05:00.',
    );
    expect(shiftOverlap([shift({ id: 'a', name: 'Day', start: '08:00', end: '20:00' }), shift({ id: 'b', name: 'Night', start: '20:00', end: '08:00' })])).toBeNull();
  });

  it('reports the hours no shift covers, a weekend gap as one span', () => {
    const gaps = uncoveredSpans([shift({ id: 'bh', name: 'Business hours', start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] })]);
    expect(gaps).toHaveLength(5);
    expect(gaps[0]).toEqual({ day: 1, start: '17:00', endDay: 2, end: '09:00', minutes: 16 * 60 });
    expect(gaps[4]).toEqual({ day: 5, start: '17:00', endDay: 1, end: '09:00', minutes: 64 * 60 });
    expect(uncoveredSpans([shift({ id: 'all', name: 'All' })])).toEqual([]);
    expect(uncoveredSpans([])).toEqual([{ day: 1, start: '00:00', endDay: 1, end: '00:00', minutes: 7 * 24 * 60 }]);
  });
});

describe('coverage: someone with the clearance, in the region, on every shift', () => {
  const members: Record<string, CoverageMember> = {
    cleared: { name: 'Cleared in US', person: { clearances: ['us-secret'], homeRegion: 'us' } },
    uncleared: { name: 'Uncleared in US', person: { clearances: [], homeRegion: 'us' } },
    abroad: { name: 'Cleared in EU', person: { clearances: ['us-secret'], homeRegion: 'eu' } },
    unknown: { name: 'Not in directory', person: null },
  };
  const memberOf = (id: string) => members[id] ?? null;
  const sovereign = coverageRequirement({ clearance: 'us-secret', residency: 'us' });

  it('derives the requirement from the account: its label, and its region unless global', () => {
    expect(sovereign).toEqual({ clearance: 'us-secret', region: 'us' });
    expect(coverageRequirement({ clearance: null, residency: 'global' })).toEqual({ clearance: null, region: null });
  });

  it('a shift is covered only when every person in its order qualifies', () => {
    const result = rotationCoverage(
      {
        shifts: [
          shift({ id: 'one', name: 'Day', start: '08:00', end: '20:00', order: ['cleared'] }),
          shift({ id: 'two', name: 'Night', start: '20:00', end: '08:00', order: ['cleared', 'uncleared', 'abroad', 'unknown', 'gone'] }),
        ],
      },
      sovereign,
      memberOf,
    );
    expect(result.covered).toBe(false);
    expect(result.gaps).toEqual([]);
    expect(result.shifts[0]).toMatchObject({ shiftName: 'Day', covered: true });
    expect(result.shifts[1]?.covered).toBe(false);
    expect(result.shifts[1]?.slots.map((s) => s.problems)).toEqual([
      [],
      [{ kind: 'lacks_clearance', clearance: 'us-secret' }],
      [{ kind: 'wrong_region', region: 'eu', required: 'us' }],
      [{ kind: 'not_in_directory' }],
      [{ kind: 'left_team' }],
    ]);
    const labels = (kind: 'clearance' | 'residency', code: string) => ({ 'us-secret': 'US Secret', us: 'United States', eu: 'European Union' })[code] ?? `${kind}?`;
    expect(result.shifts[1]?.slots.flatMap((s) => s.problems).map((p) => describeCoverageProblem(p, labels))).toEqual([
      'does not hold US Secret',
      'works from European Union, not United States',
      'is not in the people directory, so their clearances and region are unknown',
      'is no longer on the account team',
    ]);
  });

  it('an empty order never covers a shift; an unrestricted account accepts anyone on the team', () => {
    const open = coverageRequirement({ clearance: null, residency: 'global' });
    const result = rotationCoverage({ shifts: [shift({ id: 'a', name: 'All', order: ['unknown', 'uncleared'] })] }, open, memberOf);
    expect(result.covered).toBe(true);
    const empty = rotationCoverage({ shifts: [shift({ id: 'a', name: 'All', order: [] })] }, open, memberOf);
    expect(empty.covered).toBe(false);
  });
});
