import { FieldbookError } from '../model';
import type { Store } from '../store/store';
import { SyncStateRepo } from '../store/syncState';
import type { SyncTarget } from '../store/syncState';
import { registerTarget, syncTarget } from '../sync/engine';
import { FileSecretStore } from '../sync/secrets';
import type { SecretStore } from '../sync/secrets';
import { createBundleApi } from './bundles';
import type { BundleApi } from './bundles';
import type { AppInfo, ManagedSettings, ManagedSyncServer, SyncRejectionInfo, SyncRunSummary, SyncStatus, SyncTargetInfo } from './contract';

export const DESKTOP_SYNC_UNAVAILABLE =
  'Registering the desktop app with a sync server is not available yet: use the browser host or the CLI (fieldbook device register).';

export const DESKTOP_BUNDLES_UNAVAILABLE =
  'Bundle keys cannot be kept by the desktop app yet: use the browser host or the CLI (fieldbook bundle keys create).';

const FROM_LABELS: Record<SyncTarget['registeredFrom'], string> = {
  cli: 'the command line (fieldbook sync)',
  desktop: 'the desktop app',
  browser: 'the browser host',
};

export interface SyncApi {
  status(): SyncStatus;
  register(input: { url: string; token: string }): Promise<SyncTargetInfo>;
  run(): Promise<SyncRunSummary[]>;
  /** A local change was written: with background sync on, a pass follows shortly. */
  schedule(): void;
  stop(): void;
  /** Air-gap bundles: the same queues, carried by files. */
  bundles: BundleApi;
}

/** Background sync in the core process: after local changes (debounced), on an interval, with backoff. */
export interface BackgroundSyncOptions {
  debounceMs: number;
  intervalMs: number;
  maxBackoffMs: number;
  random?: () => number;
}

/**
 * The wait after `failures` failed passes in a row: doubling from 5 s up to `max`, with ±20 % jitter so a
 * team's devices coming back online together do not hit the server in step.
 */
