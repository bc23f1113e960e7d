import { DateTime } from 'luxon';
import { GLOBAL_RESIDENCY } from './catalog';
import type { RotationFields, Shift } from './team';

/**
 * The on-call rotation rules, pure so the Team tab, the CLI, the metrics and their tests share one definition.
 *
 * Times are wall-clock times in the rotation's zone: a 09:00–17:00 shift stays 09:00–17:00 across a daylight-saving
 * change (the shift is then an hour shorter or longer in real time). The week of the rotation changes at the
 * weekly hand-off (`handoffDay` at `handoffTime`), the very moment the next person in each shift's order takes over,
 * even in the middle of a shift.
 */

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A shift runs to the next day when its end is not after its start: 22:00–06:00 overnight, 00:00–00:00 all day. */
function shiftLengthMinutes(shift: Pick<Shift, 'start' | 'end'>): number {
  const start = minutesOf(shift.start);
  const end = minutesOf(shift.end);
  return end > start ? end - start : end - start + MINUTES_PER_DAY;
}

type RotationTimes = Pick<RotationFields, 'timeZone' | 'startsOn' | 'handoffDay' | 'handoffTime'>;

function atClock(day: DateTime, clock: string): DateTime {
  const minutes = minutesOf(clock);
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/** When the rotation starts: its first hand-off on or after 00:00 of `startsOn` (so every week is a whole week). */
export function rotationStart(rotation: RotationTimes): DateTime {
  const midnight = DateTime.fromISO(rotation.startsOn, { zone: rotation.timeZone }).startOf('day');
  let candidate = atClock(midnight, rotation.handoffTime);
  while (candidate.weekday !== rotation.handoffDay || candidate < midnight) candidate = atClock(candidate.plus({ days: 1 }), rotation.handoffTime);
  return candidate;
}

/** The hand-off `weeks` weeks after `start`, at the hand-off's wall-clock time whatever the UTC offset is then. */
function handoffAfter(start: DateTime, weeks: number, clock: string): DateTime {
  return atClock(start.plus({ weeks }), clock);
}

/** The rotation week `at` falls in (0 is the first), or null before the rotation starts. */
export function rotationWeek(rotation: RotationTimes, at: Date): number | null {
  const t = DateTime.fromJSDate(at, { zone: rotation.timeZone });
  const start = rotationStart(rotation);
  if (t < start) return null;
  // Calendar days, not 24-hour periods: a week with a daylight-saving change is still one week.
  let weeks = Math.floor(Math.round(t.startOf('day').diff(start.startOf('day'), 'days').days) / 7);
  if (handoffAfter(start, weeks, rotation.handoffTime) > t) weeks -= 1;
  return weeks;
}

/** The instants week `week` of the rotation runs between. */
export function weekBounds(rotation: RotationTimes, week: number): { from: DateTime; until: DateTime } {
  const start = rotationStart(rotation);
  return { from: handoffAfter(start, week, rotation.handoffTime), until: handoffAfter(start, week + 1, rotation.handoffTime) };
}

export interface ShiftOccurrence {
  shift: Shift;
  from: DateTime;
  until: DateTime;
}

/** The shift running at `at` (the first listed, should two overlap), with the instants this occurrence runs between. */
export function activeShift(rotation: Pick<RotationFields, 'timeZone' | 'shifts'>, at: Date): ShiftOccurrence | null {
  const t = DateTime.fromJSDate(at, { zone: rotation.timeZone });
  // A shift is at most a day long, so only one that started today or yesterday can be running.
  for (const shift of rotation.shifts) {
    for (const back of [0, 1]) {
      const day = t.startOf('day').minus({ days: back });
      if (!shift.days.includes(day.weekday)) continue;
      const from = atClock(day, shift.start);
      const endsNextDay = minutesOf(shift.end) <= minutesOf(shift.start);
      const until = atClock(endsNextDay ? day.plus({ days: 1 }) : day, shift.end);
      if (from <= t && t < until) return { shift, from, until };
    }
  }
  return null;
}

/** The member answering a shift in a rotation week: order[week mod length], or null when nobody is in the order. */
export function memberForWeek(shift: Pick<Shift, 'order'>, week: number): string | null {
  if (shift.order.length === 0) return null;
  return shift.order[week % shift.order.length] ?? null;
}

export type OnCallAnswer =
  | { status: 'on_call'; shiftId: string; shiftName: string; memberId: string; week: number; from: string; until: string }
  /** A shift is running but its order is empty. */
  | { status: 'unstaffed'; shiftId: string; shiftName: string; week: number; from: string; until: string }
  /** No shift runs at this time of the week. */
  | { status: 'no_shift'; week: number }
  | { status: 'not_started'; startsAt: string };

const iso = (t: DateTime): string => t.toUTC().toISO() ?? '';

/** Who answers at instant `at`. */
export function whoAnswers(rotation: RotationFields, at: Date): OnCallAnswer {
  const week = rotationWeek(rotation, at);
  if (week === null) return { status: 'not_started', startsAt: iso(rotationStart(rotation)) };
  const running = activeShift(rotation, at);
  if (!running) return { status: 'no_shift', week };
  const base = { shiftId: running.shift.id, shiftName: running.shift.name, week, from: iso(running.from), until: iso(running.until) };
  const memberId = memberForWeek(running.shift, week);
  return memberId === null ? { status: 'unstaffed', ...base } : { status: 'on_call', memberId, ...base };
}

export interface WeekSchedule {
  week: number;
  from: string;
  until: string;
  shifts: Array<{ shiftId: string; shiftName: string; start: string; end: string; days: number[]; memberId: string | null }>;
}

/** Who answers each shift in the rotation week containing `at` (the first week when `at` is before the start). */
export function weekSchedule(rotation: RotationFields, at: Date): WeekSchedule {
  const week = rotationWeek(rotation, at) ?? 0;
  const { from, until } = weekBounds(rotation, week);
  return {
    week,
    from: iso(from),
    until: iso(until),
    shifts: rotation.shifts.map((s) => ({
      shiftId: s.id,
      shiftName: s.name,
      start: s.start,
      end: s.end,
      days: [...s.days].sort((a, b) => a - b),
      memberId: memberForWeek(s, week),
    })),
  };
}

// ---- Shapes of the week: overlaps and hours no shift covers (wall-clock minutes, Monday 00:00 = 0) ----

function* shiftMinutes(shift: Shift): Generator<number> {
  const length = shiftLengthMinutes(shift);
  for (const day of shift.days) {
    const start = (day - 1) * MINUTES_PER_DAY + minutesOf(shift.start);
    for (let m = 0; m < length; m += 1) yield (start + m) % MINUTES_PER_WEEK;
  }
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function describeMinute(minuteOfWeek: number): string {
  return `${WEEKDAY_NAMES[Math.floor(minuteOfWeek / MINUTES_PER_DAY)]} ${hhmm(minuteOfWeek % MINUTES_PER_DAY)}`;
}

/** A problem with the shifts' times (two shifts covering the same minute), or null. Who answers must be one person. */
export function shiftOverlap(shifts: readonly Shift[]): string | null {
  const owner = new Int16Array(MINUTES_PER_WEEK).fill(-1);
  for (const [index, shift] of shifts.entries()) {
    for (const minute of shiftMinutes(shift)) {
      const other = owner[minute] ?? -1;
      if (other === index) return `${shift.name} overlaps itself on ${describeMinute(minute)}.`;
      if (other >= 0) return `${shifts[other]?.name ?? 'A shift'} and ${shift.name} overlap on ${describeMinute(minute)}.`;
      owner[minute] = index;
    }
  }
  return null;
}

export interface WeekSpan {
  /** ISO weekday the span starts on. */
  day: number;
  start: string;
  /** Where the span ends, possibly on a later day. */
  endDay: number;
  end: string;
  minutes: number;
}

/** The parts of the week no shift covers, in wall-clock time. A 24×7 account should have none. */
export function uncoveredSpans(shifts: readonly Shift[]): WeekSpan[] {
  const covered = new Uint8Array(MINUTES_PER_WEEK);
  for (const shift of shifts) for (const minute of shiftMinutes(shift)) covered[minute] = 1;
  if (covered.every((c) => c === 0)) return [{ day: 1, start: '00:00', endDay: 1, end: '00:00', minutes: MINUTES_PER_WEEK }];
  // Start scanning just after a covered minute, so a gap across Sunday midnight comes out as one span.
  const origin = (covered.indexOf(1) + 1) % MINUTES_PER_WEEK;
  const spans: WeekSpan[] = [];
  let open: number | null = null;
  for (let i = 0; i <= MINUTES_PER_WEEK; i += 1) {
    const minute = (origin + i) % MINUTES_PER_WEEK;
    const gap = i < MINUTES_PER_WEEK && covered[minute] === 0;
    if (gap && open === null) open = i;
    if (!gap && open !== null) {
      const from = (origin + open) % MINUTES_PER_WEEK;
      const to = (origin + i) % MINUTES_PER_WEEK;
      spans.push({
        day: Math.floor(from / MINUTES_PER_DAY) + 1,
        start: hhmm(from % MINUTES_PER_DAY),
        endDay: Math.floor(to / MINUTES_PER_DAY) + 1,
        end: hhmm(to % MINUTES_PER_DAY),
        minutes: i - open,
      });
      open = null;
    }
  }
  return spans.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
}

// ---- Coverage: can every shift be answered by someone allowed to work the account? ----

/** What the person answering must hold: the account's clearance label, and its region when it has one. */
export interface CoverageRequirement {
  clearance: string | null;
  /** A residency code; null when the account's data may live anywhere (global). */
  region: string | null;
}

export function coverageRequirement(account: { clearance: string | null; residency: string }): CoverageRequirement {
  return { clearance: account.clearance, region: account.residency === GLOBAL_RESIDENCY ? null : account.residency };
}

/** A rotation slot's person as coverage sees them: null when the member left the team. */
export interface CoverageMember {
  name: string;
  /** The directory entry; null when the member is not in the people directory. */
  person: { clearances: readonly string[]; homeRegion: string } | null;
}

/** Why a member may not answer for the account. Codes, not words: screens name clearances and regions their way. */
export type CoverageProblem =
  | { kind: 'left_team' }
  | { kind: 'not_in_directory' }
  | { kind: 'lacks_clearance'; clearance: string }
  | { kind: 'wrong_region'; region: string; required: string };

/** Why a member may not answer for the account; empty when they may. */
export function qualificationProblems(member: CoverageMember | null, requirement: CoverageRequirement): CoverageProblem[] {
  if (member === null) return [{ kind: 'left_team' }];
  if (requirement.clearance === null && requirement.region === null) return [];
  const { person } = member;
  if (person === null) return [{ kind: 'not_in_directory' }];
  const problems: CoverageProblem[] = [];
  if (requirement.clearance !== null && !person.clearances.includes(requirement.clearance)) problems.push({ kind: 'lacks_clearance', clearance: requirement.clearance });
  if (requirement.region !== null && person.homeRegion !== requirement.region) problems.push({ kind: 'wrong_region', region: person.homeRegion, required: requirement.region });
  return problems;
}

/** A problem in words; `label` turns a clearance or region code into its name (the code itself by default). */
export function describeCoverageProblem(problem: CoverageProblem, label: (kind: 'clearance' | 'residency', code: string) => string = (_k, code) => code): string {
  switch (problem.kind) {
    case 'left_team':
      return 'is no longer on the account team';
    case 'not_in_directory':
      return 'is not in the people directory, so their clearances and region are unknown';
    case 'lacks_clearance':
      return `does not hold ${label('clearance', problem.clearance)}`;
    case 'wrong_region':
      return `works from ${label('residency', problem.region)}, not ${label('residency', problem.required)}`;
  }
}

export interface ShiftCoverage {
  shiftId: string;
  shiftName: string;
  /** Every week of the shift's order is answered by someone who qualifies (and the order is not empty). */
  covered: boolean;
  slots: Array<{ position: number; memberId: string; name: string | null; problems: CoverageProblem[] }>;
}

export interface RotationCoverage {
  requirement: CoverageRequirement;
  /** Every shift is covered. Hours no shift covers are reported in `gaps`, not here. */
  covered: boolean;
  shifts: ShiftCoverage[];
  gaps: WeekSpan[];
}

/**
 * Does every shift have someone with the account's required clearance in its region? One person answers a shift
 * each week, so a shift is covered only when every person in its weekly order qualifies: a single unqualified
 * person leaves that shift without a qualified answer one week in every turn of the order.
 */
export function rotationCoverage(
  rotation: Pick<RotationFields, 'shifts'>,
  requirement: CoverageRequirement,
  memberOf: (memberId: string) => CoverageMember | null,
): RotationCoverage {
  const shifts = rotation.shifts.map((shift): ShiftCoverage => {
    const slots = shift.order.map((memberId, position) => {
      const member = memberOf(memberId);
      return { position, memberId, name: member?.name ?? null, problems: qualificationProblems(member, requirement) };
    });
    return { shiftId: shift.id, shiftName: shift.name, covered: slots.length > 0 && slots.every((s) => s.problems.length === 0), slots };
  });
  return { requirement, covered: shifts.every((s) => s.covered), shifts, gaps: uncoveredSpans(rotation.shifts) };
}
