import { DateTime } from 'luxon';

/** ISO weeks (`2026-W48`, Monday to Sunday), the unit timesheets are submitted and approved in. */

export const ISO_WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

function parseDate(date: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw new RangeError(`Not a date: ${date}`);
  return parsed;
}

function weekStart(week: string): DateTime {
  const match = ISO_WEEK.exec(week);
  if (!match) throw new RangeError(`Not an ISO week: ${week}`);
  const start = DateTime.fromObject({ weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 }, { zone: 'utc' });
  // Week 53 exists only in long years; luxon would roll it over into the next year.
  if (!start.isValid || start.weekNumber !== Number(match[2])) throw new RangeError(`Not an ISO week: ${week}`);
  return start;
}

export function isIsoWeek(week: string): boolean {
  try {
    weekStart(week);
    return true;
  } catch {
    return false;
  }
}

/** The ISO week a calendar date belongs to. */
export function weekOf(date: string): string {
  const d = parseDate(date);
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The seven dates of a week, Monday first. */
export function weekDays(week: string): string[] {
  const start = weekStart(week);
  return Array.from({ length: 7 }, (_, i) => start.plus({ days: i }).toISODate() ?? '');
}

/** The week `offset` weeks after (negative: before) `week`. */
export function shiftWeek(week: string, offset: number): string {
  return weekOf(weekStart(week).plus({ weeks: offset }).toISODate() ?? '');
}

/** The calendar date of an instant in a time zone (the worker's zone at the time). */
export function localDate(instant: string | Date, timeZone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: timeZone }) : DateTime.fromJSDate(instant, { zone: timeZone });
  return dt.toISODate() ?? '';
}

/** Whole days from `from` to `to` (both ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round(parseDate(to).diff(parseDate(from), 'days').days);
}

export function addDays(date: string, days: number): string {
  return parseDate(date).plus({ days }).toISODate() ?? '';
}

/** `2026-W48` → `23–29 Nov 2026`, for headings. */
export function weekLabel(week: string): string {
  const days = weekDays(week);
  const first = parseDate(days[0] ?? '');
  const last = parseDate(days[6] ?? '');
  const sameMonth = first.month === last.month;
  return `${first.toFormat(sameMonth ? 'd' : 'd LLL')}–${last.toFormat('d LLL yyyy')}`;
}
