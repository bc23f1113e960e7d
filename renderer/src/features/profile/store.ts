import { createStore } from 'zustand/vanilla';
import type { AppInfo } from '../../../../core/api/contract';
import type { Profile } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

export interface ProfileState {
  /** undefined until loaded; null when this device has no profile yet (first run). */
  profile: Profile | null | undefined;
  info: AppInfo | null;
  error: string | null;
  load: () => Promise<void>;
  loadInfo: () => Promise<void>;
  /** Rejects with the ApiError so the form can show field errors. */
  save: (profile: Profile) => Promise<Profile>;
}

export type ProfileStore = ReturnType<typeof createProfileStore>;

export function createProfileStore(client: ApiClient) {
  return createStore<ProfileState>()((set) => ({
    profile: undefined,
    info: null,
    error: null,
    async load() {
      try {
        const profile = await client.call('profile.get', {});
        set({ profile, error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    async loadInfo() {
      try {
        set({ info: await client.call('app.info', {}) });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },
    async save(profile) {
      const saved = await client.call('profile.save', profile);
      set({ profile: saved, error: null });
      return saved;
    },
  }));
}
