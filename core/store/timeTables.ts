import type { TimeEntryFields, TimesheetFields } from '../model';
import type { SyncedTableSpec } from './syncedTable';

/** Column names of the time tables (migration 0004); the time repository and the exporters share them. */
export const TIME_ENTRIES_SPEC: SyncedTableSpec<keyof TimeEntryFields> = {
  table: 'time_entries',
  columns: {
    userId: 'user_id',
    date: 'date',
    minutes: 'minutes',
    startedAt: 'started_at',
    endedAt: 'ended_at',
    timeZone: 'time_zone',
    category: 'category',
    sku: 'sku',
    billable: 'billable',
    rate: 'rate',
    currency: 'currency',
    note: 'note',
    source: 'source',
    status: 'status',
    adjustsId: 'adjusts_id',
  },
};

export const TIMESHEETS_SPEC: SyncedTableSpec<keyof TimesheetFields> = {
  table: 'timesheets',
  columns: { userId: 'user_id', week: 'week', status: 'status', approvedBy: 'approved_by', approvedAt: 'approved_at' },
};
