// Bundles the Electron shell (main, preload, core utility process) with esbuild. Needs no Electron binary.
// Run after `vite build` (npm run build); output goes to dist/electron/.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, isAbsolute, join } from 'node:path';
import { windowsPublishers } from '../build/release.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The core reads `import.meta.url` (package.json, resolving better-sqlite3). A CJS bundle has no
// import.meta, so it is replaced by a file URL of the bundle itself, built from __filename.
const importMetaShim = {
  banner: { js: 'const __fieldbook_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__fieldbook_import_meta_url' },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

/**
 * Builds the three bundles into `outdir` (relative to the repo root). Keep outdir two levels below the root:
 * the core finds package.json at `../../package.json` from its bundle.
 * @param {string} [outdir]
 */
export async function buildShell(outdir = 'dist/electron') {
  await Promise.all([
    build({
      ...common,
      ...importMetaShim,
      define: {
        ...importMetaShim.define,
        // The Windows code-signing subjects updates must carry (electron/updater.ts fails closed without one).
        __FIELDBOOK_WIN_PUBLISHERS__: JSON.stringify(windowsPublishers()),
      },
      entryPoints: ['electron/main.ts'],
      outfile: `${outdir}/main.cjs`,
      // electron-store and conf are ESM-only: bundling them lets esbuild convert them, instead of a runtime
      // require() of an ES module whose default export would need interop.
      external: ['electron', 'better-sqlite3'],
    }),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: `${outdir}/preload.cjs`,
      // A sandboxed preload may require only 'electron'; everything else is bundled in.
      external: ['electron'],
      platform: 'browser',
      target: 'chrome130',
      minify: true,
    }),
    build({
      ...common,
      ...importMetaShim,
      entryPoints: ['electron/coreEntry.ts'],
      outfile: `${outdir}/core.cjs`,
      // Loaded through the nativeBinding option with the Electron-ABI build; the JS part stays in node_modules.
      external: ['better-sqlite3', 'electron'],
    }),
  ]);
  // The tray images (rendered by scripts/icons.mjs) next to the bundles, where electron/paths.ts finds them.
  const tray = join(isAbsolute(outdir) ? outdir : join(root, outdir), 'tray');
  mkdirSync(tray, { recursive: true });
  for (const name of readdirSync(join(root, 'build', 'tray'))) cpSync(join(root, 'build', 'tray', name), join(tray, name));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildShell();
  console.log('Built dist/electron/main.cjs, preload.cjs, core.cjs');
}
