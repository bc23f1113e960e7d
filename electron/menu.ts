/** The application menu. The template is built by a pure function so its shape is tested without Electron. */
import { app, BrowserWindow, dialog, Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMAND_CHANNEL } from './channels';
import type { AppCommand } from './channels';

export interface MenuContext {
  appName: string;
  isPackaged: boolean;
  platform: NodeJS.Platform;
  sendCommand(command: AppCommand): void;
  showAbout(): void;
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
    { role: 'help', submenu: mac ? [] : [about] },
  ];
}

/** Sends a menu command to the focused window's renderer (it arrives as an `app.command` event). */
export function sendCommandToFocused(command: AppCommand): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (window && !window.isDestroyed()) window.webContents.send(APP_COMMAND_CHANNEL, command);
}

export function installMenu(isPackaged: boolean): void {
  const template = buildMenuTemplate({
    appName: app.getName(),
    isPackaged,
    platform: process.platform,
    sendCommand: sendCommandToFocused,
    showAbout: () => {
      const options = { type: 'info' as const, message: app.getName(), detail: `Version ${app.getVersion()}`, buttons: ['OK'] };
      const window = BrowserWindow.getFocusedWindow();
      void (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
