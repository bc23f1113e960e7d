import { DateTime, Info, Settings } from 'luxon';
import type { Zone } from 'luxon';
import { RESPONDER_ROLE_LABELS, RESPONDER_ROLES } from './contract';
import type { Coverage, ResponderRole, Severity, SlaTarget } from './contract';

/**
 * SLA clocks (DESIGN.md §4 `incidents`): a pure function of (contract terms, incident, now) → the status of
 * every target. The account page ticks it each minute, the services answer it, and the metrics reports reuse it
 * for attainment, so it knows nothing of storage or screens.
 *
 * A clock runs only while two things hold: the contract's coverage is on (24×7 always; business hours on a
 * working day that is not a holiday, in the coverage's time zone, daylight saving included), and the incident is
 * not paused waiting on the customer. Elapsed time is built from those intervals and never anything else, so it
 * can never be negative and never runs backwards as `now` moves forward.
 */

/** A half-open span of time [start, end) in epoch milliseconds. `end` may be Infinity (an open pause). */
export interface Interval {
  start: number;
  end: number;
}

/** A span during which the clocks stop because the incident waits on the customer; `end` null while it lasts. */
export interface SlaPause {
  start: string;
  end: string | null;
}

/** What the clocks need of an incident. ISO 8601 instants. */
export interface SlaIncident {
  severity: Severity;
  openedAt: string;
  firstResponseAt: string | null;
  /** When each responder role was engaged; a role missing or null has not been engaged. */
  engagedAt: Partial<Record<ResponderRole, string | null>>;
  /** Customer updates sent, in any order. */
  updates: readonly string[];
  resolvedAt: string | null;
  pauses: readonly SlaPause[];
}

/** What the clocks need of a contract: its snapshot of SLA targets and coverage. */
export interface SlaTerms {
  slaTargets: readonly SlaTarget[];
  coverage: Coverage;
}

export type SlaTargetKind = 'first_response' | 'engage' | 'update';

/**
 * - `not_started`: the update cadence before the first response.
 * - `running`: not done, still within the target.
 * - `met`: done within the target.
 * - `breached`: over the target, whether still running or done late.
 */
export type SlaState = 'not_started' | 'running' | 'met' | 'breached';

export interface SlaTargetStatus {
  /** 'first_response', 'engage:developer', 'update': stable across calls, for keys and attainment. */
  key: string;
  kind: SlaTargetKind;
  role: ResponderRole | null;
  label: string;
  targetMinutes: number;
  state: SlaState;
  /** The clock has stopped for good: responded, engaged, or the incident resolved. */
  done: boolean;
  /** The clock advances right now: not done, inside coverage and not paused. */
  ticking: boolean;
  /** Covered, unpaused time counted against the target (for the cadence, the longest gap between updates). */
  elapsedMs: number;
  /** Target minus elapsed: negative by how much it is breached. */
  remainingMs: number;
  /** When a running clock reaches its target if coverage runs as planned and no pause starts; else null. */
  dueAt: string | null;
  /** When the clock stopped (the response, the engagement, the resolution); null while it runs. */
  stoppedAt: string | null;
}

