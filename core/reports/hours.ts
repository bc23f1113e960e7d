import { PERSON_ROLE_LABELS, addDays, computeEntitlement, contractPeriodOn } from '../model';
import type { ContractBurn, HoursFigure, PersonRole, UtilisationRow } from '../model';
import type { ReportContract, Scope } from './scope';
import { weeksOfPeriod } from './weeks';

/** How many contracts carry their day-by-day burn-down series. */
export const BURN_SERIES_LIMIT = 20;

/** A working day's capacity for utilisation: 8 hours, Monday to Friday. */
export const CAPACITY_MINUTES_PER_DAY = 480;

/** Entries replaced by a correction never count (the correction does), as everywhere time is counted. */
const NOT_REPLACED = `id NOT IN (SELECT adjusts_id FROM time_entries WHERE deleted = 0 AND adjusts_id IS NOT NULL)`;
const NOT_REPLACED_T = `t.${NOT_REPLACED}`;

/**
 * Across the portfolio the covering date index answers the sums without touching a row; the planner, seeing
 * `billable = 1`, may otherwise walk the per-account index for every account.
 */
const INDEXED = 'INDEXED BY time_entries_date_report';

/**
 * The covered accounts as an SQL condition (the period's sums are grouped without the account, so it is filtered
 * in SQL): live accounts, the one account, or the filtered list.
 */
function hoursAccountClause(scope: Scope): { sql: string; params: string[] } {
  if (scope.single && scope.accounts.has(scope.single)) return { sql: ' AND account_id = ?', params: [scope.single] };
  // (An exclusion: the planner keeps the period index, and the few deleted ids make a small filter.)
  if (scope.everyone) return { sql: ' AND account_id NOT IN (SELECT id FROM accounts WHERE deleted = 1)', params: [] };
  return { sql: ' AND account_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify([...scope.accounts.keys()])] };
}

/** Working days (Monday–Friday) from `from` to `to`, both included. */
export function workingDays(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) n += 1;
  }
  return n;
}

/** The contract in force on a date, the latest-starting on overlaps (as ContractsRepo.activeOn picks). */
function activeOn(contracts: readonly ReportContract[], date: string): ReportContract | null {
  let best: ReportContract | null = null;
  for (const c of contracts) {
    if (c.startsOn > date || c.endsOn < date) continue;
    if (!best || c.startsOn > best.startsOn || (c.startsOn === best.startsOn && c.id > best.id)) best = c;
  }
  return best;
}

/**
 * Minutes logged per person and billable flag on the days from `first` to `last` (one ISO week of the period, or
 * the part of it inside the period), kept by scope.memo: a period moved by a week, or another filter of the same
 * accounts, sums again only the days it has not summed yet.
 */
function segmentHours(scope: Scope, first: string, last: string): Array<[userId: string, billable: number, minutes: number]> {
  return scope.memo(`hours ${scope.filterKey} ${first} ${last}`, () => {
    const acc = hoursAccountClause(scope);
    return scope
      .prepare<string[], [string, number, number]>(
        `SELECT user_id, billable, SUM(minutes) FROM time_entries ${scope.single ? '' : INDEXED}
         WHERE deleted = 0 AND date >= ? AND date <= ?${acc.sql} AND ${NOT_REPLACED}
         GROUP BY user_id, billable`,
      )
      .raw()
      .all(first, last, ...acc.params);
  });
}

/** The people directory by lower-cased email (time is logged under a lower-cased email): name and first role. */
function directoryOf(scope: Scope): Map<string, { name: string; role: PersonRole | undefined }> {
  return scope.memo(
    'people',
    () =>
      new Map(
        scope
          .prepare<[], { email: string; name: string; roles: string }>(`SELECT email, name, roles FROM people WHERE deleted = 0`)
          .all()
          .map((p) => [p.email.trim().toLowerCase(), { name: p.name, role: (JSON.parse(p.roles) as PersonRole[])[0] }]),
      ),
  );
}

/**
 * Hours: time logged on dates in the period (billable and not, per ISO week), utilisation per person and team
 * (billable minutes on the covered accounts over 8 h per working day of the period), and each covered account's
 * burn-down: the contract in force on the report's last day, its hours period holding that day, billable minutes
 * used against the included hours and the forecast exhaustion date (core/model/entitlement.ts).
 */
