// The check that runs on every packaged app (electron-builder's afterPack, before fuses and signing) and
// fails the build when the package is wrong:
//  - resources/native/better_sqlite3.node must exist and be built for Electron's ABI (its bytes are read:
//    a Node-ABI build exports node_register_module_v<Node's ABI>, see scripts/electron-native.mjs);
//  - no other native module anywhere (the Node-ABI build in node_modules/better-sqlite3/build must never
//    ride along);
//  - app.asar holds only the built output: every entry must match PACKAGED_ENTRIES, so sources, tests, source
//    maps and dev files cannot slip in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import asar from '@electron/asar';
import { checkPackagedAbi, expectedElectronAbi } from '../scripts/electron-native.mjs';

/** Where the Electron-ABI module goes inside the resources folder (electron/paths.ts expects it there). */
export const NATIVE_RESOURCE = 'native/better_sqlite3.node';

/** What app.asar may hold, and nothing else. */
export const PACKAGED_ENTRIES = [
  /^\/package\.json$/,
  /^\/dist\/electron\/(main|preload|core)\.cjs$/,
  /^\/dist\/electron\/tray\/[A-Za-z@0-9]+\.png$/,
  /^\/dist\/renderer\/index\.html$/,
  /^\/dist\/renderer\/assets\/[A-Za-z0-9_.-]+\.(js|css|woff2?|png|svg)$/,
  /^\/node_modules\/better-sqlite3\/package\.json$/,
  /^\/node_modules\/better-sqlite3\/lib\/[A-Za-z0-9_/-]+\.js$/,
];

/** Directories that only hold allowed files. */
function isDirectoryEntry(entry, files) {
  const prefix = `${entry}/`;
  return files.some((file) => file.startsWith(prefix));
}

/**
 * The entries of an asar archive that are not allowed: any file not matching PACKAGED_ENTRIES.
 * @param {string[]} entries as @electron/asar lists them (leading `/`, forward slashes)
 */
export function disallowedEntries(entries) {
  const normalized = entries.map((entry) => entry.split(sep).join('/'));
  return normalized.filter((entry) => !isDirectoryEntry(entry, normalized) && !PACKAGED_ENTRIES.some((pattern) => pattern.test(entry)));
}

function walk(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...walk(path));
    else found.push(path);
  }
  return found;
}

/**
 * Checks one packaged app; returns the problems (empty when the package is right).
 * @param {{ resourcesDir: string, electronVersion: string, nodeAbi?: string }} options
 */
export function packageProblems({ resourcesDir, electronVersion, nodeAbi = process.versions.modules }) {
  const problems = [];
  const electronAbi = expectedElectronAbi(electronVersion);

  const native = join(resourcesDir, ...NATIVE_RESOURCE.split('/'));
  if (!existsSync(native)) {
    problems.push(`${NATIVE_RESOURCE} is missing: run \`node scripts/electron-native.mjs\` (npm run dist does) before packaging`);
  } else {
    const result = checkPackagedAbi(readFileSync(native), nodeAbi, electronAbi);
    if (!result.ok) problems.push(`${NATIVE_RESOURCE} cannot be loaded by Electron ${electronVersion}: ${result.reason}`);
  }

  // Native modules outside resources/native: in unpacked folders or anywhere else on disk …
  for (const file of walk(resourcesDir)) {
    const rel = relative(resourcesDir, file).split(sep).join('/');
    if (rel.endsWith('.node') && rel !== NATIVE_RESOURCE) problems.push(`unexpected native module ${rel}`);
  }
  // … and inside the archive.
  const archive = join(resourcesDir, 'app.asar');
  if (!existsSync(archive)) {
    problems.push('app.asar is missing: the app must be packaged as an archive (asar: true)');
  } else {
    const entries = asar.listPackage(archive, { isPack: false });
    for (const entry of entries) if (entry.endsWith('.node')) problems.push(`unexpected native module app.asar${entry}`);
    for (const entry of disallowedEntries(entries)) problems.push(`app.asar holds ${entry}, which is not part of the built app`);
  }
  return problems;
}

/** electron-builder's afterPack hook. */
export default async function checkPackagedApp(context) {
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir);
  const electronVersion = context.packager.config.electronVersion;
  const problems = packageProblems({ resourcesDir, electronVersion });
  if (problems.length > 0) {
    throw new Error(`The packaged app in ${context.appOutDir} is not right:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
