import { createStore } from 'zustand/vanilla';
import type { SyncRunSummary, SyncStatus, SyncTargetInfo } from '../../../../core/api/contract';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

export interface SyncState {
  /** undefined until the first answer. */
  status: SyncStatus | undefined;
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
}

export type SyncStore = ReturnType<typeof createSyncStore>;

export function createSyncStore(client: ApiClient) {
  let latest = 0;
  return createStore<SyncState>()((set, get) => ({
    status: undefined,
    loadError: null,
    running: false,
    lastRun: null,

    async load() {
      const request = ++latest;
      try {
        const status = await client.call('sync.status', {});
        if (request === latest) set({ status, loadError: null });
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
  }));
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
  if (status.targets.length === 0) {
    return status.unsent > 0 ? { tone: 'offline', text: `Offline — ${waiting} waiting` } : { tone: 'offline', text: 'Offline — on this device only' };
  }
  if (status.targets.some((t) => t.lastError)) return { tone: 'error', text: 'Sync error' };
  const last = lastSyncOf(status);
  const synced = last ? `Synced ${relativeTime(last, now)}` : 'Not synced yet';
  if (status.unsent > 0) return { tone: 'waiting', text: `${synced} — ${waiting} waiting` };
  return { tone: 'ok', text: synced };
}