export function hoursFigure(scope: Scope): HoursFigure {
  const { from, to } = scope.query;
  const weeks = weeksOfPeriod(scope).map((w) => ({ ...w, billableMinutes: 0, nonBillableMinutes: 0 }));
  const byUser = new Map<string, { billable: number; nonBillable: number }>();
  let billableMinutes = 0;
  let nonBillableMinutes = 0;
  for (const week of weeks) {
    for (const [userId, billable, minutes] of segmentHours(scope, week.first, week.last)) {
      let user = byUser.get(userId);
      if (!user) {
        user = { billable: 0, nonBillable: 0 };
        byUser.set(userId, user);
      }
      if (billable === 1) {
        billableMinutes += minutes;
        user.billable += minutes;
        week.billableMinutes += minutes;
      } else {
        nonBillableMinutes += minutes;
        user.nonBillable += minutes;
        week.nonBillableMinutes += minutes;
      }
    }
  }

  const directory = directoryOf(scope);
  const capacity = workingDays(from, to) * CAPACITY_MINUTES_PER_DAY;
  const people: UtilisationRow[] = [...byUser.entries()].map(([userId, m]) => {
    const person = directory.get(userId.trim().toLowerCase());
    return {
      userId,
      name: person?.name ?? userId,
      team: person?.role ? PERSON_ROLE_LABELS[person.role] : 'Not in the directory',
      billableMinutes: m.billable,
      nonBillableMinutes: m.nonBillable,
      capacityMinutes: capacity,
      utilisation: capacity === 0 ? 0 : m.billable / capacity,
    };
  });
  people.sort((a, b) => b.utilisation - a.utilisation || a.name.localeCompare(b.name));
  const teamMap = new Map<string, { team: string; people: number; billableMinutes: number; capacityMinutes: number; utilisation: number }>();
  for (const p of people) {
    const t = teamMap.get(p.team) ?? { team: p.team, people: 0, billableMinutes: 0, capacityMinutes: 0, utilisation: 0 };
    t.people += 1;
    t.billableMinutes += p.billableMinutes;
    t.capacityMinutes += p.capacityMinutes;
    teamMap.set(p.team, t);
  }
  const teams = [...teamMap.values()].map((t) => ({ ...t, utilisation: t.capacityMinutes === 0 ? 0 : t.billableMinutes / t.capacityMinutes })).sort((a, b) => a.team.localeCompare(b.team));

  return {
    billableMinutes,
    nonBillableMinutes,
    weeks: weeks.map(({ week, billableMinutes: b, nonBillableMinutes: n }) => ({ week, billableMinutes: b, nonBillableMinutes: n })),
    contracts: burnDowns(scope),
    people,
    teams,
  };
}

/** One account's billable use in one hours period, by day: dates ascending, minutes summed per date. */
interface PeriodUse {
  dates: string[];
  minutes: number[];
}

/** "date minutes" pairs (in any order) as use by day. */
export function useByDay(pairs: string): PeriodUse {
  const use: PeriodUse = { dates: [], minutes: [] };
  // Read in place (no array of parts, no pair per entry): a report parses tens of thousands of entries.
  let at = 0;
  while (at < pairs.length) {
    const space = pairs.indexOf(' ', at);
    if (space < 0) break;
    const end = pairs.indexOf(' ', space + 1);
    const date = pairs.slice(at, space);
    const minutes = Number(pairs.slice(space + 1, end < 0 ? pairs.length : end));
    const last = use.dates.length - 1;
    const lastDate = use.dates[last];
    if (lastDate === date) use.minutes[last] = (use.minutes[last] as number) + minutes;
    else if (lastDate === undefined || lastDate < date) {
      use.dates.push(date);
      use.minutes.push(minutes);
    } else return inDateOrder(pairs);
    if (end < 0) break;
    at = end + 1;
  }
  return use;
}

/** The slow way, for pairs not in date order (the index hands them over in date order; this is in case a plan does not). */
function inDateOrder(pairs: string): PeriodUse {
  const parts = pairs.split(' ');
  const entries: Array<[string, number]> = [];
  for (let i = 0; i + 1 < parts.length; i += 2) entries.push([parts[i] as string, Number(parts[i + 1])]);
  entries.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const use: PeriodUse = { dates: [], minutes: [] };
  for (const [date, minutes] of entries) {
    const last = use.dates.length - 1;
    if (last >= 0 && use.dates[last] === date) use.minutes[last] = (use.minutes[last] as number) + minutes;
    else {
      use.dates.push(date);
      use.minutes.push(minutes);
    }
  }
  return use;
}

/** The first day whose running total of use reached the included minutes, up to `day` (a day counts whole). */
export function ranOutDay(use: PeriodUse, included: number, day: string): string | null {
  let running = 0;
  for (let i = 0; i < use.dates.length && (use.dates[i] as string) <= day; i += 1) {
    running += use.minutes[i] as number;
    if (running >= included) return use.dates[i] as string;
  }
  return null;
}

/** How many account periods the burn-downs keep between reports before starting afresh. */
const KEPT_PERIODS_LIMIT = 10_000;

/**
 * The account periods a report must read: the ones not kept; or, when keeping them too would pass the limit, every
 * one it wants, after dropping all that were kept (what it wants must not be dropped with them).
 */
export function periodsToRead<T>(kept: Map<string, unknown>, wanted: readonly T[], keyOf: (item: T) => string, limit: number): T[] {
  const missing = wanted.filter((item) => !kept.has(keyOf(item)));
  if (missing.length === 0 || kept.size + missing.length <= limit) return missing;
  kept.clear();
  return [...wanted];
}

