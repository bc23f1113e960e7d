/**
 * A recording stand-in for the `electron` module (no Electron binary can run here, DESIGN.md §8).
 * Use with: `const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());`
 * then `vi.mock('electron', () => electron.module);` and `electron.reset()` in beforeEach.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeSession {
  headersListener: ((details: { responseHeaders?: Record<string, string | string[]> }, callback: (response: unknown) => void) => void) | null = null;
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  readonly webRequest = {
    onHeadersReceived: vi.fn((listener: FakeSession['headersListener']) => {
      this.headersListener = listener;
    }),
  };
  readonly setPermissionRequestHandler = vi.fn((handler: FakeSession['permissionRequestHandler']) => {
    this.permissionRequestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: FakeSession['permissionCheckHandler']) => {
    this.permissionCheckHandler = handler;
  });
}

export interface FakeDisplay {
  id: number;
  workArea: { x: number; y: number; width: number; height: number };
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  mainFrame: FakeFrame = { url: 'about:blank', parent: null };
  constructor(readonly session: FakeSession) {
    super();
  }
  readonly setWindowOpenHandler = vi.fn((handler: FakeWebContents['windowOpenHandler']) => {
    this.windowOpenHandler = handler;
  });
  readonly postMessage = vi.fn();
  readonly send = vi.fn();
  readonly reload = vi.fn();
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => {
    this.emit('exit', 1);
    return true;
  });
}

/** A MessagePortMain: `on('message', { data })`, postMessage recorded, and a peer to talk to. */
export class FakeMessagePortMain extends EventEmitter {
  peer: FakeMessagePortMain | null = null;
  closed = false;
  readonly postMessage = vi.fn((message: unknown) => {
    if (!this.closed) this.peer?.emit('message', { data: message, ports: [] });
  });
  readonly start = vi.fn();
  readonly close = vi.fn(() => {
    this.closed = true;
  });
  constructor(readonly name: string) {
    super();
  }
}

export class FakeTray extends EventEmitter {
  readonly setToolTip = vi.fn();
  readonly setContextMenu = vi.fn();
  readonly popUpContextMenu = vi.fn();
  readonly destroy = vi.fn();
  constructor(readonly image: unknown) {
    super();
  }
}

/** An OS notification; `supported` says whether the desktop offers a notification service. */
export class FakeNotification extends EventEmitter {
  static supported = true;
  static isSupported(): boolean {
    return this.supported;
  }
  readonly show = vi.fn();
  readonly close = vi.fn();
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
}

/**
 * safeStorage with a reversible stand-in cipher. `available` and `backend` say what the OS offers; tests
 * flip them to see the plaintext fallback refused.
 */
export function createFakeSafeStorage() {
  const state = { available: true, backend: 'gnome_libsecret' };
  const PREFIX = Buffer.from('FAKE-SAFE:');
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    state,
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(state.available)),
    getSelectedStorageBackend: vi.fn(() => state.backend),
    encryptStringAsync: vi.fn((plain: string) => Promise.resolve(Buffer.concat([PREFIX, scramble(Buffer.from(plain, 'utf8'))]))),
    decryptStringAsync: vi.fn((encrypted: Buffer) => {
      if (!encrypted.subarray(0, PREFIX.length).equals(PREFIX)) return Promise.reject(new Error('Error while decrypting the ciphertext'));
      return Promise.resolve({ result: scramble(encrypted.subarray(PREFIX.length)).toString('utf8'), shouldReEncrypt: false });
    }),
  };
}

