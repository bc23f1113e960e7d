import { randomUUID } from 'node:crypto';
import { GLOBAL_RESIDENCY, ORG_PARTITION } from '../model';
import type { FieldMap } from '../protocol/merge';
import type { Op } from '../protocol/wire';
import { REFERENCE_TABLES } from '../protocol/tables';
import { LOCAL_SYNCED_TABLE_NAMES } from './localTables';
import { forgetDocuments } from './searchIndex';
import type { Store } from './store';

export interface SyncTarget {
  id: string;
  /** 'online': an HTTP server; 'bundle': a server reached by files carried across an air gap. */
  kind: 'online' | 'bundle';
  url: string;
  region: string;
  residencies: string[];
  registeredFrom: 'cli' | 'desktop' | 'browser';
  ackedThrough: number;
  /** The highest origin_seq numbered for this target so far (0 before any). */
  lastOriginSeq: number;
  cursor: number;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Why this target may not sync until registered again (a restored or copied database); null when it may. */
  suspended: string | null;
}

interface TargetRow {
  id: string;
  kind: SyncTarget['kind'];
  url: string;
  region: string;
  residencies: string;
  registered_from: SyncTarget['registeredFrom'];
  claimed_through: number;
  next_origin_seq: number;
  acked_through: number;
  cursor: number;
  last_sync_at: string | null;
  last_error: string | null;
  suspended: string | null;
}

const toTarget = (r: TargetRow): SyncTarget => ({
  id: r.id,
  kind: r.kind,
  url: r.url,
  region: r.region,
  residencies: JSON.parse(r.residencies) as string[],
  registeredFrom: r.registered_from,
  ackedThrough: r.acked_through,
  lastOriginSeq: r.next_origin_seq - 1,
  cursor: r.cursor,
  lastSyncAt: r.last_sync_at,
  lastError: r.last_error,
  suspended: r.suspended,
});

export interface Rejection {
  id: number;
  targetId: string;
  table: string;
  rowId: string;
  accountId: string;
  fields: FieldMap;
  code: string;
  message: string;
  at: string;
}

/** The client's sync bookkeeping: targets, the per-target queues cut from the outbox, rejections, purges. */
export class SyncStateRepo {
  constructor(private readonly store: Store) {}

  listTargets(): SyncTarget[] {
    return this.store.db.prepare<[], TargetRow>('SELECT * FROM sync_targets ORDER BY created_at').all().map(toTarget);
  }

  target(id: string): SyncTarget | null {
    const row = this.store.db.prepare<[string], TargetRow>('SELECT * FROM sync_targets WHERE id = ?').get(id);
    return row ? toTarget(row) : null;
  }

