import { FieldbookError, roundExportMinutes, TIME_ENTRY_STATUSES } from '../../model';
import type { TimeEntryStatus, TimeExportRequest } from '../../model';
import type { Store } from '../../store/store';
import { ContractSkus } from '../contractSkus';

/**
 * What an export reads: the time entries a request selects, joined with their account's name and their
 * contract's SKU (label, and the rate when the entry carries none), with the rounding applied. Rows are read
 * in batches by rowid, so no query stays open while the writer waits for its output; the file holds only
 * the batch in flight.
 */
export interface ExportEntry {
  id: string;
  accountId: string;
  accountName: string;
  userId: string;
  date: string;
  /** Minutes after rounding: what the export counts. */
  minutes: number;
  /** Minutes as stored. */
  recordedMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
  timeZone: string | null;
  category: string;
  sku: string | null;
  skuLabel: string;
  billable: boolean;
  /** Minor units of `currency` per hour; null when neither the entry nor its contract has one. */
  rate: number | null;
  currency: string | null;
  note: string;
  /** The status the file shows: `exported` for approved entries an export marks. */
  status: TimeEntryStatus;
  updatedAt: string;
}

export interface ExportSelection {
  request: TimeExportRequest;
  /** The account the request named, resolved from an id or a name. */
  account: { id: string; name: string } | null;
  /** The selected entries' rowids, in the order the file lists them. */
  rowids: number[];
  /** The selected entries by status: marking as exported needs them all approved (or exported). */
  counts: Record<TimeEntryStatus, number>;
}

/** Which order a format reads entries in: by day for spreadsheets, by account for sign-off sheets. */
export type ExportOrder = 'date' | 'account';

/** One entry as the batch query returns it, column by column. */
type EntryTuple = [
  key: number,
  id: string,
  accountId: string,
  userId: string,
  date: string,
  minutes: number,
  startedAt: string | null,
  endedAt: string | null,
  timeZone: string | null,
  category: string,
  sku: string | null,
  billable: number,
  rate: number | null,
  currency: string | null,
  note: string,
  status: TimeEntryStatus,
  updatedAt: string,
];

/** An account by id, or by name in any case; a name two accounts share must be given as an id. */
export function resolveAccount(store: Store, idOrName: string): { id: string; name: string } {
  const byId = store.db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM accounts WHERE id = ? AND deleted = 0').get(idOrName);
  if (byId) return byId;
  const byName = store.db
    .prepare<[string], { id: string; name: string }>('SELECT id, name FROM accounts WHERE deleted = 0 AND lower(trim(name)) = lower(trim(?))')
    .all(idOrName);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) {
    throw new FieldbookError('invalid', `${byName.length} accounts are named "${idOrName}"; give the account's id instead.`, {
      fields: { account: 'Several accounts have this name.' },
      ids: byName.map((a) => a.id),
    });
  }
  throw new FieldbookError('not_found', `No account is named "${idOrName}" or has that id.`, { fields: { account: 'No such account.' } });
}

/**
 * What a request selects, in the order a format lists it: one ordered read of rowids and statuses (the
 * counts come from the same read), so the entries themselves are fetched only while the file is written.
 */
export function selectEntries(store: Store, request: TimeExportRequest, order: ExportOrder): ExportSelection {
  const account = request.account ? resolveAccount(store, request.account) : null;
  const { sql, params } = whereClause(request, account);
  const rows = store.db
    .prepare<string[], [number, TimeEntryStatus]>(`SELECT t.rowid, t.status FROM time_entries t LEFT JOIN accounts a ON a.id = t.account_id WHERE ${sql} ORDER BY ${ORDER_SQL[order]}`)
    .raw()
    .all(...params);
  const counts = Object.fromEntries(TIME_ENTRY_STATUSES.map((s) => [s, 0])) as Record<TimeEntryStatus, number>;
  const rowids = rows.map(([rowid, status]) => {
    counts[status] += 1;
    return rowid;
  });
  return { request, account, rowids, counts };
}

function whereClause(request: TimeExportRequest, account: ExportSelection['account']): { sql: string; params: string[] } {
  const where = ['t.deleted = 0', 't.date >= ?', 't.date <= ?'];
  const params = [request.from, request.to];
  if (request.user) {
    where.push('lower(t.user_id) = lower(?)');
    params.push(request.user);
  }
  if (account) {
    where.push('t.account_id = ?');
    params.push(account.id);
  }
  if (request.status) {
    where.push('t.status = ?');
    params.push(request.status);
  }
  return { sql: where.join(' AND '), params };
}

const ORDER_SQL: Record<ExportOrder, string> = {
  date: `t.date, a.name COLLATE NOCASE, t.account_id, t.user_id, coalesce(t.started_at, ''), t.id`,
  account: `a.name COLLATE NOCASE, t.account_id, t.date, t.user_id, coalesce(t.started_at, ''), t.id`,
};

/** A human description of what was selected, for messages and file headers. */
export function describeSelection(selection: ExportSelection): string {
  const { request, account } = selection;
  const parts = [`${request.from} to ${request.to}`];
  if (account) parts.push(`account ${account.name}`);
  if (request.user) parts.push(`person ${request.user}`);
  if (request.status) parts.push(`status ${request.status}`);
  return parts.join(', ');
}

export const EXPORT_BATCH_SIZE = 2000;

/**
 * The selected entries in order, in batches. Yields to the event loop between batches, so a large export
 * neither blocks other requests nor piles up output ahead of a slow writer.
 */
export async function* exportBatches(store: Store, selection: ExportSelection): AsyncGenerator<ExportEntry[]> {
  const { rowids } = selection;
  const contracts = ContractSkus.load(store);
  // Names once (there are few accounts), rather than a join per row.
  const accountNames = new Map(store.db.prepare<[], [string, string]>('SELECT id, name FROM accounts').raw().all());
  // Rows come back in any order and are put in place by their index in the batch: cheaper than an ORDER BY.
  const batch = store.db
    .prepare<[string], EntryTuple>(
      `SELECT j.key, t.id, t.account_id, t.user_id, t.date, t.minutes, t.started_at, t.ended_at, t.time_zone,
              t.category, t.sku, t.billable, t.rate, t.currency, t.note, t.status, t.updated_at
         FROM json_each(?) j CROSS JOIN time_entries t ON t.rowid = j.value
        WHERE t.deleted = 0`,
    )
    .raw();
  const { rounding, markExported } = selection.request;
  for (let start = 0; start < rowids.length; start += EXPORT_BATCH_SIZE) {
    const slots: Array<ExportEntry | undefined> = [];
    for (const [key, id, accountId, userId, date, minutes, startedAt, endedAt, timeZone, category, code, billable, rate, currency, note, status, updatedAt] of batch.all(
      JSON.stringify(rowids.slice(start, start + EXPORT_BATCH_SIZE)),
    )) {
      const sku = contracts.sku(accountId, date, code);
      slots[key] = {
        id,
        accountId,
        accountName: accountNames.get(accountId) ?? accountId,
        userId,
        date,
        minutes: roundExportMinutes(minutes, rounding),
        recordedMinutes: minutes,
        startedAt,
        endedAt,
        timeZone,
        category,
        sku: code,
        skuLabel: sku?.label ?? code ?? '',
        billable: billable === 1,
        rate: rate ?? sku?.rate ?? null,
        currency: currency ?? sku?.currency ?? null,
        note,
        status: markExported && status === 'approved' ? 'exported' : status,
        updatedAt,
      };
    }
    // An entry deleted since the selection was read leaves its slot empty.
    yield slots.filter((e): e is ExportEntry => e !== undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
