/**
 * Where the shell's files live, for the dev tree and for a packaged app. Pure: callers pass what Electron
 * knows (app path, packaged flag, resources path, version) so tests need no Electron at all.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppLocation {
  /** `app.getAppPath()`: the repo root in dev, the app.asar root when packaged. */
  appPath: string;
  isPackaged: boolean;
  /** `process.resourcesPath`: only meaningful when packaged. */
  resourcesPath: string;
  /** `process.versions.electron`. */
  electronVersion: string;
}

export interface ShellPaths {
  preload: string;
  rendererIndex: string;
  /** The renderer's own page as a file URL: the one page navigation and IPC senders may come from. */
  rendererUrl: string;
  coreEntry: string;
  /** The better-sqlite3 build for Electron's ABI, kept out of node_modules (DESIGN.md §8). */
  nativeBinding: string;
  /** Tray images (scripts/icons.mjs): colour for Windows and Linux, a template macOS tints itself. */
  trayIcon: string;
  trayTemplateIcon: string;
}

export function shellPaths(location: AppLocation): ShellPaths {
  const rendererIndex = join(location.appPath, 'dist', 'renderer', 'index.html');
  return {
    preload: join(location.appPath, 'dist', 'electron', 'preload.cjs'),
    rendererIndex,
    rendererUrl: pathToFileURL(rendererIndex).href,
    coreEntry: join(location.appPath, 'dist', 'electron', 'core.cjs'),
    trayIcon: join(location.appPath, 'dist', 'electron', 'tray', 'tray.png'),
    trayTemplateIcon: join(location.appPath, 'dist', 'electron', 'tray', 'trayTemplate.png'),
    nativeBinding: location.isPackaged
      ? join(location.resourcesPath, 'native', 'better_sqlite3.node')
      : join(location.appPath, '.electron-native', location.electronVersion, 'better_sqlite3.node'),
  };
}

/**
 * True when `candidate` is the app's own page: a file: URL with exactly the renderer's path. The hash and
 * query are ignored because the renderer may route with them; everything else must match.
 */
export function isOwnPage(candidate: string, rendererUrl: string): boolean {
  let parsed: URL;
  let own: URL;
  try {
    parsed = new URL(candidate);
    own = new URL(rendererUrl);
  } catch {
    return false;
  }
  return parsed.protocol === 'file:' && own.protocol === 'file:' && parsed.host === own.host && parsed.pathname === own.pathname;
}
