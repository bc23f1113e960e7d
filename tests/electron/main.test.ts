const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);
// electron-store is exercised in settings.test.ts; here an in-memory store stands in.
const settingsState = vi.hoisted(() => ({
  written: [] as Array<[string, unknown]>,
  stored: null as null | { windowBounds: WindowBounds | null; theme: 'system' | 'light' | 'dark'; dataDir: string | null },
}));
// The rotating log is tested on real files in logFile.test.ts; here it must not write under the fake data folders.
const logState = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('../../electron/logFile', () => ({
  LOG_DIR: 'logs',
  RotatingLog: class {
    write(level: string, source: string, message: string): void {
      logState.lines.push(`${level} ${source}: ${message}`);
    }
    tail(count: number): string[] {
      return logState.lines.slice(-count);
    }
    file(): string {
      return '/data/fieldbook/logs/fieldbook.log';
    }
  },
}));
vi.mock('../../electron/settings', () => ({
  openSettings: () => ({
    read: () => ({ trayRecent: [], ...(settingsState.stored ?? { windowBounds: null, theme: 'dark', dataDir: '/data/fieldbook' }) }),
    set: (key: string, value: unknown) => settingsState.written.push([key, value]),
    path: '/tmp/settings.json',
  }),
}));
// A fake home folder, whatever machine runs the tests.
vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof Os>();
  const homedir = (): string => '/home/fake';
  return { ...os, homedir, default: { ...os, homedir } };
});

import type * as Os from 'node:os';
import type { WindowBounds } from '../../electron/settingsSchema';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PORT_CHANNEL } from '../../core/api/contract';
import { PORT_REQUEST_CHANNEL } from '../../electron/channels';
import { FakeSession, FakeWebContents } from './electronMock';

const ownPage = pathToFileURL(join('/opt/fieldbook', 'dist', 'renderer', 'index.html')).href;

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../electron/main');
  // Let whenReady().then(onReady) run.
  await new Promise((resolve) => setImmediate(resolve));
}

const policyDir = mkdtempSync(join(tmpdir(), 'fieldbook-main-policy-'));
const emptyPolicy = join(policyDir, 'policy.json');
writeFileSync(emptyPolicy, '{ "version": 1 }');
afterAll(() => rmSync(policyDir, { recursive: true, force: true }));

const realArgv = process.argv;
const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform');

beforeEach(() => {
  electron.reset();
  settingsState.written.length = 0;
  settingsState.stored = null;
  logState.lines.length = 0;
  // A policy that manages nothing, so whatever the machine has in /etc/fieldbook never matters.
  vi.stubEnv('FIELDBOOK_POLICY_FILE', emptyPolicy);
});

afterEach(() => {
  process.argv = realArgv;
  if (realPlatform) Object.defineProperty(process, 'platform', realPlatform);
  vi.unstubAllEnvs();
});

/** The data folder the core was started with. */
function coreDataDir(): unknown {
  const child = electron.processes[0];
  if (!child) throw new Error('the core was not started');
  child.emit('spawn');
  const init = child.postMessage.mock.calls.find(([message]) => (message as { kind?: string }).kind === 'init');
  return (init?.[0] as { dataDir?: unknown } | undefined)?.dataDir;
}

