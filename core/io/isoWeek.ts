import { DateTime } from 'luxon';

/** The ISO week a calendar date falls in, as timesheets name it: `2026-W10`. */
export function isoWeekOf(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).toFormat("kkkk-'W'WW");
}
