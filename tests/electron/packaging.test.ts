/**
 * Packaging (issue 9): the electron-builder configuration and its fuses, and a real `electron-builder --dir`
 * run. No Electron can be downloaded here, so the run uses a stand-in unpacked Electron (`electronDist`): an
 * "executable" that carries Electron's fuse wire, so the fuses electron-builder flips are read back from its
 * bytes. The app.asar it builds is opened with @electron/asar and checked file by file.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import asar from '@electron/asar';

interface BuilderConfig {
  appId: string;
  productName: string;
  executableName: string;
  electronVersion: string;
  electronDist?: string;
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  asar: boolean;
  npmRebuild: boolean;
  publish: { provider: string; url: string };
  afterPack: unknown;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  deb: { depends: string[] };
  win: { target: Array<{ target: string }>; icon: string; verifyUpdateCodeSignature: boolean; signtoolOptions?: { publisherName: string[] } };
  nsis: { oneClick: boolean; deleteAppDataOnUninstall: boolean };
  mac: { target: Array<{ target: string }>; icon: string; hardenedRuntime: boolean; entitlements: string };
}
interface ConfigModule {
  default: BuilderConfig;
  builderConfig: (env: NodeJS.ProcessEnv) => BuilderConfig;
  FUSES: Record<string, boolean>;
  FILES: string[];
  ELECTRON_VERSION: string;
}
interface PackageCheckModule {
  packageProblems: (options: { resourcesDir: string; electronVersion: string; nodeAbi?: string }) => string[];
  disallowedEntries: (entries: string[]) => string[];
  NATIVE_RESOURCE: string;
}
interface NativeModule {
  expectedElectronAbi: (version: string) => string | null;
}
interface BuildModule {
  buildShell: (outdir?: string) => Promise<void>;
}
interface DistModule {
  distSteps: (args: string[]) => Array<[string, string[]]>;
}
interface IconsModule {
  LINUX_SIZES: number[];
  ICO_SIZES: number[];
  ICNS_TYPES: Array<[string, number]>;
  TRAY_IMAGES: Array<[string, string, number]>;
}

const root = join(import.meta.dirname, '..', '..');
// Plain .mjs files (they run with node on the build machine): loaded by path, typed here.
const load = <T>(path: string) => import(/* @vite-ignore */ join(root, path)) as Promise<T>;
const config = await load<ConfigModule>('build/electron-builder.config.mjs');
const check = await load<PackageCheckModule>('build/packageCheck.mjs');
const native = await load<NativeModule>('scripts/electron-native.mjs');
const icons = await load<IconsModule>('scripts/icons.mjs');

/** Electron's fuse-wire sentinel, followed by the wire version (1), its length, and one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** Electron's defaults: run-as-node, NODE_OPTIONS, --inspect and file:// privileges on, the rest off. */
const DEFAULT_WIRE = '10110001';

function readFuses(binary: string): Record<string, boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  const length = bytes[at + 1] ?? 0;
  return Object.fromEntries(FUSE_ORDER.slice(0, length).map((name, index) => [name, bytes[at + 2 + index] === 0x31]));
}

/** A .node file's bytes as the ABI check reads them: some noise around one registration symbol. */
function fakeNativeModule(abi: string): Buffer {
  return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from(`\0napi_module_register\0node_register_module_v${abi}\0`, 'latin1')]);
}

