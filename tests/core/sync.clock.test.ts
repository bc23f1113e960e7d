import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncApi } from '../../core/api/sync';
import { encodeHlc } from '../../core/protocol/hlc';
import { createServices } from '../../core/services';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { openStore } from '../../core/store/store';
import { SyncStateRepo } from '../../core/store/syncState';
import { registerTarget, syncTarget } from '../../core/sync/engine';
import { describeClockSkew, formatDuration } from '../../core/sync/clock';
import { FileSecretStore } from '../../core/sync/secrets';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { tempDir } from './helpers';

const HOUR = 3_600_000;

/** A data folder whose clock runs `offsetMs` off the real time. */
async function deviceWithClock(offsetMs: number) {
  const dir = tempDir();
  const store = await openStore({ dataDir: dir.dir, now: () => new Date(Date.now() + offsetMs) });
  new CatalogRepo(store).seed();
  const services = createServices({ store, changed: () => {} });
  return { store, services, dir: dir.dir, close: () => (store.close(), dir.cleanup()) };
}

describe('a device clock far off the server’s', () => {
  let server: TestServer;
  const cleanups: Array<() => void> = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (cleanups.length) cleanups.pop()?.();
    await server.close();
  });

  async function registered(offsetMs: number) {
    const device = await deviceWithClock(offsetMs);
    cleanups.push(device.close);
    const secrets = new FileSecretStore(device.dir);
    const { token } = await server.addDevice({ email: 'dana@example.com' });
    const target = await registerTarget(device.store, secrets, { url: server.url, token, from: 'cli' });
    return { ...device, secrets, target, repo: new SyncStateRepo(device.store) };
  }

  it('says how far ahead the clock is, keeps the change queued, and records no refusal', async () => {
    const d = await registered(2 * HOUR);
    d.services.accounts.create({ name: 'Written two hours ahead' });
    const failure = syncTarget(d.store, d.secrets, d.target);
    await expect(failure).rejects.toMatchObject({ code: 'clock_skew', message: expect.stringMatching(/This computer’s clock is 2 h ahead of the clock of http:\/\/127\.0\.0\.1:\d+ \(server time \d{4}-\d\d-\d\dT/) as unknown });
    await expect(failure).rejects.toMatchObject({ details: { clockAheadMs: expect.any(Number) as unknown } });
    expect(d.repo.pendingCount(d.target.id)).toBe(1);
    expect(d.repo.unsentCount()).toBe(1);
    expect(d.repo.rejections()).toEqual([]);
    expect(d.repo.listTargets()[0]?.lastError).toMatch(/2 h ahead/);
    expect(await server.store.db.query('SELECT * FROM records')).toEqual([]);
  });

  it('explains changes stamped ahead while the clock was wrong, once the clock is right again', async () => {
    const d = await registered(0);
    // The clock was 90 minutes ahead when this change was made; it has been set right since.
    d.store.db.prepare(`INSERT INTO local_meta (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(encodeHlc({ wall: Date.now() + 1.5 * HOUR, counter: 0, device: d.store.deviceId }));
    d.services.accounts.create({ name: 'Stamped ahead' });
    await expect(syncTarget(d.store, d.secrets, d.target)).rejects.toMatchObject({
      code: 'clock_skew',
      message: expect.stringMatching(/stamped 1 h 30 min ahead of .* They are kept and sent once that time has passed/) as unknown,
    });
    expect(d.repo.pendingCount(d.target.id)).toBe(1);
  });

  it('is not retried in a tight loop: background sync backs off, and the status keeps the reason', async () => {
    const device = await deviceWithClock(2 * HOUR);
    cleanups.push(device.close);
    let pushes = 0;
    const counting: typeof fetch = (input, init) => {
      if (typeof input === 'string' && input.endsWith('/v1/push')) pushes += 1;
      return fetch(input, init);
    };
    const api = createSyncApi({
      store: device.store,
      host: 'in-process',
      changed: () => {},
      fetchFn: counting,
      background: { debounceMs: 10, intervalMs: 60_000, maxBackoffMs: 60_000, random: () => 0.5 },
    });
    cleanups.push(() => api.stop());
    const { token } = await server.addDevice({ email: 'dana@example.com' });
    await api.register({ url: server.url, token });
    device.services.accounts.create({ name: 'Ahead' });
    api.schedule();
    await waitFor(() => api.status().targets[0]?.lastError !== null);
    expect(pushes).toBe(1);
    // More local writes while failing: the backoff (5 s after one failure) decides, not the writes.
    for (let i = 0; i < 5; i += 1) {
      device.services.accounts.create({ name: `Ahead ${i}` });
      api.schedule();
    }
    await new Promise((done) => setTimeout(done, 300));
    expect(pushes).toBe(1);
    expect(api.status().targets[0]?.lastError).toMatch(/This computer’s clock is 2 h ahead/);
    expect(api.status().unsent).toBe(6);
  });
});

describe('the clock-skew report', () => {
  it('formats durations for people', () => {
    expect([40_000, 5 * 60_000, 2 * HOUR, 2 * HOUR + 5 * 60_000, 26 * HOUR, 48 * HOUR, -3 * 60_000].map(formatDuration)).toEqual([
      '40 s',
      '5 min',
      '2 h',
      '2 h 5 min',
      '1 day 2 h',
      '2 days',
      '3 min',
    ]);
  });

  it('tells a clock behind from one ahead', () => {
    const serverTime = '2026-11-27T10:00:00.000Z';
    const behind = describeClockSkew({ server: 'https://sync.example.com', serverTime, localNow: Date.parse(serverTime) - 3 * HOUR, op: null });
    expect(behind).toMatchObject({ clockAheadMs: -3 * HOUR, serverTime: '2026-11-27T10:00:00Z' });
    expect(behind.message).toMatch(/^This computer’s clock is 3 h behind the clock of https:\/\/sync\.example\.com/);
  });
});

async function waitFor(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i += 1) await new Promise((done) => setTimeout(done, 25));
  if (!ok()) throw new Error('timed out');
}