/**
 * Each active account's billable use in its whole hours period, by day. Kept by scope.memo per account and period,
 * so the reports for the other weeks of the same month or quarter read nothing again; the ones missing are read in
 * one SQL pass driven by a temporary table of account periods, each account reading only its own entries of its
 * period from the covering index of 0015, one row per account (rows cost more to hand over than sums to compute).
 */
function periodUses(scope: Scope, active: ReadonlyArray<{ accountId: string; start: string; end: string }>): Map<string, PeriodUse> {
  const kept = scope.memo('burn periods', () => new Map<string, PeriodUse>());
  const keyOf = (a: { accountId: string; start: string; end: string }) => `${a.accountId} ${a.start} ${a.end}`;
  const missing = periodsToRead(kept, active, keyOf, KEPT_PERIODS_LIMIT);
  if (missing.length > 0) {
    const db = scope.db;
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS report_burn_periods (account_id TEXT PRIMARY KEY, start TEXT NOT NULL, end TEXT NOT NULL) WITHOUT ROWID`);
    db.exec(`DELETE FROM temp.report_burn_periods`);
    // Filled in one statement from a JSON list (a thousand separate inserts cost more than the sums).
    scope
      .prepare<[string]>(
        `INSERT INTO temp.report_burn_periods (account_id, start, end)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`,
      )
      .run(JSON.stringify(missing.map((a) => [a.accountId, a.start, a.end])));
    const read = new Map<string, string>();
    for (const [accountId, pairs] of scope
      .prepare<[], [string, string]>(
        `SELECT p.account_id, group_concat(t.date || ' ' || t.minutes, ' ')
         FROM temp.report_burn_periods p CROSS JOIN time_entries t INDEXED BY time_entries_billable_account
         WHERE t.account_id = p.account_id AND t.deleted = 0 AND t.billable = 1 AND t.date >= p.start AND t.date <= p.end AND ${NOT_REPLACED_T}
         GROUP BY p.account_id`,
      )
      .raw()
      .all())
      read.set(accountId, pairs);
    db.exec(`DELETE FROM temp.report_burn_periods`);
    for (const a of missing) {
      const pairs = read.get(a.accountId);
      kept.set(keyOf(a), pairs === undefined ? { dates: [], minutes: [] } : useByDay(pairs));
    }
  }
  return new Map(active.map((a) => [a.accountId, kept.get(keyOf(a)) as PeriodUse]));
}

function burnDowns(scope: Scope): ContractBurn[] {
  const day = scope.asOfDate;
  const active: Array<{ contract: ReportContract; accountId: string; start: string; end: string }> = [];
  for (const account of scope.accounts.values()) {
    const contract = activeOn(scope.contractsOf(account.id), day);
    if (!contract || contract.includedHours <= 0) continue;
    const period = contractPeriodOn(contract, day);
    if (period) active.push({ contract, accountId: account.id, start: period.start, end: period.end });
  }
  if (active.length === 0) return [];
  const uses = periodUses(scope, active);

  // computeEntitlement decides level, burn rate and forecast from the sum; the day hours ran out comes from the
  // running sum by day (the same rule: the first day the cumulative use reached the included minutes).
  const burns = active.map(({ contract, start, end }): ContractBurn => {
    const use = uses.get(contract.accountId) as PeriodUse;
    let minutes = 0;
    for (let i = 0; i < use.dates.length && (use.dates[i] as string) <= day; i += 1) minutes += use.minutes[i] as number;
    const figures = computeEntitlement({ period: { start, end }, includedHours: contract.includedHours, usage: minutes > 0 ? [{ date: day, minutes }] : [], today: day });
    if (figures.exhausted) figures.exhaustionDate = ranOutDay(use, figures.includedMinutes, day) ?? figures.exhaustionDate;
    return {
      accountId: contract.accountId,
      accountName: scope.accounts.get(contract.accountId)?.name ?? '',
      contractId: contract.id,
      tier: contract.tier,
      periodStart: start,
      periodEnd: end,
      includedMinutes: figures.includedMinutes,
      usedMinutes: figures.usedMinutes,
      percentUsed: figures.percentUsed,
      level: figures.level,
      exhaustionDate: figures.exhaustionDate,
      exhausted: figures.exhausted,
      burnMinutesPerDay: figures.burnMinutesPerDay,
      days: [],
    };
  });
  // Closest to running out first; only those carry their daily series (a thousand series would swamp a screen).
  burns.sort((a, b) => (b.percentUsed ?? 0) - (a.percentUsed ?? 0) || a.accountName.localeCompare(b.accountName));
  for (const burn of burns.slice(0, BURN_SERIES_LIMIT)) {
    const use = uses.get(burn.accountId) as PeriodUse;
    let remaining = burn.includedMinutes;
    let i = 0;
    const last = burn.periodEnd < day ? burn.periodEnd : day;
    for (let d = burn.periodStart; d <= last; d = addDays(d, 1)) {
      while (i < use.dates.length && (use.dates[i] as string) < d) i += 1;
      if (use.dates[i] === d) remaining -= use.minutes[i] as number;
      burn.days.push({ date: d, remainingMinutes: remaining });
    }
  }
  return burns;
}