  addTarget(target: Pick<SyncTarget, 'url' | 'region' | 'residencies' | 'registeredFrom'> & { kind?: SyncTarget['kind'] }, id: string = randomUUID()): SyncTarget {
    this.store.db
      .prepare(`INSERT INTO sync_targets (id, kind, url, region, residencies, registered_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, target.kind ?? 'online', target.url, target.region, JSON.stringify(target.residencies), target.registeredFrom, this.store.now().toISOString());
    return this.target(id) as SyncTarget;
  }

  /**
   * The target starts over as a new device of its server (registered again after a restore or copy, or with new
   * bundle keys): its queue is cut again from the outbox and numbered from 1, and it pulls from the start. What the
   * old device already sent comes back as duplicates the merge ignores.
   */
  restart(targetId: string, changes: Partial<Pick<SyncTarget, 'region' | 'residencies' | 'registeredFrom'>> = {}): SyncTarget {
    this.store.write(() => {
      this.store.db.prepare('DELETE FROM target_queue WHERE target_id = ?').run(targetId);
      this.store.db
        .prepare(
          `UPDATE sync_targets SET claimed_through = 0, next_origin_seq = 1, acked_through = 0, cursor = 0, suspended = NULL, last_error = NULL,
             region = coalesce(?, region), residencies = coalesce(?, residencies), registered_from = coalesce(?, registered_from) WHERE id = ?`,
        )
        .run(changes.region ?? null, changes.residencies ? JSON.stringify(changes.residencies) : null, changes.registeredFrom ?? null, targetId);
    });
    return this.target(targetId) as SyncTarget;
  }

  /** The routing rule: an account's changes go only to targets allowed to hold its residency; org records go to all. */
  private static routable(residencies: readonly string[], accountId: string, residency: string | null): boolean {
    return accountId === ORG_PARTITION || residencies.includes(residency ?? GLOBAL_RESIDENCY);
  }

  private unclaimed(claimedThrough: number) {
    return this.store.db
      .prepare<[number], { seq: number; account_id: string; residency: string | null }>(
        `SELECT o.seq, o.account_id, a.residency FROM outbox o LEFT JOIN accounts a ON a.id = o.account_id
         WHERE o.seq > ? ORDER BY o.seq`,
      )
      .all(claimedThrough);
  }

  /** What a target would send now: its queue plus the local changes it may hold that are not cut into it yet. */
  pendingFor(targetId: string): number {
    const target = this.store.db.prepare<[string], TargetRow>('SELECT * FROM sync_targets WHERE id = ?').get(targetId);
    if (!target) return 0;
    const residencies = JSON.parse(target.residencies) as string[];
    const waiting = this.unclaimed(target.claimed_through).filter((e) => SyncStateRepo.routable(residencies, e.account_id, e.residency));
    return this.pendingCount(targetId) + waiting.length;
  }

  /**
   * Cuts the outbox entries this target may hold into its queue, numbering them with its own contiguous
   * origin_seq. An account's changes go only to targets allowed to hold its residency; org records go to all.
   */
  claim(targetId: string): number {
    return this.store.write(() => {
      const target = this.store.db.prepare<[string], TargetRow>('SELECT * FROM sync_targets WHERE id = ?').get(targetId);
      if (!target) return 0;
      const residencies = JSON.parse(target.residencies) as string[];
      const entries = this.unclaimed(target.claimed_through);
      let next = target.next_origin_seq;
      const queue = this.store.db.prepare('INSERT INTO target_queue (target_id, origin_seq, outbox_seq) VALUES (?, ?, ?)');
      const routed = this.store.db.prepare('UPDATE outbox SET routed = 1 WHERE seq = ?');
      for (const e of entries) {
        if (!SyncStateRepo.routable(residencies, e.account_id, e.residency)) continue;
        queue.run(targetId, next, e.seq);
        routed.run(e.seq);
        next += 1;
      }
      // Nothing new since the last pass: nothing to write (an empty pass stays a read).
      if (entries.length === 0) return 0;
      const through = entries.at(-1)?.seq ?? target.claimed_through;
      this.store.db.prepare('UPDATE sync_targets SET claimed_through = ?, next_origin_seq = ? WHERE id = ?').run(through, next, targetId);
      return next - target.next_origin_seq;
    });
  }

  pendingOps(targetId: string, limit: number): Op[] {
    return this.store.db
      .prepare<[string, number], { origin_seq: number; tbl: string; row_id: string; account_id: string; fields: string }>(
        `SELECT q.origin_seq, o.tbl, o.row_id, o.account_id, o.fields FROM target_queue q JOIN outbox o ON o.seq = q.outbox_seq
         WHERE q.target_id = ? ORDER BY q.origin_seq LIMIT ?`,
      )
      .all(targetId, limit)
      .map((r) => ({ originSeq: r.origin_seq, table: r.tbl, id: r.row_id, accountId: r.account_id, fields: JSON.parse(r.fields) as FieldMap }));
  }

  pendingCount(targetId: string): number {
    return (this.store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM target_queue WHERE target_id = ?').get(targetId)?.n ?? 0);
  }

  /** Local changes not yet acknowledged anywhere (before registration: everything ever written). */
  unsentCount(): number {
    return this.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()?.n ?? 0;
  }

  /** The server holds everything up to `through`: those entries leave the queue; the outbox is trimmed. */
  /** The op this target queues under `originSeq`, while it is still unacknowledged. */
  queuedOp(targetId: string, originSeq: number): Op | null {
    const row = this.store.db
      .prepare<[string, number], { origin_seq: number; tbl: string; row_id: string; account_id: string; fields: string }>(
        `SELECT q.origin_seq, o.tbl, o.row_id, o.account_id, o.fields FROM target_queue q JOIN outbox o ON o.seq = q.outbox_seq
         WHERE q.target_id = ? AND q.origin_seq = ?`,
      )
      .get(targetId, originSeq);
    return row ? { originSeq: row.origin_seq, table: row.tbl, id: row.row_id, accountId: row.account_id, fields: JSON.parse(row.fields) as FieldMap } : null;
  }

  acknowledge(targetId: string, through: number): void {
    this.store.write(() => {
      this.store.db.prepare('DELETE FROM target_queue WHERE target_id = ? AND origin_seq <= ?').run(targetId, through);
      this.store.db.prepare('UPDATE sync_targets SET acked_through = max(acked_through, ?) WHERE id = ?').run(through, targetId);
      // An outbox entry may go once every target has claimed past it, some target took it, and none still
      // queues it. An entry no target may hold stays for a future target that may.
      this.store.db
        .prepare(
          `DELETE FROM outbox WHERE routed = 1 AND seq <= (SELECT min(claimed_through) FROM sync_targets)
           AND seq NOT IN (SELECT outbox_seq FROM target_queue)`,
        )
        .run();
    });
  }

  recordRejection(targetId: string, op: Op, code: string, message: string): void {
    this.store.db
      .prepare(
        `INSERT INTO sync_rejections (target_id, tbl, row_id, account_id, fields, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(targetId, op.table, op.id, op.accountId, JSON.stringify(op.fields), code, message, this.store.now().toISOString());
  }

  rejections(): Rejection[] {
    return this.store.db
      .prepare<[], { id: number; target_id: string; tbl: string; row_id: string; account_id: string; fields: string; code: string; message: string; at: string }>(
        'SELECT * FROM sync_rejections ORDER BY id DESC',
      )
      .all()
      .map((r) => ({ id: r.id, targetId: r.target_id, table: r.tbl, rowId: r.row_id, accountId: r.account_id, fields: JSON.parse(r.fields) as FieldMap, code: r.code, message: r.message, at: r.at }));
  }

  setCursor(targetId: string, cursor: number): void {
    this.store.db.prepare('UPDATE sync_targets SET cursor = ? WHERE id = ? AND cursor <> ?').run(cursor, targetId, cursor);
  }

  finish(targetId: string, error: string | null): void {
    this.store.db
      .prepare('UPDATE sync_targets SET last_error = ?, last_sync_at = CASE WHEN ? IS NULL THEN ? ELSE last_sync_at END WHERE id = ?')
      .run(error, error, this.store.now().toISOString(), targetId);
  }

  /**
   * A revoked device: every customer record, the outbox and every registration go. Organisation catalogs
   * (tiers, regions) stay: they hold no customer data.
   */
  purgeEverything(): number {
    return this.store.write(() => {
      let removed = 0;
      for (const table of LOCAL_SYNCED_TABLE_NAMES) {
        if (REFERENCE_TABLES.includes(table)) continue;
        removed += this.store.db.prepare(`DELETE FROM ${table}`).run().changes;
        forgetDocuments(this.store.db, table);
      }
      for (const table of ['target_queue', 'outbox', 'sync_rejections', 'conflicts', 'sync_targets']) this.store.db.prepare(`DELETE FROM ${table}`).run();
      return removed;
    });
  }

  /** Removes every local record of an account this user may no longer see, and its unsent changes. */
  purgeAccount(accountId: string): number {
    return this.store.write(() => {
      let removed = 0;
      for (const table of LOCAL_SYNCED_TABLE_NAMES) {
        if (REFERENCE_TABLES.includes(table)) continue;
        removed += this.store.db.prepare(`DELETE FROM ${table} WHERE account_id = ?`).run(accountId).changes;
        forgetDocuments(this.store.db, table, accountId);
      }
      this.store.db.prepare('DELETE FROM target_queue WHERE outbox_seq IN (SELECT seq FROM outbox WHERE account_id = ?)').run(accountId);
      this.store.db.prepare('DELETE FROM outbox WHERE account_id = ?').run(accountId);
      return removed;
    });
  }
}
