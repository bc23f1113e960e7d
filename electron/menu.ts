/** The application menu. The template is built by a pure function so its shape is tested without Electron. */
import { app, BrowserWindow, Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMAND_CHANNEL } from './channels';
import type { AppCommand } from './channels';

export interface MenuContext {
  appName: string;
  isPackaged: boolean;
  platform: NodeJS.Platform;
  sendCommand(command: AppCommand): void;
  showAbout(): void;
  /** Help › Copy Diagnostics: versions, settings and recent log lines for a support ticket. */
  copyDiagnostics?(): void;
  /** Help › Restore from Backup…: put an automatic backup in place of the database. */
  restoreBackup?(): void;
  /** Help › Show Log Files. */
  showLogs?(): void;
}

export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    // Developer tools would give anyone at the keyboard a console into the renderer: dev builds only.
    ...(context.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const about: MenuItemConstructorOptions = { label: `About ${context.appName}`, click: () => context.showAbout() };
  const support: MenuItemConstructorOptions[] = [
    ...(context.copyDiagnostics ? [{ label: 'Copy Diagnostics', click: () => context.copyDiagnostics?.() }] : []),
    ...(context.showLogs ? [{ label: 'Show Log Files', click: () => context.showLogs?.() }] : []),
    ...(context.restoreBackup ? [{ type: 'separator' } as const, { label: 'Restore from Backup…', click: () => context.restoreBackup?.() }] : []),
  ];
  return [
    ...(mac
      ? [{ label: context.appName, submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } satisfies MenuItemConstructorOptions]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Account', accelerator: 'CmdOrCtrl+N', click: () => context.sendCommand('account.new') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? support : [...support, ...(support.length > 0 ? [{ type: 'separator' } as const] : []), about] },
  ];
}

/** Sends a menu command to the focused window's renderer (it arrives as an `app.command` event). */
export function sendCommandToFocused(command: AppCommand): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (window && !window.isDestroyed()) window.webContents.send(APP_COMMAND_CHANNEL, command);
}

export type InstallMenuOptions = Pick<MenuContext, 'isPackaged' | 'showAbout' | 'copyDiagnostics' | 'restoreBackup' | 'showLogs'>;

export function installMenu(options: InstallMenuOptions): void {
  const template = buildMenuTemplate({
    appName: app.getName(),
    platform: process.platform,
    sendCommand: sendCommandToFocused,
    ...options,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
