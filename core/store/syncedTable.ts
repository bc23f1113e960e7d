import type Database from 'better-sqlite3';
import { FieldbookError } from '../model';
import { ZERO_HLC } from '../protocol/hlc';
import { winningFields } from '../protocol/merge';
import { longTextFields } from '../protocol/tables';
import type { FieldMap } from '../protocol/merge';
import { DependentDocWriter, SearchDocWriter } from './searchIndex';
import type { SearchDeclaration, SearchDependent } from './searchIndex';
import type { Store } from './store';
import type { TimelineDeclaration } from './timelineRepo';

/**
 * The one write path for synced tables (DESIGN.md §4): every insert, update, delete and restore goes through
 * here, so each row's field clocks, `deleted`, `created_at` and `updated_at` are always maintained together.
 * (The outbox entry joins this same transaction when sync lands.)
 */
export interface SyncedTableSpec<F extends string> {
  table: string;
  /** Record field name → column name, for the fields that carry their own clock. */
  columns: Record<F, string>;
  /** Searchable: which columns full-text search indexes, how a hit is titled and where it leads (searchIndex.ts). */
  search?: SearchDeclaration;
  /** Other tables' documents that read this table's rows, refreshed whenever one is written (searchIndex.ts). */
  searchDependents?: readonly SearchDependent[];
  /** The entries this table's records make on the account timeline (timelineRepo.ts). */
  timeline?: readonly TimelineDeclaration[];
}

type Value = string | number | null;
/**
 * A record's field values as the model has them: booleans, arrays and objects are stored as 0/1 and JSON text
 * but travel in the outbox as themselves, so the server validates the same shapes the model does.
 */
export type FieldValues<F extends string> = Record<F, unknown>;

export interface SyncedRow {
  id: string;
  account_id: string;
  clocks: string;
  deleted: number;
  created_at: string;
  updated_at: string;
  server_seq: number;
}

/** JSON values as SQLite stores them: booleans become 0/1, arrays and objects JSON text. */
export function toColumn(value: unknown): Value {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || value === null) return value;
  return JSON.stringify(value);
}

export class SyncedTable<F extends string> {
  private readonly fields: F[];
  private readonly selectOne: Database.Statement<[string]>;
  /** Prepared statements by SQL text: preparing costs more than running a small write. */
  private readonly statements = new Map<string, Database.Statement>();
  /** The record's search document, kept in the same transaction as every write of the row. */
  private readonly search: SearchDocWriter | null;
  /** Other tables' documents that read this table's rows. */
  private readonly dependents: DependentDocWriter[];
  private insertRemote: Database.Statement | null = null;
  private insertLocal: Database.Statement | null = null;
  private insertOutbox: Database.Statement | null = null;

  constructor(
    private readonly store: Store,
    private readonly spec: SyncedTableSpec<F>,
  ) {
    this.fields = Object.keys(spec.columns) as F[];
    this.selectOne = store.db.prepare(`SELECT * FROM ${spec.table} WHERE id = ?`);
    this.search = spec.search ? new SearchDocWriter(store.db, { table: spec.table, search: spec.search }) : null;
    this.dependents = (spec.searchDependents ?? []).map((d) => new DependentDocWriter(store.db, d));
  }

  /** The record's own document, and the documents of other tables that read it, after a write of the row. */
  private refreshSearch(id: string, live = false): void {
    this.search?.refresh(id, live);
    for (const dependent of this.dependents) dependent.refresh(id);
  }

  get(id: string): (SyncedRow & Record<string, Value>) | undefined {
    return this.selectOne.get(id) as (SyncedRow & Record<string, Value>) | undefined;
  }

  /** The current value of one field of a record, by its protocol field name. */
  fieldValue(id: string, field: string): Value | undefined {
    const column = (this.spec.columns as Record<string, string>)[field];
    return column === undefined ? undefined : this.get(id)?.[column];
  }

  /**
   * Must run inside `store.write`. All fields get the same fresh clock and go to the outbox. Seeded rows pass
   * their fixed `clock` and stay local: every device seeds the same rows.
   */
  insert(id: string, accountId: string, values: FieldValues<F>, clock?: string): void {
    const stamp = clock ?? this.store.nextClock();
    const now = this.store.now().toISOString();
    const clocks: Record<string, string> = { deleted: stamp };
    for (const f of this.fields) clocks[f] = stamp;
    // Built once per table: the local write path's hot statement.
    this.insertLocal ??= this.store.db.prepare(
      `INSERT INTO ${this.spec.table} (id, account_id, ${this.fields.map((f) => this.spec.columns[f]).join(', ')}, clocks, deleted, created_at, updated_at)
       VALUES (?, ?, ${this.fields.map(() => '?').join(', ')}, ?, 0, ?, ?)`,
    );
    this.insertLocal.run(id, accountId, ...this.fields.map((f) => toColumn(values[f])), JSON.stringify(clocks), now, now);
    // A new row is live: it gets its document, and there is none of a deleted row to remove.
    this.refreshSearch(id, true);
    if (clock === undefined) {
      const fields: FieldMap = { deleted: { value: false, hlc: stamp } };
      for (const f of this.fields) fields[f] = { value: values[f], hlc: stamp };
      this.enqueue(id, accountId, fields, now);
    }
  }