export interface SlaReport {
  severity: Severity;
  /** The contract sets targets for this severity. */
  hasTargets: boolean;
  /** The incident waits on the customer now. */
  paused: boolean;
  /** The contract's coverage is on now. */
  inCoverage: boolean;
  targets: SlaTargetStatus[];
  /** Why no clock can be computed (an unknown time zone); null when all is well. */
  problem: string | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How far ahead a due time is searched for; coverage that never opens in two years has no due time. */
const DUE_HORIZON_MS = 731 * DAY;
/** Coverage is walked in chunks this long when looking for a due time. */
const DUE_CHUNK_MS = 14 * DAY;

const toMs = (iso: string): number => Date.parse(iso);
const toIso = (ms: number): string => new Date(ms).toISOString();

function minutesOf(clock: string): { hour: number; minute: number } {
  const [h, m] = clock.split(':');
  return { hour: Number(h), minute: Number(m) };
}

/** Whether the coverage's time zone is one luxon (and so Intl) knows. */
export function coverageProblem(coverage: Coverage): string | null {
  if (coverage.kind === '24x7') return null;
  return calendarOf(coverage) === null ? `Unknown time zone "${coverage.timeZone}".` : null;
}

/**
 * The spans in [from, to) during which coverage is on. Business hours are a window per working local day, each
 * day's window placed in the zone on that very day (so a daylight-saving change moves the UTC instants, not
 * the local hours). A start time that falls in a spring-forward gap moves to the first valid instant after it.
 * A window that ends at or before it starts (an overnight shift) covers nothing: the editors refuse it.
 */
export function coverageWindows(coverage: Coverage, from: number, to: number): Interval[] {
  // An unbounded span would never finish the walk over days below: callers pass finite instants.
  if (!(to > from) || !Number.isFinite(from) || !Number.isFinite(to)) return [];
  if (coverage.kind === '24x7') return [{ start: from, end: to }];
  const calendar = calendarOf(coverage);
  if (calendar === null) return [];
  const windows: Interval[] = [];
  // A local day is never more than a day away from the UTC day (offsets stay within ±14 h), so walking the UTC
  // days around the span and clipping each local day's window to it finds every window without zone math.
  const lastDay = Math.floor(to / DAY) + 1;
  for (let n = Math.floor(from / DAY) - 1; n <= lastDay; n += 1) {
    const w = calendar.windowOn(n);
    if (w === null) continue;
    const s = Math.max(w.start, from);
    const e = Math.min(w.end, to);
    if (e > s) windows.push({ start: s, end: e });
  }
  return windows;
}

/**
 * One business-hours calendar: the coverage window of each local day (by day number since 1970-01-01), or null
 * on a day off or a holiday. Placing a local time in a zone is the costly step, and a ticking clock asks for the
 * same days every minute, so each calendar remembers its days; calendars are kept per distinct coverage
 * (bounded: all are dropped when too many pile up).
 */
interface Calendar {
  windowOn(dayNumber: number): Interval | null;
}

const calendars = new Map<string, Calendar | null>();
const CALENDAR_LIMIT = 200;
const DAYS_PER_CALENDAR_LIMIT = 20_000;
/**
 * Days with a four-digit ISO year (1000-01-01 … 9999-12-31) are placed from their day number; the date luxon is
 * given for any other day is read back from ISO text, so those keep going through luxon exactly as before.
 */
const FIRST_PLAIN_DAY = Date.UTC(1000, 0, 1) / DAY;
const LAST_PLAIN_DAY = Date.UTC(9999, 11, 31) / DAY;

const isPlainClock = ({ hour, minute }: { hour: number; minute: number }): boolean => Number.isInteger(hour) && hour >= 0 && hour <= 23 && Number.isInteger(minute) && minute >= 0 && minute <= 59;

/**
 * The instant of a local date and time in `zone`, given as the epoch milliseconds that date and time would have
 * in UTC, exactly as luxon's DateTime.fromObject places it: start from the zone's offset now (`guess`), check
 * the offset at the instant that gives, correct once, and in a spring-forward gap take the later reading. The
 * steps and their arithmetic are luxon's, so the instants agree to the millisecond (an autumn hour that happens
 * twice resolves the same way too), for one or two offset look-ups instead of building a DateTime.
 */
function placeLocal(zone: Zone, local: number, guess: number): number {
  const first = local - guess * 60 * 1000;
  const firstOffset = zone.offset(first);
  if (firstOffset === guess) return first;
  const second = first - (firstOffset - guess) * 60 * 1000;
  const secondOffset = zone.offset(second);
  if (secondOffset === firstOffset) return second;
  return local - Math.min(firstOffset, secondOffset) * 60 * 1000;
}

function calendarOf(coverage: Extract<Coverage, { kind: 'business_hours' }>): Calendar | null {
  const key = [coverage.timeZone, coverage.start, coverage.end, coverage.days.join(','), coverage.holidays.join(',')].join('|');
  const known = calendars.get(key);
  if (known !== undefined) return known;
  if (calendars.size >= CALENDAR_LIMIT) calendars.clear();
  const zone = coverage.timeZone;
  if (!DateTime.local({ zone }).isValid) {
    calendars.set(key, null);
    return null;
  }
  const zoneRules = Info.normalizeZone(zone);
  const days = new Set(coverage.days);
  const holidays = new Set(coverage.holidays);
  const open = minutesOf(coverage.start);
  const close = minutesOf(coverage.end);
  const plainClocks = isPlainClock(open) && isPlainClock(close);
  const openMs = (open.hour * 60 + open.minute) * MINUTE;
  const closeMs = (close.hour * 60 + close.minute) * MINUTE;
  const cache = new Map<number, Interval | null>();
  const calendar: Calendar = {
    windowOn(n) {
      const cached = cache.get(n);
      if (cached !== undefined) return cached;
      let window: Interval | null = null;
      // 1970-01-01 was a Thursday (ISO weekday 4).
      const iso = new Date(n * DAY).toISOString().slice(0, 10);
      if (days.has((((n + 3) % 7) + 7) % 7 + 1) && !holidays.has(iso)) {
        if (plainClocks && n >= FIRST_PLAIN_DAY && n <= LAST_PLAIN_DAY) {
          // Day n's local date and time, read as if in UTC, is n days plus the clock time; one guess serves both.
          const guess = zoneRules.offset(Settings.now());
          window = { start: placeLocal(zoneRules, n * DAY + openMs, guess), end: placeLocal(zoneRules, n * DAY + closeMs, guess) };
        } else {
          // Out-of-range clocks or far-off years: luxon itself (invalid input gives NaN, which covers nothing).
          const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
          const at = (clock: { hour: number; minute: number }) => DateTime.fromObject({ year, month, day, ...clock }, { zone }).toMillis();
          window = { start: at(open), end: at(close) };
        }
      }
      if (cache.size >= DAYS_PER_CALENDAR_LIMIT) cache.clear();
      cache.set(n, window);
      return window;
    },
  };
  calendars.set(key, calendar);
  return calendar;
}

/** Sorted, merged, non-empty intervals. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else merged.push({ start: i.start, end: i.end });
  }
  return merged;
}

/** `base` with every part that lies in `cuts` removed. Both may be unsorted; the result is sorted. */
export function subtract(base: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  const holes = normalize(cuts);
  const out: Interval[] = [];
  for (const b of normalize(base)) {
    let cursor = b.start;
    for (const h of holes) {
      if (h.end <= cursor) continue;
      if (h.start >= b.end) break;
      if (h.start > cursor) out.push({ start: cursor, end: h.start });
      cursor = Math.max(cursor, h.end);
      if (cursor >= b.end) break;
    }
    if (cursor < b.end) out.push({ start: cursor, end: b.end });
  }
  return out;
}

const total = (intervals: readonly Interval[]): number => intervals.reduce((sum, i) => sum + (i.end - i.start), 0);

function pauseIntervals(pauses: readonly SlaPause[]): Interval[] {
  return pauses.map((p) => ({ start: toMs(p.start), end: p.end === null ? Infinity : toMs(p.end) })).filter((p) => !Number.isNaN(p.start) && !Number.isNaN(p.end));
}

/** The spans in [from, to) when an SLA clock runs: coverage on, no pause. */
export function runningIntervals(coverage: Coverage, pauses: readonly SlaPause[], from: number, to: number): Interval[] {
  return subtract(coverageWindows(coverage, from, to), pauseIntervals(pauses));
}

/**
 * What the clocks of one incident walk, worked out once per status rather than once per question: the coverage
 * (around the clock, or its calendar), the pauses as sorted merged holes, and where the first open pause starts.
 */
interface Running {
  coverage: Coverage;
  hours: 'always' | Calendar;
  holes: Interval[];
  /** The earliest start of a pause without an end; Infinity when none. */
  openFrom: number;
}

/** null when the coverage's time zone is unknown (no clock runs). */
function runningOf(coverage: Coverage, pauses: readonly SlaPause[]): Running | null {
  const hours = coverage.kind === '24x7' ? 'always' : calendarOf(coverage);
  if (hours === null) return null;
  const cuts = pauseIntervals(pauses);
  let openFrom = Infinity;
  for (const c of cuts) if (c.end === Infinity) openFrom = Math.min(openFrom, c.start);
  return { coverage, hours, holes: normalize(cuts), openFrom };
}

type Walk = 'done' | 'stopped' | 'unordered';

/**
 * Where a walk hands the running spans, in order; `take` returns true to stop the walk. Sinks are small objects
 * rather than closures: a status makes a few dozen walks, and a closure made per walk cost more than the walk.
 */
abstract class Sink {
  /** The first hole that can still matter: holes ending before one span end before every later one too. */
  hole = 0;
  abstract take(start: number, end: number): boolean;
}

/** Adds the spans up, in the same order as `total` adds the intervals. */
class Sum extends Sink {
  ms = 0;
  take(start: number, end: number): boolean {
    this.ms += end - start;
    return false;
  }
}

/** Spends a budget on the spans and notes the instant it runs out, as the general path does chunk by chunk. */
class Spend extends Sink {
  due = NaN;
  constructor(public left: number) {
    super();
  }
  take(start: number, end: number): boolean {
    const span = end - start;
    if (span >= this.left) {
      this.due = start + this.left;
      return true;
    }
    this.left -= span;
    return false;
  }
}

/** Stops at the first span: whether there is any. */
class Any extends Sink {
  take(): boolean {
    return true;
  }
}

/** One coverage span less the holes, handed to the sink; true when the sink stopped. */
function takeUncut(holes: readonly Interval[], sink: Sink, start: number, end: number): boolean {
  let cursor = start;
  while (sink.hole < holes.length) {
    const hole = holes[sink.hole] as Interval;
    if (hole.end <= cursor) {
      sink.hole += 1;
      continue;
    }
    if (hole.start >= end) break;
    if (hole.start > cursor && sink.take(cursor, hole.start)) return true;
    cursor = Math.max(cursor, hole.end);
    if (cursor >= end) break;
    sink.hole += 1;
  }
  return cursor < end && sink.take(cursor, end);
}

/**
 * Hands the sink the spans of [from, to) when the clock runs, in order, without building them: exactly the
 * intervals runningIntervals returns (the same day windows, merged where they touch, less the same holes), so
 * sums over them come out the same to the last bit. Most incidents have no pause and a window a day, and the
 * arrays, sorts and copies of the general path were most of a status's cost. 'unordered' when a day's window
 * starts before the previous day's (only a zone whose offset jumped by more than a day could do that; none
 * has): the caller then answers from the interval arrays.
 */
function walkRunning(r: Running, holes: readonly Interval[], from: number, to: number, sink: Sink): Walk {
  if (!(to > from) || !Number.isFinite(from) || !Number.isFinite(to)) return 'done';
  sink.hole = 0;
  if (r.hours === 'always') return takeUncut(holes, sink, from, to) ? 'stopped' : 'done';
  let pending = false;
  let start = 0;
  let end = 0;
  const lastDay = Math.floor(to / DAY) + 1;
  for (let n = Math.floor(from / DAY) - 1; n <= lastDay; n += 1) {
    const w = r.hours.windowOn(n);
    if (w === null) continue;
    const s = Math.max(w.start, from);
    const e = Math.min(w.end, to);
    if (!(e > s)) continue;
    if (pending) {
      if (s < start) return 'unordered';
      if (s <= end) {
        end = Math.max(end, e);
        continue;
      }
      if (takeUncut(holes, sink, start, end)) return 'stopped';
    }
    pending = true;
    start = s;
    end = e;
  }
  return pending && takeUncut(holes, sink, start, end) ? 'stopped' : 'done';
}

/** The running spans from the interval arrays: the general path, for calendars whose windows come out of order. */
function intervalsOf(r: Running, from: number, to: number): Interval[] {
  return subtract(coverageWindows(r.coverage, from, to), r.holes);
}

function runningMsOf(r: Running, from: number, to: number): number {
  const sum = new Sum();
  return walkRunning(r, r.holes, from, to, sum) === 'unordered' ? total(intervalsOf(r, from, to)) : sum.ms;
}

function instantAfterOf(r: Running, from: number, budgetMs: number): number | null {
  if (budgetMs <= 0) return from;
  // Nothing runs after an open pause starts: the search ends there.
  const limit = Math.min(from + DUE_HORIZON_MS, r.openFrom);
  const spend = new Spend(budgetMs);
  // Chunk by chunk as the general path goes, so a span cut at a chunk's edge is counted in the same two parts.
  for (let chunk = from; chunk < limit; chunk += DUE_CHUNK_MS) {
    const walk = walkRunning(r, r.holes, chunk, chunk + DUE_CHUNK_MS, spend);
    if (walk === 'stopped') return spend.due;
    if (walk === 'unordered') return instantAfterByIntervals(r, from, budgetMs, limit);
  }
  return null;
}

function instantAfterByIntervals(r: Running, from: number, budgetMs: number, limit: number): number | null {
  let left = budgetMs;
  for (let chunk = from; chunk < limit; chunk += DUE_CHUNK_MS) {
    for (const i of intervalsOf(r, chunk, chunk + DUE_CHUNK_MS)) {
      const span = i.end - i.start;
      if (span >= left) return i.start + left;
      left -= span;
    }
  }
  return null;
}

const NO_HOLES: readonly Interval[] = [];

/** Whether the clock runs during the millisecond from `at`; with NO_HOLES, whether coverage is on then. */
function runsAt(r: Running, holes: readonly Interval[], at: number): boolean {
  const walk = walkRunning(r, holes, at, at + 1, new Any());
  return walk === 'unordered' ? subtract(coverageWindows(r.coverage, at, at + 1), holes).length > 0 : walk === 'stopped';
}

/** Milliseconds an SLA clock runs between two instants: covered, unpaused. 0 when `to` is not after `from`. */
export function runningMs(coverage: Coverage, pauses: readonly SlaPause[], from: number, to: number): number {
  const r = runningOf(coverage, pauses);
  return r === null ? 0 : runningMsOf(r, from, to);
}

/**
 * The instant at which a clock that started at `from` has run `budgetMs`, or null if coverage and pauses keep
 * it from getting there within two years (an open pause stops it indefinitely).
 */
export function instantAfter(coverage: Coverage, pauses: readonly SlaPause[], from: number, budgetMs: number): number | null {
  if (budgetMs <= 0) return from;
  const r = runningOf(coverage, pauses);
  return r === null ? null : instantAfterOf(r, from, budgetMs);
}

interface ClockInput {
  key: string;
  kind: SlaTargetKind;
  role: ResponderRole | null;
  label: string;
  targetMinutes: number;
}

/** A target's status. The fields are written out: spreading `base` into the literal cost several times more. */
function statusOf(base: ClockInput, state: SlaState, done: boolean, ticking: boolean, elapsedMs: number, remainingMs: number, dueAt: string | null, stoppedAt: string | null): SlaTargetStatus {
  return { key: base.key, kind: base.kind, role: base.role, label: base.label, targetMinutes: base.targetMinutes, state, done, ticking, elapsedMs, remainingMs, dueAt, stoppedAt };
}

/** A clock that starts when the incident opens and stops at `stop` (null: still running at `now`). */
function stopwatch(r: Running, base: ClockInput, opened: number, stop: number | null, now: number): SlaTargetStatus {
  const targetMs = base.targetMinutes * MINUTE;
  const end = stop ?? Math.max(now, opened);
  const elapsedMs = runningMsOf(r, opened, end);
  const remainingMs = targetMs - elapsedMs;
  const done = stop !== null;
  const due = done ? null : instantAfterOf(r, opened, targetMs);
  return statusOf(
    base,
    remainingMs < 0 ? 'breached' : done ? 'met' : 'running',
    done,
    !done && runsAt(r, r.holes, end),
    elapsedMs,
    remainingMs,
    due === null || done ? null : toIso(due),
    done ? toIso(stop) : null,
  );
}

/**
 * The update cadence: after the first response, an update is due every `cadence` of running time until the
 * incident is resolved. Each gap (first response → update → … → resolution or now) is measured; the longest one
 * decides whether the cadence was kept, the current one says when the next update is due.
 */
function cadenceClock(r: Running, incident: SlaIncident, cadenceMinutes: number, now: number): SlaTargetStatus {
  const base: ClockInput = { key: 'update', kind: 'update', role: null, label: 'Update cadence', targetMinutes: cadenceMinutes };
  const targetMs = cadenceMinutes * MINUTE;
  const resolved = incident.resolvedAt === null ? null : toMs(incident.resolvedAt);
  const firstResponse = incident.firstResponseAt === null ? null : toMs(incident.firstResponseAt);
  if (firstResponse === null) {
    return statusOf(base, 'not_started', resolved !== null, false, 0, targetMs, null, resolved === null ? null : toIso(resolved));
  }
  const end = resolved ?? Math.max(now, firstResponse);
  const checkpoints = [firstResponse, ...incident.updates.map(toMs).filter((t) => t > firstResponse && t < end)].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0; i < checkpoints.length; i += 1) {
    const from = checkpoints[i] as number;
    const to = checkpoints[i + 1] ?? end;
    worst = Math.max(worst, runningMsOf(r, from, to));
  }
  const last = checkpoints[checkpoints.length - 1] as number;
  const current = runningMsOf(r, last, end);
  const done = resolved !== null;
  // A kept cadence shows the time left in the current gap; a broken one shows its worst overrun.
  const elapsedMs = worst > targetMs || done ? worst : current;
  const due = done ? null : instantAfterOf(r, last, targetMs);
  return statusOf(
    base,
    worst > targetMs ? 'breached' : done ? 'met' : 'running',
    done,
    !done && runsAt(r, r.holes, end),
    elapsedMs,
    targetMs - elapsedMs,
    due === null ? null : toIso(due),
    done ? toIso(end) : null,
  );
}

