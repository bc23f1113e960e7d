import { FieldbookError } from '../model';
import { localSyncedTables } from '../store/localTables';
import type { ServiceContext } from './context';

export interface Conflict {
  id: number;
  table: string;
  rowId: string;
  accountId: string;
  field: string;
  /** The words that lost a concurrent edit. */
  lostValue: string;
  /** What the record holds now. */
  currentValue: string | null;
  at: string;
}

interface ConflictRow {
  id: number;
  tbl: string;
  row_id: string;
  account_id: string;
  field: string;
  lost_value: string;
  at: string;
}

/** Long text that lost a concurrent edit on another device, shown beside the winner; restored in one step. */
export class ConflictsService {
  /** Built once: each table prepares its statements. */
  private readonly tables;

  constructor(private readonly ctx: ServiceContext) {
    this.tables = localSyncedTables(ctx.store);
  }

  list(): Conflict[] {
    const rows = this.ctx.store.db.prepare<[], ConflictRow>('SELECT * FROM conflicts WHERE resolved = 0 ORDER BY at DESC, id DESC').all();
    return rows.map((r) => ({
      id: r.id,
      table: r.tbl,
      rowId: r.row_id,
      accountId: r.account_id,
      field: r.field,
      lostValue: r.lost_value,
      currentValue: this.current(r),
      at: r.at,
    }));
  }

  /** Puts the lost words back as a new edit (a fresh clock, so it wins and syncs like any change). */
  restore(id: number): { id: number } {
    const row = this.open(id);
    const table = this.tables.get(row.tbl);
    if (!table) throw new FieldbookError('not_found', 'That record is no longer on this device.');
    this.ctx.store.write(() => {
      table.update(row.row_id, { [row.field]: row.lost_value });
      this.ctx.store.db.prepare('UPDATE conflicts SET resolved = 1 WHERE id = ?').run(id);
    });
    this.ctx.changed([row.tbl, 'conflicts']);
    return { id };
  }

  /** Keeps the current version; the lost one is forgotten. */
  dismiss(id: number): { id: number } {
    this.open(id);
    this.ctx.store.db.prepare('UPDATE conflicts SET resolved = 1 WHERE id = ?').run(id);
    this.ctx.changed(['conflicts']);
    return { id };
  }

  private open(id: number): ConflictRow {
    const row = this.ctx.store.db.prepare<[number], ConflictRow>('SELECT * FROM conflicts WHERE id = ? AND resolved = 0').get(id);
    if (!row) throw new FieldbookError('not_found', 'That conflict was already resolved.');
    return row;
  }

  private current(row: ConflictRow): string | null {
    const value = this.tables.get(row.tbl)?.fieldValue(row.row_id, row.field);
    return typeof value === 'string' ? value : null;
  }
}
