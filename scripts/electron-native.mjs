// Builds better-sqlite3 for Electron's ABI into .electron-native/<electron version>/better_sqlite3.node,
// outside node_modules, so `npm start` never breaks `npm test` (DESIGN.md §8). Runs on a connected build
// machine only; then checks the ABI of the result instead of trusting the rebuild step's success.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The exact @electron/rebuild that builds the module: pinned, so every build machine runs the same code and
 * `npx` never fetches whatever was published last. Raise it deliberately (`npm view @electron/rebuild version`).
 */
export const ELECTRON_REBUILD = '@electron/rebuild@4.2.1';

/**
 * The `npx` arguments that rebuild better-sqlite3 in `scratch` for Electron `version`.
 * @param {string} version
 * @param {string} scratch
 * @returns {string[]}
 */
export function rebuildArgs(version, scratch) {
  return ['--yes', ELECTRON_REBUILD, '--version', version, '--module-dir', scratch, '--only', 'better-sqlite3', '--force'];
}

/**
 * Decides whether a compiled .node file may be loaded by Electron. A Node-ABI build exports
 * `node_register_module_v<Node's ABI>` (e.g. v115 for Node 20); an Electron build exports its own number.
 * @param {Uint8Array} bytes the .node file
 * @param {string} nodeAbi `process.versions.modules` of the Node running this script
 * @returns {{ ok: true, abi: string } | { ok: false, reason: string }}
 */
export function checkElectronAbi(bytes, nodeAbi) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found = [...new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((match) => match[1]))];
  if (found.length === 0) {
    return { ok: false, reason: 'the module exports no node_register_module_v<N> symbol, so its ABI is unknown' };
  }
  if (found.includes(String(nodeAbi))) {
    return {
      ok: false,
      reason: `the module was built for Node's ABI ${nodeAbi} (it exports node_register_module_v${nodeAbi}), not for Electron`,
    };
  }
  if (found.length > 1) return { ok: false, reason: `the module names several ABIs (${found.join(', ')})` };
  return { ok: true, abi: found[0] };
}

/**
 * The ABI Electron `version` loads, from node-abi's registry when it is installed (it comes with the build
 * tools); null when unknown, and then only the "not Node's ABI" rule applies.
 * @param {string} version
 * @returns {string | null}
 */
export function expectedElectronAbi(version) {
  try {
    const nodeAbi = createRequire(import.meta.url)('node-abi');
    return String(nodeAbi.getAbi(version, 'electron'));
  } catch {
    return null;
  }
}

/**
 * The packaging rule: a module Electron can load, and when Electron's own ABI is known, exactly that one.
 * @param {Uint8Array} bytes
 * @param {string} nodeAbi
 * @param {string | null} electronAbi
 * @returns {{ ok: true, abi: string } | { ok: false, reason: string }}
 */
export function checkPackagedAbi(bytes, nodeAbi, electronAbi) {
  const result = checkElectronAbi(bytes, nodeAbi);
  if (!result.ok || electronAbi === null || result.abi === electronAbi) return result;
  return { ok: false, reason: `the module was built for ABI ${result.abi}, but this Electron loads ABI ${electronAbi}` };
}

export function electronVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  return pkg.version;
}

function verify(file, version) {
  const result = checkPackagedAbi(readFileSync(file), process.versions.modules, expectedElectronAbi(version));
  if (!result.ok) {
    console.error(`\nERROR: ${file}\n  cannot be used by Electron: ${result.reason}.`);
    console.error('  Delete it and rebuild on a machine whose node-gyp targets Electron headers.\n');
    process.exit(1);
  }
  return result.abi;
}

function main() {
  const version = electronVersion();
  const targetDir = join(root, '.electron-native', version);
  const target = join(targetDir, 'better_sqlite3.node');
  const force = process.argv.includes('--force');

  if (existsSync(target) && !force) {
    const abi = verify(target, version);
    console.log(`better-sqlite3 for Electron ${version} (ABI ${abi}) is already built: ${target}`);
    return;
  }

  // Rebuild a scratch copy laid out as a tiny app that depends on better-sqlite3: node_modules keeps its
  // Node-ABI build for tests, the CLI and the server.
  const scratch = mkdtempSync(join(tmpdir(), 'fieldbook-native-'));
  try {
    const sqlitePkg = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'fieldbook-native', private: true, dependencies: { 'better-sqlite3': sqlitePkg.version } }),
    );
    const moduleDir = join(scratch, 'node_modules', 'better-sqlite3');
    const oldBuild = join(root, 'node_modules', 'better-sqlite3', 'build');
    // Leave the Node-ABI build behind, so a skipped rebuild cannot pass off the old binary as new.
    cpSync(join(root, 'node_modules', 'better-sqlite3'), moduleDir, { recursive: true, filter: (source) => !source.startsWith(oldBuild) });
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    execFileSync(npx, rebuildArgs(version, scratch), { stdio: 'inherit', cwd: scratch });
    const built = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`the rebuild reported success but produced no ${built}`);
    verify(built, version);
    mkdirSync(targetDir, { recursive: true });
    cpSync(built, target);
    const abi = verify(target, version);
    console.log(`Built better-sqlite3 for Electron ${version} (ABI ${abi}): ${target}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`\nERROR: could not build better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
