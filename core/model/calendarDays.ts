import { z } from 'zod';

/**
 * Calendar dates (YYYY-MM-DD) as reviews and action items use them: a due date is a day on the owner's
 * calendar, not an instant, so "today" is always computed in a time zone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date field; `label` names it in the message, since the UI shows the message next to the field. */
export function calendarDateSchema(label: string) {
  return z
    .string({ error: `${label} must be a date.` })
    .trim()
    .refine(isCalendarDate, { error: `${label} must be a real date written YYYY-MM-DD.` });
}

/** The calendar date of `now` in `timeZone` (an IANA zone); the system zone when it is null or unknown. */
export function todayIn(timeZone: string | null, now: Date): string {
  // Assembled from parts: no locale's own date layout is relied upon.
  const format = (zone: string | undefined) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
  try {
    return format(timeZone ?? undefined);
  } catch {
    return format(undefined);
  }
}

