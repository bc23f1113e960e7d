/**
 * Settings persisted with electron-store (ESM-only, imports electron: used only here). Values are always
 * read and written through the pure schema in settingsSchema.ts.
 */
import ElectronStore from 'electron-store';
import { DEFAULT_SETTINGS, parseSettings, validateSetting } from './settingsSchema';
import type { Settings } from './settingsSchema';

export interface SettingsStore {
  read(): Settings;
  set<K extends keyof Settings>(key: K, value: Settings[K]): void;
  readonly path: string;
}

export interface OpenSettingsOptions {
  /** Folder of settings.json; electron-store defaults to app.getPath('userData'). */
  cwd?: string;
}

export function openSettings(options: OpenSettingsOptions = {}): SettingsStore {
  const store = new ElectronStore<Settings>({
    name: 'settings',
    defaults: DEFAULT_SETTINGS,
    clearInvalidConfig: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return {
    read: () => parseSettings(store.store),
    set: (key, value) => store.set(key, validateSetting(key, value)),
    get path() {
      return store.path;
    },
  };
}
