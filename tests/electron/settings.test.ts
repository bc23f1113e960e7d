import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);
// electron-store is ESM-only and imports electron from node_modules, out of vi.mock's reach: test the
// wrapper through `conf`, the store electron-store extends, with electron's defaults filled in.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: Record<string, unknown>) {
        const { name, ...rest } = options;
        super({ projectName: 'fieldbook-test', configName: name as string, ...rest });
      }
    },
  };
});

import { openSettings } from '../../electron/settings';
import { DEFAULT_SETTINGS, parseSettings, validateSetting } from '../../electron/settingsSchema';

describe('settings schema', () => {
  it('defaults everything for missing or garbage input', () => {
    for (const raw of [undefined, null, 'x', 42, [], {}]) expect(parseSettings(raw)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and defaults only the invalid ones', () => {
    expect(parseSettings({ theme: 'dark', dataDir: 42, windowBounds: { width: 1200, height: 800, x: 5, y: 6 } })).toEqual({
      theme: 'dark',
      dataDir: null,
      windowBounds: { width: 1200, height: 800, x: 5, y: 6 },
      trayRecent: [],
    });
    expect(parseSettings({ theme: 'neon', windowBounds: { width: 10, height: 10 } })).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ windowBounds: { width: 1200, height: 800, evil: true } }).windowBounds).toBeNull();
  });

  it('refuses to write an invalid value', () => {
    expect(() => validateSetting('theme', 'neon')).toThrow(/theme/);
    expect(() => validateSetting('dataDir', '')).toThrow(/dataDir/);
    expect(validateSetting('theme', 'light')).toBe('light');
  });
});

describe('settings store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from the defaults and persists validated changes to disk', () => {
    const settings = openSettings({ cwd: dir });
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    settings.set('theme', 'light');
    settings.set('windowBounds', { x: 1, y: 2, width: 900, height: 600, maximized: true });
    expect(openSettings({ cwd: dir }).read()).toMatchObject({ theme: 'light', windowBounds: { width: 900, maximized: true } });
    expect(JSON.parse(readFileSync(settings.path, 'utf8'))).toMatchObject({ theme: 'light' });
    expect(() => settings.set('theme', 'neon' as 'dark')).toThrow();
  });

  it('survives a hand-edited file with bad values', () => {
    const first = openSettings({ cwd: dir });
    writeFileSync(first.path, JSON.stringify({ theme: 'neon', dataDir: '/srv/fieldbook', windowBounds: 'big' }));
    expect(openSettings({ cwd: dir }).read()).toEqual({ theme: 'system', dataDir: '/srv/fieldbook', windowBounds: null, trayRecent: [] });
  });
});
