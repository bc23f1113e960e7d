/**
 * The one secure window factory (DESIGN.md §6): context isolation, sandbox, no Node, strict CSP,
 * deny-by-default permissions, no navigation away from the app's page, no new windows, no webviews.
 */
import { app, BrowserWindow, dialog } from 'electron';
import type { Rectangle, Session, WebContents } from 'electron';
import { isSafeExternalUrl, openExternalSafely } from './linkGate';
import { contentSecurityPolicy } from '../core/host/csp';
import { isOwnPage } from './paths';
import type { ShellPaths } from './paths';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** The exact webPreferences of every app window. */
export function secureWebPreferences(preload: string) {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload,
  } as const;
}

const hardenedSessions = new WeakSet<Session>();

/** CSP on every response and no permission ever granted, once per session. */
export function applySessionPolicy(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Drop any CSP the response brought: ours replaces it rather than being combined with a laxer one.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Navigation and window guards for any web contents (the app's window and, via `web-contents-created`,
 * anything else that ever appears). Links to https sites leave through the link gate.
 */
const hardenedContents = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents, rendererUrl: string): void {
  // Called by the window factory and again by `web-contents-created`: install the guards once.
  if (hardenedContents.has(contents)) return;
  hardenedContents.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOwnPage(event.url, rendererUrl)) return;
    event.preventDefault();
    // A plain link click (no target) lands here: send safe ones to the browser instead.
    if (isSafeExternalUrl(event.url)) void openExternalSafely(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnPage(event.url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface MainWindowOptions {
  paths: Pick<ShellPaths, 'preload' | 'rendererIndex' | 'rendererUrl'>;
  bounds?: Partial<Rectangle> | null;
  title?: string;
}

/** Chromium's "aborted" load error: a newer navigation replaced this one, nothing to recover. */
const ERR_ABORTED = -3;
const MAX_LOAD_RETRIES = 2;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { paths } = options;
  const window = new BrowserWindow({
    width: options.bounds?.width ?? 1280,
    height: options.bounds?.height ?? 800,
    ...(options.bounds?.x !== undefined && options.bounds?.y !== undefined ? { x: options.bounds.x, y: options.bounds.y } : {}),
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: options.title ?? 'Fieldbook',
    webPreferences: secureWebPreferences(paths.preload),
  });
  const contents = window.webContents;
  applySessionPolicy(contents.session);
  hardenWebContents(contents, paths.rendererUrl);

  const load = (): void => {
    if (window.isDestroyed()) return;
    window.loadFile(paths.rendererIndex).catch(() => {
      // Failures are reported through did-fail-load, which owns the recovery path.
    });
  };

  let dialogOpen = false;
  /** One recovery dialog at a time; `actions` run by button index. */
  const ask = (message: string, detail: string, buttons: string[], actions: Array<() => void>): void => {
    if (dialogOpen || window.isDestroyed()) return;
    dialogOpen = true;
    dialog
      .showMessageBox(window, { type: 'error', message, detail, buttons, defaultId: 0, cancelId: buttons.length - 1, noLink: true })
      .then(
        ({ response }) => actions[response]?.(),
        () => app.quit(),
      )
      .finally(() => {
        dialogOpen = false;
      });
  };
  const quit = (): void => app.quit();

  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    ask('Fieldbook’s window stopped working.', `Reason: ${details.reason}. Your saved data is safe.`, ['Reload', 'Quit'], [load, quit]);
  });
  contents.on('unresponsive', () => {
    ask('Fieldbook’s window is not responding.', 'You can wait, reload the window, or quit.', ['Wait', 'Reload', 'Quit'], [() => {}, load, quit]);
  });

  let retries = 0;
  contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    if (retries < MAX_LOAD_RETRIES) {
      retries += 1;
      setTimeout(load, 250 * retries);
      return;
    }
    ask('Fieldbook could not show its window.', `${errorDescription} (${errorCode}).`, ['Try again', 'Quit'], [
      () => {
        retries = 0;
        load();
      },
      quit,
    ]);
  });
  contents.on('did-finish-load', () => {
    retries = 0;
  });

  window.once('ready-to-show', () => window.show());
  load();
  return window;
}
