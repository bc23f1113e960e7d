import { DateTime } from 'luxon';
import type { HoursPeriod } from './contract';
import { addDays, daysBetween } from './isoWeek';

/**
 * Hours included in a contract per period (issue 4 §4): used versus included, the date they run out at the
 * current burn rate, and warnings at 80 % and 100 %. Pure: the service feeds it the day totals.
 */

export interface ContractPeriod {
  start: string;
  end: string;
}

const PERIOD_MONTHS: Record<HoursPeriod, number> = { month: 1, quarter: 3, year: 12 };

/**
 * The contract period holding `date`. Periods are anchored at the contract's start (a contract starting on the
 * 15th has monthly periods from the 15th), counted from the start each time so month ends do not drift, and the
 * last one ends with the contract. null outside the contract.
 */
export function contractPeriodOn(contract: { startsOn: string; endsOn: string; hoursPeriod: HoursPeriod }, date: string): ContractPeriod | null {
  if (date < contract.startsOn || date > contract.endsOn) return null;
  const months = PERIOD_MONTHS[contract.hoursPeriod];
  const start = ymd(contract.startsOn);
  const at = ymd(date);
  if (!start || !at) return contractPeriodOnLuxon(contract, date);
  // Whole periods from the start, then stepped exactly (a month added to the 31st lands on the month's last day).
  let n = Math.max(0, Math.floor(((at.y - start.y) * 12 + (at.m - start.m)) / months) - 1);
  while (plusMonths(start, (n + 1) * months) <= date) n += 1;
  const periodStart = plusMonths(start, n * months);
  const periodEnd = addDays(plusMonths(start, (n + 1) * months), -1);
  return { start: periodStart, end: periodEnd < contract.endsOn ? periodEnd : contract.endsOn };
}

function ymd(date: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
}

/** The date `months` after a date, clamped to the last day of a shorter month (as luxon's `plus` does). */
function plusMonths(from: { y: number; m: number; d: number }, months: number): string {
  const index = from.y * 12 + (from.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(from.d, last)).padStart(2, '0')}`;
}

/** The same rule through luxon, for dates not written YYYY-MM-DD. */
function contractPeriodOnLuxon(contract: { startsOn: string; endsOn: string; hoursPeriod: HoursPeriod }, date: string): ContractPeriod | null {
  const start = DateTime.fromISO(contract.startsOn, { zone: 'utc' });
  const months = PERIOD_MONTHS[contract.hoursPeriod];
  const at = DateTime.fromISO(date, { zone: 'utc' });
  let n = Math.max(0, Math.floor(at.diff(start, 'months').months / months) - 1);
  while ((start.plus({ months: (n + 1) * months }).toISODate() ?? '') <= date) n += 1;
  const periodStart = start.plus({ months: n * months }).toISODate() ?? '';
  const next = start.plus({ months: (n + 1) * months }).toISODate() ?? '';
  const periodEnd = addDays(next, -1);
  return { start: periodStart, end: periodEnd < contract.endsOn ? periodEnd : contract.endsOn };
}

export const ENTITLEMENT_WARNING_PERCENT = 80;
export type EntitlementLevel = 'ok' | 'warning' | 'exhausted';

export interface EntitlementFigures {
  period: ContractPeriod;
  includedMinutes: number;
  usedMinutes: number;
  remainingMinutes: number;
  /** null when nothing is included (every hour is billed). */
  percentUsed: number | null;
  level: EntitlementLevel;
  /** Average minutes used per elapsed day of the period. */
  burnMinutesPerDay: number;
  /** The day the included hours ran out (when they did), else the day they will at the current burn rate. */
  exhaustionDate: string | null;
  /** Whether `exhaustionDate` already happened. */
  exhausted: boolean;
}

/**
 * `usage` is billable minutes per date within the period (any order; dates outside are ignored); `today` is the
 * date the forecast is made on.
 */
export function computeEntitlement(input: {
  period: ContractPeriod;
  includedHours: number;
  usage: ReadonlyArray<{ date: string; minutes: number }>;
  today: string;
}): EntitlementFigures {
  const { period, today } = input;
  const includedMinutes = Math.round(input.includedHours * 60);
  const inPeriod = input.usage.filter((u) => u.date >= period.start && u.date <= period.end).sort((a, b) => (a.date < b.date ? -1 : 1));
  const usedMinutes = inPeriod.reduce((sum, u) => sum + u.minutes, 0);
  const percentUsed = includedMinutes > 0 ? (usedMinutes / includedMinutes) * 100 : null;
  const level: EntitlementLevel =
    percentUsed === null ? 'ok' : percentUsed >= 100 ? 'exhausted' : percentUsed >= ENTITLEMENT_WARNING_PERCENT ? 'warning' : 'ok';

  const asOf = today < period.start ? period.start : today > period.end ? period.end : today;
  const elapsedDays = daysBetween(period.start, asOf) + 1;
  const burnMinutesPerDay = usedMinutes / elapsedDays;

  let exhaustionDate: string | null = null;
  let exhausted = false;
  if (includedMinutes > 0 && usedMinutes >= includedMinutes) {
    let cumulative = 0;
    for (const u of inPeriod) {
      cumulative += u.minutes;
      if (cumulative >= includedMinutes) {
        exhaustionDate = u.date;
        break;
      }
    }
    exhausted = true;
  } else if (includedMinutes > 0 && burnMinutesPerDay > 0 && today <= period.end) {
    const days = Math.ceil((includedMinutes - usedMinutes) / burnMinutesPerDay);
    const date = addDays(asOf, days);
    // Not running out within the period is the good news: no date.
    exhaustionDate = date <= period.end ? date : null;
  }
  return {
    period,
    includedMinutes,
    usedMinutes,
    remainingMinutes: Math.max(0, includedMinutes - usedMinutes),
    percentUsed,
    level,
    burnMinutesPerDay,
    exhaustionDate,
    exhausted,
  };
}

/** An account's entitlement in the contract period holding a date, as the API returns it. */
export interface Entitlement extends EntitlementFigures {
  accountId: string;
  contractId: string;
  tier: string;
  includedHours: number;
  hoursPeriod: HoursPeriod;
  asOf: string;
}
