// electron-builder configuration for Fieldbook (`npm run dist`, see docs/OPERATIONS.md).
// Every input lives in build/ (icons, entitlements, this file); the output goes to release/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import checkPackagedApp, { NATIVE_RESOURCE } from './packageCheck.mjs';
import { APP_ID, EXECUTABLE_NAME, PRODUCT_NAME, windowsPublishers } from './release.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron the app is built against: the pinned `electron` package. */
export const ELECTRON_VERSION = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/**
 * Fuses flipped in the Electron binary at packaging (DESIGN.md §6). The app runs its own Node code only in
 * the utility process (never ELECTRON_RUN_AS_NODE), takes no NODE_OPTIONS or --inspect from outside, and
 * loads its code only from the integrity-checked app.asar. Embedded ASAR integrity is enforced by Electron on
 * macOS and Windows; on Linux the fuse is set but has no effect (Electron does not support it there yet).
 * GrantFileProtocolExtraPrivileges stays on: the window loads its page from file://.
 */
export const FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: true,
  // Fuses must be flipped before signing; an unsigned Apple-silicon build needs its ad-hoc signature renewed.
  resetAdHocDarwinSignature: true,
};

/**
 * What goes into app.asar: the built output only (bundled main, preload and core; the renderer; the tray
 * images), plus the JavaScript of better-sqlite3, which the core loads with the Electron-ABI binary from
 * resources/native. Everything else in node_modules is bundled or not needed. Source maps never ship.
 * build/packageCheck.mjs holds the list of what the archive may contain and fails the build otherwise.
 */
export const FILES = [
  'package.json',
  'dist/electron/main.cjs',
  'dist/electron/preload.cjs',
  'dist/electron/core.cjs',
  'dist/electron/tray/*.png',
  'dist/renderer/**/*',
  '!**/*.map',
  '!node_modules/**/*',
  'node_modules/better-sqlite3/package.json',
  'node_modules/better-sqlite3/lib/**/*.js',
];

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {import('app-builder-lib').Configuration}
 */
export function builderConfig(env = process.env) {
  const publishers = windowsPublishers(env);
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    executableName: EXECUTABLE_NAME,
    copyright: `Copyright © ${new Date().getUTCFullYear()} Fieldbook`,
    directories: { output: 'release', buildResources: 'build' },
    electronVersion: ELECTRON_VERSION,
    // Package metadata the installers show (deb needs a homepage and a maintainer); set for your organisation.
    extraMetadata: {
      homepage: env.FIELDBOOK_HOMEPAGE ?? 'https://fieldbook.example',
      // Linux desktops match the running window to its .desktop entry by this name.
      desktopName: `${EXECUTABLE_NAME}.desktop`,
      author: { name: 'Fieldbook', email: env.FIELDBOOK_MAINTAINER_EMAIL ?? 'fieldbook@example.com' },
    },
    // An unpacked Electron (or its zip) already on disk: no download at all (docs/OPERATIONS.md).
    ...(env.FIELDBOOK_ELECTRON_DIST ? { electronDist: env.FIELDBOOK_ELECTRON_DIST } : {}),
    files: FILES,
    extraResources: [{ from: `.electron-native/${ELECTRON_VERSION}/better_sqlite3.node`, to: NATIVE_RESOURCE }],
    asar: true,
    // The Electron-ABI module is built by scripts/electron-native.mjs; electron-builder must not rebuild
    // node_modules (that would replace the Node-ABI build tests and the CLI use).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    electronFuses: FUSES,
    afterPack: checkPackagedApp,
    // A generic feed has no upload: this only makes electron-builder write the latest*.yml files an internal
    // update feed serves next to the installers. The app reads its feed URL from the policy file
    // (electron/updater.ts), never from this placeholder; npm run dist passes --publish never as well.
    publish: { provider: 'generic', url: env.FIELDBOOK_UPDATE_URL ?? 'https://updates.invalid/fieldbook/' },

    linux: {
      target: ['AppImage', 'deb'],
      icon: 'build/icons',
      category: 'Office',
      synopsis: 'Offline-first notebook and timesheets for technical account managers',
      maintainer: `Fieldbook <${env.FIELDBOOK_MAINTAINER_EMAIL ?? 'fieldbook@example.com'}>`,
      desktop: { entry: { StartupWMClass: PRODUCT_NAME } },
    },
    deb: {
      // libsecret: safeStorage keeps device tokens in the keyring; without one the app refuses to store them.
      depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
      recommends: ['libappindicator3-1', 'gnome-keyring'],
    },
    appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },

    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'build/icon.ico',
      requestedExecutionLevel: 'asInvoker',
      verifyUpdateCodeSignature: true,
      // A release build must be signed: set FIELDBOOK_REQUIRE_SIGNING=1 on the release machine.
      forceCodeSigning: env.FIELDBOOK_REQUIRE_SIGNING === '1',
      ...(publishers.length > 0 ? { signtoolOptions: { publisherName: publishers } } : {}),
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      // The data folder holds the user's records: an uninstall never deletes it.
      deleteAppDataOnUninstall: false,
      artifactName: '${productName}-Setup-${version}.${ext}',
    },

    mac: {
      // dmg to install; zip because macOS updates (Squirrel.Mac) are applied from a zip.
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      icon: 'build/icon.icns',
      category: 'public.app-category.productivity',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      notarize: env.FIELDBOOK_NOTARIZE === '1',
    },
    dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  };
}

export default builderConfig();
