import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonRole, Profile } from '../../core/model';
import { SyncStateRepo } from '../../core/store/syncState';
import { registerTarget, syncTarget } from '../../core/sync/engine';
import { FileSecretStore } from '../../core/sync/secrets';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { hashToken } from '../../server/auth';
import { testCore } from './helpers';

type Device = Awaited<ReturnType<typeof testCore>> & { sync: () => ReturnType<typeof syncTarget>; repo: SyncStateRepo };

/** Team, lifecycle and adoption records travel between devices through a real server, in their partitions. */
describe('team, lifecycle and adoption sync', () => {
  let server: TestServer;
  const devices: Device[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (devices.length) devices.pop()?.close();
    await server.close();
  });

  const device = async (email: string, role: PersonRole = 'tam'): Promise<Device> => {
    const base = await testCore();
    const profile: Profile = { name: email.split('@')[0] ?? email, email, role, homeRegion: 'eu', timeZone: 'Europe/Paris' };
    await base.call('profile.save', profile);
    const secrets = new FileSecretStore(base.dir);
    const repo = new SyncStateRepo(base.core.store);
    const registered = await server.addDevice({ email, roles: [role] });
    Object.assign(base, { token: registered.token });
    await registerTarget(base.core.store, secrets, { url: server.url, token: registered.token, from: 'cli' });
    const d: Device = {
      ...base,
      repo,
      sync: async () => {
        const [target] = repo.listTargets();
        if (!target) throw new Error('not registered');
        return syncTarget(base.core.store, secrets, target);
      },
    };
    devices.push(d);
    return d;
  };

  it('carries a stage change with its checklist, the team, contacts, the rotation and adoption to another device', async () => {
    const laptop = await device('dana@example.com');
    const desktop = await device('dana@example.com');
    const acme = await laptop.call('accounts.create', { name: 'Acme', tier: 'premier', residency: 'eu' });
    const me = await laptop.call('team.add', { accountId: acme.id, role: 'tam', me: true });
    await laptop.call('contacts.create', { accountId: acme.id, name: 'Pat Ops', title: 'Head of platform' });
    await laptop.call('rotation.save', {
      accountId: acme.id,
      fields: { timeZone: 'Europe/Paris', startsOn: '2026-01-05', handoffDay: 1, handoffTime: '09:00', shifts: [{ id: 'all', name: 'Around the clock', start: '00:00', end: '00:00', days: [1, 2, 3, 4, 5, 6, 7], order: [me.id] }] },
    });
    const [firstItem] = await laptop.call('lifecycle.templates', { stage: 'onboarding' });
    await laptop.call('lifecycle.move', { accountId: acme.id, to: 'onboarding', done: [firstItem?.id ?? ''] });
    await laptop.call('adoption.set', { accountId: acme.id, capability: 'sso', status: 'adopted', note: 'Okta live.' });
    expect(await laptop.sync()).toMatchObject({ rejected: 0, pending: 0 });

    await desktop.sync();
    expect((await desktop.call('accounts.get', { id: acme.id })).stage).toBe('onboarding');
    const lifecycle = await desktop.call('lifecycle.get', { accountId: acme.id });
    expect(lifecycle.events).toHaveLength(1);
    expect(lifecycle.events[0]?.items.map((i) => i.done)).toEqual([true, false, false, false, false]);
    const team = await desktop.call('team.get', { accountId: acme.id });
    expect(team.members.map((m) => m.name)).toEqual(['dana']);
    expect(team.contacts.map((c) => c.name)).toEqual(['Pat Ops']);
    expect(team.rotation?.shifts[0]?.order).toEqual([me.id]);
    const adoption = await desktop.call('adoption.get', { accountId: acme.id });
    expect(adoption.entries.find((e) => e.capability.code === 'sso')).toMatchObject({ status: 'adopted', notes: [expect.objectContaining({ text: 'Okta live.' })] });
  });

  it('merges offline work of two devices: one adoption record, both checklist ticks', async () => {
    const a = await device('dana@example.com');
    const b = await device('dana@example.com');
    const acme = await a.call('accounts.create', { name: 'Acme', residency: 'eu' });
    const moved = await a.call('lifecycle.move', { accountId: acme.id, to: 'onboarding' });
    await a.sync();
    await b.sync();
    const [one, two] = moved.events[0]?.items ?? [];

    await a.call('lifecycle.tick', { id: one?.id ?? '', done: true });
    await b.call('lifecycle.tick', { id: two?.id ?? '', done: true });
    await a.call('adoption.set', { accountId: acme.id, capability: 'rbac', status: 'piloting' });
    await b.call('adoption.set', { accountId: acme.id, capability: 'rbac', status: 'adopted' });
    await a.sync();
    await b.sync();
    await a.sync();

    for (const d of [a, b]) {
      const items = (await d.call('lifecycle.get', { accountId: acme.id })).events[0]?.items ?? [];
      expect(items.slice(0, 2).map((i) => i.done)).toEqual([true, true]);
      expect(d.core.store.db.prepare(`SELECT COUNT(*) AS n FROM adoption WHERE capability = 'rbac'`).get()).toEqual({ n: 1 });
      // b's change was later: last writer wins on the one shared record.
      expect((await d.call('adoption.get', { accountId: acme.id })).entries.find((e) => e.capability.code === 'rbac')?.status).toBe('adopted');
    }
  });

  it('a revoked device loses the team, lifecycle, adoption records and the directory, and keeps checklists and the catalog', async () => {
    const laptop = await device('morgan@example.com', 'manager');
    const acme = await laptop.call('accounts.create', { name: 'Acme', residency: 'eu' });
    await laptop.call('people.save', { fields: { name: 'Quinn Reyes', email: 'quinn@example.com', roles: ['escalation_engineer'], clearances: [], homeRegion: 'eu', timeZone: 'Europe/Paris' } });
    await laptop.call('team.add', { accountId: acme.id, role: 'tam', me: true });
    await laptop.call('contacts.create', { accountId: acme.id, name: 'Pat Ops' });
    await laptop.call('lifecycle.move', { accountId: acme.id, to: 'onboarding' });
    await laptop.call('adoption.set', { accountId: acme.id, capability: 'sso', status: 'adopted' });
    await laptop.sync();
    const token = (laptop as unknown as { token: string }).token;
    const registered = await server.store.deviceByTokenHash(hashToken(token));
    await server.store.revokeDevice(registered?.id ?? '');
    await expect(laptop.sync()).rejects.toMatchObject({ code: 'unauthenticated', details: { reason: 'device_revoked' } });
    const count = (table: string) => (laptop.core.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    for (const table of ['people', 'team_roles', 'contacts', 'lifecycle_events', 'handoff_items', 'adoption', 'adoption_notes']) expect({ table, n: count(table) }).toEqual({ table, n: 0 });
    expect(count('handoff_templates')).toBeGreaterThan(0);
    expect(count('capabilities')).toBe(11);
  });

  it("shares a manager's checklist and catalog edits through the org partition", async () => {
    const manager = await device('morgan@example.com', 'manager');
    const tam = await device('dana@example.com');
    await manager.call('lifecycle.saveTemplate', { stage: 'production', text: 'Pen-test report shared' });
    await manager.call('adoption.saveCapability', { code: 'gpu', name: 'GPU pools', weight: 2 });
    expect(await manager.sync()).toMatchObject({ rejected: 0 });
    await tam.sync();
    expect((await tam.call('lifecycle.templates', { stage: 'production' })).at(-1)?.text).toBe('Pen-test report shared');
    expect((await tam.call('adoption.capabilities', {})).at(-1)).toMatchObject({ code: 'gpu', name: 'GPU pools' });
    // A TAM's device refuses the same edit before it could be refused by the server.
    expect(await tam.call('lifecycle.saveTemplate', { stage: 'production', text: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'forbidden' });
  });
});
