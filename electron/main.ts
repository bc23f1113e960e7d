/**
 * Composition root of the desktop app (bundled to dist/electron/main.cjs). The main process only creates
 * windows, wires them to the core's utility process, and enforces the security rules on every web contents.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, screen } from 'electron';
import { PORT_REQUEST_CHANNEL } from './channels';
import { CoreProcess } from './coreProcess';
import { desktopDataDir } from './dataDir';
import { fitBoundsToDisplays } from './displayBounds';
import { isTrustedSender } from './ipcGuard';
import { installMenu } from './menu';
import { shellPaths } from './paths';
import { openSettings } from './settings';
import type { SettingsStore } from './settings';
import { createMainWindow, hardenWebContents } from './window';

export function startMain(): void {
  // A second copy would open the same database and fight over the window: hand over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();

  const paths = shellPaths({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath ?? '',
    electronVersion: process.versions.electron ?? '',
  });
  let mainWindow: BrowserWindow | null = null;
  let core: CoreProcess | null = null;
  let settings: SettingsStore | null = null;
  let coreStopped = false;
  let fatalShown = false;

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, whoever creates it, gets the same guards: no new windows, no navigation, no webviews.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, paths.rendererUrl));

  ipcMain.on(PORT_REQUEST_CHANNEL, (event) => {
    if (!isTrustedSender(event, paths.rendererUrl)) return;
    core?.connect(event.sender);
  });

  const openWindow = (): void => {
    const saved = settings?.read().windowBounds ?? null;
    // `screen` is usable only once the app is ready, which openWindow always is.
    const restored = saved
      ? fitBoundsToDisplays(
          saved,
          screen.getAllDisplays().map((display) => display.workArea),
          screen.getPrimaryDisplay().workArea,
        )
      : null;
    const window = createMainWindow({ paths, bounds: restored });
    if (saved?.maximized) window.maximize();
    window.on('close', () => {
      const bounds = window.getNormalBounds();
      settings?.set('windowBounds', { ...bounds, maximized: window.isMaximized() });
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };

  const onReady = (): void => {
    settings = openSettings();
    const current = settings.read();
    nativeTheme.themeSource = current.theme;
    // The same folder the CLI and the browser host open, unless the user chose another one.
    const dataDir = desktopDataDir({
      stored: current.dataDir,
      argv: process.argv,
      env: process.env,
      platform: process.platform,
      home: homedir(),
    });
    core = new CoreProcess({
      coreEntry: paths.coreEntry,
      dataDir,
      nativeBinding: existsSync(paths.nativeBinding) ? paths.nativeBinding : null,
      onFatal: (message) => {
        if (fatalShown) return;
        fatalShown = true;
        dialog.showErrorBox('Fieldbook could not open its data', message);
      },
    });
    core.start();
    installMenu(app.isPackaged);
    openWindow();
  };

  app.whenReady().then(onReady, (error: unknown) => {
    dialog.showErrorBox('Fieldbook could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open shows one again.
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0 && core) openWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the core close its database before the process ends, so the next start is a clean one.
  app.on('will-quit', (event) => {
    if (!core || coreStopped) return;
    event.preventDefault();
    void core.stop().then(() => {
      coreStopped = true;
      app.quit();
    });
  });
}

startMain();
