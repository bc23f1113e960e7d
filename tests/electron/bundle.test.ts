/**
 * Builds the shell with scripts/build.mjs and runs the bundled core (dist/…/core.cjs) in plain Node with a
 * fake parentPort: proves the CJS bundle loads (import.meta shim, better-sqlite3 resolution, migrations)
 * and serves a request end to end. The preload bundle must need nothing but 'electron'.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface BuildScript {
  buildShell: (outdir?: string) => Promise<void>;
}
const scriptPath = '../../scripts/build.mjs';
const root = join(import.meta.dirname, '..', '..');
const outdir = `dist/.test-electron-${process.pid}`;

// Runs inside a child Node process: plays the Electron main process around the bundled core.
const DRIVER = `
const { MessageChannel } = require('node:worker_threads');
const listeners = [];
process.parentPort = { on: (_e, l) => listeners.push(l), postMessage: () => {} };
require(process.argv[1]);
const wrap = (p) => ({
  on: (e, l) => (e === 'message' ? p.on('message', (data) => l({ data, ports: [] })) : p.on(e, l)),
  postMessage: (m) => p.postMessage(m), start: () => p.start(), close: () => p.close(),
});
const { port1, port2 } = new MessageChannel();
for (const l of listeners) l({ data: { kind: 'init', dataDir: process.argv[2] }, ports: [] });
for (const l of listeners) l({ data: { kind: 'connect' }, ports: [wrap(port2)] });
port1.on('message', (frame) => {
  if (frame.kind !== 'response') return;
  process.stdout.write(JSON.stringify(frame));
  process.exit(0);
});
port1.postMessage({ kind: 'request', id: 7, method: 'accounts.create', input: { name: 'Bundled' } });
setTimeout(() => { process.stderr.write('no answer'); process.exit(1); }, 15000);
`;

describe('scripts/build.mjs', () => {
  let dataDir: string;
  beforeAll(async () => {
    const { buildShell } = (await import(/* @vite-ignore */ scriptPath)) as BuildScript;
    await buildShell(outdir);
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-bundle-'));
  }, 60_000);
  afterAll(() => {
    rmSync(join(root, outdir), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('bundles a core that loads in plain Node and answers over a port', () => {
    const output = execFileSync(process.execPath, ['-e', DRIVER, join(root, outdir, 'core.cjs'), dataDir], { encoding: 'utf8', timeout: 30_000 });
    const frame = JSON.parse(output) as { kind: string; id: number; result: { ok: boolean; data?: { name?: string } } };
    expect(frame).toMatchObject({ kind: 'response', id: 7, result: { ok: true, data: { name: 'Bundled' } } });
  });

  it('does nothing when loaded outside a utility process', () => {
    expect(() => execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, outdir, 'core.cjs'))})`])).not.toThrow();
  });

  it('keeps the sandboxed preload free of any require but electron', () => {
    const preload = readFileSync(join(root, outdir, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('leaves electron and better-sqlite3 external in main, and bundles electron-store', () => {
    const main = readFileSync(join(root, outdir, 'main.cjs'), 'utf8');
    expect(main).toContain('require("electron")');
    expect(main).not.toContain('require("electron-store")');
    expect(main).not.toMatch(/import\.meta/);
  });
});
