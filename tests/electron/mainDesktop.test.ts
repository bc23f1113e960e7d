/**
 * The desktop wiring of the main process, with `electron` mocked: the administrator's policy, the secret
 * vault behind the core, the main process's own link to the core (tray, idle, recovery, diagnostics), the
 * notices the renderer gets, a second launch, and the update gate.
 */
const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);
const settingsState = vi.hoisted(() => ({ dataDir: '', written: [] as Array<[string, unknown]> }));
vi.mock('../../electron/settings', () => ({
  openSettings: () => ({
    read: () => ({ windowBounds: null, theme: 'system', dataDir: settingsState.dataDir, trayRecent: [] }),
    set: (key: string, value: unknown) => settingsState.written.push([key, value]),
    path: '/tmp/settings.json',
  }),
}));
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
      return '/logs/fieldbook.log';
    }
  },
}));
const updaterState = vi.hoisted(() => ({ imported: false, updater: null as null | object }));
vi.mock('electron-updater', async () => {
  const { EventEmitter } = await import('node:events');
  updaterState.imported = true;
  const autoUpdater = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    updateConfigPath: null,
    logger: null,
    checkForUpdates: vi.fn(() => Promise.resolve(null)),
  });
  updaterState.updater = autoUpdater;
  return { autoUpdater };
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMAND_CHANNEL, APP_EVENT_CHANNEL } from '../../electron/channels';
import { TIMER_METHODS } from '../../electron/coreMethods';
import type { FakeMessagePortMain, FakeUtilityProcess } from './electronMock';

let dir: string;
const realPlatform = Object.getOwnPropertyDescriptor(process, 'platform');

