import { CLOSED_ACTION_STATUSES } from '../model';
import type { ActionItem, ActionItemFields, ActionStatus } from '../model';
import type { Store } from './store';
import { PreparedCache } from './preparedCache';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

export const ACTION_ITEMS_SPEC: SyncedTableSpec<keyof ActionItemFields> = {
  table: 'action_items',
  columns: {
    title: 'title',
    owner: 'owner',
    ownerRef: 'owner_ref',
    due: 'due',
    status: 'status',
    sourceTable: 'source_table',
    sourceId: 'source_id',
    sourceLabel: 'source_label',
    notes: 'notes',
  },
  search: { kind: 'action_item', label: 'Action item', columns: ['title', 'notes', 'owner'], title: 'title', tab: 'actions' },
  timeline: [{ kind: 'action_item', label: 'Action item', event: 'Added', date: 'created_at', title: 'title', detail: 'notes' }],
};

interface ActionRow {
  id: string;
  account_id: string;
  title: string;
  owner: string;
  owner_ref: string | null;
  due: string | null;
  status: ActionStatus;
  source_table: string | null;
  source_id: string | null;
  source_label: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  account_name: string;
}

export type ActionItemWithAccount = ActionItem & { accountName: string };

function toItem(row: ActionRow): ActionItemWithAccount {
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    title: row.title,
    owner: row.owner,
    ownerRef: row.owner_ref,
    due: row.due,
    status: row.status,
    source:
      row.source_table !== null && row.source_id !== null
        ? { table: row.source_table, id: row.source_id, label: row.source_label ?? row.source_table }
        : null,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ActionItemFilter {
  accountId?: string;
  /** Owner names or emails that mean "me", compared without case. */
  owners?: readonly string[];
  /** Only items due strictly before this date. */
  dueBefore?: string;
  /** Only items due on or before this date. */
  dueOnOrBefore?: string;
  includeClosed: boolean;
}

/** Action items of live accounts. Writes go through the one synced-table path. */
export class ActionItemsRepo {
  readonly table: SyncedTable<keyof ActionItemFields>;

  private readonly cache: PreparedCache;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, ACTION_ITEMS_SPEC);    this.cache = new PreparedCache(store.db);
  }

  private prepared<P extends unknown[] = unknown[], R = unknown>(sql: string) {
    return this.cache.get<P, R>(sql);
  }

  get(id: string): ActionItemWithAccount | undefined {
    const row = this.prepared<[string], ActionRow>(
        `SELECT a.*, acc.name AS account_name FROM action_items a JOIN accounts acc ON acc.id = a.account_id AND acc.deleted = 0
         WHERE a.id = ? AND a.deleted = 0`,
      )
      .get(id);
    return row ? toItem(row) : undefined;
  }

  /** The live items made from one source record. */
  fromSource(table: string, id: string): ActionItemWithAccount[] {
    return this.prepared<[string, string], ActionRow>(
        `SELECT a.*, acc.name AS account_name FROM action_items a JOIN accounts acc ON acc.id = a.account_id
         WHERE a.source_table = ? AND a.source_id = ? AND a.deleted = 0`,
      )
      .all(table, id)
      .map(toItem);
  }

  /** Unsorted: the service orders them (one place for "overdue first"). */
  list(filter: ActionItemFilter): ActionItemWithAccount[] {
    const where = ['a.deleted = 0'];
    const params: string[] = [];
    if (filter.accountId !== undefined) {
      where.push('a.account_id = ?');
      params.push(filter.accountId);
    }
    if (filter.owners !== undefined) {
      const owners = filter.owners.map((o) => o.trim().toLowerCase()).filter((o) => o !== '');
      if (owners.length === 0) return [];
      where.push(`lower(trim(a.owner)) IN (${owners.map(() => '?').join(', ')})`);
      params.push(...owners);
    }
    if (filter.dueBefore !== undefined) {
      where.push('a.due IS NOT NULL AND a.due < ?');
      params.push(filter.dueBefore);
    }
    if (filter.dueOnOrBefore !== undefined) {
      where.push('a.due IS NOT NULL AND a.due <= ?');
      params.push(filter.dueOnOrBefore);
    }
    if (!filter.includeClosed) {
      where.push(`a.status NOT IN (${CLOSED_ACTION_STATUSES.map(() => '?').join(', ')})`);
      params.push(...CLOSED_ACTION_STATUSES);
    }
    return this.prepared<string[], ActionRow>(
        `SELECT a.*, acc.name AS account_name FROM action_items a JOIN accounts acc ON acc.id = a.account_id AND acc.deleted = 0
         WHERE ${where.join(' AND ')}`,
      )
      .all(...params)
      .map(toItem);
  }

  /** Must run inside `store.write`. Records the reminder of an item for a day; false if it was given already. */
  claimReminder(itemId: string, day: string): boolean {
    const result = this.prepared('INSERT INTO action_reminders (item_id, day, at) VALUES (?, ?, ?) ON CONFLICT (item_id, day) DO NOTHING')
      .run(itemId, day, this.store.now().toISOString());
    return result.changes === 1;
  }

  /** Reminders of days before `day` are no longer needed to keep the promise of one per item per day. */
  forgetRemindersBefore(day: string): void {
    this.prepared('DELETE FROM action_reminders WHERE day < ?').run(day);
  }
}
