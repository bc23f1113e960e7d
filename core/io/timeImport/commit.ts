import { DateTime } from 'luxon';
import { checkTimeRules, FieldbookError, weekOf } from '../../model';
import type { EntryForRules, TimeEntryDraft } from '../../model';
import { TimeService } from '../../services/time';
import { ProfileRepo } from '../../store/profileRepo';
import type { Store } from '../../store/store';
import { ContractSkus } from '../contractSkus';

/**
 * Imported time: the preview's check of every draft against the time rules (overlaps, 24 hours a day), the
 * person's submitted or approved weeks and the accounts' contracts, together with the entries already stored
 * (so each row can say which other row or stored entry it collides with), and the commit, which writes all or
 * none through the time service.
 */

/** The local person's user id: their profile's email (the id time entries carry until a directory exists). */
export function localUserId(store: Store): string {
  const profile = new ProfileRepo(store).get();
  if (!profile) {
    throw new FieldbookError('invalid', 'Set up your profile (Settings › Your profile) first: imported time is recorded as yours.');
  }
  return profile.email.toLowerCase();
}

export function localTimeZone(store: Store): string {
  return new ProfileRepo(store).get()?.timeZone ?? 'UTC';
}

/** A problem with one draft, by its index in the list given. */
export interface DraftProblem {
  index: number;
  message: string;
  /** For an overlap: the other draft's index, or the stored entry's id. */
  overlaps?: { index: number } | { id: string; date: string };
}

export interface StoredEntry {
  id: string;
  accountId: string;
  date: string;
  minutes: number;
  startedAt: string | null;
  endedAt: string | null;
  note: string;
}

function shiftDate(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** The person's stored entries on the given dates, and a day either side (a timed entry may cross midnight). */
export function storedEntriesAround(store: Store, userId: string, dates: readonly string[]): StoredEntry[] {
  if (dates.length === 0) return [];
  const sorted = [...dates].sort();
  return store.db
    .prepare<[string, string, string], StoredEntry>(
      `SELECT id, account_id AS accountId, date, minutes, started_at AS startedAt, ended_at AS endedAt, note
         FROM time_entries WHERE deleted = 0 AND lower(user_id) = ? AND date >= ? AND date <= ?`,
    )
    .all(userId, shiftDate(sorted[0] ?? '', -1), shiftDate(sorted[sorted.length - 1] ?? '', 1));
}

/** The person's weeks that take no new time: submitted, approved or exported timesheets. */
function closedWeeks(store: Store, userId: string): Map<string, string> {
  const rows = store.db
    .prepare<[string], { week: string; status: string }>(
      `SELECT week, status FROM timesheets WHERE deleted = 0 AND lower(user_id) = ? AND status IN ('submitted', 'approved', 'exported')`,
    )
    .all(userId);
  return new Map(rows.map((r) => [r.week, r.status]));
}

const incomingId = (index: number) => `#import-${index}`;

/** Everything that would stop these drafts from being written next to the stored entries. */
export function checkImportDrafts(store: Store, userId: string, drafts: readonly TimeEntryDraft[], stored?: readonly StoredEntry[]): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const around = stored ?? storedEntriesAround(store, userId, drafts.map((d) => d.date));
  const weeks = closedWeeks(store, userId);
  const contracts = ContractSkus.load(store);
  const liveAccounts = new Set(store.db.prepare<[], string>('SELECT id FROM accounts WHERE deleted = 0').pluck().all());

  drafts.forEach((draft, index) => {
    if (!liveAccounts.has(draft.accountId)) problems.push({ index, message: 'The account no longer exists on this device.' });
    const week = weekOf(draft.date);
    const status = weeks.get(week);
    if (status) problems.push({ index, message: `Your timesheet for ${week} is ${status}, so no time can be added to that week.` });
    if (draft.sku !== null && !contracts.sku(draft.accountId, draft.date, draft.sku)) {
      problems.push({ index, message: `SKU ${draft.sku} is not on the account's contract in force on ${draft.date}.` });
    }
  });

  const existing: EntryForRules[] = around.map((e) => ({ ...e, userId }));
  const incoming: EntryForRules[] = drafts.map((d, index) => ({
    id: incomingId(index),
    userId,
    date: d.date,
    minutes: d.minutes,
    startedAt: d.startedAt,
    endedAt: d.endedAt,
  }));
  const indexOf = new Map(incoming.map((e, i) => [e.id, i]));
  const storedById = new Map(around.map((e) => [e.id, e]));
  for (const violation of checkTimeRules(existing, incoming)) {
    const index = indexOf.get(violation.id) ?? -1;
    if (violation.rule === 'overlap') {
      const other = indexOf.get(violation.otherId);
      // Two new entries that overlap each other: the later one is at fault, so only it is reported.
      if (other !== undefined && other > index) continue;
      const storedOther = storedById.get(violation.otherId);
      problems.push({
        index,
        message: violation.message,
        ...(other !== undefined ? { overlaps: { index: other } } : storedOther ? { overlaps: { id: storedOther.id, date: storedOther.date } } : {}),
      });
    } else {
      problems.push({ index, message: violation.message });
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

/**
 * Inserts imported drafts for the local person, all or nothing, through the time service's own write
 * (`TimeService.addMany` with source `import`): the same validation, time rules, closed weeks and contract
 * defaults as any entry. The preview checked the same rules already; this is the check that counts, inside
 * the write. Returns the new entries' ids in the drafts' order. The caller announces the change.
 */
export function commitTimeImport(store: Store, drafts: readonly TimeEntryDraft[]): string[] {
  const time = new TimeService({ store, changed: () => {} });
  return time.addMany(drafts, 'import').map((entry) => entry.id);
}
