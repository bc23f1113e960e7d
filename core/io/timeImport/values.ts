import { DateTime } from 'luxon';
import { isCalendarDate } from '../../model';
import type { Cell } from './read';

/**
 * Cell readers for imports. Each returns a value or a message in the user's words, saying what was found
 * and what would have been understood. Files from spreadsheets bring numbers and dates as such; CSV brings
 * text in the formats trackers write.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Excel's day zero: a time of day or a duration in a workbook is a date-time on this day. */
const EXCEL_DAY_ZERO = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

export function isEmpty(cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** Cell text. The apostrophe our CSV export puts before formula-like text (=, +, -, @) is taken off again. */
export function text(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString();
  const value = String(cell).trim();
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

function quote(cell: Cell): string {
  return `“${text(cell)}”`;
}

export type DateOrder = 'mdy' | 'dmy';

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])/;
const NUMERIC_DATE = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:$|\s)/;

function ymd(y: number, m: number, d: number): string | null {
  const value = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isCalendarDate(value) ? value : null;
}

/** Which order a date like 03/04/2026 uses, when the file shows it (a part over 12); null when it cannot tell. */
export function dateOrderEvidence(cell: Cell): DateOrder | null {
  if (typeof cell !== 'string') return null;
  const match = NUMERIC_DATE.exec(cell.trim());
  if (!match) return null;
  const [a, b] = [Number(match[1]), Number(match[3])];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return null;
}

export function usesDots(cell: Cell): boolean {
  return typeof cell === 'string' && /^\d{1,2}\.\d{1,2}\.\d{4}/.test(cell.trim());
}

export function parseDate(cell: Cell, order: DateOrder): Parsed<string> {
  if (cell instanceof Date) {
    const value = ymd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return value ? ok(value) : fail('This date cell holds no calendar date.');
  }
  if (typeof cell === 'number' && cell > 20_000 && cell < 80_000) {
    // A date cell formatted as a plain number: Excel's serial day count.
    const date = new Date(EXCEL_DAY_ZERO + Math.floor(cell) * MS_PER_DAY);
    return parseDate(date, order);
  }
  const value = text(cell);
  const iso = ISO_DATE.exec(value);
  if (iso) {
    const date = ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (date) return ok(date);
  }
  const numeric = NUMERIC_DATE.exec(value);
  if (numeric) {
    const [a, b, y] = [Number(numeric[1]), Number(numeric[3]), Number(numeric[4])];
    const date = order === 'mdy' ? ymd(y, a, b) : ymd(y, b, a);
    if (date) return ok(date);
  }
  return fail(`${quote(cell)} is not a date; write it like 2026-03-04${numeric ? ` (read as ${order === 'mdy' ? 'month/day/year' : 'day/month/year'})` : ''}.`);
}

/** A time of day, or a full date and time (with an offset, or in the zone the work was done in). */
export type TimeValue =
  | { kind: 'instant'; iso: string }
  | { kind: 'local'; date: string | null; hour: number; minute: number; second: number };

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i;

export function parseTime(cell: Cell): Parsed<TimeValue> {
  if (cell instanceof Date) {
    const onDayZero = cell.getTime() >= EXCEL_DAY_ZERO && cell.getTime() < EXCEL_DAY_ZERO + MS_PER_DAY;
    return ok({
      kind: 'local',
      date: onDayZero ? null : ymd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()),
      hour: cell.getUTCHours(),
      minute: cell.getUTCMinutes(),
      second: cell.getUTCSeconds(),
    });
  }
  if (typeof cell === 'number' && cell >= 0 && cell < 1) {
    const seconds = Math.round(cell * 86_400);
    return ok({ kind: 'local', date: null, hour: Math.floor(seconds / 3600), minute: Math.floor(seconds / 60) % 60, second: seconds % 60 });
  }
  const value = text(cell);
  const withOffset = DateTime.fromISO(value, { setZone: true });
  if (/T\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(value) && withOffset.isValid) return ok({ kind: 'instant', iso: withOffset.toUTC().toISO() ?? value });
  const dateTime = /^(\d{4}-\d{2}-\d{2})[T\s](.+)$/.exec(value);
  const date = dateTime ? dateTime[1] ?? null : null;
  const time = TIME_OF_DAY.exec(dateTime ? (dateTime[2] ?? '') : value);
  if (time && (date === null || isCalendarDate(date))) {
    let hour = Number(time[1]);
    const minute = Number(time[2]);
    const second = Number(time[3] ?? 0);
    const meridiem = time[4]?.toLowerCase().replace(/\./g, '');
    if (meridiem) {
      if (hour < 1 || hour > 12) return fail(`${quote(cell)} is not a time: with AM or PM the hour is 1 to 12.`);
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    if (hour < 24 && minute < 60 && second < 60) return ok({ kind: 'local', date, hour, minute, second });
  }
  return fail(`${quote(cell)} is not a time; write it like 09:30 or 2:15 PM.`);
}

