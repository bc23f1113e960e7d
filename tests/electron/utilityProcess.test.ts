/**
 * The core's utility-process host on real channels (node:worker_threads), a real temp data folder and real
 * SQLite: only Electron's MessagePortMain shape ({ data, ports }) is adapted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../core/model';
import { startUtilityHost } from '../../core/host/utilityProcess';
import type { HostInbound, UtilityHost } from '../../core/host/utilityProcess';
import { connect, fakeParent } from './utilityHarness';

let dir: string;
let parent: ReturnType<typeof fakeParent>;
let host: UtilityHost;
const exit = vi.fn();
const cleanups: Array<() => void> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-utility-'));
  parent = fakeParent();
  exit.mockClear();
  host = startUtilityHost(parent.parentPort, { exit, watchIntervalMs: 0 });
});
afterEach(() => {
  host.close();
  parent.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('startUtilityHost', () => {
  it('creates an account through a port and reads it back', async () => {
    const renderer = connect(parent);
    cleanups.push(() => renderer.renderer.close());
    // The port arrives before init: it must wait for the core rather than be dropped.
    parent.send({ kind: 'init', dataDir: dir, nativeBinding: null });
    await host.ready;
    await vi.waitFor(() => expect(parent.fromHost.find((m) => m.kind === 'ready')).toBeDefined());
    const ready = parent.fromHost.find((m) => m.kind === 'ready');
    expect(ready?.kind === 'ready' && ready.databasePath.startsWith(dir)).toBe(true);

    const created = await renderer.request('accounts.create', { name: 'Acme Corp' });
    expect(created).toMatchObject({ ok: true, data: { name: 'Acme Corp' } });
    const id = (created as { ok: true; data: Account }).data.id;

    await expect(renderer.request('accounts.get', { id })).resolves.toMatchObject({ ok: true, data: { id, name: 'Acme Corp' } });
    const list = await renderer.request('accounts.list', {});
    expect(list.ok && (list.data as Account[]).map((account) => account.name)).toEqual(['Acme Corp']);
    await expect(renderer.request('app.info', {})).resolves.toMatchObject({ ok: true, data: { host: 'electron', dataDir: dir } });

    // The write was announced on the same connection.
    expect(renderer.frames).toContainEqual(expect.objectContaining({ kind: 'event', name: 'data.changed' }));
  });

  it('serves several windows independently, each with its own port', async () => {
    parent.send({ kind: 'init', dataDir: dir });
    await host.ready;
    const a = connect(parent);
    const b = connect(parent);
    cleanups.push(() => a.renderer.close(), () => b.renderer.close());
    await a.request('accounts.create', { name: 'From A' });
    const list = await b.request('accounts.list', {});
    expect(list.ok && (list.data as Account[]).map((account) => account.name)).toEqual(['From A']);
    expect(host.connections).toBe(2);
  });

  it('drops a session when its renderer port closes (reload, window closed)', async () => {
    parent.send({ kind: 'init', dataDir: dir });
    await host.ready;
    const a = connect(parent);
    const b = connect(parent);
    cleanups.push(() => b.renderer.close());
    await a.request('app.info', {});
    await b.request('app.info', {});
    expect(host.connections).toBe(2);
    a.renderer.close();
    await vi.waitFor(() => expect(host.connections).toBe(1));
    await expect(b.request('accounts.list', {})).resolves.toMatchObject({ ok: true });
  });

  it('answers a validation error as an envelope and reports a malformed frame without crashing', async () => {
    parent.send({ kind: 'init', dataDir: dir });
    await host.ready;
    const renderer = connect(parent);
    cleanups.push(() => renderer.renderer.close());
    await expect(renderer.request('accounts.create', { name: 42 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
    renderer.renderer.postMessage({ kind: 'nonsense' });
    await vi.waitFor(() => expect(parent.fromHost).toContainEqual(expect.objectContaining({ kind: 'log', context: 'bad_frame' })));
    await expect(renderer.request('accounts.list', {})).resolves.toMatchObject({ ok: true });
  });

  it('answers unavailable, not silence, when the data folder cannot be opened', async () => {
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, 'x');
    parent.send({ kind: 'init', dataDir: notAFolder });
    await host.ready;
    await vi.waitFor(() => expect(parent.fromHost).toContainEqual(expect.objectContaining({ kind: 'fatal' })));
    const renderer = connect(parent);
    cleanups.push(() => renderer.renderer.close());
    await expect(renderer.request('accounts.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('closes the database and exits with 0 on shutdown', async () => {
    parent.send({ kind: 'init', dataDir: dir });
    await host.ready;
    parent.send({ kind: 'shutdown' });
    // 'closed' is posted before exit runs, but crosses a channel: wait for both.
    await vi.waitFor(() => {
      expect(exit).toHaveBeenCalledWith(0);
      expect(parent.fromHost).toContainEqual({ kind: 'closed' });
    });
  });

  it('ignores messages that are not host messages', async () => {
    parent.send({ kind: 'init', dataDir: '' });
    parent.send({ kind: 'rm -rf' } as unknown as HostInbound);
    await vi.waitFor(() => expect(parent.fromHost.filter((m) => m.kind === 'log')).toHaveLength(2));
    expect(parent.fromHost.some((m) => m.kind === 'ready' || m.kind === 'fatal')).toBe(false);
  });
});
