import type { TimeEntryFields, TimesheetFields } from '../model';
import type { SyncedTableSpec } from './syncedTable';

/** How a time entry reads in search hits: "Time 2025-03-04, 1 h 30 min, onsite". */
const TIME_ENTRY_TITLE = `printf('Time %s, %d h %02d min, %s', date, minutes / 60, minutes % 60, replace(category, '_', ' '))`;
/** On the timeline the date stands beside it: "1 h 30 min, onsite", "45 min, remote". */
const TIME_ENTRY_TIMELINE_TITLE = `CASE WHEN minutes >= 60 THEN printf('%d h %02d min', minutes / 60, minutes % 60) ELSE minutes || ' min' END || ', ' || replace(category, '_', ' ')`;

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
  search: { kind: 'time_entry', label: 'Time entry', columns: ['note'], title: TIME_ENTRY_TITLE, tab: 'timeline' },
  timeline: [{ kind: 'time_entry', label: 'Time entry', date: 'date', title: TIME_ENTRY_TIMELINE_TITLE, detail: 'note' }],
};

export const TIMESHEETS_SPEC: SyncedTableSpec<keyof TimesheetFields> = {
  table: 'timesheets',
  columns: { userId: 'user_id', week: 'week', status: 'status', approvedBy: 'approved_by', approvedAt: 'approved_at' },
};