export function createElectronMock() {
  // Fresh per reset: the window factory hardens each session once and remembers it.
  let defaultSession = new FakeSession();
  const windows: FakeBrowserWindow[] = [];
  const processes: FakeUtilityProcess[] = [];
  const exposed: Record<string, unknown> = {};
  let channelCount = 0;
  /** The connected displays, primary first; tests replace it to unplug or rearrange monitors. */
  const defaultDisplays = (): FakeDisplay[] => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  const displays: FakeDisplay[] = defaultDisplays();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents(defaultSession);
    destroyed = false;
    minimized = false;
    readonly loadFile = vi.fn((_path: string) => Promise.resolve());
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly maximize = vi.fn();
    readonly flashFrame = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    isMaximized(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    static getFocusedWindow = vi.fn(() => windows[0] ?? null);
    static getAllWindows = vi.fn(() => windows.filter((w) => !w.destroyed));
  }

  class FakeMessageChannelMain {
    readonly port1 = new FakeMessagePortMain(`port1#${channelCount}`);
    readonly port2 = new FakeMessagePortMain(`port2#${channelCount}`);
    constructor() {
      channelCount += 1;
      this.port1.peer = this.port2;
      this.port2.peer = this.port1;
    }
  }
  const trays: FakeTray[] = [];
  class TrayClass extends FakeTray {
    constructor(image: unknown) {
      super(image);
      trays.push(this);
    }
  }
  const notifications: FakeNotification[] = [];
  class NotificationClass extends FakeNotification {
    constructor(options: { title: string; body: string }) {
      super(options);
      notifications.push(this);
    }
  }
  const safeStorage = createFakeSafeStorage();
  const idle = { seconds: 0 };
  const powerMonitor = Object.assign(new EventEmitter(), { getSystemIdleTime: vi.fn(() => idle.seconds) });

  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    isReady: vi.fn(() => true),
    getAppPath: vi.fn(() => '/opt/fieldbook'),
    getPath: vi.fn((name: string) => `/home/user/.config/${name}`),
    getName: vi.fn(() => 'Fieldbook'),
    getVersion: vi.fn(() => '0.1.0'),
    isPackaged: false,
  });

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    MessageChannelMain: FakeMessageChannelMain,
    dialog: {
      showMessageBox: vi.fn((..._args: unknown[]) => Promise.resolve({ response: 0, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    },
    shell: { openExternal: vi.fn((_url: string, _options?: unknown) => Promise.resolve()), showItemInFolder: vi.fn() },
    clipboard: { writeText: vi.fn((_text: string) => Promise.resolve()) },
    safeStorage,
    powerMonitor,
    Tray: TrayClass,
    Notification: NotificationClass,
    ipcMain: new EventEmitter(),
    ipcRenderer: Object.assign(new EventEmitter(), { send: vi.fn() }),
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, value: unknown) => {
        exposed[key] = value;
      }),
    },
    utilityProcess: {
      fork: vi.fn((_path: string, _args?: string[], _options?: unknown) => {
        const child = new FakeUtilityProcess();
        processes.push(child);
        return child;
      }),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    nativeTheme: { themeSource: 'system' },
    screen: {
      getAllDisplays: vi.fn(() => [...displays]),
      getPrimaryDisplay: vi.fn(() => {
        const primary = displays[0];
        if (!primary) throw new Error('no display connected');
        return primary;
      }),
    },
    session: { defaultSession },
  };

  return {
    module: { ...module, default: module },
    ...module,
    get defaultSession() {
      return defaultSession;
    },
    windows,
    processes,
    exposed,
    displays,
    trays,
    notifications,
    idle,
    reset(): void {
      trays.length = 0;
      notifications.length = 0;
      NotificationClass.supported = true;
      idle.seconds = 0;
      safeStorage.state.available = true;
      safeStorage.state.backend = 'gnome_libsecret';
      powerMonitor.removeAllListeners();
      vi.clearAllMocks();
      defaultSession = new FakeSession();
      module.session.defaultSession = defaultSession;
      windows.length = 0;
      processes.length = 0;
      for (const key of Object.keys(exposed)) delete exposed[key];
      app.removeAllListeners();
      app.isPackaged = false;
      module.ipcMain.removeAllListeners();
      module.ipcRenderer.removeAllListeners();
      displays.splice(0, displays.length, ...defaultDisplays());
    },
  };
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
