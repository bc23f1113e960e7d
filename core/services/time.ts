import type { z } from 'zod';
import {
  FieldbookError,
  addDays,
  checkTimeRules,
  computeEntitlement,
  contractPeriodOn,
  effectiveEntries,
  formatDuration,
  isLocked,
  localDate,
  newId,
  timeEntryDraftSchema,
  userIdOf,
  weekOf,
} from '../model';
import type {
  Entitlement,
  EntryForRules,
  FieldErrors,
  PersonRole,
  RuleViolation,
  Sku,
  SupportContract,
  TimeAdjust,
  TimeEntry,
  TimeEntryDraft,
  TimeEntryFields,
  TimeEntryPatch,
  TimeListQuery,
  TimeSetCell,
} from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { ContractsRepo } from '../store/contractsRepo';
import { ProfileRepo } from '../store/profileRepo';
import { TimeRepo, timesheetId } from '../store/timeRepo';
import type { ServiceContext } from './context';

/** A draft as a caller gives it (defaults not yet applied); every field is validated again here. */
export type TimeEntryDraftInput = z.input<typeof timeEntryDraftSchema>;

export const TIME_TABLES = ['time_entries'];

/** One problem of one draft in a batch (an import): the row's index, the field when known, and why. */
export interface RowError {
  index: number;
  field?: string;
  message: string;
}

export interface CurrentUser {
  userId: string;
  role: PersonRole;
}

/** The zone of the machine the core runs on: where the person is working now. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const RULE_FIELD: Record<RuleViolation['rule'], string> = {
  overlap: 'startedAt',
  day_limit: 'minutes',
  bad_interval: 'endedAt',
  locked: 'status',
};


/**
 * Time entries: manual entry, the grid, imports and the timer all write through here, so every rule (DESIGN.md
 * §4, issue 4 §3) is checked in one place: the account and its contract's SKUs, no overlap, 24 h a day, and no
 * change to submitted, approved or exported time (a correction is a linked adjustment entry).
 */
export class TimeService {
  readonly repo: TimeRepo;
  private readonly accounts: AccountsRepo;
  private readonly contracts: ContractsRepo;
  private readonly profile: ProfileRepo;

  constructor(private readonly ctx: ServiceContext) {
    this.repo = new TimeRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
    this.contracts = new ContractsRepo(ctx.store);
    this.profile = new ProfileRepo(ctx.store);
  }

  /** The person time is logged as: the local profile. */
  currentUser(): CurrentUser {
    const profile = this.profile.get();
    if (!profile) throw new FieldbookError('invalid', 'Set up your profile in Settings first: time is logged in your name.');
    return { userId: userIdOf(profile), role: profile.role };
  }

  /** Today's date where this machine is. */
  today(): string {
    return localDate(this.ctx.store.now(), systemTimeZone());
  }

