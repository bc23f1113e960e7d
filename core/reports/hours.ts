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
 * Hours: time logged on dates in the period (billable and not, per ISO week), utilisation per person and team
 * (billable minutes on the covered accounts over 8 h per working day of the period), and each covered account's
 * burn-down: the contract in force on the report's last day, its hours period holding that day, billable minutes
 * used against the included hours and the forecast exhaustion date (core/model/entitlement.ts).
 */
export function hoursFigure(scope: Scope): HoursFigure {
  const { from, to } = scope.query;
  const periodWeeks = weeksOfPeriod(scope);
  // Summed in SQL by person, billable flag and week of the period (the week found by comparing the date text with
  // each week's last day, cheaper than date functions on every entry): a few hundred rows come back, not 50,000.
  const weekCase = `CASE ${periodWeeks.map((_, i) => `WHEN date <= ? THEN ${i}`).join(' ')} END`;
  const acc = hoursAccountClause(scope);
  const rows = scope
    .prepare<string[], [string, number, number, number]>(
      `SELECT user_id, billable, ${weekCase} AS week, SUM(minutes) AS minutes
       FROM time_entries ${scope.single ? '' : INDEXED} WHERE deleted = 0 AND date >= ? AND date <= ?${acc.sql} AND ${NOT_REPLACED}
       GROUP BY user_id, billable, week`,
    )
    .raw()
    .all(...periodWeeks.map((w) => w.last), from, to, ...acc.params);

  const weeks = periodWeeks.map((w) => ({ week: w.week, billableMinutes: 0, nonBillableMinutes: 0 }));
  const byUser = new Map<string, { billable: number; nonBillable: number }>();
  let billableMinutes = 0;
  let nonBillableMinutes = 0;
  for (const [userId, billable, weekIndex, minutes] of rows) {
    const week = weeks[weekIndex];
    let user = byUser.get(userId);
    if (!user) {
      user = { billable: 0, nonBillable: 0 };
      byUser.set(userId, user);
    }
    if (billable === 1) {
      billableMinutes += minutes;
      user.billable += minutes;
      if (week) week.billableMinutes += minutes;
    } else {
      nonBillableMinutes += minutes;
      user.nonBillable += minutes;
      if (week) week.nonBillableMinutes += minutes;
    }
  }

  // Names and teams come from the people directory (time is logged under a lower-cased email).
  const directory = new Map(
    scope
      .prepare<[], { email: string; name: string; roles: string }>(`SELECT email, name, roles FROM people WHERE deleted = 0`)
      .all()
      .map((p) => [p.email.trim().toLowerCase(), p]),
  );
  const capacity = workingDays(from, to) * CAPACITY_MINUTES_PER_DAY;
  const people: UtilisationRow[] = [...byUser.entries()].map(([userId, m]) => {
    const person = directory.get(userId.trim().toLowerCase());
    const role = person ? (JSON.parse(person.roles) as PersonRole[])[0] : undefined;
    return {
      userId,
      name: person?.name ?? userId,
      team: role ? PERSON_ROLE_LABELS[role] : 'Not in the directory',
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
    weeks,
    contracts: burnDowns(scope),
    people,
    teams,
  };
}

/**
 * The first day whose running total of use reached the included minutes, from "date minutes" pairs in date order
 * (a day counts whole: a later negative entry of the same day can take it back under).
 */
export function ranOutDay(entries: string, included: number): string | null {
  const parts = entries.split(' ');
  let running = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const date = parts[i] as string;
    running += Number(parts[i + 1]);
    if (parts[i + 2] !== date && running >= included) return date;
  }
  return null;
}

function burnDowns(scope: Scope): ContractBurn[] {
  const day = scope.asOfDate;
  const active: Array<{ contract: ReportContract; start: string; end: string }> = [];
  for (const account of scope.accounts.values()) {
    const contract = activeOn(scope.contractsOf(account.id), day);
    if (!contract || contract.includedHours <= 0) continue;
    const period = contractPeriodOn(contract, day);
    if (period) active.push({ contract, start: period.start, end: period.end });
  }
  if (active.length === 0) return [];
  const db = scope.db;
  // Each account's own period start and included minutes, in a temporary table, so one SQL pass sums each account
  // from its own start and finds the day its included hours ran out (a running sum). Driven by the table: each
  // account reads only its own billable entries of its period, in date order, from the covering index of 0015.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS report_periods (account_id TEXT PRIMARY KEY, start TEXT NOT NULL, included INTEGER NOT NULL) WITHOUT ROWID`);
  db.exec(`DELETE FROM temp.report_periods`);
  // Filled in one statement from a JSON list (a thousand separate inserts cost more than the sums).
  const insert = scope.prepare<[string]>(
    `INSERT INTO temp.report_periods (account_id, start, included)
     SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`,
  );
  const fill = (list: typeof active) => insert.run(JSON.stringify(list.map((a) => [a.contract.accountId, a.start, Math.round(a.contract.includedHours * 60)])));
  fill(active);
  // Each account's sum over its own period, one key range per account of the billable index, and for the accounts
  // whose hours ran out their entries as "date minutes" text in date order: one pass, and one row per account rather
  // than one per day (rows cost more to hand to JavaScript than the sums cost to compute).
  const totals = new Map<string, { used: number; ranOut: string | null }>();
  for (const [accountId, included, used, entries] of scope
    .prepare<[string], [string, number, number, string | null]>(
      `SELECT p.account_id, p.included, SUM(t.minutes),
              CASE WHEN SUM(t.minutes) >= p.included THEN group_concat(t.date || ' ' || t.minutes, ' ' ORDER BY t.date) END
       FROM temp.report_periods p CROSS JOIN time_entries t INDEXED BY time_entries_billable_account
       WHERE t.account_id = p.account_id AND t.deleted = 0 AND t.billable = 1 AND t.date >= p.start AND t.date <= ? AND ${NOT_REPLACED_T}
       GROUP BY p.account_id`,
    )
    .raw()
    .all(day))
    totals.set(accountId, { used, ranOut: entries === null ? null : ranOutDay(entries, included) });
  db.exec(`DELETE FROM temp.report_periods`);

  // computeEntitlement decides level, burn rate and forecast from the sum; the day hours ran out comes from the
  // running sum above (the same rule: the first day the cumulative use reached the included minutes).
  const burns = active.map(({ contract, start, end }): ContractBurn => {
    const total = totals.get(contract.accountId);
    const minutes = total?.used ?? 0;
    const figures = computeEntitlement({ period: { start, end }, includedHours: contract.includedHours, usage: minutes > 0 ? [{ date: day, minutes }] : [], today: day });
    if (figures.exhausted) figures.exhaustionDate = total?.ranOut ?? figures.exhaustionDate;
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
  // Day by day, read only for the accounts shown.
  const shown = burns.slice(0, BURN_SERIES_LIMIT);
  if (shown.length > 0) {
    const earliest = shown.reduce((min, b) => (b.periodStart < min ? b.periodStart : min), day);
    const perDay = new Map<string, Map<string, number>>();
    for (const r of scope
      .prepare<[string, string, string], { account_id: string; date: string; minutes: number }>(
        `SELECT account_id, date, SUM(minutes) AS minutes FROM time_entries INDEXED BY time_entries_billable_account
         WHERE account_id IN (SELECT value FROM json_each(?)) AND deleted = 0 AND billable = 1 AND date >= ? AND date <= ? AND ${NOT_REPLACED}
         GROUP BY account_id, date`,
      )
      .all(JSON.stringify(shown.map((b) => b.accountId)), earliest, day)) {
      const map = perDay.get(r.account_id) ?? new Map<string, number>();
      map.set(r.date, r.minutes);
      perDay.set(r.account_id, map);
    }
    for (const burn of shown) {
      const days = perDay.get(burn.accountId) ?? new Map<string, number>();
      let remaining = burn.includedMinutes;
      const last = burn.periodEnd < day ? burn.periodEnd : day;
      for (let d = burn.periodStart; d <= last; d = addDays(d, 1)) {
        remaining -= days.get(d) ?? 0;
        burn.days.push({ date: d, remainingMinutes: remaining });
      }
    }
  }
  return burns;
}