  /** Must run inside `store.write`. Only fields whose value changes get a new clock; returns those fields. */
  update(id: string, patch: Partial<FieldValues<F>>): F[] {
    const row = this.liveRow(id);
    const changed = this.fields.filter((f) => f in patch && patch[f] !== undefined && toColumn(patch[f]) !== row[this.spec.columns[f]]);
    if (changed.length === 0) return [];
    const stamp = this.store.nextClock();
    const clocks = JSON.parse(row.clocks) as Record<string, string>;
    for (const f of changed) clocks[f] = stamp;
    const sets = changed.map((f) => `${this.spec.columns[f]} = ?`).join(', ');
    this.statement(`UPDATE ${this.spec.table} SET ${sets}, clocks = ?, updated_at = ? WHERE id = ?`).run(...changed.map((f) => toColumn(patch[f])), JSON.stringify(clocks), this.store.now().toISOString(), id);
    this.refreshSearch(id);
    const long = longTextFields(this.spec.table);
    // Long text records the clock it replaced, so another device can tell a concurrent edit from a later one.
    const before = JSON.parse(row.clocks) as Record<string, string>;
    this.enqueue(
      id,
      row.account_id,
      Object.fromEntries(changed.map((f) => [f, long.includes(f) ? { value: patch[f], hlc: stamp, base: before[f] ?? null } : { value: patch[f], hlc: stamp }])),
    );
    return changed;
  }

  /** Must run inside `store.write`. A tombstone: the row stays so the delete can sync and be undone. */
  setDeleted(id: string, deleted: boolean): void {
    const row = this.get(id);
    if (!row) throw new FieldbookError('not_found', 'That record no longer exists.', { id });
    if (Boolean(row.deleted) === deleted) return;
    const clocks = JSON.parse(row.clocks) as Record<string, string>;
    const stamp = this.store.nextClock();
    clocks['deleted'] = stamp;
    this.statement(`UPDATE ${this.spec.table} SET deleted = ?, clocks = ?, updated_at = ? WHERE id = ?`).run(deleted ? 1 : 0, JSON.stringify(clocks), this.store.now().toISOString(), id);
    this.refreshSearch(id);
    this.enqueue(id, row.account_id, { deleted: { value: deleted, hlc: stamp } });
  }

  /** The outbox entry of a local change, in the same transaction as the row (DESIGN.md §5). */
  private enqueue(id: string, accountId: string, fields: FieldMap, at = this.store.now().toISOString()): void {
    this.insertOutbox ??= this.store.db.prepare(`INSERT INTO outbox (tbl, row_id, account_id, fields, created_at) VALUES (?, ?, ?, ?, ?)`);
    this.insertOutbox.run(this.spec.table, id, accountId, JSON.stringify(fields), at);
  }

  /**
   * Applies a change pulled from a server: the fields whose clock is newer than ours win, nothing goes to the
   * outbox. A record we do not have needs every field; otherwise it is skipped and reported.
   */
  applyRemote(id: string, accountId: string, incoming: FieldMap): 'inserted' | 'updated' | 'unchanged' | 'incomplete' {
    const row = this.get(id);
    if (!row) {
      const values: Value[] = [id, accountId];
      const clocks: Record<string, string> = { deleted: incoming['deleted']?.hlc ?? ZERO_HLC };
      for (const f of this.fields) {
        const field = incoming[f];
        if (!field) return 'incomplete';
        values.push(toColumn(field.value));
        clocks[f] = field.hlc;
      }
      const now = this.store.now().toISOString();
      values.push(JSON.stringify(clocks), incoming['deleted']?.value ? 1 : 0, now, now);
      // The one statement of the initial sync's hot path: built once per table.
      this.insertRemote ??= this.store.db.prepare(
        `INSERT INTO ${this.spec.table} (id, account_id, ${this.fields.map((f) => this.spec.columns[f]).join(', ')}, clocks, deleted, created_at, updated_at)
         VALUES (?, ?, ${this.fields.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
      );
      this.insertRemote.run(...values);
      // A record that arrives live has no document of a deleted row to remove (the initial sync's hot path).
      this.refreshSearch(id, !incoming['deleted']?.value);
      return 'inserted';
    }
    const now = this.store.now().toISOString();
    const current: FieldMap = {};
    const clocks = JSON.parse(row.clocks) as Record<string, string>;
    for (const [field, hlc] of Object.entries(clocks)) current[field] = { value: null, hlc };
    const winners = winningFields(current, incoming);
    const names = Object.keys(winners).filter((f) => f === 'deleted' || (this.fields as string[]).includes(f));
    if (names.length === 0) return 'unchanged';
    // A winning long-text edit that did not start from our version overwrites words nobody else has seen:
    // keep ours in the conflicts table for the user to restore.
    for (const f of longTextFields(this.spec.table)) {
      const win = winners[f];
      const ours = row[this.spec.columns[f as F]];
      const ourClock = clocks[f];
      if (!win || ourClock === undefined || win.base === ourClock) continue;
      if (typeof ours !== 'string' || ours === '' || ours === win.value) continue;
      this.statement(
        `INSERT INTO conflicts (tbl, row_id, account_id, field, lost_value, lost_hlc, winning_hlc, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(this.spec.table, id, accountId, f, ours, ourClock, win.hlc, now);
    }
    for (const f of names) clocks[f] = winners[f]?.hlc ?? ZERO_HLC;
    const column = (f: string) => (f === 'deleted' ? 'deleted' : this.spec.columns[f as F]);
    const sets = names.map((f) => `${column(f)} = ?`).join(', ');
    this.statement(`UPDATE ${this.spec.table} SET ${sets}, clocks = ?, updated_at = ? WHERE id = ?`).run(
      ...names.map((f) => (f === 'deleted' ? (winners[f]?.value ? 1 : 0) : toColumn(winners[f]?.value))),
      JSON.stringify(clocks),
      now,
      id,
    );
    this.refreshSearch(id);
    return 'updated';
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.store.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  liveRow(id: string): SyncedRow & Record<string, Value> {
    const row = this.get(id);
    if (!row || row.deleted) throw new FieldbookError('not_found', 'That record no longer exists. It may have been deleted.', { id });
    return row;
  }
}
