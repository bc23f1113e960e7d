import { createStore } from 'zustand/vanilla';
import type { ContractOverview, Engagement, IncidentStats, IncidentView, SupportContract, TierTerms } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage, isEvent } from '../../api/client';
import { todayLocal } from './format';

/** The tables whose changes this store follows ('*': a sync pass or another process changed anything). */
const TABLES = ['tier_terms', 'contracts', 'incidents', 'engagements', 'accounts', 'catalog_entries', '*'];
const REFRESH_DELAY_MS = 100;

/** One account's contracts, incidents and engagements, as its page shows them. */
export interface AccountSla {
  contracts: SupportContract[];
  overview: ContractOverview | null;
  incidents: IncidentView[];
  stats: IncidentStats | null;
  engagements: Engagement[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

export interface SlaState {
  tiers: TierTerms[];
  tiersStatus: 'idle' | 'loading' | 'ready' | 'error';
  tiersError: string | null;
  accounts: Record<string, AccountSla>;
  loadTiers: () => Promise<void>;
  /** Keeps an account's records loaded and fresh while something shows them; returns the way to stop. */
  watch: (accountId: string) => () => void;
  refreshAccount: (accountId: string) => Promise<void>;
  /** A write, then the account's records (or, with null, the tiers) again, so the screen shows the result when the promise settles. */
  run: <T>(accountId: string | null, write: () => Promise<T>) => Promise<T>;
}

export type SlaStore = ReturnType<typeof createSlaStore>;

const EMPTY: AccountSla = { contracts: [], overview: null, incidents: [], stats: null, engagements: [], status: 'loading', error: null };

export function emptyAccountSla(): AccountSla {
  return EMPTY;
}

export function createSlaStore(client: ApiClient) {
  const watchers = new Map<string, number>();
  const latest = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<SlaState>()((set, get) => ({
    tiers: [],
    tiersStatus: 'idle',
    tiersError: null,
    accounts: {},

    async loadTiers() {
      set({ tiersStatus: get().tiersStatus === 'ready' ? 'ready' : 'loading' });
      try {
        set({ tiers: await client.call('tiers.list', {}), tiersStatus: 'ready', tiersError: null });
      } catch (error) {
        set({ tiersStatus: 'error', tiersError: errorMessage(error) });
      }
    },

    watch(accountId) {
      watchers.set(accountId, (watchers.get(accountId) ?? 0) + 1);
      if (watchers.get(accountId) === 1) void get().refreshAccount(accountId);
      if (get().tiersStatus === 'idle') void get().loadTiers();
      return () => {
        const left = (watchers.get(accountId) ?? 1) - 1;
        if (left > 0) watchers.set(accountId, left);
        else watchers.delete(accountId);
      };
    },

    async refreshAccount(accountId) {
      // Answers can arrive out of order; only the newest refresh of an account may write it.
      const request = (latest.get(accountId) ?? 0) + 1;
      latest.set(accountId, request);
      try {
        const [contracts, overview, incidents, stats, engagements] = await Promise.all([
          client.call('contracts.list', { accountId }),
          client.call('contracts.overview', { accountId, on: todayLocal() }),
          client.call('incidents.list', { accountId }),
          client.call('incidents.stats', { accountId }),
          client.call('engagements.list', { accountId }),
        ]);
        if (latest.get(accountId) !== request) return;
        set({ accounts: { ...get().accounts, [accountId]: { contracts, overview, incidents, stats, engagements, status: 'ready', error: null } } });
      } catch (error) {
        if (latest.get(accountId) !== request) return;
        const previous = get().accounts[accountId] ?? EMPTY;
        set({ accounts: { ...get().accounts, [accountId]: { ...previous, status: 'error', error: errorMessage(error) } } });
      }
    },

    async run(accountId, write) {
      const result = await write();
      await (accountId ? get().refreshAccount(accountId) : get().loadTiers());
      return result;
    },
  }));

  // Changes made here, by a sync pass or by the CLI refresh what is on screen, once per burst.
  client.onEvent((frame) => {
    if (!isEvent(frame, 'data.changed') || !frame.payload.tables.some((t) => TABLES.includes(t))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (store.getState().tiersStatus !== 'idle') void store.getState().loadTiers();
      for (const accountId of watchers.keys()) void store.getState().refreshAccount(accountId);
    }, REFRESH_DELAY_MS);
  });

  return store;
}
