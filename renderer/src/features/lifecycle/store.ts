import { createStore } from 'zustand/vanilla';
import type { InputOf } from '../../../../core/api/contract';
import type { AccountLifecycle, HandoffItem, HandoffTemplateItem, LifecycleOverview } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';
import { Tracked, watchTables } from '../team/watch';
import type { Slot } from '../team/watch';

export interface LifecycleState {
  byAccount: Record<string, Slot<AccountLifecycle>>;
  overview: Slot<LifecycleOverview>;
  templates: HandoffTemplateItem[];
  templatesError: string | null;
  /** Keeps an account's lifecycle loaded and fresh while a screen shows it; returns the release. */
  track: (accountId: string) => () => void;
  /** The same for the Lifecycle area's overview. */
  trackOverview: () => () => void;
  /** Reloads whatever screens show now. */
  refresh: () => Promise<void>;
  loadTemplates: () => Promise<void>;
  /** Writes reject with the ApiError, so forms can show field errors. */
  move: (input: InputOf<'lifecycle.move'>) => Promise<AccountLifecycle>;
  tick: (accountId: string, id: string, done: boolean) => Promise<HandoffItem>;
  saveTemplate: (input: InputOf<'lifecycle.saveTemplate'>) => Promise<HandoffTemplateItem>;
  deleteTemplate: (id: string) => Promise<void>;
  restoreTemplate: (id: string) => Promise<void>;
}

export type LifecycleStore = ReturnType<typeof createLifecycleStore>;

const OVERVIEW = 'overview';
const LIFECYCLE_TABLES = ['lifecycle_events', 'handoff_items', 'handoff_templates', 'accounts', 'team_roles'];

export function createLifecycleStore(client: ApiClient) {
  const shown = new Tracked();
  const store = createStore<LifecycleState>()((set, get) => {
    const load = async (accountId: string) => {
      try {
        const data = await client.call('lifecycle.get', { accountId });
        set({ byAccount: { ...get().byAccount, [accountId]: { data, error: null } } });
      } catch (error) {
        set({ byAccount: { ...get().byAccount, [accountId]: { data: get().byAccount[accountId]?.data ?? null, error: errorMessage(error) } } });
      }
    };
    const loadOverview = async () => {
      try {
        set({ overview: { data: await client.call('lifecycle.overview', {}), error: null } });
      } catch (error) {
        set({ overview: { data: get().overview.data, error: errorMessage(error) } });
      }
    };
    const refreshShown = async () => {
      await Promise.all(shown.keys().map((key) => (key === OVERVIEW ? loadOverview() : load(key))));
    };
    return {
      byAccount: {},
      overview: { data: null, error: null },
      templates: [],
      templatesError: null,
      track: (accountId) => {
        void load(accountId);
        return shown.add(accountId);
      },
      trackOverview: () => {
        void loadOverview();
        return shown.add(OVERVIEW);
      },
      refresh: refreshShown,
      async loadTemplates() {
        try {
          set({ templates: await client.call('lifecycle.templates', {}), templatesError: null });
        } catch (error) {
          set({ templatesError: errorMessage(error) });
        }
      },
      async move(input) {
        const result = await client.call('lifecycle.move', input);
        set({ byAccount: { ...get().byAccount, [input.accountId]: { data: result, error: null } } });
        await refreshShown();
        return result;
      },
      async tick(accountId, id, done) {
        const item = await client.call('lifecycle.tick', { id, done });
        await Promise.all([load(accountId), refreshShown()]);
        return item;
      },
      async saveTemplate(input) {
        const item = await client.call('lifecycle.saveTemplate', input);
        await get().loadTemplates();
        return item;
      },
      async deleteTemplate(id) {
        await client.call('lifecycle.deleteTemplate', { id });
        await get().loadTemplates();
      },
      async restoreTemplate(id) {
        await client.call('lifecycle.restoreTemplate', { id });
        await get().loadTemplates();
      },
    };
  });
  // What is on screen stays fresh when another window, the CLI or a sync changes it.
  watchTables(client, LIFECYCLE_TABLES, () => {
    void store.getState().refresh();
    if (store.getState().templates.length > 0) void store.getState().loadTemplates();
  });
  return store;
}
