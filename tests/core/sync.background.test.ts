import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { backoffDelay } from '../../core/api/sync';
import type { SyncStatus } from '../../core/api/contract';
import { sqliteBackend, startTestServer } from '../server/harness';
import { tempDir } from './helpers';

async function eventually<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('background sync', () => {
  it('backs off by doubling from 5 s up to the cap, with ±20 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 600_000, () => 0.5))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(backoffDelay(20, 600_000, () => 0.5)).toBe(600_000);
    expect(backoffDelay(1, 600_000, () => 0)).toBe(4000);
    expect(backoffDelay(1, 600_000, () => 0.999999)).toBe(6000);
  });

  it('sends a local change shortly after it is written, without being asked', async () => {
    const server = await startTestServer(sqliteBackend);
    const t = tempDir();
    const core = await openCore({
      dataDir: t.dir,
      host: 'in-process',
      watchIntervalMs: 0,
      backgroundSync: { debounceMs: 50, intervalMs: 60_000, maxBackoffMs: 60_000 },
    });
    try {
      const device = await server.addDevice({ email: 'dana@example.com' });
      expect((await core.link.request('sync.register', { url: server.url, token: device.token })).ok).toBe(true);
      const created = await core.link.request('accounts.create', { name: 'Sent in the background' });
      expect(created.ok).toBe(true);
      const rows = await eventually(
        () => server.store.db.query<{ fields: string }>('SELECT fields FROM records'),
        (r) => r.length === 1,
        'the account to reach the server',
      );
      expect(rows[0]?.fields).toContain('Sent in the background');
      const status = await eventually(
        async () => (await core.link.request('sync.status', {})) as { ok: true; data: SyncStatus },
        (s) => s.data.unsent === 0 && s.data.targets[0]?.lastSyncAt !== null,
        'the status to show the pass',
      );
      expect(status.data.targets[0]).toMatchObject({ pending: 0, lastError: null });
    } finally {
      core.close();
      t.cleanup();
      await server.close();
    }
  });

  it('keeps changes and records the error while the server is unreachable', async () => {
    const server = await startTestServer(sqliteBackend);
    const t = tempDir();
    const core = await openCore({
      dataDir: t.dir,
      host: 'in-process',
      watchIntervalMs: 0,
      backgroundSync: { debounceMs: 30, intervalMs: 60_000, maxBackoffMs: 60_000 },
    });
    try {
      const device = await server.addDevice({ email: 'dana@example.com' });
      await core.link.request('sync.register', { url: server.url, token: device.token });
      await server.close();
      await core.link.request('accounts.create', { name: 'Written offline' });
      const status = await eventually(
        async () => (await core.link.request('sync.status', {})) as { ok: true; data: SyncStatus },
        (s) => s.data.targets[0]?.lastError !== null && s.data.targets[0]?.lastError !== undefined,
        'the error to be recorded',
      );
      expect(status.data.targets[0]?.lastError).toMatch(/Cannot reach/);
      expect(status.data.unsent).toBe(1);
    } finally {
      core.close();
      t.cleanup();
    }
  });
});
