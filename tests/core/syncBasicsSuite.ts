import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../core/model';
import { main } from '../../core/cli/main';
import { registerTarget } from '../../core/sync/engine';
import { hashToken } from '../../server/auth';
import { startTestServer } from '../server/harness';
import type { Backend, TestServer } from '../server/harness';
import { testCore } from './helpers';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

const names = async (c: Client) => (await c.call('accounts.list', {})).map((a: Account) => a.name);

/** Devices syncing through a real server, run against each server storage (SQLite here, PostgreSQL in test:pg). */
export function syncBasicsSuite(backend: Backend): void {
  describe(`sync between devices through a real server on ${backend.name}`, () => {
    let server: TestServer;
    const clients: Client[] = [];
    beforeEach(async () => {
      server = await startTestServer(backend);
    });
    afterEach(async () => {
      while (clients.length) clients.pop()?.close();
      await server.close();
    });
    const make = async (email: string, options?: { clearances?: string[]; register?: boolean }) => {
      const c = await device(server, email, options);
      clients.push(c);
      return c;
    };

    it('sends a change from one device to another and empties the outbox once acknowledged', async () => {
      const laptop = await make('dana@example.com');
      const desktop = await make('dana@example.com');
      const acme = await laptop.call('accounts.create', { name: 'Acme', tier: 'premier', residency: 'eu' });
      expect(laptop.repo.unsentCount()).toBe(1);
      expect(await laptop.sync()).toMatchObject({ pushed: 1, rejected: 0, pending: 0 });
      expect(laptop.repo.unsentCount()).toBe(0);
      await desktop.sync();
      expect(await desktop.call('accounts.get', { id: acme.id })).toMatchObject({ name: 'Acme', tier: 'premier', residency: 'eu' });
    });

    it('converges when two devices edit different fields of one account offline', async () => {
      const a = await make('dana@example.com');
      const b = await make('dana@example.com');
      const acme = await a.call('accounts.create', { name: 'Acme' });
      await a.sync();
      await b.sync();
      await a.call('accounts.update', { id: acme.id, patch: { health: 'red' } });
      await b.call('accounts.update', { id: acme.id, patch: { notes: 'Upgrade blocked on change freeze' } });
      await b.sync();
      await a.sync();
      await b.sync();
      const onA = await a.call('accounts.get', { id: acme.id });
      const onB = await b.call('accounts.get', { id: acme.id });
      expect({ health: onA.health, notes: onA.notes }).toEqual({ health: 'red', notes: 'Upgrade blocked on change freeze' });
      expect({ ...onB, updatedAt: '', createdAt: '' }).toEqual({ ...onA, updatedAt: '', createdAt: '' });
    });

    it('carries deletes, and a restore after them', async () => {
      const a = await make('dana@example.com');
      const b = await make('dana@example.com');
      const acme = await a.call('accounts.create', { name: 'Acme' });
      await a.sync();
      await b.sync();
      await b.call('accounts.delete', { id: acme.id });
      await b.sync();
      await a.sync();
      expect(await names(a)).toEqual([]);
      await a.call('accounts.restore', { id: acme.id });
      await a.sync();
      await b.sync();
      expect(await names(b)).toEqual(['Acme']);
    });

    it('sends what was written before the device was registered', async () => {
      const a = await make('dana@example.com', { register: false });
      await a.call('accounts.create', { name: 'Offline First' });
      await a.call('accounts.create', { name: 'Offline Second' });
      const token = (a as unknown as { token: string }).token;
      await registerTarget(a.core.store, a.secrets, { url: server.url, token, from: 'cli' });
      expect(await a.sync()).toMatchObject({ pushed: 2 });
      const b = await make('dana@example.com');
      await b.sync();
      expect(await names(b)).toEqual(['Offline First', 'Offline Second']);
    });

    it('routes an account only to a server allowed to hold its residency', async () => {
      const a = await make('dana@example.com');
      await a.call('accounts.create', { name: 'Singapore Sovereign', residency: 'sg' });
      await a.call('accounts.create', { name: 'EU Bank', residency: 'eu' });
      const summary = await a.sync();
      expect(summary).toMatchObject({ pushed: 1, rejected: 0 });
      // The sovereign account's change stays in the outbox for a server that may hold it.
      expect(a.repo.unsentCount()).toBe(1);
      expect(JSON.stringify(await server.store.db.query('SELECT * FROM records'))).not.toContain('Singapore Sovereign');
    });

    it('keeps a refused change visible with its reason, instead of retrying it forever', async () => {
      const a = await make('dana@example.com');
      await a.call('accounts.create', { name: 'Cleared Program', clearance: 'us-secret' });
      expect(await a.sync()).toMatchObject({ pushed: 0, rejected: 1, pending: 0 });
      expect(a.repo.rejections()).toEqual([expect.objectContaining({ table: 'accounts', code: 'forbidden', message: expect.stringMatching(/clearance/) as unknown })]);
    });

    it('purges an account whose grant was revoked', async () => {
      const owner = await make('owner@example.com');
      const reader = await make('reader@example.com');
      const acme = await owner.call('accounts.create', { name: 'Acme' });
      await owner.sync();
      await server.store.grant({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id, 'read');
      await reader.sync();
      expect(await names(reader)).toEqual(['Acme']);
      await server.store.revoke({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id);
      expect(await reader.sync()).toMatchObject({ revoked: [acme.id], purged: 1 });
      expect(await names(reader)).toEqual([]);
      expect(reader.core.store.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    });

    it('purges every synced record of a device revoked on the server (a lost laptop)', async () => {
      const laptop = await make('dana@example.com');
      await laptop.call('accounts.create', { name: 'Acme' });
      await laptop.call('accounts.create', { name: 'Globex' });
      await laptop.sync();
      const [target] = laptop.repo.listTargets();
      const token = (laptop as unknown as { token: string }).token;
      const device = await server.store.deviceByTokenHash(hashToken(token));
      await server.store.revokeDevice(device?.id ?? '');
      await expect(laptop.sync()).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'device_revoked', purged: 2 } });
      expect(laptop.core.store.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
      expect(laptop.repo.listTargets()).toEqual([]);
      expect(laptop.secrets.get(`target-${target?.id ?? ''}`)).toBeNull();
    });

    it('works from the CLI: register, sync, status', async () => {
      const registered = await server.addDevice({ email: 'cli@example.com' });
      const t = await testCore();
      clients.push({ ...t } as Client);
      await t.call('accounts.create', { name: 'From the CLI' });
      t.core.close();
      const out: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
      expect(await main(['--data-dir', t.dir, 'device', 'register', '--server', server.url, '--token', registered.token], io)).toBe(0);
      expect(await main(['--data-dir', t.dir, 'sync'], io)).toBe(0);
      expect(out.at(-1)).toMatch(/sent 1, refused 0, received 0/);
      expect(await main(['--data-dir', t.dir, 'sync', '--status', '--json'], io)).toBe(0);
      expect(JSON.parse(out.at(-1) ?? '{}')).toMatchObject({ unsent: 0, targets: [{ url: server.url, pending: 0, lastError: null }] });
      const bad = await main(['--data-dir', t.dir, 'device', 'register', '--server', server.url, '--token', 'fbd_wrong-token-here'], io);
      expect(bad).not.toBe(0);
      expect(out.at(-1)).toMatch(/already registered|not known/);
    });
  });
}