/**
 * Every SLA target of an incident under a contract's terms, as of `now`. Responding, engaging or resolving
 * stops a clock; an incident resolved before a role was engaged stops that role's clock at the resolution.
 */
export function slaStatus(terms: SlaTerms, incident: SlaIncident, now: Date): SlaReport {
  const at = now.getTime();
  const opened = toMs(incident.openedAt);
  const paused = incident.resolvedAt === null && incident.pauses.some((p) => toMs(p.start) <= at && (p.end === null || toMs(p.end) > at));
  // Coverage and pauses are resolved once here; every clock below walks the same ones.
  const r = runningOf(terms.coverage, incident.pauses);
  const problem = r === null ? coverageProblem(terms.coverage) : null;
  const target = terms.slaTargets.find((t) => t.severity === incident.severity);
  const report: SlaReport = { severity: incident.severity, hasTargets: target !== undefined, paused, inCoverage: false, targets: [], problem };
  if (r === null) return report;
  report.inCoverage = runsAt(r, NO_HOLES, at);
  if (!target) return report;

  const resolved = incident.resolvedAt === null ? null : toMs(incident.resolvedAt);
  const stopAt = (iso: string | null | undefined): number | null => {
    const own = iso ? toMs(iso) : null;
    return own !== null && (resolved === null || own <= resolved) ? own : resolved;
  };
  const targets: SlaTargetStatus[] = [
    stopwatch(r, { key: 'first_response', kind: 'first_response', role: null, label: 'First response', targetMinutes: target.firstResponseMinutes }, opened, stopAt(incident.firstResponseAt), at),
  ];
  for (const role of RESPONDER_ROLES) {
    const minutes = target.engageMinutes[role];
    if (minutes === undefined) continue;
    const base: ClockInput = { key: `engage:${role}`, kind: 'engage', role, label: `${RESPONDER_ROLE_LABELS[role]} engaged`, targetMinutes: minutes };
    targets.push(stopwatch(r, base, opened, stopAt(incident.engagedAt[role]), at));
  }
  if (target.updateCadenceMinutes !== null) targets.push(cadenceClock(r, incident, target.updateCadenceMinutes, at));
  report.targets = targets;
  return report;
}

/** Mean time to resolve, wall clock, over resolved incidents; null when none is resolved. */
export function meanTimeToResolveMs(incidents: ReadonlyArray<Pick<SlaIncident, 'openedAt' | 'resolvedAt'>>): number | null {
  const spans = incidents.filter((i) => i.resolvedAt !== null).map((i) => Math.max(0, toMs(i.resolvedAt as string) - toMs(i.openedAt)));
  return spans.length === 0 ? null : spans.reduce((a, b) => a + b, 0) / spans.length;
}
