import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ORG_PARTITION } from '../model';
import type { TimeEntry, TimeEntryFields, TimesheetEvent, TimesheetEventFields, TimesheetFields } from '../model';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';
import { TIME_ENTRIES_SPEC, TIMESHEETS_SPEC } from './timeTables';

export const TIMESHEET_EVENTS_SPEC: SyncedTableSpec<keyof TimesheetEventFields> = {
  table: 'timesheet_events',
  columns: {
    timesheetId: 'timesheet_id',
    userId: 'user_id',
    week: 'week',
    action: 'action',
    actor: 'actor',
    at: 'at',
    reason: 'reason',
    entryId: 'entry_id',
  },
};

/**
 * A timesheet's id is derived from its person and week (UUIDv7 layout, zero timestamp, like seeded catalog
 * rows), so two devices of one person never create two timesheets for one week: they write the same record.
 */
export function timesheetId(userId: string, week: string): string {
  const h = createHash('sha256').update(`timesheet:${userId}:${week}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `00000000-0000-7${h.slice(0, 3)}-${variant}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

interface EntryRow {
  id: string;
  account_id: string;
  user_id: string;
  date: string;
  minutes: number;
  started_at: string | null;
  ended_at: string | null;
  time_zone: string | null;
  category: TimeEntry['category'];
  sku: string | null;
  billable: number;
  rate: number | null;
  currency: string | null;
  note: string;
  source: TimeEntry['source'];
  status: TimeEntry['status'];
  adjusts_id: string | null;
  created_at: string;
  updated_at: string;
}

function toEntry(row: EntryRow): TimeEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    userId: row.user_id,
    date: row.date,
    minutes: row.minutes,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    timeZone: row.time_zone,
    category: row.category,
    sku: row.sku,
    billable: row.billable === 1,
    rate: row.rate,
    currency: row.currency,
    note: row.note,
    source: row.source,
    status: row.status,
    adjustsId: row.adjusts_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface TimesheetRow {
  id: string;
  user_id: string;
  week: string;
  status: TimesheetFields['status'];
  approved_by: string | null;
  approved_at: string | null;
}

interface EventRow {
  id: string;
  timesheet_id: string;
  user_id: string;
  week: string;
  action: TimesheetEvent['action'];
  actor: string;
  at: string;
  reason: string;
  entry_id: string | null;
}

const toEvent = (r: EventRow): TimesheetEvent => ({
  id: r.id,
  timesheetId: r.timesheet_id,
  userId: r.user_id,
  week: r.week,
  action: r.action,
  actor: r.actor,
  at: r.at,
  reason: r.reason,
  entryId: r.entry_id,
});

export interface EntryQuery {
  userId?: string;
  accountId?: string;
  from?: string;
  to?: string;
  status?: TimeEntry['status'];
}

/** An entry that a live adjustment replaces does not count (see effectiveEntries in the model). */
const NOT_REPLACED = `id NOT IN (SELECT adjusts_id FROM time_entries WHERE adjusts_id IS NOT NULL AND deleted = 0)`;

/** Time entries, timesheets and their history. Writes go through the one synced-table path. */
export class TimeRepo {
  readonly entries: SyncedTable<keyof TimeEntryFields>;
  readonly timesheets: SyncedTable<keyof TimesheetFields>;
  readonly events: SyncedTable<keyof TimesheetEventFields>;
  private readonly weekStatement: Database.Statement<[string, string, string], EntryRow>;

  constructor(private readonly store: Store) {
    this.entries = new SyncedTable(store, TIME_ENTRIES_SPEC);
    this.timesheets = new SyncedTable(store, TIMESHEETS_SPEC);
    this.events = new SyncedTable(store, TIMESHEET_EVENTS_SPEC);
    // The weekly grid's query: one person's live entries between two dates (index time_entries_user_date).
    this.weekStatement = store.db.prepare(
      'SELECT * FROM time_entries WHERE user_id = ? AND date BETWEEN ? AND ? AND deleted = 0 ORDER BY date, started_at, created_at, id',
    );
  }

  getEntry(id: string): TimeEntry | undefined {
    const row = this.entries.get(id) as unknown as (EntryRow & { deleted: number }) | undefined;
    return row && !row.deleted ? toEntry(row) : undefined;
  }

  /** Must run inside `store.write`. */
  insertEntry(id: string, accountId: string, fields: TimeEntryFields): void {
    this.entries.insert(id, accountId, fields);
  }

  listEntries(query: EntryQuery): TimeEntry[] {
    const where = ['deleted = 0'];
    const params: string[] = [];
    const add = (sql: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    add('user_id = ?', query.userId);
    add('account_id = ?', query.accountId);
    add('date >= ?', query.from);
    add('date <= ?', query.to);
    add('status = ?', query.status);
    return this.store.db
      .prepare<string[], EntryRow>(`SELECT * FROM time_entries WHERE ${where.join(' AND ')} ORDER BY date, started_at, created_at, id`)
      .all(...params)
      .map(toEntry);
  }

  /** One person's live entries from `from` to `to` (inclusive): the weekly grid and the rules read this. */
  userEntries(userId: string, from: string, to: string): TimeEntry[] {
    return this.weekStatement.all(userId, from, to).map(toEntry);
  }

  /** The live entries that point at `id` as the entry they correct. */
  adjustmentsOf(id: string): TimeEntry[] {
    return this.store.db
      .prepare<[string], EntryRow>('SELECT * FROM time_entries WHERE adjusts_id = ? AND deleted = 0 ORDER BY created_at')
      .all(id)
      .map(toEntry);
  }

  /** The category of a person's latest entry on an account × SKU row. */
  latestCategory(userId: string, accountId: string, sku: string | null): TimeEntry['category'] | null {
    const row = this.store.db
      .prepare<[string, string, string | null], { category: TimeEntry['category'] }>(
        'SELECT category FROM time_entries WHERE user_id = ? AND account_id = ? AND sku IS ? AND deleted = 0 ORDER BY date DESC, created_at DESC LIMIT 1',
      )
      .get(userId, accountId, sku);
    return row?.category ?? null;
  }

  /** Billable minutes per date on an account (everyone's), from the entries that count. */
  billableUsage(accountId: string, from: string, to: string): Array<{ date: string; minutes: number }> {
    return this.store.db
      .prepare<[string, string, string], { date: string; minutes: number }>(
        `SELECT date, SUM(minutes) AS minutes FROM time_entries
         WHERE account_id = ? AND date BETWEEN ? AND ? AND deleted = 0 AND billable = 1 AND ${NOT_REPLACED}
         GROUP BY date ORDER BY date`,
      )
      .all(accountId, from, to);
  }

  /** A person's minutes on a date, from the entries that count. */
  minutesOn(userId: string, date: string): number {
    const row = this.store.db
      .prepare<[string, string], { minutes: number | null }>(
        `SELECT SUM(minutes) AS minutes FROM time_entries WHERE user_id = ? AND date = ? AND deleted = 0 AND ${NOT_REPLACED}`,
      )
      .get(userId, date);
    return row?.minutes ?? 0;
  }

  getTimesheet(id: string): (TimesheetFields & { id: string }) | undefined {
    const row = this.timesheets.get(id) as unknown as (TimesheetRow & { deleted: number }) | undefined;
    if (!row || row.deleted) return undefined;
    return { id: row.id, userId: row.user_id, week: row.week, status: row.status, approvedBy: row.approved_by, approvedAt: row.approved_at };
  }

  /** Must run inside `store.write`. Creates the week's timesheet or changes it. */
  putTimesheet(id: string, fields: TimesheetFields): void {
    const row = this.timesheets.get(id);
    if (!row) this.timesheets.insert(id, ORG_PARTITION, fields);
    else if (row.deleted) {
      this.timesheets.setDeleted(id, false);
      this.timesheets.update(id, fields);
    } else this.timesheets.update(id, fields);
  }

  /** Must run inside `store.write`. History is append-only: events are inserted, never changed. */
  addEvent(id: string, fields: TimesheetEventFields): void {
    this.events.insert(id, ORG_PARTITION, fields);
  }

  history(timesheetId: string): TimesheetEvent[] {
    return this.store.db
      .prepare<[string], EventRow>('SELECT * FROM timesheet_events WHERE timesheet_id = ? AND deleted = 0 ORDER BY at, id')
      .all(timesheetId)
      .map(toEvent);
  }

  /** Timesheets in a status (the Approvals view lists the submitted ones), with their totals. */
  timesheetsIn(status: TimesheetFields['status']): Array<TimesheetFields & { id: string }> {
    return this.store.db
      .prepare<[string], TimesheetRow>('SELECT * FROM timesheets WHERE status = ? AND deleted = 0 ORDER BY week, user_id')
      .all(status)
      .map((row) => ({ id: row.id, userId: row.user_id, week: row.week, status: row.status, approvedBy: row.approved_by, approvedAt: row.approved_at }));
  }

  // ---- Local (unsynced) state: the running timer, the guard's question, settings ----

  getLocal<T>(key: string): T | null {
    const row = this.store.db.prepare<[string], { value: string }>('SELECT value FROM local_time_state WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  /** null removes the key. */
  setLocal(key: string, value: unknown): void {
    if (value === null) {
      this.store.db.prepare('DELETE FROM local_time_state WHERE key = ?').run(key);
      return;
    }
    this.store.db
      .prepare(
        `INSERT INTO local_time_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), this.store.now().toISOString());
  }
}