beforeEach(() => {
  electron.reset();
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-main-'));
  settingsState.dataDir = join(dir, 'data');
  settingsState.written.length = 0;
  logState.lines.length = 0;
  updaterState.imported = false;
  updaterState.updater = null;
  // The tests run as Linux (tray icon, keyring rules) whatever the machine.
  Object.defineProperty(process, 'platform', { value: 'linux', configurable: true, enumerable: true });
  // A policy file that manages nothing, so the machine's own /etc/fieldbook never matters.
  vi.stubEnv('FIELDBOOK_POLICY_FILE', writePolicy({ version: 1 }));
});
afterEach(() => {
  electron.app.emit('will-quit', { preventDefault: () => {} });
  if (realPlatform) Object.defineProperty(process, 'platform', realPlatform);
  vi.unstubAllEnvs();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function writePolicy(content: unknown): string {
  const path = join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../electron/main');
  await new Promise((resolve) => setImmediate(resolve));
}

function child(index = 0): FakeUtilityProcess {
  const found = electron.processes[index];
  if (!found) throw new Error(`no utility process #${index}`);
  return found;
}

/**
 * Spawns core #index and plays it on the port the main process got: requests are answered from `answers`
 * (unknown methods get `invalid`, as the dispatcher answers). Returns the core's end to push events on.
 */
function playCore(index: number, answers: Record<string, unknown> = {}): FakeMessagePortMain {
  const core = child(index);
  core.emit('spawn');
  const connect = core.postMessage.mock.calls.find(([message, ports]) => (message as { kind?: string }).kind === 'connect' && Array.isArray(ports));
  const port = (connect?.[1] as FakeMessagePortMain[] | undefined)?.[0];
  if (!port) throw new Error('the main process got no port to the core');
  port.on('message', ({ data }: { data: { kind: string; id: number; method: string } }) => {
    if (data.kind !== 'request') return;
    const result = Object.hasOwn(answers, data.method) ? { ok: true, data: answers[data.method] } : { ok: false, error: { code: 'invalid', message: `Unknown method ${data.method}.` } };
    port.postMessage({ kind: 'response', id: data.id, result });
  });
  return port;
}

function window() {
  const found = electron.windows[0];
  if (!found) throw new Error('no window');
  return found;
}

/** What the main process sent the renderer on the shell's event channel. */
function shellEvents(): unknown[] {
  return window()
    .webContents.send.mock.calls.filter(([channel]) => channel === APP_EVENT_CHANNEL)
    .map(([, event]) => event as unknown);
}

function helpMenu(): MenuItemConstructorOptions[] {
  const template = (electron.Menu.buildFromTemplate.mock.calls.find(([t]) => Array.isArray(t))?.[0] ?? []) as MenuItemConstructorOptions[];
  const help = template.find((item) => item.role === 'help');
  return Array.isArray(help?.submenu) ? help.submenu : [];
}

describe('the administrator’s policy', () => {
  it('is handed to the core with the secret bridge turned on', async () => {
    const path = writePolicy({ version: 1, sync: { servers: [{ url: 'https://sync.corp.example', region: 'eu' }], locked: true }, timer: { forgottenAfterHours: 10 } });
    vi.stubEnv('FIELDBOOK_POLICY_FILE', path);
    await startMain();
    child().emit('spawn');
    expect(child().postMessage).toHaveBeenCalledWith({
      kind: 'init',
      dataDir: settingsState.dataDir,
      nativeBinding: null,
      policy: {
        source: path,
        sync: { servers: [{ url: 'https://sync.corp.example', region: 'eu', label: null }], locked: true },
        timer: { forgottenAfterHours: 10, idleAfterMinutes: null },
        updates: null,
      },
      secrets: true,
    });
    expect(logState.lines).toContain(`info policy: managed settings from ${path}`);
  });

  it('that is broken stops the app with the file and the problem named, before anything starts', async () => {
    const path = writePolicy({ version: 1, updates: { enabled: true, url: 'http://updates.corp.example' } });
    vi.stubEnv('FIELDBOOK_POLICY_FILE', path);
    await startMain();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Fieldbook cannot start', expect.stringContaining(`policy file ${path} cannot be used`));
    expect(electron.dialog.showErrorBox.mock.calls[0]?.[1]).toContain('updates.url: must be an https:// address');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });
});

describe('device tokens', () => {
  it('are kept by the vault through safeStorage when the core asks', async () => {
    await startMain();
    playCore(0);
    child().emit('message', { kind: 'secret', id: 1, op: 'set', key: 'target-x', value: 'fbd_token' });
    await vi.waitFor(() => expect(child().postMessage).toHaveBeenCalledWith({ kind: 'secret-result', id: 1, ok: true, value: null }));
    expect(readdirSync(join(settingsState.dataDir, 'secrets'))).toEqual(['target-x.safe']);
    expect(readFileSync(join(settingsState.dataDir, 'secrets', 'target-x.safe'), 'latin1')).not.toContain('fbd_token');
    expect(electron.safeStorage.encryptStringAsync).toHaveBeenCalledWith('fbd_token');
  });

  it('are refused on a Linux session with only the basic_text store', async () => {
    electron.safeStorage.state.backend = 'basic_text';
    await startMain();
    playCore(0);
    child().emit('message', { kind: 'secret', id: 2, op: 'set', key: 'target-x', value: 'fbd_token' });
    await vi.waitFor(() => expect(child().postMessage).toHaveBeenCalledWith(expect.objectContaining({ kind: 'secret-result', id: 2, ok: false, message: expect.stringContaining('basic_text') as unknown })));
    expect(electron.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });
});

describe('telling the user', () => {
  it('that the core was restarted after it stopped unexpectedly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await startMain();
    playCore(0);
    child(0).emit('exit', 134);
    expect(shellEvents()).toEqual([]);
    vi.advanceTimersByTime(500);
    playCore(1);
    expect(shellEvents()).toEqual([
      { kind: 'event', name: 'app.notice', payload: { kind: 'core.restarted', message: expect.stringContaining('was restarted') as unknown } },
    ]);
    expect(logState.lines).toContain('warn core: restarted after 1 unexpected exit(s)');
  });

  it('due action items as a desktop notification that opens My items when clicked', async () => {
    await startMain();
    const core = playCore(0);
    const items = [
      { id: 'a1', title: 'Send the upgrade plan', accountId: 'acc1', accountName: 'Northwind', due: '2026-11-20', overdue: true },
      { id: 'a2', title: 'Book the QBR room', accountId: 'acc2', accountName: 'Contoso', due: '2026-11-27', overdue: false },
    ];
    core.postMessage({ kind: 'event', name: 'reminders.due', payload: { items } });
    await vi.waitFor(() => expect(electron.notifications).toHaveLength(1));
    const [shown] = electron.notifications;
    expect(shown?.options).toEqual({
      title: '2 of your action items are due (1 overdue).',
      body: 'Send the upgrade plan (Northwind, overdue)\nBook the QBR room (Contoso)',
    });
    expect(shown?.show).toHaveBeenCalled();
    window().minimized = true;
    shown?.emit('click');
    expect(window().restore).toHaveBeenCalled();
    expect(window().focus).toHaveBeenCalled();
    expect(window().webContents.send).toHaveBeenCalledWith(APP_COMMAND_CHANNEL, 'actions.open');
    // The next announcement replaces the one still on screen.
    core.postMessage({ kind: 'event', name: 'reminders.due', payload: { items: [items[1]] } });
    await vi.waitFor(() => expect(electron.notifications).toHaveLength(2));
    expect(shown?.close).toHaveBeenCalled();
    expect(electron.notifications[1]?.options.title).toBe('1 of your action items is due today.');
  });

  it('no notification where the desktop has no notification service (the in-app notice remains)', async () => {
    electron.Notification.supported = false;
    await startMain();
    const core = playCore(0);
    core.postMessage({ kind: 'event', name: 'reminders.due', payload: { items: [{ id: 'a1', title: 'x', accountId: 'acc1', accountName: 'N', due: '2026-11-20', overdue: true }] } });
    core.postMessage({ kind: 'event', name: 'store.integrity', payload: { ok: true, problems: [] } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.notifications).toHaveLength(0);
  });

  it('a second launch brings the window forward, or opens one when it was closed', async () => {
    await startMain();
    window().minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(window().restore).toHaveBeenCalled();
    expect(window().show).toHaveBeenCalled();
    expect(window().focus).toHaveBeenCalled();
    window().destroyed = true;
    window().emit('closed');
    electron.app.emit('second-instance', {}, [], '/');
    expect(electron.windows).toHaveLength(2);
  });
});

describe('a damaged database', () => {
  function withBackup(): string {
    const backups = join(settingsState.dataDir, 'backups');
    mkdirSync(backups, { recursive: true });
    const name = 'fieldbook-2026-03-01T08-15-30-250Z-before-0004_contracts_time.db';
    writeFileSync(join(backups, name), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100, 1)]));
    writeFileSync(join(settingsState.dataDir, 'fieldbook.db'), 'damaged');
    return name;
  }

  it('that fails its integrity check is offered a restore; accepting it restarts the core on the backup', async () => {
    const name = withBackup();
    await startMain();
    const core = playCore(0);
    core.postMessage({ kind: 'event', name: 'store.integrity', payload: { ok: false, problems: ['page 7: btreeInitPage() returns error code 11'] } });
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; detail: string; buttons: string[] }];
    expect(options.message).toBe('Fieldbook found damage in its database.');
    expect(options.detail).toContain('btreeInitPage() returns error code 11');
    expect(options.buttons).toHaveLength(2);
    // The dialog answered "restore" (response 0): the core is asked to stop …
    await vi.waitFor(() => expect(child(0).postMessage).toHaveBeenCalledWith({ kind: 'shutdown' }));
    child(0).emit('exit', 0);
    // … the backup is put in place, the damaged file kept, and a new core starts.
    await vi.waitFor(() => expect(electron.processes).toHaveLength(2));
    expect(readFileSync(join(settingsState.dataDir, 'fieldbook.db')).equals(readFileSync(join(settingsState.dataDir, 'backups', name)))).toBe(true);
    const [damaged] = readdirSync(join(settingsState.dataDir, 'damaged'));
    expect(readFileSync(join(settingsState.dataDir, 'damaged', damaged ?? '', 'fieldbook.db'), 'utf8')).toBe('damaged');
    expect(shellEvents()).toEqual([
      { kind: 'event', name: 'app.notice', payload: { kind: 'backup.restored', message: expect.stringMatching(/^Fieldbook restored the backup of .*The damaged database was kept in/) as unknown } },
    ]);
  });

  it('that cannot be opened at all is offered a restore when a backup exists, else explained', async () => {
    withBackup();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await startMain();
    child(0).emit('spawn');
    child(0).emit('message', { kind: 'fatal', message: 'The file is not a usable Fieldbook database.' });
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string }];
    expect(options.message).toBe('Fieldbook could not open its data.');
    expect(electron.processes).toHaveLength(1);

    rmSync(join(settingsState.dataDir, 'backups'), { recursive: true });
    electron.reset();
    await startMain();
    child(0).emit('spawn');
    child(0).emit('message', { kind: 'fatal', message: 'The file is not a usable Fieldbook database.' });
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Fieldbook could not open its data', 'The file is not a usable Fieldbook database.');
  });

  it('can be restored from the Help menu any time', async () => {
    withBackup();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await startMain();
    playCore(0);
    helpMenu()
      .find((item) => item.label === 'Restore from Backup…')
      ?.click?.({} as never, undefined, {});
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; buttons: string[] }];
    expect(options.message).toBe('Restore from an automatic backup');
    expect(options.buttons.at(-1)).toBe('Not now');
    // "Not now": nothing stops.
    await new Promise((resolve) => setImmediate(resolve));
    expect(child(0).postMessage).not.toHaveBeenCalledWith({ kind: 'shutdown' });
  });
});

