import { FieldbookError, isApproverRole, newId, weekDays, weekOf } from '../model';
import type {
  PendingEntry,
  PendingWeek,
  TimeEntry,
  TimesheetAction,
  TimesheetFields,
  TimesheetView,
  WeekView,
} from '../model';
import { timesheetId } from '../store/timeRepo';
import type { ServiceContext } from './context';
import type { TimeService } from './time';

const TIMESHEET_TABLES = ['timesheets', 'timesheet_events', 'time_entries'];

/**
 * A person's ISO week: submitted by them, approved or rejected (with a reason) by a manager, and locked once
 * approved (issue 4 §5). Every status change lands in the synced history with who and when. The server checks
 * the same rules when it syncs (server/policy.ts).
 */
export class TimesheetService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly time: TimeService,
  ) {}

  private get repo() {
    return this.time.repo;
  }

  view(userId: string, week: string): TimesheetView {
    const id = timesheetId(userId, week);
    const sheet = this.repo.getTimesheet(id);
    const history = this.repo.history(id);
    const last = history.filter((e) => e.action === 'rejected' || e.action === 'submitted' || e.action === 'approved').at(-1);
    const status = sheet?.status ?? 'draft';
    return {
      id,
      userId,
      week,
      status,
      approvedBy: sheet?.approvedBy ?? null,
      approvedAt: sheet?.approvedAt ?? null,
      history,
      rejection: status === 'draft' && last?.action === 'rejected' ? { reason: last.reason, actor: last.actor, at: last.at } : null,
    };
  }

  /** My week: its days, entries and timesheet, for the weekly grid. */
  week(week: string): WeekView {
    const { userId } = this.time.currentUser();
    const days = weekDays(week);
    return { week, userId, days, entries: this.repo.userEntries(userId, days[0] ?? '', days[6] ?? ''), timesheet: this.view(userId, week) };
  }

  /** Submits my week: its draft entries go to the manager with it. An empty week (a holiday) may be submitted. */
  submit(week: string): TimesheetView {
    const { userId } = this.time.currentUser();
    this.change(userId, week, userId, (sheet) => {
      if (sheet.status === 'submitted') throw new FieldbookError('conflict', `Week ${week} is already submitted.`);
      if (sheet.status !== 'draft') throw new FieldbookError('locked', `Week ${week} is ${sheet.status}; it cannot be submitted again.`);
      this.setEntries(userId, week, 'draft', 'submitted');
      return { status: 'submitted', approvedBy: null, approvedAt: null, action: 'submitted' };
    });
    return this.view(userId, week);
  }

  /** Takes my submitted week back to draft, before a manager decided. */
  withdraw(week: string): TimesheetView {
    const { userId } = this.time.currentUser();
    this.change(userId, week, userId, (sheet) => {
      if (sheet.status === 'draft') throw new FieldbookError('conflict', `Week ${week} is not submitted.`);
      if (sheet.status !== 'submitted') throw new FieldbookError('locked', `Week ${week} is ${sheet.status} and locked; it can no longer be withdrawn.`);
      this.setEntries(userId, week, 'submitted', 'draft');
      return { status: 'draft', approvedBy: null, approvedAt: null, action: 'withdrawn' };
    });
    return this.view(userId, week);
  }

  approve(userId: string, week: string): TimesheetView {
    const me = this.requireApprover();
    const now = this.ctx.store.now().toISOString();
    this.change(userId, week, me, (sheet) => {
      this.requireSubmitted(sheet.status, week);
      this.setEntries(userId, week, 'submitted', 'approved');
      return { status: 'approved', approvedBy: me, approvedAt: now, action: 'approved' };
    });
    return this.view(userId, week);
  }

  /** Sends the week back to draft with the reason, so the person can fix it and submit again. */
  reject(userId: string, week: string, reason: string): TimesheetView {
    const me = this.requireApprover();
    this.change(userId, week, me, (sheet) => {
      this.requireSubmitted(sheet.status, week);
      this.setEntries(userId, week, 'submitted', 'draft');
      return { status: 'draft', approvedBy: null, approvedAt: null, action: 'rejected', reason };
    });
    return this.view(userId, week);
  }

  /** What waits for a manager: submitted weeks, and late entries or adjustments in weeks already approved. */
  pending(): { weeks: PendingWeek[]; entries: PendingEntry[] } {
    this.requireApprover();
    const weeks = this.repo.timesheetsIn('submitted').map((sheet): PendingWeek => {
      const days = weekDays(sheet.week);
      const entries = this.repo.userEntries(sheet.userId, days[0] ?? '', days[6] ?? '').filter((e) => e.status === 'submitted');
      const submitted = this.repo.history(sheet.id).filter((e) => e.action === 'submitted').at(-1);
      return {
        userId: sheet.userId,
        week: sheet.week,
        submittedAt: submitted?.at ?? null,
        entries: entries.length,
        minutes: entries.reduce((sum, e) => sum + e.minutes, 0),
        billableMinutes: entries.filter((e) => e.billable).reduce((sum, e) => sum + e.minutes, 0),
      };
    });
    const entries = this.repo
      .listEntries({ status: 'submitted' })
      .filter((e) => this.weekStatus(e.userId, weekOf(e.date)) !== 'submitted')
      .map((entry): PendingEntry => ({ entry, original: entry.adjustsId ? (this.repo.getEntry(entry.adjustsId) ?? null) : null, week: weekOf(entry.date) }));
    return { weeks, entries };
  }

  /** Approves one late entry or adjustment of an approved week. */
  approveEntry(id: string): TimeEntry {
    const me = this.requireApprover();
    const entry = this.pendingEntry(id);
    this.ctx.store.write(() => {
      this.repo.entries.update(id, { status: 'approved' });
      this.record(entry.userId, weekOf(entry.date), me, 'entry_approved', '', id);
    });
    this.ctx.changed(TIMESHEET_TABLES);
    return this.time.get(id);
  }

  /** Refuses one late entry or adjustment: it is removed, and the reason stays in the week's history. */
  rejectEntry(id: string, reason: string): { id: string } {
    const me = this.requireApprover();
    const entry = this.pendingEntry(id);
    this.ctx.store.write(() => {
      this.repo.entries.setDeleted(id, true);
      this.record(entry.userId, weekOf(entry.date), me, 'entry_rejected', reason, id);
    });
    this.ctx.changed(TIMESHEET_TABLES);
    return { id };
  }

  private pendingEntry(id: string): TimeEntry {
    const entry = this.time.get(id);
    if (entry.status !== 'submitted') throw new FieldbookError('conflict', `This entry is ${entry.status}, not waiting for approval.`);
    if (this.weekStatus(entry.userId, weekOf(entry.date)) === 'submitted') {
      throw new FieldbookError('conflict', 'This entry is part of a submitted week: approve or reject the week.');
    }
    return entry;
  }

  private weekStatus(userId: string, week: string): TimesheetFields['status'] {
    return this.repo.getTimesheet(timesheetId(userId, week))?.status ?? 'draft';
  }

  private requireApprover(): string {
    const me = this.time.currentUser();
    if (!isApproverRole(me.role)) throw new FieldbookError('forbidden', 'Only managers and admins approve time. Your profile role is not manager.');
    return me.userId;
  }

  private requireSubmitted(status: TimesheetFields['status'], week: string): void {
    if (status === 'draft') throw new FieldbookError('conflict', `Week ${week} is not submitted; there is nothing to decide.`);
    if (status !== 'submitted') throw new FieldbookError('locked', `Week ${week} is already ${status}.`);
  }

  /** Must run inside `store.write`. Moves a person's entries of the week from one status to another. */
  private setEntries(userId: string, week: string, from: TimeEntry['status'], to: TimeEntry['status']): void {
    const days = weekDays(week);
    for (const e of this.repo.userEntries(userId, days[0] ?? '', days[6] ?? '')) {
      if (e.status === from) this.repo.entries.update(e.id, { status: to });
    }
  }

  /** One status change: the timesheet, its entries and the history event in one transaction. */
  private change(
    userId: string,
    week: string,
    actor: string,
    decide: (sheet: { status: TimesheetFields['status'] }) => Omit<TimesheetFields, 'userId' | 'week'> & { action: TimesheetAction; reason?: string },
  ): void {
    this.ctx.store.write(() => {
      const id = timesheetId(userId, week);
      const current = this.repo.getTimesheet(id);
      const { action, reason, ...next } = decide({ status: current?.status ?? 'draft' });
      this.repo.putTimesheet(id, { userId, week, ...next });
      this.record(userId, week, actor, action, reason ?? '', null);
    });
    this.ctx.changed(TIMESHEET_TABLES);
  }

  /** Must run inside `store.write`. */
  private record(userId: string, week: string, actor: string, action: TimesheetAction, reason: string, entryId: string | null): void {
    this.repo.addEvent(newId(), {
      timesheetId: timesheetId(userId, week),
      userId,
      week,
      action,
      actor,
      at: this.ctx.store.now().toISOString(),
      reason,
      entryId,
    });
  }
}
