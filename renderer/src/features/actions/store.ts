import { createStore } from 'zustand/vanilla';
import type { ActionCreate, ActionItemView, ActionStatus } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

/** A list of action items as one screen shows it. */
export interface ActionList {
  items: ActionItemView[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

const EMPTY: ActionList = { items: [], status: 'loading', error: null };

export interface ActionsState {
  /** "My items": yours across accounts. */
  mine: ActionList;
  /** Show done and dropped items in My items too. */
  includeClosed: boolean;
  /** Each account's items, every owner, done ones included (its Action items tab). */
  byAccount: Record<string, ActionList>;
  loadMine: () => Promise<void>;
  setIncludeClosed: (includeClosed: boolean) => void;
  loadAccount: (accountId: string) => Promise<void>;
  /** Writes throw the ApiError for the caller to show; the lists on screen reload afterwards. */
  create: (input: ActionCreate) => Promise<ActionItemView>;
  setStatus: (id: string, status: ActionStatus) => Promise<ActionItemView>;
  remove: (id: string) => Promise<void>;
  restore: (id: string) => Promise<ActionItemView>;
  /** Reloads every list that was loaded: after a write here, or a change elsewhere. */
  reload: () => Promise<void>;
}

export type ActionsStore = ReturnType<typeof createActionsStore>;

export function createActionsStore(client: ApiClient) {
  const latest = new Map<string, number>();
  const begin = (key: string) => {
    const n = (latest.get(key) ?? 0) + 1;
    latest.set(key, n);
    return () => latest.get(key) === n;
  };

  return createStore<ActionsState>()((set, get) => {
    async function load(key: string, fetch: () => Promise<ActionItemView[]>, current: ActionList, write: (list: ActionList) => void) {
      const isLatest = begin(key);
      write({ ...current, status: current.status === 'ready' ? 'ready' : 'loading' });
      try {
        const items = await fetch();
        if (isLatest()) write({ items, status: 'ready', error: null });
      } catch (error) {
        if (isLatest()) write({ items: current.items, status: 'error', error: errorMessage(error) });
      }
    }

    async function afterWrite<T>(result: T): Promise<T> {
      await get().reload();
      return result;
    }

    return {
      mine: EMPTY,
      includeClosed: false,
      byAccount: {},

      loadMine: () =>
        load('mine', () => client.call('actions.list', { mine: true, includeClosed: get().includeClosed }), get().mine, (mine) => set({ mine })),
      setIncludeClosed(includeClosed) {
        set({ includeClosed });
        void get().loadMine();
      },
      loadAccount: (accountId) =>
        load(
          `account:${accountId}`,
          () => client.call('actions.list', { accountId, includeClosed: true }),
          get().byAccount[accountId] ?? EMPTY,
          (list) => set({ byAccount: { ...get().byAccount, [accountId]: list } }),
        ),

      create: async (input) => afterWrite(await client.call('actions.create', input)),
      setStatus: async (id, status) => afterWrite(await client.call('actions.setStatus', { id, status })),
      remove: async (id) => {
        await client.call('actions.delete', { id });
        await get().reload();
      },
      restore: async (id) => afterWrite(await client.call('actions.restore', { id })),

      async reload() {
        await Promise.all([
          ...(latest.has('mine') ? [get().loadMine()] : []),
          ...Object.keys(get().byAccount).map((id) => get().loadAccount(id)),
        ]);
      },
    };
  });
}
