import { DateTime } from 'luxon';

/** ISO weeks (`2026-W48`, Monday to Sunday), the unit timesheets are submitted and approved in. */

export const ISO_WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

const DAY_MS = 86_400_000;
/** The value of `count` decimal digits of `text` from `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Epoch milliseconds of a plain YYYY-MM-DD date at UTC midnight, or null for anything else (which then goes the
 * slower luxon way). Reports step through thousands of days, so the common case is read digit by digit, with no
 * pattern and no string made. Years before 100 go the luxon way too (Date.UTC would read them as 19xx).
 */
function plainDateMs(date: string): number | null {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null;
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 2);
  const day = digits(date, 8, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day > length ? null : Date.UTC(year, month - 1, day);
}

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
  const ms = plainDateMs(date);
  if (ms !== null) {
    // The week's Thursday decides its year; its day of that year decides the number.
    const thursday = ms + (3 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY_MS;
    const year = new Date(thursday).getUTCFullYear();
    const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7);
    return `${year}-W${String(week).padStart(2, '0')}`;
  }
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
  const a = plainDateMs(from);
  const b = plainDateMs(to);
  if (a !== null && b !== null) return Math.round((b - a) / DAY_MS);
  return Math.round(parseDate(to).diff(parseDate(from), 'days').days);
}

export function addDays(date: string, days: number): string {
  const ms = plainDateMs(date);
  if (ms !== null && Number.isInteger(days)) return new Date(ms + days * DAY_MS).toISOString().slice(0, 10);
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
