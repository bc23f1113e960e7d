import { createStore } from 'zustand/vanilla';
import type { InputOf } from '../../../../core/api/contract';
import type { AccountTeam, Contact, DirectoryPerson, Person, Rotation, TeamMember } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';
import { Tracked, watchTables } from './watch';
import type { Slot } from './watch';

export interface TeamState {
  byAccount: Record<string, Slot<AccountTeam>>;
  directory: DirectoryPerson[];
  directoryError: string | null;
  load: (accountId: string) => Promise<void>;
  /** Keeps an account's team loaded and fresh while a screen shows it; returns the release. */
  track: (accountId: string) => () => void;
  loadDirectory: () => Promise<void>;
  /** Writes reject with the ApiError, so forms can show field errors; on success the account's team reloads. */
  addMember: (input: InputOf<'team.add'>) => Promise<TeamMember>;
  removeMember: (id: string, accountId: string) => Promise<void>;
  restoreMember: (id: string, accountId: string) => Promise<void>;
  createContact: (input: InputOf<'contacts.create'>) => Promise<Contact>;
  updateContact: (accountId: string, input: InputOf<'contacts.update'>) => Promise<Contact>;
  deleteContact: (id: string, accountId: string) => Promise<void>;
  restoreContact: (id: string, accountId: string) => Promise<void>;
  saveRotation: (input: InputOf<'rotation.save'>) => Promise<Rotation>;
  deleteRotation: (accountId: string) => Promise<void>;
  savePerson: (input: InputOf<'people.save'>) => Promise<Person>;
  deletePerson: (id: string) => Promise<void>;
  restorePerson: (id: string) => Promise<void>;
}

export type TeamStore = ReturnType<typeof createTeamStore>;

const TEAM_TABLES = ['team_roles', 'contacts', 'on_call_rotations', 'people', 'accounts', 'catalog_entries'];

export function createTeamStore(client: ApiClient) {
  const shown = new Tracked();
  const store = createStore<TeamState>()((set, get) => {
    const loadTeam = async (accountId: string) => {
      try {
        const data = await client.call('team.get', { accountId });
        set({ byAccount: { ...get().byAccount, [accountId]: { data, error: null } } });
      } catch (error) {
        set({ byAccount: { ...get().byAccount, [accountId]: { data: get().byAccount[accountId]?.data ?? null, error: errorMessage(error) } } });
      }
    };
    /** A write, then a reload of what it changed. */
    const write = async <T>(accountId: string | null, run: () => Promise<T>): Promise<T> => {
      const result = await run();
      await Promise.all([accountId === null ? Promise.resolve() : loadTeam(accountId), get().loadDirectory()]);
      return result;
    };
    return {
      byAccount: {},
      directory: [],
      directoryError: null,
      load: loadTeam,
      track: (accountId) => {
        void loadTeam(accountId);
        return shown.add(accountId);
      },
      async loadDirectory() {
        try {
          set({ directory: await client.call('people.list', {}), directoryError: null });
        } catch (error) {
          set({ directoryError: errorMessage(error) });
        }
      },
      addMember: (input) => write(input.accountId, () => client.call('team.add', input)),
      removeMember: async (id, accountId) => {
        await write(accountId, () => client.call('team.remove', { id }));
      },
      restoreMember: async (id, accountId) => {
        await write(accountId, () => client.call('team.restore', { id }));
      },
      createContact: (input) => write(input.accountId, () => client.call('contacts.create', input)),
      updateContact: (accountId, input) => write(accountId, () => client.call('contacts.update', input)),
      deleteContact: async (id, accountId) => {
        await write(accountId, () => client.call('contacts.delete', { id }));
      },
      restoreContact: async (id, accountId) => {
        await write(accountId, () => client.call('contacts.restore', { id }));
      },
      saveRotation: (input) => write(input.accountId, () => client.call('rotation.save', input)),
      deleteRotation: async (accountId) => {
        await write(accountId, () => client.call('rotation.delete', { accountId }));
      },
      savePerson: (input) => write(null, () => client.call('people.save', input)),
      deletePerson: async (id) => {
        await write(null, () => client.call('people.delete', { id }));
      },
      restorePerson: async (id) => {
        await write(null, () => client.call('people.restore', { id }));
      },
    };
  });
  // What is on screen stays fresh when another window, the CLI or a sync changes it.
  watchTables(client, TEAM_TABLES, () => {
    const { loadDirectory, load } = store.getState();
    void loadDirectory();
    for (const accountId of shown.keys()) void load(accountId);
  });
  return store;
}