describe('the tray and idle detection', () => {
  it('shows the tray and, while a timer runs, tells the renderer when the user returns from idle', async () => {
    vi.stubEnv('FIELDBOOK_POLICY_FILE', writePolicy({ version: 1, timer: { idleAfterMinutes: 5 } }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
    await startMain();
    expect(electron.trays).toHaveLength(1);
    expect(electron.trays[0]?.image).toMatch(/dist[/\\]electron[/\\]tray[/\\]tray\.png$/);
    playCore(0, {
      [TIMER_METHODS.get]: { accountId: 'a1', category: 'onsite', startedAt: '2026-03-02T09:00:00Z', accountName: 'Acme' },
      [TIMER_METHODS.today]: { minutes: 60 },
    });
    // The tray refreshes shortly after the core connects; then idle polling starts.
    await vi.advanceTimersByTimeAsync(300);
    const menu = electron.trays[0]?.setContextMenu.mock.calls.at(-1)?.[0] as { template: MenuItemConstructorOptions[] };
    expect(menu.template[0]?.label).toBe('Running: Acme · Onsite — 1 h');
    electron.idle.seconds = 6 * 60;
    await vi.advanceTimersByTimeAsync(15_000);
    electron.idle.seconds = 2;
    await vi.advanceTimersByTimeAsync(15_000);
    // Polling began when the tray saw the timer (10:00:00.200); 6 min idle at the first poll, 15 s later.
    expect(shellEvents()).toEqual([{ kind: 'event', name: 'app.command', payload: { command: 'timer.idle', idleSince: '2026-03-02T09:54:15.200Z' } }]);
  });
});

describe('diagnostics', () => {
  it('Help › Copy Diagnostics puts versions and settings on the clipboard, without record content', async () => {
    await startMain();
    playCore(0, {
      'app.versions': { app: '0.1.0', sqlite: '3.50.4', schema: '0004_contracts_time', migrations: 4 },
      'sync.status': { unsent: 0, targets: [], rejections: [], unavailable: null },
    });
    logState.lines.push('error accounts.create: name "…" taken');
    helpMenu()
      .find((item) => item.label === 'Copy Diagnostics')
      ?.click?.({} as never, undefined, {});
    await vi.waitFor(() => expect(electron.clipboard.writeText).toHaveBeenCalled());
    const text = electron.clipboard.writeText.mock.calls[0]?.[0] ?? '';
    expect(text).toContain('SQLite 3.50.4');
    expect(text).toContain('Database schema 0004_contracts_time (4 migrations)');
    expect(text).toContain(settingsState.dataDir);
    expect(text).toContain('Updates are off: no administrator policy turns them on.');
    expect(text).toContain('no server registered');
  });

  it('the About dialog shows the versions and can copy the diagnostics', async () => {
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    await startMain();
    playCore(0, { 'app.versions': { app: '0.1.0', sqlite: '3.50.4', schema: '0004_contracts_time', migrations: 4 } });
    helpMenu()
      .find((item) => item.label === 'About Fieldbook')
      ?.click?.({} as never, undefined, {});
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled());
    const [, options] = electron.dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; detail: string }];
    expect(options.message).toBe('Fieldbook 0.1.0');
    expect(options.detail).toContain('SQLite 3.50.4');
    expect(options.detail).toContain('Database schema 0004_contracts_time');
    await vi.waitFor(() => expect(electron.clipboard.writeText).toHaveBeenCalled());
  });
});

