import { randomUUID } from 'node:crypto';
import { FieldbookError } from '../model';
import type { ErrorCode, SyncSummary } from '../model';
import { DEVICE_REVOKED, PROTOCOL_VERSION } from '../protocol/wire';
import type { PullResponse, PushResponse } from '../protocol/wire';
import { localSyncedTables } from '../store/localTables';
import type { Store } from '../store/store';
import { SyncStateRepo } from '../store/syncState';
import type { SyncTarget } from '../store/syncState';
import type { SecretStore } from './secrets';

const PUSH_BATCH = 500;
const PULL_PAGE = 1000;


type Fetch = typeof fetch;

/** A failure of one sync pass, in the user's words, with the protocol's code. */
export class SyncError extends FieldbookError {}

const tokenKey = (target: Pick<SyncTarget, 'id'>) => `target-${target.id}`;

async function call<T>(fetchFn: Fetch, target: SyncTarget, token: string, path: string, body?: unknown): Promise<T> {
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
  if (repo.listTargets().some((t) => t.url === url)) throw new SyncError('conflict', `This data folder is already registered with ${url}.`);
  const probe: SyncTarget = { id: 'probe', url, region: '', residencies: [], registeredFrom: options.from, ackedThrough: 0, cursor: 0, lastSyncAt: null, lastError: null };
  const health = await call<{ region: string; residencies: string[]; protocol: number }>(fetchFn, probe, options.token, '/v1/health');
  if (health.protocol !== PROTOCOL_VERSION) throw new SyncError('upgrade_required', `${url} speaks sync protocol ${health.protocol}; this Fieldbook speaks ${PROTOCOL_VERSION}.`);
  if (options.expectedRegion && health.region !== options.expectedRegion) {
    throw new SyncError('forbidden', `${url} serves region "${health.region}", but your administrator set it up for "${options.expectedRegion}". Nothing was registered.`);
  }
  // An authenticated call proves the token before anything is stored.
  await call<PullResponse>(fetchFn, probe, options.token, '/v1/pull?cursor=0&limit=1');
  // The token is stored before the target exists, so no pass ever sees a target without its token; a store
  // that refuses (the desktop app without secure storage) leaves nothing registered.
  const id = randomUUID();
  await secrets.set(tokenKey({ id }), options.token);
  try {
    return repo.addTarget({ url, region: health.region, residencies: health.residencies, registeredFrom: options.from }, id);
  } catch (error) {
    await secrets.delete(tokenKey({ id }));
    throw error;
  }
}

/**
 * One sync pass with one target: queue new local changes, push them until acknowledged, then pull every
 * page and apply it with last-writer-wins. Nothing leaves the outbox before the server acknowledges it.
 */
export async function syncTarget(store: Store, secrets: SecretStore, target: SyncTarget, fetchFn: Fetch = fetch): Promise<SyncSummary> {
  const repo = new SyncStateRepo(store);
  const summary: SyncSummary = { target: target.url, pushed: 0, rejected: 0, pulled: 0, skipped: 0, revoked: [], purged: 0, pending: 0 };
  try {
    // Inside the try: a secret store that refuses (no secure storage) is this target's error like any other.
    const token = await secrets.get(tokenKey(target));
    if (!token) throw new SyncError('unauthenticated', `No device token is stored for ${target.url}. Register this device again.`);
    repo.claim(target.id);
    for (;;) {
      const ops = repo.pendingOps(target.id, PUSH_BATCH);
      if (ops.length === 0) break;
      const res = await call<PushResponse>(fetchFn, target, token, '/v1/push', { protocol: PROTOCOL_VERSION, ops });
      // Refusals and the acknowledgement land together: a client stopped between them would otherwise
      // record a refusal twice on the retry, or lose it.
      store.write(() => {
        for (const result of res.results) {
          if (result.status === 'rejected' && result.code !== 'conflict') {
            const op = ops.find((o) => o.originSeq === result.originSeq);
            if (op) repo.recordRejection(target.id, op, result.code, result.message);
            summary.rejected += 1;
          } else if (result.status === 'applied') summary.pushed += 1;
        }
        repo.acknowledge(target.id, res.ackedThrough);
      });
      const gap = res.results.find((r) => r.status === 'rejected' && r.code === 'conflict');
      if (gap) throw new SyncError('conflict', `${target.url} is missing earlier changes of this device (it holds up to ${res.ackedThrough}).`);
    }

    const tables = localSyncedTables(store);
    let cursor = target.cursor;
    for (;;) {
      const page = await call<PullResponse>(fetchFn, target, token, `/v1/pull?cursor=${cursor}&limit=${PULL_PAGE}`);
      store.write(() => {
        for (const change of page.changes) {
          const table = tables.get(change.table);
          if (!table) {
            summary.skipped += 1;
            continue;
          }
          for (const field of Object.values(change.fields)) store.observeClock(field.hlc);
          const outcome = table.applyRemote(change.id, change.accountId, change.fields);
          // Our own changes come back too; only what changed something here counts as received.
          if (outcome === 'incomplete') summary.skipped += 1;
          else if (outcome !== 'unchanged') summary.pulled += 1;
        }
      });
      for (const accountId of page.revoked) {
        if (summary.revoked.includes(accountId)) continue;
        summary.revoked.push(accountId);
        summary.purged += repo.purgeAccount(accountId);
      }
      cursor = page.cursor;
      repo.setCursor(target.id, cursor);
      if (!page.hasMore) break;
    }
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