describe('the electron-builder configuration', () => {
  const built = config.default;

  it('sets every fuse the issue asks for', () => {
    expect(built.electronFuses).toBe(config.FUSES);
    expect(built.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // Only-from-ASAR needs an archive to load from.
    expect(built.asar).toBe(true);
  });

  it('names the app and targets AppImage and deb, NSIS, and dmg with their icons', () => {
    expect(built).toMatchObject({ appId: 'com.fieldbook.desktop', productName: 'Fieldbook', executableName: 'fieldbook' });
    expect(built.linux).toMatchObject({ target: ['AppImage', 'deb'], icon: 'build/icons' });
    expect(built.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(built.win.icon).toBe('build/icon.ico');
    expect(built.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(built.mac).toMatchObject({ icon: 'build/icon.icns', hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' });
    expect(readFileSync(join(root, built.mac.entitlements), 'utf8')).not.toMatch(/allow-unsigned-executable-memory|disable-library-validation|get-task-allow/);
    // safeStorage needs a keyring on Linux; an uninstall never deletes the user's data.
    expect(built.deb.depends).toContain('libsecret-1-0');
    expect(built.nsis).toMatchObject({ oneClick: false, deleteAppDataOnUninstall: false });
  });

  it('ships the Electron-ABI module from .electron-native, never rebuilds node_modules, never publishes, checks every package', () => {
    expect(built.extraResources).toEqual([{ from: `.electron-native/${config.ELECTRON_VERSION}/better_sqlite3.node`, to: check.NATIVE_RESOURCE }]);
    expect(check.NATIVE_RESOURCE).toBe('native/better_sqlite3.node');
    expect(built.npmRebuild).toBe(false);
    // Only so the latest*.yml update files are written: a generic feed cannot be uploaded to.
    expect(built.publish).toEqual({ provider: 'generic', url: 'https://updates.invalid/fieldbook/' });
    expect(config.builderConfig({ FIELDBOOK_UPDATE_URL: 'https://updates.corp.example/fieldbook/' }).publish.url).toBe('https://updates.corp.example/fieldbook/');
    expect(typeof built.afterPack).toBe('function');
    expect(built.electronVersion).toBe((JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('selects built output only: no source maps, no node_modules but better-sqlite3’s JavaScript', () => {
    expect(built.files).toBe(config.FILES);
    expect(built.files).toContain('!**/*.map');
    expect(built.files).toContain('!node_modules/**/*');
    expect(built.files.filter((f) => f.startsWith('node_modules/'))).toEqual(['node_modules/better-sqlite3/package.json', 'node_modules/better-sqlite3/lib/**/*.js']);
    for (const pattern of built.files) expect(pattern).not.toMatch(/^(core|electron|renderer|server|tests|bench|docs|scripts)\//);
  });

  it('takes the Windows publisher and a local Electron from the environment', () => {
    expect(config.builderConfig({}).win.signtoolOptions).toBeUndefined();
    const release = config.builderConfig({
      FIELDBOOK_WIN_PUBLISHER: 'CN=Example Corp, O=Example Corp, C=US | CN=Example Corp Ltd',
      FIELDBOOK_ELECTRON_DIST: '/opt/electron-45',
    });
    expect(release.win.signtoolOptions).toEqual({ publisherName: ['CN=Example Corp, O=Example Corp, C=US', 'CN=Example Corp Ltd'] });
    expect(release.win.verifyUpdateCodeSignature).toBe(true);
    expect(release.electronDist).toBe('/opt/electron-45');
    expect(config.builderConfig({}).electronDist).toBeUndefined();
  });

  it('npm run dist rebuilds the native module, builds, then packages without publishing', async () => {
    const { distSteps } = await load<DistModule>('scripts/dist.mjs');
    const steps = distSteps(['--dir']);
    expect(steps.map(([, args]) => args.join(' '))).toEqual([
      join(root, 'scripts', 'electron-native.mjs'),
      'run build',
      `${join(root, 'node_modules', 'electron-builder', 'cli.js')} --config ${join(root, 'build', 'electron-builder.config.mjs')} --publish never --dir`,
    ]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['dist']).toBe('node scripts/dist.mjs');
  });
});

describe('the package check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function packaged(files: Record<string, string | Buffer>, nativeModule: Buffer | null): Promise<string> {
    const app = join(dir, 'app');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(app, path, '..'), { recursive: true });
      writeFileSync(join(app, path), content);
    }
    const resources = join(dir, 'resources');
    mkdirSync(join(resources, 'native'), { recursive: true });
    await asar.createPackage(app, join(resources, 'app.asar'));
    if (nativeModule) writeFileSync(join(resources, 'native', 'better_sqlite3.node'), nativeModule);
    return resources;
  }
  const good = {
    'package.json': '{}',
    'dist/electron/main.cjs': '',
    'dist/electron/core.cjs': '',
    'dist/electron/preload.cjs': '',
    'dist/renderer/index.html': '',
    'dist/renderer/assets/index-abc.js': '',
    'node_modules/better-sqlite3/lib/database.js': '',
  };
  const electronAbi = native.expectedElectronAbi(config.ELECTRON_VERSION) ?? '150';

  it('passes the built output with an Electron-ABI module', async () => {
    const resourcesDir = await packaged(good, fakeNativeModule(electronAbi));
    expect(check.packageProblems({ resourcesDir, electronVersion: config.ELECTRON_VERSION })).toEqual([]);
  });

  it('fails a Node-ABI module, a missing one, and one for another Electron', async () => {
    const nodeBuild = readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    const withNode = await packaged(good, nodeBuild);
    expect(check.packageProblems({ resourcesDir: withNode, electronVersion: config.ELECTRON_VERSION })).toEqual([
      expect.stringMatching(new RegExp(`cannot be loaded by Electron .*Node's ABI ${process.versions.modules}`)) as unknown,
    ]);
    rmSync(join(withNode, 'native', 'better_sqlite3.node'));
    expect(check.packageProblems({ resourcesDir: withNode, electronVersion: config.ELECTRON_VERSION })[0]).toMatch(/is missing: run `node scripts\/electron-native\.mjs`/);
    if (native.expectedElectronAbi(config.ELECTRON_VERSION) !== null) {
      writeFileSync(join(withNode, 'native', 'better_sqlite3.node'), fakeNativeModule('1'));
      expect(check.packageProblems({ resourcesDir: withNode, electronVersion: config.ELECTRON_VERSION })[0]).toMatch(/built for ABI 1, but this Electron loads ABI/);
    }
  });

  it('fails sources, tests, maps and any other native module in the archive', async () => {
    const resourcesDir = await packaged(
      {
        ...good,
        'dist/electron/main.cjs.map': '{}',
        'core/api/contract.ts': '',
        'tests/electron/x.test.ts': '',
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node': fakeNativeModule(process.versions.modules),
        '.env': 'TOKEN=x',
      },
      fakeNativeModule(electronAbi),
    );
    const problems = check.packageProblems({ resourcesDir, electronVersion: config.ELECTRON_VERSION });
    expect(problems).toEqual(
      expect.arrayContaining([
        'unexpected native module app.asar/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        'app.asar holds /dist/electron/main.cjs.map, which is not part of the built app',
        'app.asar holds /core/api/contract.ts, which is not part of the built app',
        'app.asar holds /tests/electron/x.test.ts, which is not part of the built app',
        'app.asar holds /.env, which is not part of the built app',
      ]),
    );
  });

  it('judges archive entries by the allowed list, directories included', () => {
    expect(check.disallowedEntries(['/dist', '/dist/electron', '/dist/electron/main.cjs', '/dist/electron/tray', '/dist/electron/tray/tray@2x.png'])).toEqual([]);
    expect(check.disallowedEntries(['/src', '/dist/renderer/assets/app.js.map', '/node_modules/react/index.js'])).toEqual([
      '/src',
      '/dist/renderer/assets/app.js.map',
      '/node_modules/react/index.js',
    ]);
  });
});

describe('icons', () => {
  /** Width and height from a PNG's IHDR, and whether it has an alpha channel. */
  function png(bytes: Buffer): { width: number; height: number; alpha: boolean } {
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), alpha: bytes[25] === 6 };
  }

  it('has a PNG of every Linux size, with transparency', () => {
    for (const size of icons.LINUX_SIZES) expect(png(readFileSync(join(root, 'build', 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size, alpha: true });
    expect(png(readFileSync(join(root, 'build', 'icon.png')))).toMatchObject({ width: 1024, height: 1024 });
  });

  it('has an ICO for Windows up to 256 px', () => {
    const ico = readFileSync(join(root, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, index) => {
      const entry = 6 + 16 * index;
      const size = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      return png(ico.subarray(offset, offset + size)).width;
    });
    expect(sizes).toEqual(icons.ICO_SIZES);
  });

  it('has an ICNS for macOS with every entry the right size', () => {
    const icns = readFileSync(join(root, 'build', 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries: Array<[string, number]> = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      entries.push([icns.toString('latin1', at, at + 4), png(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4))).width]);
    }
    expect(entries).toEqual(icons.ICNS_TYPES);
  });

  it('has tray images, including a template for the macOS menu bar', () => {
    for (const [file, , size] of icons.TRAY_IMAGES) expect(png(readFileSync(join(root, 'build', 'tray', file)))).toMatchObject({ width: size, height: size, alpha: true });
  });
});

/** Runs electron-builder's CLI; resolves with its exit code and output. */
function electronBuilder(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules', 'electron-builder', 'cli.js'), ...args],
      { cwd: root, timeout: 170_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, CI: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('electron-builder --dir with a stand-in Electron', () => {
  let work: string;
  let project: string;
  let standIn: string;
  const electronAbi = native.expectedElectronAbi(config.ELECTRON_VERSION) ?? '150';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fieldbook-pack-'));
    // The stand-in Electron: what electron-builder copies and renames, with the fuse wire in the "binary".
    standIn = join(work, 'electron-dist');
    mkdirSync(join(standIn, 'locales'), { recursive: true });
    mkdirSync(join(standIn, 'resources'), { recursive: true });
    writeFileSync(join(standIn, 'electron'), Buffer.concat([Buffer.from('stand-in electron\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(DEFAULT_WIRE), Buffer.from('\n')]));
    chmodSync(join(standIn, 'electron'), 0o755);
    writeFileSync(join(standIn, 'locales', 'en-US.pak'), 'pak');
    writeFileSync(join(standIn, 'LICENSE'), 'license');
    writeFileSync(join(standIn, 'version'), config.ELECTRON_VERSION);

    // The project: the real package.json, build/ and node_modules, the real shell bundles, a stand-in renderer,
    // and things that must never be packaged.
    project = join(work, 'project');
    mkdirSync(project);
    cpSync(join(root, 'package.json'), join(project, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    symlinkSync(join(root, 'build'), join(project, 'build'), 'dir');
    const { buildShell } = await load<BuildModule>('scripts/build.mjs');
    await buildShell(join(project, 'dist', 'electron'));
    const files: Record<string, string> = {
      'dist/renderer/index.html': '<!doctype html><title>Fieldbook</title>',
      'dist/renderer/assets/index-abc123.js': 'console.log(1)',
      'dist/renderer/assets/index-abc123.js.map': '{}',
      'dist/renderer/assets/index-abc123.css': 'body{}',
      'core/api/contract.ts': 'export {}',
      'tests/electron/packaging.test.ts': '',
      'renderer/src/main.tsx': '',
      'docs/OPERATIONS.md': '',
      '.env': 'FIELDBOOK_TOKEN=fbd_secret',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(project, path, '..'), { recursive: true });
      writeFileSync(join(project, path), content);
    }
    mkdirSync(join(project, '.electron-native', config.ELECTRON_VERSION), { recursive: true });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const pack = (output: string) =>
    electronBuilder([
      '--projectDir',
      project,
      '--config',
      join(root, 'build', 'electron-builder.config.mjs'),
      '--linux',
      '--dir',
      '--publish',
      'never',
      `-c.electronDist=${standIn}`,
      `-c.directories.output=${join(work, output)}`,
    ]);

  it('packages only the built output into app.asar, the native module beside it, and flips the fuses', async () => {
    const nativeBytes = fakeNativeModule(electronAbi);
    writeFileSync(join(project, '.electron-native', config.ELECTRON_VERSION, 'better_sqlite3.node'), nativeBytes);
    const result = await pack('out');
    expect(result.output).not.toMatch(/downloading/i);
    expect(result.code, result.output).toBe(0);

    const appDir = join(work, 'out', 'linux-unpacked');
    const archive = join(appDir, 'resources', 'app.asar');
    const entries = asar.listPackage(archive, { isPack: false }).filter((entry) => !('files' in asar.statFile(archive, entry.slice(1))));
    expect(entries.sort()).toEqual(
      [
        '/package.json',
        '/dist/electron/core.cjs',
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/electron/tray/tray.png',
        '/dist/electron/tray/tray@2x.png',
        '/dist/electron/tray/trayTemplate.png',
        '/dist/electron/tray/trayTemplate@2x.png',
        '/dist/renderer/assets/index-abc123.css',
        '/dist/renderer/assets/index-abc123.js',
        '/dist/renderer/index.html',
        '/node_modules/better-sqlite3/lib/database.js',
        '/node_modules/better-sqlite3/lib/index.js',
        '/node_modules/better-sqlite3/lib/methods/aggregate.js',
        '/node_modules/better-sqlite3/lib/methods/backup.js',
        '/node_modules/better-sqlite3/lib/methods/function.js',
        '/node_modules/better-sqlite3/lib/methods/inspect.js',
        '/node_modules/better-sqlite3/lib/methods/pragma.js',
        '/node_modules/better-sqlite3/lib/methods/serialize.js',
        '/node_modules/better-sqlite3/lib/methods/table.js',
        '/node_modules/better-sqlite3/lib/methods/transaction.js',
        '/node_modules/better-sqlite3/lib/methods/wrappers.js',
        '/node_modules/better-sqlite3/lib/sqlite-error.js',
        '/node_modules/better-sqlite3/lib/util.js',
        '/node_modules/better-sqlite3/package.json',
      ].sort(),
    );
    // The bundles are the ones just built, and the app's package.json points at the main bundle.
    expect(asar.extractFile(archive, 'dist/electron/main.cjs').equals(readFileSync(join(project, 'dist', 'electron', 'main.cjs')))).toBe(true);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: 'fieldbook', main: 'dist/electron/main.cjs' });
    expect(pkg).not.toHaveProperty('scripts');
    expect(pkg).not.toHaveProperty('devDependencies');

    expect(readFileSync(join(appDir, 'resources', 'native', 'better_sqlite3.node')).equals(nativeBytes)).toBe(true);
    expect(readFuses(join(appDir, 'fieldbook'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: true,
    });
  }, 180_000);

  it('fails the build when the module in .electron-native is a Node-ABI build', async () => {
    cpSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(project, '.electron-native', config.ELECTRON_VERSION, 'better_sqlite3.node'));
    const result = await pack('out-node-abi');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('is not right');
    expect(result.output).toContain(`native/better_sqlite3.node cannot be loaded by Electron ${config.ELECTRON_VERSION}: the module was built for Node's ABI ${process.versions.modules}`);
  }, 180_000);
});
