import { createStore } from 'zustand/vanilla';
import type { Account, AccountCreate, AccountFields, AccountSortKey, Health, LifecycleStage } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

export interface AccountsQuery {
  search: string;
  tier: string | null;
  stage: LifecycleStage | null;
  health: Health | null;
  sort: AccountSortKey;
  direction: 'asc' | 'desc';
}

/** The list (with the selected account's details beside it), the create/edit form, or one account's page on a tab. */
export type AccountsView =
  | { kind: 'list' }
  | { kind: 'new' }
  | { kind: 'edit'; id: string }
  /**
   * `focus`: a record the tab scrolls to and focuses, when the tab supports it (a jump from search). `jump` numbers
   * the jumps, so a second jump to the same record brings it back even after the person moved away within the tab.
   */
  | { kind: 'page'; id: string; tab: string; focus?: string; jump?: number };

export interface AccountsState {
  query: AccountsQuery;
  accounts: Account[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  view: AccountsView;
  /** The account whose details show beside the list. */
  selectedId: string | null;
  setSearch: (search: string) => void;
  setFilter: <K extends 'tier' | 'stage' | 'health'>(key: K, value: AccountsQuery[K]) => void;
  /** Same key flips the direction; a new key starts ascending. */
  toggleSort: (key: AccountSortKey) => void;
  clearFilters: () => void;
  refresh: () => Promise<void>;
  show: (view: AccountsView) => void;
  select: (id: string | null) => void;
  create: (input: AccountCreate) => Promise<Account>;
  update: (id: string, patch: Partial<AccountFields>) => Promise<Account>;
  remove: (id: string) => Promise<void>;
  restore: (id: string) => Promise<Account>;
  /**
   * Whether one of this window's own writes is waiting for its answer. The core's data.changed event for it arrives
   * before the answer, and the write refreshes the list itself afterwards, so that event needs no second refresh.
   */
  writing: () => boolean;
}

export type AccountsStore = ReturnType<typeof createAccountsStore>;

export const DEFAULT_QUERY: AccountsQuery = {
  search: '',
  tier: null,
  stage: null,
  health: null,
  sort: 'name',
  direction: 'asc',
};

const SEARCH_DEBOUNCE_MS = 150;
/** Accounts fetched first when the list opens: more than any screen shows. */
export const FIRST_PAGE = 100;

export function createAccountsStore(client: ApiClient) {
  // Responses can arrive out of order (typing fast); only the newest request may write the list.
  let latest = 0;
  let searchTimer: ReturnType<typeof setTimeout> | null = null;
  let ownWrites = 0;

  return createStore<AccountsState>()((set, get) => {
    /** A write, then one refresh. Only the call itself counts as "own": changes seen after it still refresh. */
    async function write<T>(run: () => Promise<T>): Promise<T> {
      ownWrites += 1;
      let result: T;
      try {
        result = await run();
      } finally {
        ownWrites -= 1;
      }
      await get().refresh();
      return result;
    }

    return {
      query: DEFAULT_QUERY,
      accounts: [],
      status: 'idle',
      error: null,
      view: { kind: 'list' },
      selectedId: null,

      setSearch(search) {
        set({ query: { ...get().query, search } });
        if (searchTimer) clearTimeout(searchTimer);
        searchTimer = setTimeout(() => {
          searchTimer = null;
          void get().refresh();
        }, SEARCH_DEBOUNCE_MS);
      },
      setFilter(key, value) {
        set({ query: { ...get().query, [key]: value } });
        void get().refresh();
      },
      toggleSort(key) {
        const { query } = get();
        const direction = query.sort === key && query.direction === 'asc' ? 'desc' : 'asc';
        set({ query: { ...query, sort: key, direction } });
        void get().refresh();
      },

      clearFilters() {
        const { sort, direction } = get().query;
        set({ query: { ...DEFAULT_QUERY, sort, direction } });
        void get().refresh();
      },

      async refresh() {
        const request = ++latest;
        const { query } = get();
        const firstLoad = get().status !== 'ready' && get().accounts.length === 0;
        set({ status: get().status === 'ready' ? 'ready' : 'loading' });
        const list = {
          ...(query.search.trim() ? { search: query.search.trim() } : {}),
          ...(query.tier ? { tier: query.tier } : {}),
          ...(query.stage ? { stage: query.stage } : {}),
          ...(query.health ? { health: query.health } : {}),
          sort: query.sort,
          direction: query.direction,
        };
        try {
          if (firstLoad) {
            // The first screenful paints before the whole list (10,000 accounts are 2.7 MB) has arrived; the list
            // says how many only once it has them all. Later refreshes keep the list shown until the new one is in.
            const first = await client.call('accounts.list', { ...list, limit: FIRST_PAGE });
            if (request !== latest) return;
            if (first.length < FIRST_PAGE) {
              set({ accounts: first, status: 'ready', error: null });
              return;
            }
            set({ accounts: first });
          }
          const accounts = await client.call('accounts.list', list);
          if (request === latest) set({ accounts, status: 'ready', error: null });
        } catch (error) {
          if (request === latest) set({ status: 'error', error: errorMessage(error) });
        }
      },

      show(view) {
        set({ view });
      },
      select(selectedId) {
        set({ selectedId });
      },

      writing: () => ownWrites > 0,
      create: (input) => write(() => client.call('accounts.create', input)),
      update: (id, patch) => write(() => client.call('accounts.update', { id, patch })),
      remove: (id) =>
        write(async () => {
          await client.call('accounts.delete', { id });
          if (get().selectedId === id) set({ selectedId: null });
        }),
      restore: (id) => write(() => client.call('accounts.restore', { id })),
    };
  });
}
