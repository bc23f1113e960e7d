const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY, createMainWindow } from '../../electron/window';
import { shellPaths } from '../../electron/paths';

const paths = shellPaths({ appPath: '/opt/fieldbook', isPackaged: false, resourcesPath: '', electronVersion: '45.5.0' });
const ownPage = pathToFileURL(join('/opt/fieldbook', 'dist', 'renderer', 'index.html')).href;

function open() {
  createMainWindow({ paths });
  const window = electron.windows[0];
  if (!window) throw new Error('no window was created');
  return { window, contents: window.webContents, session: electron.defaultSession };
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

beforeEach(() => electron.reset());
afterEach(() => vi.useRealTimers());

describe('createMainWindow', () => {
  it('uses exactly the secure webPreferences', () => {
    const { window } = open();
    expect(window.options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: join('/opt/fieldbook', 'dist', 'electron', 'preload.cjs'),
    });
  });

  it('loads the built renderer from file and shows the window when ready', () => {
    const { window } = open();
    expect(window.loadFile).toHaveBeenCalledWith(join('/opt/fieldbook', 'dist', 'renderer', 'index.html'));
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('sets the strict CSP on every response, replacing any CSP the response had', () => {
    const { session } = open();
    expect(session.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    const callback = vi.fn();
    session.headersListener?.(
      { responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['kept'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "style-src 'self' 'unsafe-inline'",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('denies every permission request and permission check', () => {
    const { session } = open();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.({}, permission, 'file://', {})).toBe(false);
    }
  });

  it('prevents navigation away from the app page and lets the app page through', () => {
    const { contents } = open();
    for (const url of ['https://evil.example', 'file:///etc/passwd', 'http://localhost:3000/', 'file:///opt/fieldbook/dist/renderer/other.html', 'javascript:alert(1)']) {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
      const redirect = navigationEvent(url);
      contents.emit('will-redirect', redirect, url);
      expect(redirect.preventDefault, url).toHaveBeenCalled();
    }
    for (const url of [ownPage, `${ownPage}#/accounts/42`]) {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).not.toHaveBeenCalled();
    }
  });

  it('sends a clicked https link to the browser via the link gate, but never a hostile one', () => {
    const { contents } = open();
    contents.emit('will-navigate', navigationEvent('https://example.com/docs'), 'https://example.com/docs');
    contents.emit('will-navigate', navigationEvent('file:///etc/passwd'), 'file:///etc/passwd');
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(electron.shell.openExternal.mock.calls[0]?.[0]).toBe('https://example.com/docs');
  });

  it('denies every new window, routing only safe https links to the browser', () => {
    const { contents } = open();
    const handler = contents.windowOpenHandler;
    expect(handler).not.toBeNull();
    for (const url of ['https://example.com/docs', 'javascript:alert(1)', 'file:///etc/passwd', ownPage, 'about:blank']) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(electron.shell.openExternal.mock.calls[0]?.[0]).toBe('https://example.com/docs');
  });

  it('prevents attaching a webview', () => {
    const { contents } = open();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('renderer failure recovery', () => {
  it('offers Reload after the renderer crashed, and reloads the app page', async () => {
    const { window, contents } = open();
    window.loadFile.mockClear();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(electron.dialog.showMessageBox.mock.calls[0]?.[1]).toMatchObject({ buttons: ['Reload', 'Quit'] });
    await vi.waitFor(() => expect(window.loadFile).toHaveBeenCalledWith(paths.rendererIndex));
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('quits when the user picks Quit after a crash', async () => {
    const { contents } = open();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
  });

  it('ignores a clean renderer exit', () => {
    const { contents } = open();
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('asks what to do when the window stops responding', async () => {
    const { window, contents } = open();
    window.loadFile.mockClear();
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    contents.emit('unresponsive');
    expect(electron.dialog.showMessageBox.mock.calls[0]?.[1]).toMatchObject({ buttons: ['Wait', 'Reload', 'Quit'] });
    await vi.waitFor(() => expect(window.loadFile).toHaveBeenCalledTimes(1));
  });

  it('retries a failed load, then shows a message', () => {
    vi.useFakeTimers();
    const { window, contents } = open();
    window.loadFile.mockClear();
    const fail = () => contents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', ownPage, true, 1, 1);
    fail();
    vi.advanceTimersByTime(1000);
    expect(window.loadFile).toHaveBeenCalledTimes(1);
    fail();
    vi.advanceTimersByTime(1000);
    expect(window.loadFile).toHaveBeenCalledTimes(2);
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();
    fail();
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect((electron.dialog.showMessageBox.mock.calls[0]?.[1] as { detail: string }).detail).toContain('ERR_FILE_NOT_FOUND');
  });

  it('ignores aborted loads and subframe failures', () => {
    vi.useFakeTimers();
    const { window, contents } = open();
    window.loadFile.mockClear();
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', ownPage, true, 1, 1);
    contents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', ownPage, false, 1, 1);
    vi.advanceTimersByTime(5000);
    expect(window.loadFile).not.toHaveBeenCalled();
  });
});
