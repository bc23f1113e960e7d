import { DateTime } from 'luxon';
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
  const days = new Set(coverage.days);
  const holidays = new Set(coverage.holidays);
  const open = minutesOf(coverage.start);
  const close = minutesOf(coverage.end);
  const cache = new Map<number, Interval | null>();
  const calendar: Calendar = {
    windowOn(n) {
      const cached = cache.get(n);
      if (cached !== undefined) return cached;
      let window: Interval | null = null;
      // 1970-01-01 was a Thursday (ISO weekday 4).
      const iso = new Date(n * DAY).toISOString().slice(0, 10);
      if (days.has((((n + 3) % 7) + 7) % 7 + 1) && !holidays.has(iso)) {
        const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
        const at = (clock: { hour: number; minute: number }) => DateTime.fromObject({ year, month, day, ...clock }, { zone }).toMillis();
        window = { start: at(open), end: at(close) };
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

/** Milliseconds an SLA clock runs between two instants: covered, unpaused. 0 when `to` is not after `from`. */
export function runningMs(coverage: Coverage, pauses: readonly SlaPause[], from: number, to: number): number {
  return total(runningIntervals(coverage, pauses, from, to));
}

/**
 * The instant at which a clock that started at `from` has run `budgetMs`, or null if coverage and pauses keep
 * it from getting there within two years (an open pause stops it indefinitely).
 */
export function instantAfter(coverage: Coverage, pauses: readonly SlaPause[], from: number, budgetMs: number): number | null {
  let left = budgetMs;
  if (left <= 0) return from;
  // Nothing runs after an open pause starts: the search ends there.
  const open = pauseIntervals(pauses).filter((p) => p.end === Infinity).map((p) => p.start);
  const limit = Math.min(from + DUE_HORIZON_MS, ...open);
  for (let chunk = from; chunk < limit; chunk += DUE_CHUNK_MS) {
    for (const i of runningIntervals(coverage, pauses, chunk, chunk + DUE_CHUNK_MS)) {
      const span = i.end - i.start;
      if (span >= left) return i.start + left;
      left -= span;
    }
  }
  return null;
}

function isRunningAt(coverage: Coverage, pauses: readonly SlaPause[], at: number): boolean {
  return runningMs(coverage, pauses, at, at + 1) > 0;
}

interface ClockInput {
  key: string;
  kind: SlaTargetKind;
  role: ResponderRole | null;
  label: string;
  targetMinutes: number;
}

/** A clock that starts when the incident opens and stops at `stop` (null: still running at `now`). */
function stopwatch(terms: SlaTerms, pauses: readonly SlaPause[], base: ClockInput, opened: number, stop: number | null, now: number): SlaTargetStatus {
  const targetMs = base.targetMinutes * MINUTE;
  const end = stop ?? Math.max(now, opened);
  const elapsedMs = runningMs(terms.coverage, pauses, opened, end);
  const remainingMs = targetMs - elapsedMs;
  const done = stop !== null;
  const due = done ? null : instantAfter(terms.coverage, pauses, opened, targetMs);
  return {
    ...base,
    state: remainingMs < 0 ? 'breached' : done ? 'met' : 'running',
    done,
    ticking: !done && isRunningAt(terms.coverage, pauses, end),
    elapsedMs,
    remainingMs,
    dueAt: due === null || done ? null : toIso(due),
    stoppedAt: done ? toIso(stop) : null,
  };
}

/**
 * The update cadence: after the first response, an update is due every `cadence` of running time until the
 * incident is resolved. Each gap (first response → update → … → resolution or now) is measured; the longest one
 * decides whether the cadence was kept, the current one says when the next update is due.
 */
function cadenceClock(terms: SlaTerms, incident: SlaIncident, cadenceMinutes: number, now: number): SlaTargetStatus {
  const base: ClockInput = { key: 'update', kind: 'update', role: null, label: 'Update cadence', targetMinutes: cadenceMinutes };
  const targetMs = cadenceMinutes * MINUTE;
  const { coverage } = terms;
  const pauses = incident.pauses;
  const resolved = incident.resolvedAt === null ? null : toMs(incident.resolvedAt);
  const firstResponse = incident.firstResponseAt === null ? null : toMs(incident.firstResponseAt);
  if (firstResponse === null) {
    return { ...base, state: 'not_started', done: resolved !== null, ticking: false, elapsedMs: 0, remainingMs: targetMs, dueAt: null, stoppedAt: resolved === null ? null : toIso(resolved) };
  }
  const end = resolved ?? Math.max(now, firstResponse);
  const checkpoints = [firstResponse, ...incident.updates.map(toMs).filter((t) => t > firstResponse && t < end)].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0; i < checkpoints.length; i += 1) {
    const from = checkpoints[i] as number;
    const to = checkpoints[i + 1] ?? end;
    worst = Math.max(worst, runningMs(coverage, pauses, from, to));
  }
  const last = checkpoints[checkpoints.length - 1] as number;
  const current = runningMs(coverage, pauses, last, end);
  const done = resolved !== null;
  // A kept cadence shows the time left in the current gap; a broken one shows its worst overrun.
  const elapsedMs = worst > targetMs || done ? worst : current;
  const due = done ? null : instantAfter(coverage, pauses, last, targetMs);
  return {
    ...base,
    state: worst > targetMs ? 'breached' : done ? 'met' : 'running',
    done,
    ticking: !done && isRunningAt(coverage, pauses, end),
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    dueAt: due === null ? null : toIso(due),
    stoppedAt: done ? toIso(end) : null,
  };
}

/**
 * Every SLA target of an incident under a contract's terms, as of `now`. Responding, engaging or resolving
 * stops a clock; an incident resolved before a role was engaged stops that role's clock at the resolution.
 */
export function slaStatus(terms: SlaTerms, incident: SlaIncident, now: Date): SlaReport {
  const at = now.getTime();
  const opened = toMs(incident.openedAt);
  const paused = incident.resolvedAt === null && incident.pauses.some((p) => toMs(p.start) <= at && (p.end === null || toMs(p.end) > at));
  const problem = coverageProblem(terms.coverage);
  const target = terms.slaTargets.find((t) => t.severity === incident.severity);
  const report: SlaReport = { severity: incident.severity, hasTargets: target !== undefined, paused, inCoverage: false, targets: [], problem };
  if (problem !== null) return report;
  report.inCoverage = coverageWindows(terms.coverage, at, at + 1).length > 0;
  if (!target) return report;

  const resolved = incident.resolvedAt === null ? null : toMs(incident.resolvedAt);
  const stopAt = (iso: string | null | undefined): number | null => {
    const own = iso ? toMs(iso) : null;
    return own !== null && (resolved === null || own <= resolved) ? own : resolved;
  };
  const targets: SlaTargetStatus[] = [
    stopwatch(terms, incident.pauses, { key: 'first_response', kind: 'first_response', role: null, label: 'First response', targetMinutes: target.firstResponseMinutes }, opened, stopAt(incident.firstResponseAt), at),
  ];
  for (const role of RESPONDER_ROLES) {
    const minutes = target.engageMinutes[role];
    if (minutes === undefined) continue;
    const base: ClockInput = { key: `engage:${role}`, kind: 'engage', role, label: `${RESPONDER_ROLE_LABELS[role]} engaged`, targetMinutes: minutes };
    targets.push(stopwatch(terms, incident.pauses, base, opened, stopAt(incident.engagedAt[role]), at));
  }
  if (target.updateCadenceMinutes !== null) targets.push(cadenceClock(terms, incident, target.updateCadenceMinutes, at));
  report.targets = targets;
  return report;
}

/** Mean time to resolve, wall clock, over resolved incidents; null when none is resolved. */
export function meanTimeToResolveMs(incidents: ReadonlyArray<Pick<SlaIncident, 'openedAt' | 'resolvedAt'>>): number | null {
  const spans = incidents.filter((i) => i.resolvedAt !== null).map((i) => Math.max(0, toMs(i.resolvedAt as string) - toMs(i.openedAt)));
  return spans.length === 0 ? null : spans.reduce((a, b) => a + b, 0) / spans.length;
}