describe('main process', () => {
  it('quits at once, touching nothing else, when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await startMain();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });

  it('enables the sandbox, starts the core with the data folder, opens one window and installs the menu', async () => {
    await startMain();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(join('/opt/fieldbook', 'dist', 'electron', 'core.cjs'), [], {
      serviceName: 'Fieldbook core',
      stdio: 'pipe',
    });
    electron.processes[0]?.emit('spawn');
    // No Electron-ABI build exists at /opt/fieldbook: the core is told so (it then reports a clear error).
    expect(electron.processes[0]?.postMessage).toHaveBeenCalledWith({
      kind: 'init',
      dataDir: '/data/fieldbook',
      nativeBinding: null,
      policy: { source: emptyPolicy, sync: null, timer: null, updates: null },
      secrets: true,
    });
    expect(electron.windows).toHaveLength(1);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    expect(electron.nativeTheme.themeSource).toBe('dark');
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startMain();
    const window = electron.windows[0];
    if (!window) throw new Error('no window');
    window.minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('guards every web contents created anywhere: no new windows, no navigation, no webviews', async () => {
    await startMain();
    const stray = new FakeWebContents(new FakeSession());
    electron.app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigation = { url: 'https://evil.example/', preventDefault: vi.fn() };
    stray.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    stray.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('hands a core port only to a trusted sender', async () => {
    await startMain();
    electron.processes[0]?.emit('spawn');
    const contents = new FakeWebContents(new FakeSession());
    const frame = { url: ownPage, parent: null };
    contents.mainFrame = frame;

    const evil = { url: 'https://evil.example/', parent: null };
    electron.ipcMain.emit(PORT_REQUEST_CHANNEL, { sender: { ...contents, mainFrame: evil }, senderFrame: evil });
    const sub = { url: ownPage, parent: frame };
    electron.ipcMain.emit(PORT_REQUEST_CHANNEL, { sender: contents, senderFrame: sub });
    electron.ipcMain.emit(PORT_REQUEST_CHANNEL, { sender: contents, senderFrame: null });
    expect(contents.postMessage).not.toHaveBeenCalled();

    electron.ipcMain.emit(PORT_REQUEST_CHANNEL, { sender: contents, senderFrame: frame });
    expect(contents.postMessage).toHaveBeenCalledTimes(1);
    expect(contents.postMessage.mock.calls[0]?.[0]).toBe(PORT_CHANNEL);
  });

  it('quits when all windows closed (not on macOS) and stops the core before the process ends', async () => {
    await startMain();
    const child = electron.processes[0];
    child?.emit('spawn');
    electron.app.emit('window-all-closed');
    if (process.platform !== 'darwin') expect(electron.app.quit).toHaveBeenCalledTimes(1);

    const willQuit = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', willQuit);
    expect(willQuit.preventDefault).toHaveBeenCalled();
    expect(child?.postMessage).toHaveBeenLastCalledWith({ kind: 'shutdown' });
    electron.app.quit.mockClear();
    child?.emit('exit', 0);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    // The second will-quit goes through.
    const again = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });

  it('saves the window bounds when the window closes', async () => {
    await startMain();
    electron.windows[0]?.emit('close', {});
    expect(settingsState.written).toEqual([['windowBounds', { x: 10, y: 20, width: 1000, height: 700, maximized: false }]]);
  });
});

describe('the data folder', () => {
  /** A Linux machine with home /home/fake, started as `electron . <args>`, with no stored folder. */
  function onLinux(args: string[] = []): void {
    Object.defineProperty(process, 'platform', { value: 'linux', configurable: true, enumerable: true });
    process.argv = ['/usr/bin/electron', '.', ...args];
    vi.stubEnv('FIELDBOOK_DATA_DIR', undefined);
    vi.stubEnv('XDG_CONFIG_HOME', undefined);
    settingsState.stored = { windowBounds: null, theme: 'system', dataDir: null };
  }

  it('is the folder the CLI and browser host use (~/.config/Fieldbook) when nothing is set', async () => {
    onLinux();
    await startMain();
    expect(coreDataDir()).toBe('/home/fake/.config/Fieldbook');
  });

  it('follows XDG_CONFIG_HOME', async () => {
    onLinux();
    vi.stubEnv('XDG_CONFIG_HOME', '/home/fake/.xdg');
    await startMain();
    expect(coreDataDir()).toBe('/home/fake/.xdg/Fieldbook');
  });

  it('honours FIELDBOOK_DATA_DIR', async () => {
    onLinux();
    vi.stubEnv('FIELDBOOK_DATA_DIR', '/srv/from-env');
    await startMain();
    expect(coreDataDir()).toBe('/srv/from-env');
  });

  it('honours a --data-dir switch, before FIELDBOOK_DATA_DIR', async () => {
    onLinux(['--data-dir', '/srv/from-switch']);
    vi.stubEnv('FIELDBOOK_DATA_DIR', '/srv/from-env');
    await startMain();
    expect(coreDataDir()).toBe('/srv/from-switch');
  });

  it('uses a folder stored in the settings over the environment, and --data-dir over both', async () => {
    onLinux([]);
    vi.stubEnv('FIELDBOOK_DATA_DIR', '/srv/from-env');
    settingsState.stored = { windowBounds: null, theme: 'system', dataDir: '/chosen/by/user' };
    await startMain();
    expect(coreDataDir()).toBe('/chosen/by/user');
  });

  it('lets --data-dir at launch win over a stored folder', async () => {
    onLinux(['--data-dir=/srv/from-switch']);
    settingsState.stored = { windowBounds: null, theme: 'system', dataDir: '/chosen/by/user' };
    await startMain();
    expect(coreDataDir()).toBe('/srv/from-switch');
  });
});

describe('restoring the window', () => {
  function withBounds(windowBounds: WindowBounds): void {
    settingsState.stored = { windowBounds, theme: 'system', dataDir: '/data/fieldbook' };
  }
  function openedWith(): Record<string, unknown> {
    const window = electron.windows[0];
    if (!window) throw new Error('no window');
    return window.options;
  }

  it('reopens where it was when that place is on a connected display', async () => {
    withBounds({ x: 200, y: 100, width: 1000, height: 700 });
    await startMain();
    expect(openedWith()).toMatchObject({ x: 200, y: 100, width: 1000, height: 700 });
  });

  it('reopens on the primary display, sized to fit, when its monitor is gone', async () => {
    // Saved on a 2560×1400 monitor right of the primary, which is no longer connected.
    withBounds({ x: 2100, y: 50, width: 2400, height: 1300, maximized: true });
    await startMain();
    const options = openedWith();
    expect(options).not.toHaveProperty('x');
    expect(options).not.toHaveProperty('y');
    expect(options).toMatchObject({ width: 1920, height: 1040 });
    expect(electron.windows[0]?.maximize).toHaveBeenCalled();
  });

  it('keeps the position on a second monitor that is still connected', async () => {
    electron.displays.push({ id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } });
    withBounds({ x: 2100, y: 50, width: 2400, height: 1300 });
    await startMain();
    expect(openedWith()).toMatchObject({ x: 2100, y: 50, width: 2400, height: 1300 });
  });
});
