import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import type { EventFrame } from '../../core/api/contract';
import { SyncStateRepo } from '../../core/store/syncState';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { tempDir, testCore } from './helpers';

type Device = Awaited<ReturnType<typeof testCore>>;

/** Calls through the link and returns the envelope's error, or throws when the call succeeded. */
async function failure(device: Pick<Device, 'core'>, method: string, input: unknown) {
  const result = await device.core.link.request(method, input);
  if (result.ok) throw new Error(`${method} succeeded: ${JSON.stringify(result.data)}`);
  return result.error;
}

describe('the sync API, through the link, against a real server', () => {
  let server: TestServer;
  const devices: Device[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (devices.length) devices.pop()?.close();
    await server.close();
  });
  const device = async () => {
    const d = await testCore();
    devices.push(d);
    return d;
  };

  it('registers, pushes a created account with sync.run, and reports nothing pending', async () => {
    const a = await device();
    expect(await a.call('sync.status', {})).toEqual({ unsent: 0, targets: [], rejections: [], unavailable: null, bundleTargets: 0 });
    await a.call('accounts.create', { name: 'Acme', residency: 'eu' });
    expect((await a.call('sync.status', {})).unsent).toBe(1);

    const { token } = await server.addDevice({ email: 'dana@example.com' });
    const target = await a.call('sync.register', { url: `${server.url}/`, token });
    expect(target).toMatchObject({ url: server.url, registeredFrom: 'cli', residencies: ['global', 'eu'], pending: 1, lastSyncAt: null });
    // The token lives in the data folder's secret store, never in the database.
    expect(JSON.stringify(a.core.store.db.prepare('SELECT * FROM sync_targets').all())).not.toContain(token);

    const [summary, ...rest] = await a.call('sync.run', {});
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({ target: server.url, pushed: 1, rejected: 0, pending: 0, note: null });
    const status = await a.call('sync.status', {});
    expect(status.unsent).toBe(0);
    expect(status.targets).toEqual([expect.objectContaining({ url: server.url, pending: 0, lastError: null, lastSyncAt: expect.any(String) as unknown })]);
    expect(JSON.stringify(await server.store.db.query('SELECT * FROM records'))).toContain('Acme');
  });

  it('pulls another device’s account, and tells the screens to refresh', async () => {
    const a = await device();
    const b = await device();
    await a.call('sync.register', { url: server.url, token: (await server.addDevice({ email: 'dana@example.com' })).token });
    await b.call('sync.register', { url: server.url, token: (await server.addDevice({ email: 'dana@example.com' })).token });
    const acme = await a.call('accounts.create', { name: 'Acme' });
    await a.call('sync.run', {});
    const events: EventFrame[] = [];
    b.core.events.subscribe((frame) => events.push(frame));
    expect(await b.call('sync.run', {})).toEqual([expect.objectContaining({ pulled: 1 })]);
    expect(await b.call('accounts.get', { id: acme.id })).toMatchObject({ name: 'Acme' });
    expect(events).toEqual([{ kind: 'event', name: 'data.changed', payload: { tables: ['*'], external: false } }]);
    // Nothing new: no refresh.
    events.length = 0;
    await b.call('sync.run', {});
    expect(events).toEqual([]);
  });

  it('lists a refused change with its reason', async () => {
    const a = await device();
    await a.call('sync.register', { url: server.url, token: (await server.addDevice({ email: 'dana@example.com' })).token });
    await a.call('accounts.create', { name: 'Cleared Program', clearance: 'us-secret' });
    expect(await a.call('sync.run', {})).toEqual([expect.objectContaining({ pushed: 0, rejected: 1 })]);
    const { rejections } = await a.call('sync.status', {});
    expect(rejections).toEqual([
      expect.objectContaining({ table: 'accounts', label: 'Cleared Program', code: 'forbidden', message: expect.stringMatching(/clearance/) as unknown }),
    ]);
  });

  it('refuses a bad token, a bad address, and an unreachable server, and stores nothing', async () => {
    const a = await device();
    expect(await failure(a, 'sync.register', { url: server.url, token: 'not-a-real-token' })).toMatchObject({ code: 'unauthenticated' });
    expect(await failure(a, 'sync.register', { url: 'ftp://example.com', token: 'x' })).toEqual({
      code: 'invalid',
      message: 'The server address must start with https:// (or http:// on this machine).',
      details: { fields: { url: 'The server address must start with https:// (or http:// on this machine).' } },
    });
    expect(await failure(a, 'sync.register', { url: '', token: '' })).toMatchObject({
      code: 'invalid',
      details: { fields: { url: 'Enter the server address.', token: 'Enter the device token.' } },
    });
    expect(await failure(a, 'sync.register', { url: 'http://127.0.0.1:9', token: 'x' })).toMatchObject({ code: 'unavailable', message: /Cannot reach/ });
    expect(await failure(a, 'sync.run', {})).toMatchObject({ code: 'not_found' });
    expect(new SyncStateRepo(a.core.store).listTargets()).toEqual([]);
  });

  it('reports a failed pass as an error and keeps it on the target', async () => {
    const a = await device();
    await a.call('sync.register', { url: server.url, token: (await server.addDevice({ email: 'dana@example.com' })).token });
    await a.call('accounts.create', { name: 'Acme' });
    await server.close();
    expect(await failure(a, 'sync.run', {})).toMatchObject({ code: 'unavailable', message: /Cannot reach .*Your changes are kept/ });
    const status = await a.call('sync.status', {});
    expect(status.targets[0]?.lastError).toMatch(/Cannot reach/);
    expect(status.unsent).toBe(1);
    server = await startTestServer(sqliteBackend);
  });

  it('skips a server registered from another kind of host, with a note', async () => {
    const data = tempDir();
    const browser = await openCore({ dataDir: data.dir, host: 'browser', watchIntervalMs: 0 });
    try {
      const registered = await browser.link.request('sync.register', { url: server.url, token: (await server.addDevice({})).token });
      expect(registered).toMatchObject({ ok: true, data: { registeredFrom: 'browser' } });
    } finally {
      browser.close();
    }
    const cli = await testCore(data.dir);
    try {
      expect(await cli.call('sync.run', {})).toEqual([
        expect.objectContaining({ target: server.url, pushed: 0, note: `Skipped: ${server.url} was registered from the browser host; sync it from there.` }),
      ]);
    } finally {
      cli.close();
      data.cleanup();
    }
  });

  it('in the desktop app, says honestly that registering is not available yet', async () => {
    const data = tempDir();
    const core = await openCore({ dataDir: data.dir, host: 'electron', watchIntervalMs: 0 });
    try {
      const { token } = await server.addDevice({});
      const expected = {
        code: 'unavailable',
        message:
          'Registering the desktop app with a sync server is not available yet: use the browser host or the CLI (fieldbook device register).',
      };
      expect(await failure({ core }, 'sync.register', { url: server.url, token })).toEqual(expected);
      expect(await failure({ core }, 'sync.run', {})).toEqual(expected);
      expect(await core.link.request('sync.status', {})).toEqual({
        ok: true,
        data: { unsent: 0, targets: [], rejections: [], unavailable: expected.message, bundleTargets: 0 },
      });
      // Bundle keys need a secret store the desktop app cannot offer yet either.
      const bundles = 'Bundle keys cannot be kept by the desktop app yet: use the browser host or the CLI (fieldbook bundle keys create).';
      expect(await failure({ core }, 'bundles.createKeys', {})).toEqual({ code: 'unavailable', message: bundles });
      expect(await core.link.request('bundles.status', {})).toEqual({ ok: true, data: { device: null, targets: [], unavailable: bundles } });
    } finally {
      core.close();
      data.cleanup();
    }
  });
});
