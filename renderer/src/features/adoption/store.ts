import { createStore } from 'zustand/vanilla';
import type { InputOf } from '../../../../core/api/contract';
import type { AccountAdoption, AdoptionEntry, AdoptionPortfolio, Capability } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';
import { Tracked, watchTables } from '../team/watch';
import type { Slot } from '../team/watch';

export interface AdoptionState {
  byAccount: Record<string, Slot<AccountAdoption>>;
  portfolio: Slot<AdoptionPortfolio>;
  capabilities: Capability[];
  capabilitiesError: string | null;
  /** Keeps an account's adoption loaded and fresh while a screen shows it; returns the release. */
  track: (accountId: string) => () => void;
  /** The same for the Adoption area's heat map. */
  trackPortfolio: () => () => void;
  refresh: () => Promise<void>;
  loadCapabilities: () => Promise<void>;
  /** Writes reject with the ApiError, so forms can show field errors. */
  set: (input: InputOf<'adoption.set'>) => Promise<AdoptionEntry>;
  saveCapability: (input: InputOf<'adoption.saveCapability'>) => Promise<Capability>;
  deleteCapability: (code: string) => Promise<void>;
  restoreCapability: (code: string) => Promise<void>;
}

export type AdoptionStore = ReturnType<typeof createAdoptionStore>;

const PORTFOLIO = 'portfolio';
const ADOPTION_TABLES = ['adoption', 'adoption_notes', 'capabilities', 'accounts'];

export function createAdoptionStore(client: ApiClient) {
  const shown = new Tracked();
  const store = createStore<AdoptionState>()((set, get) => {
    const load = async (accountId: string) => {
      try {
        const data = await client.call('adoption.get', { accountId });
        set({ byAccount: { ...get().byAccount, [accountId]: { data, error: null } } });
      } catch (error) {
        set({ byAccount: { ...get().byAccount, [accountId]: { data: get().byAccount[accountId]?.data ?? null, error: errorMessage(error) } } });
      }
    };
    const loadPortfolio = async () => {
      try {
        set({ portfolio: { data: await client.call('adoption.portfolio', {}), error: null } });
      } catch (error) {
        set({ portfolio: { data: get().portfolio.data, error: errorMessage(error) } });
      }
    };
    const refresh = async () => {
      await Promise.all(shown.keys().map((key) => (key === PORTFOLIO ? loadPortfolio() : load(key))));
    };
    return {
      byAccount: {},
      portfolio: { data: null, error: null },
      capabilities: [],
      capabilitiesError: null,
      track: (accountId) => {
        void load(accountId);
        return shown.add(accountId);
      },
      trackPortfolio: () => {
        void loadPortfolio();
        return shown.add(PORTFOLIO);
      },
      refresh,
      async loadCapabilities() {
        try {
          set({ capabilities: await client.call('adoption.capabilities', {}), capabilitiesError: null });
        } catch (error) {
          set({ capabilitiesError: errorMessage(error) });
        }
      },
      async set(input) {
        const entry = await client.call('adoption.set', input);
        await Promise.all([load(input.accountId), refresh()]);
        return entry;
      },
      async saveCapability(input) {
        const capability = await client.call('adoption.saveCapability', input);
        await Promise.all([get().loadCapabilities(), refresh()]);
        return capability;
      },
      async deleteCapability(code) {
        await client.call('adoption.deleteCapability', { code });
        await Promise.all([get().loadCapabilities(), refresh()]);
      },
      async restoreCapability(code) {
        await client.call('adoption.restoreCapability', { code });
        await Promise.all([get().loadCapabilities(), refresh()]);
      },
    };
  });
  // What is on screen stays fresh when another window, the CLI or a sync changes it.
  watchTables(client, ADOPTION_TABLES, () => {
    void store.getState().refresh();
    if (store.getState().capabilities.length > 0) void store.getState().loadCapabilities();
  });
  return store;
}