const MAX_DURATION_MINUTES = 100 * 60;

function minutesOf(value: number, cell: Cell): Parsed<number> {
  if (!Number.isFinite(value)) return fail(`${quote(cell)} is not a duration.`);
  if (value < 0) return fail(`${quote(cell)} is negative; time cannot be.`);
  if (value > MAX_DURATION_MINUTES) return fail(`${quote(cell)} is more than 100 hours; check the unit.`);
  return ok(Math.round(value));
}

/** A decimal number written with a point or (in European files) a comma. */
function decimal(value: string): number | null {
  const normal = /^\d+(,\d+)?$/.test(value) ? value.replace(',', '.') : value;
  return /^\d*\.?\d+$/.test(normal) ? Number(normal) : null;
}

/**
 * A duration: `1:30`, `01:30:00`, `1.5` or `1,5` (hours), `1h30`, `90m`; from a workbook, a time cell or a
 * number of hours. Seconds round to the nearest minute, as trackers that count seconds expect.
 */
export function parseDuration(cell: Cell): Parsed<number> {
  if (cell instanceof Date) return minutesOf((cell.getTime() - EXCEL_DAY_ZERO) / 60_000, cell);
  if (typeof cell === 'number') return minutesOf(cell * 60, cell);
  const value = text(cell).toLowerCase().replace(/\s+/g, '');
  const clock = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(value);
  if (clock) return minutesOf(Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3] ?? 0) / 60, cell);
  const units = /^(?:(\d+(?:[.,]\d+)?)h)?(?:(\d+)m(?:in)?)?$/.exec(value);
  if (units && (units[1] || units[2])) return minutesOf(Number((units[1] ?? '0').replace(',', '.')) * 60 + Number(units[2] ?? 0), cell);
  const hours = decimal(value);
  if (hours !== null) return minutesOf(hours * 60, cell);
  return fail(`${quote(cell)} is not a duration; write it like 1:30, 01:30:00 or 1.5.`);
}

export function parseHours(cell: Cell): Parsed<number> {
  if (typeof cell === 'number') return minutesOf(cell * 60, cell);
  const hours = decimal(text(cell).replace(/\s+/g, ''));
  return hours === null ? fail(`${quote(cell)} is not a number of hours; write it like 1.5.`) : minutesOf(hours * 60, cell);
}

export function parseMinutes(cell: Cell): Parsed<number> {
  if (typeof cell === 'number') return Number.isInteger(cell) ? minutesOf(cell, cell) : fail(`${quote(cell)} is not a whole number of minutes.`);
  const value = text(cell);
  return /^\d+$/.test(value) ? minutesOf(Number(value), cell) : fail(`${quote(cell)} is not a whole number of minutes.`);
}

const YES = new Set(['yes', 'y', 'true', '1', 'billable', 'ja', 'oui', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'non-billable', 'not billable', 'nein', 'non']);

export function parseBillable(cell: Cell): Parsed<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  if (isEmpty(cell)) return ok(null);
  const value = text(cell).toLowerCase();
  if (YES.has(value)) return ok(true);
  if (NO.has(value)) return ok(false);
  return fail(`${quote(cell)} is not yes or no.`);
}
