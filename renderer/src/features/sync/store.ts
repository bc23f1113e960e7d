import { createStore } from 'zustand/vanilla';
import type { Conflict, SyncRunSummary, SyncStatus, SyncTargetInfo } from '../../../../core/api/contract';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

export interface SyncState {
  /** undefined until the first answer. */
  status: SyncStatus | undefined;
  /** Open conflicts (notes that lost a concurrent edit), newest first; undefined until the first answer. */
  conflicts: Conflict[] | undefined;
  /** Why the status could not be read. */
  loadError: string | null;
  /** A sync pass is under way. */
  running: boolean;
  /** The last pass this window started: its summaries, or its failure in the user's words. */
  lastRun: { summaries: SyncRunSummary[]; error: null } | { summaries: null; error: string } | null;
  load: () => Promise<void>;
  /** Registers; on failure the ApiError is thrown for the form to place next to its field. */
  register: (url: string, token: string) => Promise<SyncTargetInfo>;
  /** One pass over every server; never throws, the outcome is in `lastRun`. */
  run: () => Promise<void>;
  /** Puts the lost words back; throws the ApiError for the caller to report. */
  restoreConflict: (id: number) => Promise<void>;
  /** Keeps the current version and forgets the lost one; throws the ApiError for the caller to report. */
  dismissConflict: (id: number) => Promise<void>;
}

export type SyncStore = ReturnType<typeof createSyncStore>;

export function createSyncStore(client: ApiClient) {
  let latest = 0;
  const store = createStore<SyncState>()((set, get) => ({
    status: undefined,
    conflicts: undefined,
    loadError: null,
    running: false,
    lastRun: null,

    async load() {
      const request = ++latest;
      try {
        const [status, conflicts] = await Promise.all([client.call('sync.status', {}), client.call('conflicts.list', {})]);
        if (request === latest) set({ status, conflicts, loadError: null });
      } catch (error) {
        if (request === latest) set({ loadError: errorMessage(error) });
      }
    },

    async register(url, token) {
      try {
        return await client.call('sync.register', { url, token });
      } finally {
        await get().load();
      }
    },

    async run() {
      if (get().running) return;
      set({ running: true });
      try {
        const summaries = await client.call('sync.run', {});
        set({ lastRun: { summaries, error: null } });
      } catch (error) {
        set({ lastRun: { summaries: null, error: errorMessage(error) } });
      } finally {
        set({ running: false });
        await get().load();
      }
    },

    async restoreConflict(id) {
      await resolve(id, () => client.call('conflicts.restore', { id }));
    },

    async dismissConflict(id) {
      await resolve(id, () => client.call('conflicts.dismiss', { id }));
    },
  }));

  /** Runs one resolution; the item leaves the list at once, and the list is re-read either way. */
  async function resolve(id: number, call: () => Promise<{ id: number }>): Promise<void> {
    try {
      await call();
      // A load started before the answer may still bring the item back: it is superseded by the one below.
      latest++;
      const conflicts = store.getState().conflicts;
      if (conflicts) store.setState({ conflicts: conflicts.filter((c) => c.id !== id) });
    } finally {
      await store.getState().load();
    }
  }
  return store;
}

const MINUTE = 60_000;

/** "just now", "2 min ago", "3 h ago", "4 days ago": short, for a status line. */
export function relativeTime(iso: string, now: number): string {
  const ms = Math.max(0, now - new Date(iso).getTime());
  if (ms < MINUTE) return 'just now';
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The newest successful sync over all targets. */
export function lastSyncOf(status: SyncStatus): string | null {
  return status.targets.reduce<string | null>((newest, t) => (t.lastSyncAt && (!newest || t.lastSyncAt > newest) ? t.lastSyncAt : newest), null);
}

export type IndicatorTone = 'offline' | 'ok' | 'waiting' | 'error';

/** The one-line sync state for the sidebar. */
export function indicatorOf(status: SyncStatus, now: number): { tone: IndicatorTone; text: string } {
  const waiting = plural(status.unsent, 'change', 'changes');
  if (status.targets.length === 0 && status.bundleTargets > 0) {
    // Air-gapped: changes travel by bundle files, so "on this device only" would not be true.
    return status.unsent > 0 ? { tone: 'waiting', text: `Bundles — ${waiting} waiting` } : { tone: 'ok', text: 'Bundles — nothing waiting' };
  }
  if (status.targets.length === 0) {
    return status.unsent > 0 ? { tone: 'offline', text: `Offline — ${waiting} waiting` } : { tone: 'offline', text: 'Offline — on this device only' };
  }
  if (status.targets.some((t) => t.lastError)) return { tone: 'error', text: 'Sync error' };
  const last = lastSyncOf(status);
  const synced = last ? `Synced ${relativeTime(last, now)}` : 'Not synced yet';
  if (status.unsent > 0) return { tone: 'waiting', text: `${synced} — ${waiting} waiting` };
  return { tone: 'ok', text: synced };
}
