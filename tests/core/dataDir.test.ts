import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../core/store/dataDir';

describe('resolveDataDir', () => {
  it('prefers --data-dir, then FIELDBOOK_DATA_DIR, then the desktop folder per platform', () => {
    expect(resolveDataDir('/x', { FIELDBOOK_DATA_DIR: '/y' }, 'linux', '/home/u')).toBe('/x');
    expect(resolveDataDir(undefined, { FIELDBOOK_DATA_DIR: '/y' }, 'linux', '/home/u')).toBe('/y');
    expect(resolveDataDir(undefined, {}, 'linux', '/home/u')).toBe('/home/u/.config/Fieldbook');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/Fieldbook');
    expect(resolveDataDir(undefined, {}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Fieldbook');
    expect(resolveDataDir(undefined, { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toMatch(/Roaming.Fieldbook$/);
  });
});
