import type { z } from 'zod';
import { ORG_PARTITION } from '../core/model';
import { decodeHlc } from '../core/protocol/hlc';
import { applyFields, winningFields } from '../core/protocol/merge';
import { SYNCED_TABLES, isSyncedTable } from '../core/protocol/tables';
import { opHash } from '../core/protocol/opHash';
import type { FieldMap } from '../core/protocol/merge';
import type { Op, OpResult, PulledChange, PullResponse, PushRequest, PushResponse, SnapshotResponse } from '../core/protocol/wire';
import { DEVICE_DIVERGED, MAX_PULL_LIMIT } from '../core/protocol/wire';
import { createDenial, recordDenial, writeDenial } from './policy';
import type { PolicyContext } from './policy';
import type { SqlExecutor } from './storage/driver';
import { parseChange, recordKey } from './storage/serverStore';
import type { AccountPolicy, Device, RawChange, Reader, ServerStore, User } from './storage/serverStore';

/** A pull answer whose changes still hold their fields as stored JSON text (server/wireJson.ts writes it out). */
export type RawPullResponse = Omit<PullResponse, 'changes'> & { changes: RawChange[] };

export class ProtocolError extends Error {
  constructor(
    readonly code: 'invalid' | 'resync_required' | 'forbidden' | 'conflict',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface SyncOptions {
  residencies: readonly string[];
  maxSkewMs: number;
  now?: () => number;
}

type Rejection = Extract<OpResult, { status: 'rejected' }>;

/** One push's reads and pending writes (SyncService.loadBatch). */
interface PushBatch {
  /** Records by recordKey, as the ops before this one in the batch left them. */
  records: Map<string, { accountId: string; fields: FieldMap }>;
  policies: Map<string, AccountPolicy>;
  /** The counter when the push began, and the last server_seq it handed out. */
  firstSeq: number;
  seq: number;
  /** Each record's last state and server_seq: one row per record, since one upsert may not touch a row twice. */
  written: Map<string, { table: string; id: string; accountId: string; merged: FieldMap; serverSeq: number }>;
  changes: Array<PulledChange & { deviceId: string; originSeq: number; userId: string }>;
  newPolicies: Map<string, { policy: AccountPolicy; firstSeq: number }>;
  creatorGrants: Map<string, { userId: string; accountId: string }>;
}

/** Push, pull and snapshot over any ServerStore; the HTTP layer only parses and authenticates. */
export class SyncService {
  private readonly now: () => number;

  constructor(
    private readonly store: ServerStore,
    private readonly options: SyncOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  private reader(user: User): Reader {
    return { userId: user.id, clearances: user.clearances, residencies: this.options.residencies };
  }

  /** The user's grants on the accounts a batch touches: a push of one op does not load every grant of the user. */
  private async context(user: User, q: SqlExecutor, accountIds: readonly string[]): Promise<PolicyContext> {
    // An id that is not well-formed Unicode (a lone surrogate) has no grant, and PostgreSQL's JSON would refuse it.
    const ids = [...new Set(accountIds)].filter((id) => !/\p{Cs}/u.test(id));
    return { user, grants: await this.store.grantsOf(user.id, q, ids), residencies: this.options.residencies };
  }

  /**
   * One transaction per batch: an unexpected failure rolls the whole batch back (no op is ever half-applied)
   * and the client retries it, which is a no-op for what was already acknowledged. Policy rejections are
   * answered per op and consume their origin_seq, so they are shown to the user rather than retried forever.
   */
  async push(device: Device, user: User, request: PushRequest): Promise<PushResponse> {
    const hidden = new Set<string>();
    return this.store.db.transaction(async (tx) => {
      const results: OpResult[] = [];
      let last = await this.store.lockDeviceSeq(tx, device.id);
      await this.refuseReusedNumbers(tx, device, request.ops, last);
      await this.store.lockWriters(tx);
      const ctx = await this.context(user, tx, request.ops.map((op) => op.accountId));
      const batch = await this.loadBatch(tx, request.ops);
      const consumed: Array<{ originSeq: number; hash: string }> = [];
      for (const op of request.ops) {
        if (op.originSeq <= last) {
          // A retry: a refusal is said again, since the answer that carried it may never have arrived.
          const refused = await this.store.rejectionOf(tx, device.id, op.originSeq);
          results.push(
            refused
              ? { originSeq: op.originSeq, status: 'rejected', code: refused.code as Rejection['code'], message: refused.message }
              : { originSeq: op.originSeq, status: 'duplicate' },
          );
          continue;
        }
        if (op.originSeq !== last + 1) {
          // After a gap every later op is a gap too: stop and let the client resend from the gap.
          results.push({
            originSeq: op.originSeq,
            status: 'rejected',
            code: 'conflict',
            message: `Changes are missing before this one: the server holds this device's changes up to ${last}.`,
          });
          break;
        }
        const result = await this.applyOp(tx, ctx, batch, device, op, () => hidden.add(op.accountId));
        if (result.status === 'rejected' && result.code === 'clock_skew') {
          // The device's clock is at fault, not the change: it keeps its number and is sent again once the
          // clock is right. Later ops wait behind it, as after a gap.
          results.push(result);
          break;
        }
        if (result.status === 'rejected') await this.store.rememberRejection(tx, device.id, op.originSeq, result.code, result.message);
        results.push(result);
        consumed.push({ originSeq: op.originSeq, hash: opHash(op) });
        last = op.originSeq;
      }
      await this.writeBatch(tx, batch);
      await this.store.setDeviceSeq(tx, device.id, last);
      await this.store.rememberOpHashes(tx, device.id, consumed);
      const byAccount = new Map<string, number>();
      for (const op of request.ops) byAccount.set(op.accountId, (byAccount.get(op.accountId) ?? 0) + 1);
      // An account this server may not hold, or this user may not see, is not named even in the audit log.
      await this.store.auditMany(
        [...byAccount].map(([accountId, count]) => ({
          userId: user.id,
          deviceId: device.id,
          action: 'push',
          accountId: hidden.has(accountId) ? null : accountId,
          detail: { ops: count },
        })),
        tx,
      );
      return { results, ackedThrough: last };
    });
  }

  /**
   * What a push reads, loaded once for the whole batch (records it touches, its accounts' policies, the next
   * server_seq), and what it writes, kept here until the batch ends: each op sees the ops before it in the
   * batch exactly as if they had been written one by one, and the writes go out in a few multi-row statements.
   */
  private async loadBatch(tx: SqlExecutor, ops: readonly Op[]): Promise<PushBatch> {
    const keys = ops.filter((op) => isSyncedTable(op.table)).map((op) => ({ table: op.table, id: op.id }));
    const seq = await this.store.lockedSeq(tx);
    return {
      records: await this.store.recordsOf(tx, keys),
      policies: await this.store.accountPolicies(tx, ops.map((op) => op.accountId)),
      firstSeq: seq,
      seq,
      written: new Map(),
      changes: [],
      newPolicies: new Map(),
      creatorGrants: new Map(),
    };
  }

  private async writeBatch(tx: SqlExecutor, batch: PushBatch): Promise<void> {
    if (batch.seq === batch.firstSeq && batch.newPolicies.size === 0 && batch.creatorGrants.size === 0) return;
    await this.store.writePush(tx, {
      records: [...batch.written.values()],
      changes: batch.changes,
      policies: [...batch.newPolicies.values()],
      creatorGrants: [...batch.creatorGrants.values()],
    });
    if (batch.seq !== batch.firstSeq) await this.store.setSeq(tx, batch.seq);
  }

  /**
   * A resent op matches what the server holds under its number; a different op under a number already used
   * means the device's database was restored from a backup or copied, and its numbering can no longer be
   * trusted: nothing of the push is applied and the device must register again.
   */
  private async refuseReusedNumbers(tx: SqlExecutor, device: Device, ops: readonly Op[], last: number): Promise<void> {
    const resent = ops.filter((op) => op.originSeq <= last);
    if (resent.length === 0) return;
    const seqs = resent.map((op) => op.originSeq);
    const held = await this.store.opHashes(tx, device.id, Math.min(...seqs), Math.max(...seqs));
    const reused = resent.find((op) => {
      const hash = held.get(op.originSeq);
      return hash !== undefined && hash !== opHash(op);
    });
    if (reused) {
      throw new ProtocolError(
        'conflict',
        `This device already sent a different change numbered ${reused.originSeq}: its database was restored from a backup or copied from another computer. Register it again as a new device; its unsent changes are kept.`,
        { reason: DEVICE_DIVERGED, lastOriginSeq: last },
      );
    }
  }

  private async applyOp(tx: SqlExecutor, ctx: PolicyContext, batch: PushBatch, device: Device, op: Op, hide: () => void): Promise<OpResult> {
    const { user } = ctx;
    const reject = (code: Rejection['code'], message: string, extra: Partial<Rejection> = {}): Rejection => ({
      originSeq: op.originSeq,
      status: 'rejected',
      code,
      message,
      ...extra,
    });
    if (!isSyncedTable(op.table)) return reject('invalid', `Unknown table "${op.table}".`);
    const def = SYNCED_TABLES[op.table];
    for (const [field, change] of Object.entries(op.fields)) {
      const fieldSchemas: Record<string, z.ZodType> = def.fields;
      // Own keys only: a field named constructor or toString must not find Object.prototype's members.
      const schema = field !== 'deleted' && Object.hasOwn(fieldSchemas, field) ? fieldSchemas[field] : undefined;
      if (field === 'deleted' ? typeof change.value !== 'boolean' : !schema) return reject('invalid', `Unknown field "${field}" of ${op.table}.`);
      if (schema && !schema.safeParse(change.value).success) return reject('invalid', `The value of ${field} is not valid.`);
      const wall = decodeHlc(change.hlc).wall;
      if (wall - this.now() > this.options.maxSkewMs) {
        return reject('clock_skew', 'This change is stamped in the future. Check the device clock.', { serverTime: new Date(this.now()).toISOString() });
      }
    }
    const key = recordKey(op.table, op.id);
    const existing = batch.records.get(key) ?? null;
    if (existing && existing.accountId !== op.accountId) return reject('invalid', 'A record cannot move to another account.');

    let policy: AccountPolicy | null = null;
    let current: AccountPolicy | null = null;
    if (def.partition === 'org') {
      if (op.accountId !== ORG_PARTITION) return reject('invalid', `Records of ${op.table} belong to the org partition.`);
      // Timesheets and their history are people's own records in the org partition: their rules are the record rules below.
      const denial = op.table === 'timesheets' || op.table === 'timesheet_events' ? null : writeDenial(ctx, 'org');
      if (denial) return reject(denial.code, denial.message);
    } else {
      if (op.table === 'accounts' && op.accountId !== op.id) return reject('invalid', 'An account is its own partition: accountId must equal id.');
      current = batch.policies.get(op.accountId) ?? null;
      const fieldValue = (name: string): unknown => op.fields[name]?.value;
      if (!current) {
        if (op.table !== 'accounts') return reject('not_found', 'The account of this record does not exist on the server.');
        const residency = fieldValue('residency');
        const clearance = fieldValue('clearance') ?? null;
        if (typeof residency !== 'string') return reject('invalid', 'A new account needs its residency.');
        const denial = createDenial(ctx, residency, typeof clearance === 'string' ? clearance : null);
        if (denial) {
          if (denial.hideAccount) hide();
          return reject(denial.code, denial.message);
        }
        policy = { accountId: op.accountId, residency, clearance: typeof clearance === 'string' ? clearance : null, createdBy: user.id };
      } else {
        const denial = writeDenial(ctx, current);
        if (denial) {
          if (denial.hideAccount) hide();
          return reject(denial.code, denial.message);
        }
        policy = current;
        if (op.table === 'accounts') {
          // A change of residency or label must itself be allowed: it cannot move an account out of reach.
          const next = { ...current };
          const winners = winningFields(existing?.fields ?? null, op.fields);
          if (winners['residency']) next.residency = winners['residency'].value as string;
          if (winners['clearance']) next.clearance = (winners['clearance'].value as string | null) ?? null;
          const moved = createDenial(ctx, next.residency, next.clearance);
          if (moved) {
            hide();
            return reject(moved.code, moved.message);
          }
          policy = next;
        }
      }
    }

    const contentDenial = recordDenial(ctx, op.table, existing?.fields ?? null, op.fields);
    if (contentDenial) return reject(contentDenial.code, contentDenial.message);

    const winners = winningFields(existing?.fields ?? null, op.fields);
    if (Object.keys(winners).length === 0) return { originSeq: op.originSeq, status: 'applied', serverSeq: null };
    // The counter row is locked for the whole push (lockedSeq), which keeps server_seq gap-free.
    batch.seq += 1;
    const serverSeq = batch.seq;
    const merged = applyFields(existing?.fields ?? null, winners);
    batch.changes.push({ serverSeq, table: op.table, id: op.id, accountId: op.accountId, fields: winners, deviceId: device.id, originSeq: op.originSeq, userId: user.id });
    batch.written.set(key, { table: op.table, id: op.id, accountId: op.accountId, merged, serverSeq });
    batch.records.set(key, { accountId: op.accountId, fields: merged });
    if (op.table === 'accounts' && policy) {
      const created = current === null;
      if (created || policy.residency !== current?.residency || policy.clearance !== current.clearance) {
        // As the upsert would: a policy keeps the server_seq of the change that first created it.
        const firstSeq = batch.newPolicies.get(op.accountId)?.firstSeq ?? serverSeq;
        batch.newPolicies.set(op.accountId, { policy, firstSeq });
        batch.policies.set(op.accountId, policy);
        // A new residency or label changes who may read the account.
        if (!created) await this.store.policyChanged(tx);
      }
      if (created) {
        batch.creatorGrants.set(op.accountId, { userId: user.id, accountId: op.accountId });
        // Later ops of the same batch may write to the account just created.
        if (!ctx.grants.has(op.accountId)) ctx.grants.set(op.accountId, 'write');
      }
    }
    return { originSeq: op.originSeq, status: 'applied', serverSeq };
  }

  /**
   * Changes after `cursor` the user may read, plus what the device must do besides applying them: purge
   * `revoked` accounts and fetch the snapshot of `granted` ones. `pageCap` is raised only for bundles.
   */
  async pull(device: Device, user: User, cursor: number, limit: number, pageCap = MAX_PULL_LIMIT): Promise<PullResponse> {
    const raw = await this.pullRaw(device, user, cursor, limit, pageCap);
    return { ...raw, changes: raw.changes.map(parseChange) };
  }

  /** `pull`, with each change's fields left as the JSON text stored: what the HTTP route sends as it is. */
  async pullRaw(device: Device, user: User, cursor: number, limit: number, pageCap = MAX_PULL_LIMIT): Promise<RawPullResponse> {
    const upTo = await this.store.currentSeq();
    if (cursor > upTo) throw new ProtocolError('resync_required', 'This device is ahead of the server (the server was restored?). Start a full resync.');
    if (cursor < (await this.store.retentionFloor())) {
      throw new ProtocolError('resync_required', 'This device was away longer than the server keeps changes. Start a full resync from a snapshot.');
    }
    const reader = this.reader(user);
    const page = Math.min(Math.max(limit, 1), pageCap);
    // Pulling from here proves the device processed every answer up to it, with its snapshots and purges.
    await this.store.confirmDeviceEvents(device.id, cursor);
    const rows = await this.store.changesSince(cursor, page + 1, reader, upTo);
    const hasMore = rows.length > page;
    const changes = rows.slice(0, page);
    const next = hasMore ? (changes[changes.length - 1]?.serverSeq ?? cursor) : upTo;
    // Revocations and new grants change only with the policy (grants, clearances, labels, this server's
    // residencies): worked out again when it changed since this device's last pull, or while offers await confirmation.
    const policy = await this.store.policyCheck(device.id);
    const stamp = `${policy.version}|${[...this.options.residencies].sort().join(',')}`;
    const recheck = policy.seen !== stamp || policy.pending;
    const revoked = recheck ? await this.store.revokedFor(device.id, reader) : [];
    const granted = recheck ? await this.store.grantedFor(device.id, reader, cursor) : [];
    const seen = [...new Set([...changes.map((c) => c.accountId), ...granted])].filter((id) => id !== ORG_PARTITION);
    await this.store.rememberDeviceAccounts(device.id, seen);
    await this.store.recordDeviceEvents(device.id, 'revoke', revoked, next);
    await this.store.recordDeviceEvents(device.id, 'snapshot', granted, next);
    if (policy.seen !== stamp) await this.store.setPolicySeen(device.id, stamp);
    await this.store.audit({ userId: user.id, deviceId: device.id, action: 'pull', accountId: null, detail: { cursor, accounts: seen, changes: changes.length } });
    return { changes, cursor: next, hasMore, revoked, granted, lastOriginSeq: device.lastOriginSeq };
  }

  /** Pages of the current state of every readable record, or of one account's (`accountId`). */
  async snapshot(device: Device, user: User, after: string | null, limit: number, accountId: string | null = null, pageCap = MAX_PULL_LIMIT): Promise<SnapshotResponse> {
    const asOf = await this.store.currentSeq();
    const reader = this.reader(user);
    let position: { table: string; id: string } | null = null;
    if (after) {
      const [table, id] = after.split(':');
      if (!table || !id || after.includes('\u0000')) throw new ProtocolError('invalid', 'The snapshot position is not valid.');
      position = { table, id };
    }
    if (accountId !== null && (accountId === '' || accountId.length > 64 || accountId.includes('\u0000'))) {
      throw new ProtocolError('invalid', 'The account of the snapshot is not valid.');
    }
    const page = Math.min(Math.max(limit, 1), pageCap);
    const records = await this.store.snapshotPage(position, page + 1, reader, accountId);
    const hasMore = records.length > page;
    const shown = records.slice(0, page);
    const last = shown[shown.length - 1];
    await this.store.rememberDeviceAccounts(device.id, [...new Set(shown.map((r) => r.accountId))].filter((id) => id !== ORG_PARTITION));
    await this.store.audit({ userId: user.id, deviceId: device.id, action: 'snapshot', accountId: null, detail: { records: shown.length, ...(accountId ? { account: accountId } : {}) } });
    return { asOf, records: shown, next: hasMore && last ? `${last.table}:${last.id}` : null };
  }
}