  list(query: TimeListQuery): TimeEntry[] {
    const userId = query.everyone ? undefined : this.currentUser().userId;
    return this.repo.listEntries({
      ...(userId ? { userId } : {}),
      ...(query.accountId ? { accountId: query.accountId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
  }

  get(id: string): TimeEntry {
    const entry = this.repo.getEntry(id);
    if (!entry) throw new FieldbookError('not_found', 'That time entry no longer exists. It may have been deleted.', { id });
    return entry;
  }

  requireAccount(accountId: string): void {
    if (!this.accounts.get(accountId)) {
      const message = 'That account does not exist on this device. Choose another account.';
      throw new FieldbookError('invalid', message, { fields: { accountId: message } });
    }
  }

  /** The SKUs of the account's contract in force on a date (empty without a contract). */
  skus(accountId: string, date: string): Sku[] {
    return this.contracts.activeOn(accountId, date)?.skus ?? [];
  }

  add(draft: TimeEntryDraftInput, source: TimeEntryFields['source'] = 'manual'): TimeEntry {
    try {
      const [entry] = this.addMany([draft], source);
      if (!entry) throw new FieldbookError('internal', 'The entry was not written.');
      return entry;
    } catch (error) {
      // A single entry's problems belong next to its fields, not in a row list.
      if (error instanceof FieldbookError && Array.isArray(error.details?.['rows'])) {
        const rows = error.details['rows'] as RowError[];
        const fields: FieldErrors = {};
        for (const row of rows) fields[row.field ?? '_'] ??= row.message;
        throw new FieldbookError(error.code, rows[0]?.message ?? error.message, { fields });
      }
      throw error;
    }
  }

  /**
   * Validates every draft and the rules across all of them and the stored entries, then writes all or nothing.
   * Problems come back per row in the error's details ({ rows: [{ index, field?, message }] }): the importer
   * shows them next to each row.
   */
  addMany(drafts: readonly TimeEntryDraftInput[], source: TimeEntryFields['source']): TimeEntry[] {
    const { userId } = this.currentUser();
    const ids = drafts.map(() => newId());
    this.ctx.store.write(() => {
      const errors: RowError[] = [];
      const prepared: Array<{ index: number; accountId: string; fields: TimeEntryFields } | null> = drafts.map((raw, index) => {
        const parsed = timeEntryDraftSchema.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const field = issue.path.find((p): p is string => typeof p === 'string');
            errors.push({ index, ...(field ? { field } : {}), message: issue.message.endsWith('.') ? issue.message : `${field ?? 'Value'}: ${issue.message}.` });
          }
          return null;
        }
        const result = this.fieldsOf(parsed.data, source, userId);
        if ('problem' in result) {
          errors.push({ index, ...result.problem });
          return null;
        }
        return { index, accountId: parsed.data.accountId, fields: result.fields };
      });
      const valid = prepared.filter((p): p is NonNullable<typeof p> => p !== null);
      const incoming = valid.map((p) => ({ id: ids[p.index] ?? '', ...p.fields }));
      for (const v of this.violations(userId, incoming)) {
        const index = ids.indexOf(v.id);
        errors.push({ index, field: RULE_FIELD[v.rule], message: drafts.length > 1 ? `Row ${index + 1}: ${v.message}` : v.message });
      }
      if (errors.length > 0) {
        errors.sort((a, b) => a.index - b.index);
        const bad = new Set(errors.map((e) => e.index)).size;
        const message =
          drafts.length === 1
            ? (errors[0]?.message ?? 'The entry is not valid.')
            : `${bad} of ${drafts.length} rows have problems; nothing was written.`;
        throw new FieldbookError('invalid', message, { rows: errors });
      }
      for (const p of valid) this.repo.insertEntry(ids[p.index] ?? '', p.accountId, p.fields);
    });
    if (drafts.length > 0) this.ctx.changed(TIME_TABLES);
    return ids.map((id) => this.get(id));
  }

  update({ id, patch }: { id: string; patch: TimeEntryPatch }): TimeEntry {
    const { userId } = this.currentUser();
    const changed = this.ctx.store.write(() => {
      const entry = this.editable(id, userId);
      const next: TimeEntryFields = { ...entry, ...stripUndefined(patch) };
      if (patch.date !== undefined && patch.date !== entry.date) this.requireOpenWeek(userId, patch.date);
      if (patch.sku !== undefined || patch.date !== undefined) {
        const billing = this.billing(entry.accountId, next.date, next.sku, patch.billable ?? null);
        if ('problem' in billing) throw new FieldbookError('invalid', billing.problem.message, { fields: { [billing.problem.field]: billing.problem.message } });
        Object.assign(next, billing.values, patch.billable === undefined ? {} : { billable: patch.billable });
      }
      this.requireRules(userId, [{ ...next, id }]);
      return this.repo.entries.update(id, next);
    });
    if (changed.length > 0) this.ctx.changed(TIME_TABLES);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const { userId } = this.currentUser();
    this.ctx.store.write(() => {
      this.editable(id, userId);
      this.repo.entries.setDeleted(id, true);
    });
    this.ctx.changed(TIME_TABLES);
    return { id };
  }

  /** Undo of delete: the same rules as a new entry (the day may have filled up since). */
  restore(id: string): TimeEntry {
    const { userId } = this.currentUser();
    this.ctx.store.write(() => {
      const row = this.repo.entries.get(id);
      if (!row) throw new FieldbookError('not_found', 'That time entry no longer exists.', { id });
      this.repo.entries.setDeleted(id, false);
      const entry = this.get(id);
      if (entry.userId !== userId) throw new FieldbookError('forbidden', 'You can change only your own time entries.');
      this.requireOpenWeek(userId, entry.date);
      this.requireRules(userId, [entry]);
    });
    this.ctx.changed(TIME_TABLES);
    return this.get(id);
  }

  /**
   * A correction of approved or exported time: a new entry carrying the corrected values, linked to the entry it
   * replaces (which stays as it was). Corrections of a correction chain on the latest one.
   */
  adjust(input: TimeAdjust): TimeEntry {
    const { userId } = this.currentUser();
    const original = this.get(input.id);
    if (original.userId !== userId) throw new FieldbookError('forbidden', 'You can correct only your own time.');
    let target = original;
    for (let next = this.repo.adjustmentsOf(target.id).at(-1); next; next = this.repo.adjustmentsOf(target.id).at(-1)) target = next;
    if (!isLocked(target.status)) {
      const message =
        target.id === original.id
          ? 'This entry can still be edited: change it directly instead of adding an adjustment.'
          : target.status === 'submitted'
            ? 'A correction of this entry is already waiting for approval.'
            : 'This entry already has a correction in draft: change that one.';
      throw new FieldbookError('conflict', message, { entryId: target.id });
    }
    return this.add(
      {
        accountId: target.accountId,
        date: target.date,
        minutes: input.minutes,
        // Duration-only: the corrected minutes need not match the original's instants.
        startedAt: null,
        endedAt: null,
        timeZone: target.timeZone,
        category: input.category ?? target.category,
        sku: input.sku !== undefined ? input.sku : target.sku,
        billable: input.billable ?? (input.sku !== undefined ? null : target.billable),
        note: input.note ?? target.note,
        adjustsId: target.id,
      },
      'manual',
    );
  }

  /**
   * The grid's cell edit: make the day total of a row (account × SKU) `minutes`. More time goes onto the cell's
   * duration-only entry (or a new one); less comes off duration-only entries, newest first. Timer entries are
   * never shortened from the grid: they keep their real start and end.
   */
  setCell(input: TimeSetCell): { minutes: number } {
    const { userId } = this.currentUser();
    const result = this.ctx.store.write(() => {
      const cell = effectiveEntries(this.repo.userEntries(userId, input.date, input.date)).filter(
        (e) => e.accountId === input.accountId && e.sku === input.sku,
      );
      const frozen = cell.find((e) => e.status !== 'draft');
      if (frozen) this.refuseFrozen(frozen);
      // An empty cell of a submitted or approved week takes late time like any new entry (it goes in as submitted).
      if (cell.length > 0) this.requireOpenWeek(userId, input.date);
      const total = cell.reduce((sum, e) => sum + e.minutes, 0);
      let delta = input.minutes - total;
      if (delta === 0) return { minutes: total, changed: false };
      const loose = cell.filter((e) => e.startedAt === null).reverse();
      if (delta > 0) {
        const target = loose[0];
        if (target) {
          this.requireRules(userId, [{ ...target, minutes: target.minutes + delta }]);
          this.repo.entries.update(target.id, { minutes: target.minutes + delta });
        } else {
          const category = input.category ?? this.rowCategory(userId, input.accountId, input.sku);
          this.addInWrite(userId, { accountId: input.accountId, date: input.date, minutes: delta, category, sku: input.sku });
        }
        return { minutes: input.minutes, changed: true };
      }
      const timed = total - loose.reduce((sum, e) => sum + e.minutes, 0);
      if (input.minutes < timed) {
        throw new FieldbookError(
          'invalid',
          `${formatDuration(timed)} of this day comes from the timer. Edit those entries in the day's list to go below ${formatDuration(timed)}.`,
          { fields: { minutes: `At least ${formatDuration(timed)} (timer entries).` } },
        );
      }
      for (const e of loose) {
        if (delta === 0) break;
        const take = Math.min(e.minutes, -delta);
        if (take === e.minutes) this.repo.entries.setDeleted(e.id, true);
        else this.repo.entries.update(e.id, { minutes: e.minutes - take });
        delta += take;
      }
      return { minutes: input.minutes, changed: true };
    });
    if (result.changed) this.ctx.changed(TIME_TABLES);
    return { minutes: result.minutes };
  }

  /** Minutes logged today (plus `running` minutes of a running timer), for the tray. */
  todayMinutes(running = 0): { minutes: number } {
    return { minutes: this.repo.minutesOn(this.currentUser().userId, this.today()) + running };
  }

  /** The account's included hours in the contract period holding `date` (default today); null without a contract. */
  entitlement(accountId: string, date?: string): Entitlement | null {
    const today = this.today();
    const on = date ?? today;
    const contract = this.contracts.activeOn(accountId, on);
    if (!contract) return null;
    const period = contractPeriodOn(contract, on);
    if (!period) return null;
    const figures = computeEntitlement({
      period,
      includedHours: contract.includedHours,
      usage: this.repo.billableUsage(accountId, period.start, period.end),
      today,
    });
    return {
      ...figures,
      accountId,
      contractId: contract.id,
      tier: contract.tier,
      includedHours: contract.includedHours,
      hoursPeriod: contract.hoursPeriod,
      asOf: today,
    };
  }

  // ---- the rules ----

  /** Must run inside `store.write`. One new duration-only entry with its defaults, rules checked. */
  private addInWrite(userId: string, draft: Pick<TimeEntryDraft, 'accountId' | 'date' | 'minutes' | 'category' | 'sku'>): string {
    const parsed = timeEntryDraftSchema.parse(draft);
    const result = this.fieldsOf(parsed, 'manual', userId);
    if ('problem' in result) throw new FieldbookError('invalid', result.problem.message, { fields: { [result.problem.field]: result.problem.message } });
    const id = newId();
    this.requireRules(userId, [{ id, ...result.fields }]);
    this.repo.insertEntry(id, parsed.accountId, result.fields);
    return id;
  }

  /** The stored fields of a valid draft (defaults from the contract's SKU), or the first problem. */
  private fieldsOf(
    draft: TimeEntryDraft,
    source: TimeEntryFields['source'],
    userId: string,
  ): { fields: TimeEntryFields } | { problem: { field: string; message: string } } {
    if (!this.accounts.get(draft.accountId)) {
      return { problem: { field: 'accountId', message: 'That account does not exist on this device. Choose another account.' } };
    }
    const billing = this.billing(draft.accountId, draft.date, draft.sku, draft.billable);
    if ('problem' in billing) return billing;
    if (draft.adjustsId !== null) {
      const original = this.repo.getEntry(draft.adjustsId);
      if (!original || original.accountId !== draft.accountId || original.userId !== userId) {
        return { problem: { field: 'adjustsId', message: 'An adjustment must correct one of your own entries on the same account.' } };
      }
    }
    return {
      fields: {
        userId,
        date: draft.date,
        minutes: draft.minutes,
        startedAt: draft.startedAt,
        endedAt: draft.endedAt,
        timeZone: draft.timeZone,
        category: draft.category,
        sku: draft.sku,
        note: draft.note,
        source,
        adjustsId: draft.adjustsId,
        ...billing.values,
        status: this.newEntryStatus(userId, draft.date),
      },
    };
  }

  /** Rate, currency and billable from the contract's SKU (billable: the person's choice wins). */
  private billing(
    accountId: string,
    date: string,
    sku: string | null,
    billable: boolean | null,
  ): { values: Pick<TimeEntryFields, 'rate' | 'currency' | 'billable'> } | { problem: { field: string; message: string } } {
    if (sku === null) return { values: { rate: null, currency: null, billable: billable ?? false } };
    const contract: SupportContract | undefined = this.contracts.activeOn(accountId, date);
    if (!contract) {
      return { problem: { field: 'sku', message: `This account has no contract on ${date}, so it has no SKU "${sku}". Log the time without a SKU.` } };
    }
    const found = contract.skus.find((s) => s.code === sku);
    if (!found) {
      const allowed = contract.skus.map((s) => s.code);
      const choose = allowed.length ? `Choose one of: ${allowed.join(', ')}.` : 'The contract lists no SKUs.';
      return { problem: { field: 'sku', message: `"${sku}" is not a SKU of this account's contract on ${date}. ${choose}` } };
    }
    return { values: { rate: found.rate, currency: found.currency, billable: billable ?? found.billable } };
  }

  /**
   * New time in a week that is already submitted or approved does not change what was decided: it goes in as
   * submitted, for the manager to approve with the week (or on its own, once the week is approved).
   */
  private newEntryStatus(userId: string, date: string): TimeEntryFields['status'] {
    const sheet = this.repo.getTimesheet(timesheetId(userId, weekOf(date)));
    return !sheet || sheet.status === 'draft' ? 'draft' : 'submitted';
  }

  /** The rule violations of `incoming` (new or changed entries of this person) next to what is stored. */
  private violations(userId: string, incoming: ReadonlyArray<EntryForRules & { adjustsId: string | null }>): RuleViolation[] {
    if (incoming.length === 0) return [];
    const dates = incoming.map((e) => e.date).sort();
    // A day before and after: a timed entry may cross midnight into a neighbouring date.
    const stored = this.repo.userEntries(userId, addDays(dates[0] ?? '', -1), addDays(dates[dates.length - 1] ?? '', 1));
    const replaced = new Set([...stored, ...incoming].map((e) => e.adjustsId).filter((id): id is string => id !== null));
    return checkTimeRules(
      stored.filter((e) => !replaced.has(e.id)),
      incoming.map((e) => ({ ...e, userId })),
    );
  }

  private requireRules(userId: string, incoming: ReadonlyArray<EntryForRules & { adjustsId: string | null }>): void {
    const [first] = this.violations(userId, incoming);
    if (first) throw new FieldbookError('invalid', first.message, { fields: { [RULE_FIELD[first.rule]]: first.message } });
  }

  /** Must run inside `store.write`. The entry, if this person may still change it. */
  private editable(id: string, userId: string): TimeEntry {
    const entry = this.get(id);
    if (entry.userId !== userId) throw new FieldbookError('forbidden', 'You can change only your own time entries.');
    if (entry.status !== 'draft') this.refuseFrozen(entry);
    this.requireOpenWeek(userId, entry.date);
    return entry;
  }

  /** Submitted time waits for a decision; approved or exported time is corrected by an adjustment entry. */
  private refuseFrozen(entry: TimeEntry): never {
    if (isLocked(entry.status)) {
      throw new FieldbookError(
        'locked',
        `This time is ${entry.status} and can no longer change. Record the correction as an adjustment entry linked to it.`,
        { entryId: entry.id, adjustable: true },
      );
    }
    throw new FieldbookError('locked', `This time is submitted for approval (week ${weekOf(entry.date)}). Withdraw the week to change it.`, {
      entryId: entry.id,
      adjustable: false,
      week: weekOf(entry.date),
    });
  }

  /** Changes to existing time happen only in weeks still in draft. */
  private requireOpenWeek(userId: string, date: string): void {
    const week = weekOf(date);
    const sheet = this.repo.getTimesheet(timesheetId(userId, week));
    if (!sheet || sheet.status === 'draft') return;
    if (sheet.status === 'submitted') {
      throw new FieldbookError('locked', `Week ${week} is submitted for approval. Withdraw it to change its time.`, { week, adjustable: false });
    }
    throw new FieldbookError('locked', `Week ${week} is ${sheet.status} and locked. Correct its time with an adjustment entry.`, {
      week,
      adjustable: true,
    });
  }

  /** The category a new cell entry of a row gets: the row's latest entry's, else remote work. */
  private rowCategory(userId: string, accountId: string, sku: string | null): TimeEntryFields['category'] {
    return this.repo.latestCategory(userId, accountId, sku) ?? 'remote';
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
