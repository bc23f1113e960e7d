const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);
// electron-store is exercised in settings.test.ts; here an in-memory store stands in.
const settingsState = vi.hoisted(() => ({ written: [] as Array<[string, unknown]> }));
vi.mock('../../electron/settings', () => ({
  openSettings: () => ({
    read: () => ({ windowBounds: null, theme: 'dark', dataDir: '/data/fieldbook' }),
    set: (key: string, value: unknown) => settingsState.written.push([key, value]),
    path: '/tmp/settings.json',
  }),
}));

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

beforeEach(() => {
  electron.reset();
  settingsState.written.length = 0;
});

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
    expect(electron.processes[0]?.postMessage).toHaveBeenCalledWith({ kind: 'init', dataDir: '/data/fieldbook', nativeBinding: null });
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
