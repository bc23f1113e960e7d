import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './core/host/csp.ts';

/**
 * Writes the one CSP (core/host/csp.ts) into index.html, for hosts that cannot send it as a header (Electron's
 * file:// page). frame-ancestors only works as a header, so the meta copy leaves it out.
 */
function cspMeta(): Plugin {
  const policy = contentSecurityPolicy()
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ');
  return { name: 'fieldbook-csp', transformIndexHtml: (html) => html.replace('%FIELDBOOK_CSP%', policy) };
}

// The renderer is a static bundle: served by the browser host, loaded from file by Electron.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false },
});
