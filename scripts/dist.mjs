// `npm run dist [-- electron-builder arguments]`: packages the desktop app in three steps, stopping at the
// first failure:
//   1. better-sqlite3 for Electron's ABI (scripts/electron-native.mjs: built once into .electron-native/,
//      checked by its bytes every time; a Node-ABI build stops here);
//   2. the renderer and the shell bundles (npm run build);
//   3. electron-builder with build/electron-builder.config.mjs, never publishing; its afterPack check
//      (build/packageCheck.mjs) fails the build if the package holds a Node-ABI module or anything but the
//      built output.
// Examples: `npm run dist -- --dir` (an unpacked app in release/), `npm run dist -- --linux deb`.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The steps, as [command, args] pairs run from the repository root.
 * @param {string[]} builderArgs arguments after `--`
 * @returns {Array<[string, string[]]>}
 */
export function distSteps(builderArgs) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return [
    [process.execPath, [join(root, 'scripts', 'electron-native.mjs')]],
    [npm, ['run', 'build']],
    [
      process.execPath,
      [join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', join(root, 'build', 'electron-builder.config.mjs'), '--publish', 'never', ...builderArgs],
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [command, args] of distSteps(process.argv.slice(2))) {
    try {
      execFileSync(command, args, { stdio: 'inherit', cwd: root });
    } catch (error) {
      console.error(`\nERROR: npm run dist stopped at: ${[command, ...args].join(' ')}`);
      process.exit(typeof error?.status === 'number' && error.status !== 0 ? error.status : 1);
    }
  }
}
