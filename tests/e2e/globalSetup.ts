import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the renderer once for the whole e2e run: the browser host serves dist/renderer. */
export default function setup(): void {
  // Vitest sets NODE_ENV=test, which would bundle development React; build what users get.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (!existsSync('dist/renderer/index.html')) throw new Error('vite build did not produce dist/renderer/index.html');
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}. Install it with: apt-get update && apt-get install -y chromium`);
  }
}
