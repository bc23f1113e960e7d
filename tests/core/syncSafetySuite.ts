import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../core/model';
import { newId } from '../../core/model';
import { decodeHlc } from '../../core/protocol/hlc';
import { DATABASE_FILE } from '../../core/store/dataDir';
import { DEVICE_MARKER_FILE } from '../../core/store/deviceIdentity';
import { SyncStateRepo } from '../../core/store/syncState';
import { registerTarget } from '../../core/sync/engine';
import { FileSecretStore } from '../../core/sync/secrets';
import { startTestServer } from '../server/harness';
import type { Backend, TestServer } from '../server/harness';
import { tempDir, testCore } from './helpers';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

type Opened = Awaited<ReturnType<typeof testCore>>;

const accountNames = async (c: Pick<Client, 'call'>) => (await c.call('accounts.list', {})).map((a: Account) => a.name);

/**
 * Client safety nets against a real server (DESIGN.md §5): a restored or copied database gets a new device id
 * before it syncs, and a newly granted account arrives with its older history.
 */
export function syncSafetySuite(backend: Backend): void {
  describe(`restored and copied databases, and new grants, through a real server on ${backend.name}`, () => {
    let server: TestServer;
    const cleanups: Array<() => void> = [];
    beforeEach(async () => {
      server = await startTestServer(backend);
    });
    afterEach(async () => {
      while (cleanups.length) cleanups.pop()?.();
      await server.close();
    });
    const make = async (email: string) => {
      const c = await device(server, email);
      cleanups.push(() => c.close());
      return c;
    };
    /** Opens a data folder that another test step prepared; closed with the test. */
    const open = async (dir: string): Promise<Opened & { repo: SyncStateRepo; secrets: FileSecretStore }> => {
      const t = await testCore(dir);
      cleanups.push(() => t.core.close());
      return { ...t, repo: new SyncStateRepo(t.core.store), secrets: new FileSecretStore(dir) };
    };
    const syncOnce = (t: Awaited<ReturnType<typeof open>>) => {
      const [target] = t.repo.listTargets();
      if (!target) throw new Error('not registered');
      return import('../../core/sync/engine').then(({ syncTarget }) => syncTarget(t.core.store, t.secrets, target));
    };

    it('keeps the device id of a data folder opened again as it was', async () => {
      const laptop = await make('dana@example.com');
      const id = laptop.core.store.deviceId;
      laptop.core.close();
      const again = await open(laptop.dir);
      expect(again.core.store.deviceId).toBe(id);
      expect(again.core.store.identityReset).toBeNull();
      expect(again.repo.listTargets()[0]?.suspended).toBeNull();
    });

    it('gives a copied data folder a new device id, suspends its registration, and lets it register again as a new device', async () => {
      const laptop = await make('dana@example.com');
      await laptop.call('accounts.create', { name: 'Synced before the copy' });
      await laptop.sync();
      await laptop.call('accounts.create', { name: 'Unsent when copied' });
      const originalId = laptop.core.store.deviceId;
      laptop.core.close();
      const copyDir = tempDir();
      cleanups.push(copyDir.cleanup);
      cpSync(laptop.dir, copyDir.dir, { recursive: true });

      const copy = await open(copyDir.dir);
      expect(copy.core.store.deviceId).not.toBe(originalId);
      expect(copy.core.store.identityReset).toMatchObject({ previousDeviceId: originalId, why: expect.stringMatching(/restored from a backup or copied/) as unknown });
      const [suspended] = copy.repo.listTargets();
      expect(suspended?.suspended).toMatch(/Register it again before it syncs/);
      // It does not sync under the original's registration: nothing reaches the server.
      await expect(syncOnce(copy)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/restored from a backup or copied/) as unknown });
      expect(JSON.stringify(await server.store.db.query('SELECT fields FROM records'))).not.toContain('Unsent when copied');
      // Through the API: the status says why, and a run refuses.
      const status = await copy.call('sync.status', {});
      expect(status.targets[0]?.suspended).toMatch(/restored from a backup or copied/);

      // The original is untouched and syncs on.
      const original = await open(laptop.dir);
      expect(original.core.store.deviceId).toBe(originalId);
      expect(await syncOnce(original)).toMatchObject({ pushed: 1 });

      // The copy registers again with a new token: its unsent change goes, under a new device's numbers.
      const oldToken = (laptop as unknown as { token: string }).token;
      await expect(registerTarget(copy.core.store, copy.secrets, { url: server.url, token: oldToken, from: 'cli' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/already used by another device/) as unknown,
      });
      const fresh = await server.addDevice({ email: 'dana@example.com' });
      await copy.call('accounts.create', { name: 'Written on the copy' });
      const target = await registerTarget(copy.core.store, copy.secrets, { url: server.url, token: fresh.token, from: 'cli' });
      expect(target).toMatchObject({ suspended: null, lastOriginSeq: 0 });
      expect(await syncOnce(copy)).toMatchObject({ rejected: 0, pending: 0 });
      const reader = await make('dana@example.com');
      await reader.sync();
      expect((await accountNames(reader)).sort()).toEqual(['Synced before the copy', 'Unsent when copied', 'Written on the copy']);
      // The copy's new clocks carry its new device id.
      const created = (await copy.call('accounts.list', {})).find((a: Account) => a.name === 'Written on the copy');
      const row = copy.core.store.db.prepare<[string], { clocks: string }>('SELECT clocks FROM accounts WHERE id = ?').get(created?.id ?? '');
      expect(decodeHlc((JSON.parse(row?.clocks ?? '{}') as Record<string, string>)['name'] ?? '').device).toBe(copy.core.store.deviceId);
    });

    it('notices a backup copied over the live database file (same file, fewer opens than its marker)', async () => {
      const laptop = await make('dana@example.com');
      await laptop.call('accounts.create', { name: 'In the backup' });
      const id = laptop.core.store.deviceId;
      laptop.core.close();
      const backup = readFileSync(join(laptop.dir, DATABASE_FILE));
      const reopened = await open(laptop.dir);
      await reopened.call('accounts.create', { name: 'After the backup' });
      await syncOnce(reopened);
      reopened.core.close();
      writeFileSync(join(laptop.dir, DATABASE_FILE), backup);

      const restored = await open(laptop.dir);
      expect(restored.core.store.deviceId).not.toBe(id);
      expect(restored.repo.listTargets()[0]?.suspended).toMatch(/restored from a backup or copied/);
      expect(await accountNames(restored)).toEqual(['In the backup']);
    });

    it('is caught by the server when the marker was restored with the database: a reused number is refused and the device id changes', async () => {
      const laptop = await make('dana@example.com');
      await laptop.call('accounts.create', { name: 'Before the snapshot' });
      await laptop.sync();
      laptop.core.close();
      // A file-system snapshot: database and marker as they are now, rolled back later in place.
      const db = readFileSync(join(laptop.dir, DATABASE_FILE));
      const marker = readFileSync(join(laptop.dir, DEVICE_MARKER_FILE));
      const live = await open(laptop.dir);
      await live.call('accounts.create', { name: 'Sent after the snapshot' });
      await syncOnce(live);
      live.core.close();
      writeFileSync(join(laptop.dir, DATABASE_FILE), db);
      writeFileSync(join(laptop.dir, DEVICE_MARKER_FILE), marker);

      const rolledBack = await open(laptop.dir);
      const id = rolledBack.core.store.deviceId;
      expect(rolledBack.repo.listTargets()[0]?.suspended).toBeNull();
      await rolledBack.call('accounts.create', { name: 'Written after the rollback' });
      await expect(syncOnce(rolledBack)).rejects.toMatchObject({ code: 'conflict', details: { reason: 'device_diverged' } });
      expect(rolledBack.core.store.deviceId).not.toBe(id);
      expect(rolledBack.repo.listTargets()[0]?.suspended).toMatch(/already holds different changes/);
      expect(rolledBack.repo.unsentCount()).toBe(1);
      expect(JSON.stringify(await server.store.db.query('SELECT fields FROM records'))).not.toContain('Written after the rollback');
    });

    it('is caught by the server even with nothing to send: it holds more numbered changes than the device made', async () => {
      const laptop = await make('dana@example.com');
      laptop.core.close();
      const db = readFileSync(join(laptop.dir, DATABASE_FILE));
      const marker = readFileSync(join(laptop.dir, DEVICE_MARKER_FILE));
      const live = await open(laptop.dir);
      await live.call('accounts.create', { name: 'Sent after the snapshot' });
      await syncOnce(live);
      live.core.close();
      writeFileSync(join(laptop.dir, DATABASE_FILE), db);
      writeFileSync(join(laptop.dir, DEVICE_MARKER_FILE), marker);

      const rolledBack = await open(laptop.dir);
      await expect(syncOnce(rolledBack)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/holds 1 numbered changes from this device, which numbered only 0/) as unknown });
      expect(rolledBack.repo.listTargets()[0]?.suspended).not.toBeNull();
    });

    it('brings the older history of an account granted later: its records from before the device’s cursor', async () => {
      const owner = await server.addDevice({ email: 'owner@example.com' });
      const acme = owner.newAccountOp({ name: 'Acme', notes: 'Kick-off notes from before the grant' });
      const entry = newId();
      await owner.push([
        acme,
        owner.op('time_entries', entry, acme.id, {
          userId: owner.user.id,
          date: '2026-11-02',
          minutes: 90,
          startedAt: null,
          endedAt: null,
          timeZone: null,
          category: 'onsite',
          sku: null,
          billable: true,
          rate: null,
          currency: null,
          note: 'Workshop',
          source: 'manual',
          status: 'draft',
          adjustsId: null,
        }),
      ]);
      const reader = await make('reader@example.com');
      await reader.sync();
      expect(await accountNames(reader)).toEqual([]);

      await server.store.grant({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id, 'read');
      await owner.push([owner.op('accounts', acme.id, acme.id, { health: 'red' })]);
      const summary = await reader.sync();
      expect(summary.skipped).toBe(0);
      expect(await reader.call('accounts.get', { id: acme.id })).toMatchObject({ name: 'Acme', health: 'red', notes: 'Kick-off notes from before the grant' });
      expect(reader.core.store.db.prepare('SELECT note, minutes FROM time_entries WHERE id = ?').get(entry)).toEqual({ note: 'Workshop', minutes: 90 });
      // Done once: the next pass asks for nothing more.
      expect(await reader.sync()).toMatchObject({ pulled: 0, skipped: 0 });
    });

    it('starts over from a snapshot when the server no longer keeps the changes after its cursor', async () => {
      const a = await make('dana@example.com');
      const b = await make('dana@example.com');
      await a.call('accounts.create', { name: 'Early' });
      await a.sync();
      await b.sync();
      await a.call('accounts.create', { name: 'While B was away' });
      await a.sync();
      await server.store.pruneChanges(new Date(Date.now() + 60_000).toISOString());
      expect(await b.sync()).toMatchObject({ pulled: 1 });
      expect((await accountNames(b)).sort()).toEqual(['Early', 'While B was away']);
    });
  });
}
