/**
 * Composition root of the desktop app (bundled to dist/electron/main.cjs). The main process creates windows,
 * wires them to the core's utility process, enforces the security rules on every web contents, and runs what
 * belongs to the desktop: the administrator's policy, the secret vault, the tray, idle detection, recovery,
 * logs and diagnostics, updates.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, Notification, safeStorage, screen, shell } from 'electron';
import type { EventMap, ManagedSettings } from '../core/api/contract';
import { loadPolicy, managedSettings, PolicyError } from '../core/host/policy';
import { listBackups } from '../core/host/backups';
import { APP_EVENT_CHANNEL, idleEvent, noticeEvent, PORT_REQUEST_CHANNEL } from './channels';
import type { ShellEvent } from './channels';
import { CoreProcess } from './coreProcess';
import { desktopDataDir } from './dataDir';
import { fitBoundsToDisplays } from './displayBounds';
import { DEFAULT_IDLE_THRESHOLD_MINUTES, IdleWatcher } from './idle';
import { isTrustedSender } from './ipcGuard';
import { LOG_DIR, RotatingLog } from './logFile';
import { createMainLink } from './mainLink';
import { installMenu, sendCommandToFocused } from './menu';
import { shellPaths } from './paths';
import { offerRestore } from './recovery';
import { watchReminders } from './reminderNotifier';
import type { RecoveryReason } from './recovery';
import { SecretVault } from './secretVault';
import { openSettings } from './settings';
import type { SettingsStore } from './settings';
import { copyDiagnostics, showAbout } from './support';
import type { SupportContext } from './support';
import { TrayController } from './tray';
import { decideUpdates, startUpdates } from './updater';
import type { RunningUpdates } from './updater';
import { createMainWindow, hardenWebContents } from './window';

/** Baked in by scripts/build.mjs from FIELDBOOK_WIN_PUBLISHER; absent in development runs. */
declare const __FIELDBOOK_WIN_PUBLISHERS__: string[] | undefined;
const WINDOWS_PUBLISHERS: readonly string[] = typeof __FIELDBOOK_WIN_PUBLISHERS__ !== 'undefined' ? __FIELDBOOK_WIN_PUBLISHERS__ : [];

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
  let tray: TrayController | null = null;
  let idle: IdleWatcher | null = null;
  let updates: RunningUpdates | null = null;
  let coreStopped = false;
  let recoveryOpen = false;
  const mainLink = createMainLink();

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

  /** Brings the window forward (a second launch, the tray): restores, shows, focuses, or opens one. */
  const showWindow = (): void => {
    if (!app.isReady() || !core) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  /** Events the shell raises go to every window, like the core's own events. */
  const broadcast = (event: ShellEvent): void => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(APP_EVENT_CHANNEL, event);
    }
  };

  app.on('second-instance', () => showWindow());

  // Every web contents, whoever creates it, gets the same guards: no new windows, no navigation, no webviews.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, paths.rendererUrl));

  ipcMain.on(PORT_REQUEST_CHANNEL, (event) => {
    if (!isTrustedSender(event, paths.rendererUrl)) return;
    core?.connect(event.sender);
  });

  const onReady = (): void => {
    settings = openSettings();
    const current = settings.read();
    nativeTheme.themeSource = current.theme;

    // An administrator's policy that cannot be read must not be skipped: its locks would silently vanish.
    let policy: ManagedSettings;
    try {
      policy = managedSettings(loadPolicy({ platform: process.platform, env: process.env }));
    } catch (error) {
      dialog.showErrorBox('Fieldbook cannot start', error instanceof PolicyError ? error.message : String(error));
      app.quit();
      return;
    }

    // The same folder the CLI and the browser host open, unless the user chose another one.
    const dataDir = desktopDataDir({
      stored: current.dataDir,
      argv: process.argv,
      env: process.env,
      platform: process.platform,
      home: homedir(),
    });
    const log = new RotatingLog({ dir: join(dataDir, LOG_DIR) });
    log.write('info', 'app', `Fieldbook ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ${process.platform})`);
    if (policy.source) log.write('info', 'policy', `managed settings from ${policy.source}`);

    const recover = (reason: RecoveryReason): void => {
      if (recoveryOpen || !core) return;
      recoveryOpen = true;
      const running = core;
      void offerRestore(
        {
          dataDir,
          showMessageBox: (options) => {
            const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
            return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
          },
          restartCore: (whileStopped) => running.restart(whileStopped),
          notify: (message) => broadcast(noticeEvent({ kind: 'backup.restored', message })),
          log: (message) => log.write('warn', 'recovery', message),
        },
        reason,
      ).finally(() => {
        recoveryOpen = false;
      });
    };

    const vault = new SecretVault({ dataDir, safeStorage, platform: process.platform });
    core = new CoreProcess({
      coreEntry: paths.coreEntry,
      dataDir,
      nativeBinding: existsSync(paths.nativeBinding) ? paths.nativeBinding : null,
      policy,
      secrets: vault,
      log: (message) => log.write('warn', 'core', message),
      onFatal: (message) => {
        log.write('error', 'core', `cannot open the data folder: ${message}`);
        if (listBackups(dataDir).length > 0) recover({ kind: 'unopenable', message });
        else if (!recoveryOpen) {
          recoveryOpen = true;
          dialog.showErrorBox('Fieldbook could not open its data', message);
        }
      },
      onRestarted: (failures) => {
        log.write('warn', 'core', `restarted after ${failures} unexpected exit(s)`);
        broadcast(
          noticeEvent({
            kind: 'core.restarted',
            message: 'Fieldbook’s background process stopped unexpectedly and was restarted. Your saved work is safe; an action you just took may need repeating.',
          }),
        );
      },
      onMainPort: (port) => {
        mainLink.attach(port);
        tray?.scheduleRefresh();
      },
    });
    mainLink.link.onEvent((frame) => {
      if (frame.name !== 'store.integrity') return;
      const result = frame.payload as EventMap['store.integrity'];
      if (result.ok) return;
      log.write('error', 'store', `integrity check failed: ${result.problems.length} problem(s)`);
      recover({ kind: 'integrity', problems: result.problems });
    });
    // The last notification is kept referenced: one that is garbage-collected loses its click handler.
    let reminderShown: Notification | null = null;
    watchReminders({
      link: mainLink.link,
      supported: () => Notification.isSupported(),
      show: (content, onClick) => {
        reminderShown?.close();
        const notification = new Notification({ title: content.title, body: content.body });
        notification.on('click', onClick);
        notification.show();
        reminderShown = notification;
      },
      openMyItems: () => {
        showWindow();
        sendCommandToFocused('actions.open');
      },
    });
    core.start();

    const updateDecision = decideUpdates({ policy: policy.updates, isPackaged: app.isPackaged, platform: process.platform, publisherNames: WINDOWS_PUBLISHERS });
    const support: SupportContext = {
      link: mainLink.link,
      log,
      dataDir,
      settings: () => ({ ...(settings?.read() ?? {}) }),
      policy,
      updates: () => (updateDecision.enabled ? `on, from ${updateDecision.feedUrl} every ${updateDecision.checkIntervalHours} h` : updateDecision.reason),
    };
    installMenu({
      isPackaged: app.isPackaged,
      showAbout: () => void showAbout(support),
      copyDiagnostics: () => void copyDiagnostics(support),
      showLogs: () => shell.showItemInFolder(log.file()),
      restoreBackup: () => recover({ kind: 'menu' }),
    });
    openWindow();

    try {
      tray = new TrayController({
        link: mainLink.link,
        iconPath: process.platform === 'darwin' ? paths.trayTemplateIcon : paths.trayIcon,
        recent: current.trayRecent,
        saveRecent: (recent) => settings?.set('trayRecent', recent),
        show: showWindow,
        quit: () => app.quit(),
        onError: (message) => broadcast(noticeEvent({ kind: 'action.failed', message })),
      });
      idle = new IdleWatcher({
        thresholdMinutes: policy.timer?.idleAfterMinutes ?? DEFAULT_IDLE_THRESHOLD_MINUTES,
        onReturn: (idleSince) => {
          log.write('info', 'idle', 'back from idle while a timer ran');
          broadcast(idleEvent(idleSince));
        },
      });
      const watcher = idle;
      tray.onChange((state) => watcher.setTimerRunning(state.running !== null));
    } catch (error) {
      // A desktop without a tray area still gets the window; the timer lives on in the app.
      log.write('warn', 'tray', `no tray: ${error instanceof Error ? error.message : String(error)}`);
    }

    if (updateDecision.enabled) {
      import('electron-updater')
        .then(({ autoUpdater }) => {
          updates = startUpdates({
            decision: updateDecision,
            updater: autoUpdater,
            platform: process.platform,
            configPath: join(app.getPath('userData'), 'fieldbook-update.yml'),
            writeFile: (path, text) => writeFileSync(path, text, { mode: 0o600 }),
            log: (level, message) => log.write(level, 'updates', message),
            onReady: (version) =>
              broadcast(noticeEvent({ kind: 'update.ready', message: `Fieldbook ${version} has been downloaded and installs when you quit Fieldbook.` })),
          });
        })
        .catch((error: unknown) => log.write('error', 'updates', `updates could not start: ${error instanceof Error ? error.message : String(error)}`));
    } else {
      log.write('info', 'updates', updateDecision.reason);
    }
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
    updates?.stop();
    idle?.dispose();
    idle = null;
    tray?.destroy();
    tray = null;
    if (!core || coreStopped) return;
    event.preventDefault();
    void core.stop().then(() => {
      coreStopped = true;
      app.quit();
    });
  });
}

startMain();