export function backoffDelay(failures: number, max: number, random: () => number = Math.random): number {
  const base = Math.min(max, 5000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface SyncApiOptions {
  store: Store;
  host: AppInfo['host'];
  /** Rows changed by a pull or a purge: screens refresh. */
  changed: () => void;
  /** Overrides the secret store of the host (tests); the browser host and the CLI keep tokens in the data folder. */
  secrets?: SecretStore;
  fetchFn?: typeof fetch;
  /** Off unless given (the CLI and tests sync when told to). */
  background?: BackgroundSyncOptions;
  /** The administrator's sync servers (app.policy); when locked, registration is limited to them. */
  policy?: ManagedSettings['sync'];
}

/** Which kind of host a target registered here is recorded as; null when this host cannot hold a token. */
function fromOf(host: AppInfo['host'], secrets: SecretStore | undefined): SyncTarget['registeredFrom'] | null {
  if (host === 'browser') return 'browser';
  if (host === 'in-process') return 'cli';
  // The desktop app keeps tokens only through the main process's safeStorage bridge, never in a plain file.
  return secrets ? 'desktop' : null;
}

/** Server addresses compared as the engine stores them: no trailing slash. */
function serverKey(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The administrator's server for `url`, or a refusal when the policy locks registration to its list. */
function policyServer(policy: ManagedSettings['sync'] | undefined, url: string): ManagedSyncServer | null {
  if (!policy) return null;
  const server = policy.servers.find((s) => serverKey(s.url) === serverKey(url)) ?? null;
  if (!server && policy.locked) {
    const allowed = policy.servers.map((s) => s.url).join(', ') || 'none';
    throw new FieldbookError('forbidden', `Your administrator allows this device to sync only with: ${allowed}.`, { allowed: policy.servers.map((s) => s.url) });
  }
  return server;
}

/** The sync area of the API: status, registration and one pass over every server, per host. */
export function createSyncApi(options: SyncApiOptions): SyncApi {
  const { store, host } = options;
  const repo = new SyncStateRepo(store);
  const from = fromOf(host, options.secrets);
  let secrets: SecretStore | null = options.secrets ?? null;
  const secretStore = (): SecretStore => (secrets ??= new FileSecretStore(store.dataDir));
  const fetchFn = options.fetchFn ?? ((input, init) => fetch(input, init));
  /** One pass at a time: a second "Sync now" (another window, a double click) joins the pass under way. */
  let running: Promise<SyncRunSummary[]> | null = null;

  const requireHost = (): SyncTarget['registeredFrom'] => {
    if (from === null) throw new FieldbookError('unavailable', DESKTOP_SYNC_UNAVAILABLE);
    return from;
  };

  const targetInfo = (target: SyncTarget): SyncTargetInfo => ({
    id: target.id,
    url: target.url,
    region: target.region,
    residencies: target.residencies,
    pending: repo.pendingFor(target.id),
    lastSyncAt: target.lastSyncAt,
    lastError: target.lastError,
    registeredFrom: target.registeredFrom,
    suspended: target.suspended,
  });

  const rejectionInfo = (r: ReturnType<SyncStateRepo['rejections']>[number]): SyncRejectionInfo => {
    const name = r.fields['name']?.value;
    return {
      id: r.id,
      table: r.table,
      rowId: r.rowId,
      accountId: r.accountId,
      label: typeof name === 'string' && name !== '' ? name : null,
      code: r.code,
      message: r.message,
      at: r.at,
    };
  };

  /** Servers reached over the network; bundle targets sync by files (core/sync/bundles.ts). */
  const onlineTargets = () => repo.listTargets().filter((t) => t.kind === 'online');

  async function pass(kind: SyncTarget['registeredFrom']): Promise<SyncRunSummary[]> {
    const targets = onlineTargets();
    if (targets.length === 0) {
      throw new FieldbookError('not_found', 'This device is not registered with a sync server yet. Register it first, then sync.');
    }
    const results: SyncRunSummary[] = [];
    let failure: Error | null = null;
    let touched = false;
    for (const target of targets) {
      if (target.registeredFrom !== kind) {
        results.push({
          target: target.url,
          pushed: 0,
          rejected: 0,
          pulled: 0,
          skipped: 0,
          revoked: [],
          purged: 0,
          pending: repo.pendingFor(target.id),
          note: `Skipped: ${target.url} was registered from ${FROM_LABELS[target.registeredFrom]}; sync it from there.`,
        });
        continue;
      }
      try {
        const summary = await syncTarget(store, secretStore(), target, fetchFn);
        if (summary.pulled > 0 || summary.purged > 0 || summary.revoked.length > 0) touched = true;
        results.push({ ...summary, note: null });
      } catch (error) {
        // The other servers still get their pass; the first failure is the answer, and each target keeps its error.
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
    if (touched) options.changed();
    if (failure !== null) throw failure;
    return results;
  }

  const background = options.background ?? null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;
  const arm = (delay: number) => {
    if (!background || stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  };
  async function tick(): Promise<void> {
    timer = null;
    if (!background || from === null || !onlineTargets().some((t) => t.registeredFrom === from && t.suspended === null)) return arm(background?.intervalMs ?? 0);
    try {
      await (running ??= pass(from).finally(() => {
        running = null;
      }));
      failures = 0;
      arm(background.intervalMs);
    } catch {
      // Offline or refused: each target keeps its error for the Sync page; try again later, less often.
      failures += 1;
      arm(backoffDelay(failures, background.maxBackoffMs, background.random));
    }
  }
  if (background) arm(background.debounceMs);

  const bundleHost = (): SyncTarget['registeredFrom'] => {
    if (from === null) throw new FieldbookError('unavailable', DESKTOP_BUNDLES_UNAVAILABLE);
    return from;
  };
  const bundles = createBundleApi({ store, secrets: secretStore, host: bundleHost, unavailable: from === null ? DESKTOP_BUNDLES_UNAVAILABLE : null, changed: options.changed });

  return {
    bundles,
    schedule: () => {
      // While failing, the backoff decides: a burst of edits offline must not hammer an unreachable server.
      if (failures === 0) arm(background?.debounceMs ?? 0);
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    status: () => ({
      unsent: repo.unsentCount(),
      targets: onlineTargets().map(targetInfo),
      rejections: repo.rejections().map(rejectionInfo),
      unavailable: from === null ? DESKTOP_SYNC_UNAVAILABLE : null,
      bundleTargets: repo.listTargets().filter((t) => t.kind === 'bundle').length,
    }),

    async register({ url, token }) {
      const kind = requireHost();
      const managed = policyServer(options.policy, url);
      const target = await registerTarget(store, secretStore(), { url, token, from: kind, expectedRegion: managed?.region ?? null }, fetchFn);
      return targetInfo(target);
    },

    run() {
      const kind = requireHost();
      running ??= pass(kind).finally(() => {
        running = null;
      });
      return running;
    },
  };
}
