import { randomUUID } from 'node:crypto';
import { FieldbookError } from '../model';
import type { ErrorCode, SyncSummary } from '../model';
import { DEVICE_DIVERGED, DEVICE_REVOKED, PROTOCOL_VERSION } from '../protocol/wire';
import type { Op, OpResult, PulledChange, PullResponse, PushResponse, SnapshotRecord, SnapshotResponse } from '../protocol/wire';
import { localSyncedTables } from '../store/localTables';
import type { Store } from '../store/store';
import type { SyncedTable } from '../store/syncedTable';
import { SyncStateRepo } from '../store/syncState';
import type { SyncTarget } from '../store/syncState';
import { describeClockSkew } from './clock';
import type { SecretStore } from './secrets';

const PUSH_BATCH = 500;
const PULL_PAGE = 1000;

type Fetch = typeof fetch;

/** A failure of one sync pass, in the user's words, with the protocol's code. */
export class SyncError extends FieldbookError {}

export const tokenKey = (target: Pick<SyncTarget, 'id'>) => `target-${target.id}`;

async function call<T>(fetchFn: Fetch, target: Pick<SyncTarget, 'url'>, token: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(`${target.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new SyncError('unavailable', `Cannot reach ${target.url} (${(error as Error).message}). Your changes are kept and will be sent later.`);
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: { code: ErrorCode; message: string; details?: Record<string, unknown> } }) | null;
  if (!res.ok) {
    const code = json?.error?.code ?? 'unavailable';
    throw new SyncError(code, json?.error?.message ?? `${target.url} answered ${res.status}.`, json?.error?.details);
  }
  if (json === null) throw new SyncError('unavailable', `${target.url} sent an unreadable answer.`);
  return json;
}

/** Registers this data folder with a sync server, after checking the server and the token. */
export async function registerTarget(
  store: Store,
  secrets: SecretStore,
  options: { url: string; token: string; from: SyncTarget['registeredFrom']; expectedRegion?: string | null },
  fetchFn: Fetch = fetch,
): Promise<SyncTarget> {
  const url = options.url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new SyncError('invalid', 'The server address must start with https:// (or http:// on this machine).');
  const repo = new SyncStateRepo(store);
  const existing = repo.listTargets().find((t) => t.url === url);
  // A suspended target (a restored or copied database) is registered again in place, as a new device.
  if (existing && existing.suspended === null) throw new SyncError('conflict', `This data folder is already registered with ${url}.`);
  const health = await call<{ region: string; residencies: string[]; protocol: number }>(fetchFn, { url }, options.token, '/v1/health');
  if (health.protocol !== PROTOCOL_VERSION) throw new SyncError('upgrade_required', `${url} speaks sync protocol ${health.protocol}; this Fieldbook speaks ${PROTOCOL_VERSION}.`);
  if (options.expectedRegion && health.region !== options.expectedRegion) {
    throw new SyncError('forbidden', `${url} serves region "${health.region}", but your administrator set it up for "${options.expectedRegion}". Nothing was registered.`);
  }
  // An authenticated call proves the token before anything is stored.
  const probe = await call<PullResponse>(fetchFn, { url }, options.token, '/v1/pull?cursor=0&limit=1');
  if (probe.lastOriginSeq > 0) {
    throw new SyncError('conflict', `This device token was already used by another device (${url} holds ${probe.lastOriginSeq} of its changes). Ask an administrator for a new device token.`);
  }
  const fields = { region: health.region, residencies: health.residencies, registeredFrom: options.from };
  // The token is stored before the target exists, so no pass ever sees a target without its token; a store
  // that refuses (the desktop app without secure storage) leaves nothing registered.
  const id = existing?.id ?? randomUUID();
  await secrets.set(tokenKey({ id }), options.token);
  try {
    return existing ? repo.restart(existing.id, fields) : repo.addTarget({ url, ...fields }, id);
  } catch (error) {
    if (!existing) await secrets.delete(tokenKey({ id }));
    throw error;
  }
}

export const emptySummary = (target: string): SyncSummary => ({ target, pushed: 0, rejected: 0, pulled: 0, skipped: 0, revoked: [], purged: 0, pending: 0 });

/**
 * Records a push answer: refusals and the acknowledgement land together, so a client stopped between them
 * neither records a refusal twice on the retry nor loses it. Returns the results that stop the queue: a gap,
 * or a change refused for clock skew (it keeps its number and is sent again later).
 */
export function applyPushAnswer(
  store: Store,
  target: Pick<SyncTarget, 'id'>,
  ops: (originSeq: number) => Op | null,
  answer: { results: readonly OpResult[]; ackedThrough: number },
  summary: SyncSummary,
): { gap: OpResult | null; skew: Extract<OpResult, { status: 'rejected' }> | null } {
  const repo = new SyncStateRepo(store);
  let gap: OpResult | null = null;
  let skew: Extract<OpResult, { status: 'rejected' }> | null = null;
  store.write(() => {
    for (const result of answer.results) {
      if (result.status === 'rejected' && result.code === 'conflict') gap = result;
      else if (result.status === 'rejected' && result.code === 'clock_skew') skew = result;
      else if (result.status === 'rejected') {
        // Only while the op is still queued: a refusal answered again for an op acknowledged since is known.
        const op = ops(result.originSeq);
        if (op) repo.recordRejection(target.id, op, result.code, result.message);
        summary.rejected += 1;
      } else if (result.status === 'applied') summary.pushed += 1;
    }
    repo.acknowledge(target.id, answer.ackedThrough);
  });
  return { gap, skew };
}

/** Applies pulled changes or snapshot records with last-writer-wins, in one transaction. */
export function applyRecords(store: Store, tables: Map<string, SyncedTable<string>>, records: ReadonlyArray<PulledChange | SnapshotRecord>, summary: SyncSummary): void {
  store.write(() => {
    // The local clock moves past the newest clock received, once per batch: past that one, it is past them all.
    let newest: string | null = null;
    for (const change of records) {
      const table = tables.get(change.table);
      if (!table) {
        summary.skipped += 1;
        continue;
      }
      for (const field of Object.values(change.fields)) if (newest === null || field.hlc > newest) newest = field.hlc;
      const outcome = table.applyRemote(change.id, change.accountId, change.fields);
      // Our own changes come back too; only what changed something here counts as received.
      if (outcome === 'incomplete') summary.skipped += 1;
      else if (outcome !== 'unchanged') summary.pulled += 1;
    }
    if (newest !== null) store.observeClock(newest);
  });
}

export function purgeRevoked(store: Store, revoked: readonly string[], summary: SyncSummary): void {
  const repo = new SyncStateRepo(store);
  for (const accountId of revoked) {
    if (summary.revoked.includes(accountId)) continue;
    summary.revoked.push(accountId);
    summary.purged += repo.purgeAccount(accountId);
  }
}

/** The message (and the new device id) when a server has seen this device number changes it never numbered. */
export function divergedError(store: Store, server: string, detail: string): SyncError {
  const why = `${server} ${detail}: this data folder’s database was restored from a backup or copied from another computer, so it now counts as a new device.`;
  store.resetIdentity(why);
  return new SyncError('conflict', `${why} Register it again before it syncs; its unsent changes are kept.`, { reason: DEVICE_DIVERGED });
}

/** A server holding more numbered changes from this device than it ever numbered means a restored or copied database. */
export function checkNumbering(store: Store, target: SyncTarget, serverLast: number): void {
  if (serverLast > target.lastOriginSeq) {
    throw divergedError(store, target.url, `holds ${serverLast} numbered changes from this device, which numbered only ${target.lastOriginSeq}`);
  }
}

/**
 * One sync pass with one target: queue new local changes, push them until acknowledged, then pull every
 * page and apply it with last-writer-wins. Nothing leaves the outbox before the server acknowledges it.
 */
export async function syncTarget(store: Store, secrets: SecretStore, target: SyncTarget, fetchFn: Fetch = fetch): Promise<SyncSummary> {
  const repo = new SyncStateRepo(store);
  const summary = emptySummary(target.url);
  try {
    if (target.kind !== 'online') throw new SyncError('invalid', `${target.url} is reached by bundle files, not over the network.`);
    const suspended = repo.target(target.id)?.suspended;
    if (suspended) throw new SyncError('conflict', suspended, { reason: DEVICE_DIVERGED });
    // Inside the try: a secret store that refuses (no secure storage) is this target's error like any other.
    const token = await secrets.get(tokenKey(target));
    if (!token) throw new SyncError('unauthenticated', `No device token is stored for ${target.url}. Register this device again.`);
    repo.claim(target.id);
    for (;;) {
      const ops = repo.pendingOps(target.id, PUSH_BATCH);
      if (ops.length === 0) break;
      let res: PushResponse;
      try {
        res = await call<PushResponse>(fetchFn, target, token, '/v1/push', { protocol: PROTOCOL_VERSION, ops });
      } catch (error) {
        if (error instanceof SyncError && error.details?.['reason'] === DEVICE_DIVERGED) throw divergedError(store, target.url, 'already holds different changes under this device’s numbers');
        throw error;
      }
      const { gap, skew } = applyPushAnswer(store, target, (seq) => ops.find((o) => o.originSeq === seq) ?? null, res, summary);
      if (skew) {
        const report = describeClockSkew({ server: target.url, serverTime: skew.serverTime ?? '', localNow: store.now().getTime(), op: ops.find((o) => o.originSeq === skew.originSeq) ?? null });
        throw new SyncError('clock_skew', report.message, { clockAheadMs: report.clockAheadMs, stampedAheadMs: report.stampedAheadMs, serverTime: report.serverTime });
      }
      if (gap) throw new SyncError('conflict', `${target.url} is missing earlier changes of this device (it holds up to ${res.ackedThrough}).`);
    }
    await pullAll(store, target, token, fetchFn, summary);
    summary.pending = repo.pendingCount(target.id);
    repo.finish(target.id, null);
    return summary;
  } catch (error) {
    if (error instanceof SyncError && error.details?.['reason'] === DEVICE_REVOKED) {
      // A revoked device (a lost laptop) drops every synced record it holds, and its registration.
      const purged = repo.purgeEverything();
      await secrets.delete(tokenKey(target));
      throw new SyncError('unauthenticated', `This device was revoked on ${target.url}; ${purged} synced record(s) were removed from it.`, {
        reason: DEVICE_REVOKED,
        purged,
      });
    }
    repo.finish(target.id, (error as Error).message);
    throw error;
  }
}

/** Every snapshot page of one account (`accountId`), or of everything readable (null); returns `asOf` of the first page. */
async function snapshotAll(store: Store, target: SyncTarget, token: string, fetchFn: Fetch, accountId: string | null, summary: SyncSummary): Promise<number> {
  const tables = localSyncedTables(store);
  let after: string | null = null;
  let asOf: number | null = null;
  do {
    const query: string = `limit=${PULL_PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}${accountId ? `&account=${encodeURIComponent(accountId)}` : ''}`;
    const page: SnapshotResponse = await call<SnapshotResponse>(fetchFn, target, token, `/v1/snapshot?${query}`);
    asOf ??= page.asOf;
    applyRecords(store, tables, page.records, summary);
    after = page.next;
  } while (after);
  return asOf;
}

async function pullAll(store: Store, target: SyncTarget, token: string, fetchFn: Fetch, summary: SyncSummary): Promise<void> {
  const repo = new SyncStateRepo(store);
  const tables = localSyncedTables(store);
  const fetchPage = (from: number) => call<PullResponse>(fetchFn, target, token, `/v1/pull?cursor=${from}&limit=${PULL_PAGE}`);
  let cursor = repo.target(target.id)?.cursor ?? target.cursor;
  let resynced = false;
  let next: Promise<PullResponse> | null = null;
  for (;;) {
    let page: PullResponse;
    try {
      page = await (next ?? fetchPage(cursor));
    } catch (error) {
      if (!(error instanceof SyncError && error.code === 'resync_required') || resynced) throw error;
      resynced = true;
      // The server cannot serve this cursor (it was restored, or pruned its log): start over from a snapshot.
      cursor = await snapshotAll(store, target, token, fetchFn, null, summary);
      repo.setCursor(target.id, cursor);
      next = null;
      continue;
    }
    next = null;
    checkNumbering(store, repo.target(target.id) ?? target, page.lastOriginSeq);
    const granted = page.granted ?? [];
    // While this page is applied the server prepares the next one. Only when this page offers nothing that the
    // next request would confirm (a snapshot to fetch, an account to purge): those must be done first.
    if (page.hasMore && granted.length === 0 && page.revoked.length === 0) {
      next = fetchPage(page.cursor);
      // Awaited on the next turn; a failure there is that turn's (the rejection is not left unhandled meanwhile).
      next.catch(() => undefined);
    }
    // Accounts newly readable whose earlier history this device lacks: their snapshot (their current state) comes
    // first, so the page's later changes to them find whole records; all of it before the cursor moves.
    // (`?? []`: a server from before snapshots of new grants does not send the list.)
    for (const accountId of granted) await snapshotAll(store, target, token, fetchFn, accountId, summary);
    applyRecords(store, tables, page.changes, summary);
    purgeRevoked(store, page.revoked, summary);
    cursor = page.cursor;
    repo.setCursor(target.id, cursor);
    if (!page.hasMore) break;
  }
}
