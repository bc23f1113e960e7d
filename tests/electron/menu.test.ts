const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMAND_CHANNEL } from '../../electron/channels';
import { buildMenuTemplate, installMenu } from '../../electron/menu';

function context(overrides: Partial<Parameters<typeof buildMenuTemplate>[0]> = {}) {
  return { appName: 'Fieldbook', isPackaged: false, platform: 'linux' as NodeJS.Platform, sendCommand: vi.fn(), showAbout: vi.fn(), ...overrides };
}

/** Every item of the template, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function find(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items(template).find((candidate) => candidate.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

beforeEach(() => electron.reset());

describe('application menu', () => {
  it('has File, Edit, View, Window and Help in that order', () => {
    const template = buildMenuTemplate(context());
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  it('File › New Account sends the account.new command; File has Quit', () => {
    const ctx = context();
    const template = buildMenuTemplate(ctx);
    const item = find(template, 'New Account');
    expect(item.accelerator).toBe('CmdOrCtrl+N');
    item.click?.({} as never, undefined, {});
    expect(ctx.sendCommand).toHaveBeenCalledWith('account.new');
    expect(items(template).some((entry) => entry.role === 'quit')).toBe(true);
  });

  it('offers developer tools only when not packaged', () => {
    const dev = items(buildMenuTemplate(context({ isPackaged: false })));
    const packaged = items(buildMenuTemplate(context({ isPackaged: true })));
    expect(dev.some((item) => item.role === 'toggleDevTools')).toBe(true);
    expect(packaged.some((item) => item.role === 'toggleDevTools')).toBe(false);
    for (const role of ['reload', 'zoomIn', 'zoomOut', 'resetZoom']) expect(packaged.some((item) => item.role === role)).toBe(true);
  });

  it('has an About entry in Help (and in the app menu on macOS)', () => {
    const ctx = context();
    find(buildMenuTemplate(ctx), 'About Fieldbook').click?.({} as never, undefined, {});
    expect(ctx.showAbout).toHaveBeenCalled();
    const mac = buildMenuTemplate(context({ platform: 'darwin' }));
    expect(mac[0]?.label).toBe('Fieldbook');
    expect(find(mac, 'About Fieldbook')).toBeDefined();
  });

  it('installMenu routes New Account to the focused window on the app-command channel', () => {
    const window = new electron.BrowserWindow({});
    installMenu({ isPackaged: true, showAbout: vi.fn() });
    const template = (electron.Menu.buildFromTemplate.mock.calls[0]?.[0] ?? []) as MenuItemConstructorOptions[];
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    find(template, 'New Account').click?.({} as never, undefined, {});
    expect(window.webContents.send).toHaveBeenCalledWith(APP_COMMAND_CHANNEL, 'account.new');
  });
});