describe('updates', () => {
  it('are not even loaded without a policy that enables them', async () => {
    electron.app.isPackaged = true;
    await startMain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(updaterState.imported).toBe(false);
    expect(logState.lines).toContain('info updates: Updates are off: no administrator policy turns them on.');
  });

  it('stay off in a development run even when the policy enables them', async () => {
    vi.stubEnv('FIELDBOOK_POLICY_FILE', writePolicy({ version: 1, updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/' } }));
    await startMain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(updaterState.imported).toBe(false);
  });

  it('in an installed build with the policy on, read the feed the app wrote', async () => {
    vi.stubEnv('FIELDBOOK_POLICY_FILE', writePolicy({ version: 1, updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/', checkIntervalHours: 12 } }));
    electron.app.isPackaged = true;
    electron.app.getPath.mockImplementation(() => dir);
    await startMain();
    await vi.waitFor(() => expect(updaterState.updater).toMatchObject({ updateConfigPath: join(dir, 'fieldbook-update.yml'), autoDownload: true, allowDowngrade: false }));
    expect(JSON.parse(readFileSync(join(dir, 'fieldbook-update.yml'), 'utf8'))).toEqual({
      provider: 'generic',
      url: 'https://updates.corp.example/fieldbook/',
      updaterCacheDirName: 'fieldbook-updater',
    });
  });
});
