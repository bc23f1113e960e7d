import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirSwitch, desktopDataDir } from '../../electron/dataDir';
import { resolveDataDir } from '../../core/store/dataDir';

describe('dataDirSwitch', () => {
  it('reads --data-dir DIR and --data-dir=DIR wherever they are, the last one winning', () => {
    expect(dataDirSwitch(['/usr/bin/electron', '.', '--data-dir', '/a'])).toBe('/a');
    expect(dataDirSwitch(['/opt/Fieldbook/fieldbook', '--data-dir=/b'])).toBe('/b');
    expect(dataDirSwitch(['fieldbook', '--data-dir', '/a', '--data-dir=/c'])).toBe('/c');
    expect(dataDirSwitch(['fieldbook', '--data-dir=/with space/x'])).toBe('/with space/x');
  });

  it('gives undefined when the switch is missing, empty, lacks a value or comes after --', () => {
    expect(dataDirSwitch([])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--inspect'])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--data-dir'])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--data-dir', '--inspect'])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--data-dir='])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--data-dir', '  '])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--', '--data-dir', '/a'])).toBeUndefined();
    expect(dataDirSwitch(['electron', '.', '--data-directory=/a'])).toBeUndefined();
  });
});

describe('desktopDataDir', () => {
  const base = { stored: null, argv: ['electron', '.'], env: {}, platform: 'linux' as const, home: '/home/u' };

  it('is the folder the CLI and browser host use when nothing is set', () => {
    expect(desktopDataDir(base)).toBe('/home/u/.config/Fieldbook');
    expect(desktopDataDir(base)).toBe(resolveDataDir(undefined, {}, 'linux', '/home/u'));
    expect(desktopDataDir({ ...base, env: { XDG_CONFIG_HOME: '/cfg' } })).toBe('/cfg/Fieldbook');
    expect(desktopDataDir({ ...base, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Application Support/Fieldbook');
  });

  it('honours FIELDBOOK_DATA_DIR, a stored setting over it, and --data-dir over both', () => {
    const env = { FIELDBOOK_DATA_DIR: '/env' };
    expect(desktopDataDir({ ...base, env })).toBe('/env');
    expect(desktopDataDir({ ...base, env, stored: '/chosen' })).toBe('/chosen');
    expect(desktopDataDir({ ...base, env, argv: ['electron', '.', '--data-dir', '/switch'], stored: '/chosen' })).toBe('/switch');
  });
});

describe('package.json', () => {
  it('names the product "Fieldbook", so Electron’s own app folder is the same Fieldbook folder', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { productName?: unknown };
    expect(pkg.productName).toBe('Fieldbook');
  });
});
