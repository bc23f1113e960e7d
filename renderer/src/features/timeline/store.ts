import { createStore } from 'zustand/vanilla';
import { TIMELINE_MAX_PAGE } from '../../../../core/model';
import type { TimelineCursorInput, TimelineItem } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

const PAGE = 50;

export interface TimelineState {
  accountId: string | null;
  /** The kind shown; null: every kind. */
  kind: string | null;
  kinds: Array<{ kind: string; label: string }>;
  entries: TimelineItem[];
  next: TimelineCursorInput | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  error: string | null;
  /** The record opened from search: the first page reaches it, and the list scrolls to it. */
  focus: string | null;
  show: (accountId: string, focus: string | null) => Promise<void>;
  setKind: (kind: string | null) => Promise<void>;
  loadMore: () => Promise<void>;
  /** After a change: the first entries again, as many as were shown (up to one full page of the API). */
  refresh: () => Promise<void>;
}

export type TimelineStore = ReturnType<typeof createTimelineStore>;

/** One account's timeline at a time; answers for another account, kind or an older request are dropped. */
export function createTimelineStore(client: ApiClient) {
  let latest = 0;
  return createStore<TimelineState>()((set, get) => {
    async function firstPage(limit: number, through: string | null): Promise<void> {
      const { accountId, kind } = get();
      if (!accountId) return;
      const mine = ++latest;
      try {
        const page = await client.call('timeline.list', {
          accountId,
          limit,
          ...(kind ? { kinds: [kind] } : {}),
          ...(through ? { through } : {}),
        });
        if (mine === latest) set({ entries: page.entries, next: page.next, kinds: page.kinds, status: 'ready', error: null, loadingMore: false });
      } catch (error) {
        if (mine === latest) set({ status: 'error', error: errorMessage(error), loadingMore: false });
      }
    }

    return {
      accountId: null,
      kind: null,
      kinds: [],
      entries: [],
      next: null,
      status: 'idle',
      loadingMore: false,
      error: null,
      focus: null,

      async show(accountId, focus) {
        const same = get().accountId === accountId;
        set({ accountId, focus, status: 'loading', error: null, ...(same ? {} : { entries: [], next: null, kind: null }) });
        await firstPage(PAGE, focus);
      },

      async setKind(kind) {
        set({ kind, focus: null, status: 'loading', entries: [], next: null });
        await firstPage(PAGE, null);
      },

      async loadMore() {
        const { accountId, kind, next, loadingMore } = get();
        if (!accountId || !next || loadingMore) return;
        const mine = ++latest;
        set({ loadingMore: true });
        try {
          const page = await client.call('timeline.list', { accountId, limit: PAGE, after: next, ...(kind ? { kinds: [kind] } : {}) });
          if (mine === latest) set({ entries: [...get().entries, ...page.entries], next: page.next, loadingMore: false });
        } catch (error) {
          if (mine === latest) set({ loadingMore: false, error: errorMessage(error) });
        }
      },

      async refresh() {
        await firstPage(Math.min(TIMELINE_MAX_PAGE, Math.max(PAGE, get().entries.length)), get().focus);
      },
    };
  });
}
