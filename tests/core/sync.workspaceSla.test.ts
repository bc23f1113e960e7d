import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIER_TERMS } from '../../core/model';
import type { TierTermsFields } from '../../core/model';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

const premier = DEFAULT_TIER_TERMS.find((t) => t.code === 'premier') as TierTermsFields;

describe('tiers, contracts, incidents and engagements sync through a real server', () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (clients.length) clients.pop()?.close();
    await server.close();
  });
  const make = async (email: string) => {
    const c = await device(server, email);
    clients.push(c);
    return c;
  };

  it('carries a contract, an incident with its responders and pauses, and an engagement to another device', async () => {
    const laptop = await make('dana@example.com');
    const desktop = await make('dana@example.com');
    const account = await laptop.call('accounts.create', { name: 'Acme', tier: 'premier', residency: 'eu' });
    const contract = await laptop.call('contracts.create', { accountId: account.id, tier: 'premier', addOns: ['sovereign'], startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const { incident } = await laptop.call('incidents.open', { accountId: account.id, severity: 1, openedAt: '2026-06-01T08:00:00Z', summary: 'Storage 503s' });
    await laptop.call('incidents.respond', { id: incident.id, at: '2026-06-01T08:05:00Z' });
    await laptop.call('incidents.pause', { id: incident.id, at: '2026-06-01T08:10:00Z' });
    const call = await laptop.call('engagements.create', { accountId: account.id, kind: 'weekly_call', occurredAt: '2026-06-02T09:00:00Z', title: 'Weekly sync', notes: 'All green.' });
    expect(await laptop.sync()).toMatchObject({ rejected: 0, pending: 0 });

    await desktop.sync();
    const { createdAt: _c, updatedAt: _u, ...sold } = contract;
    expect(await desktop.call('contracts.get', { id: contract.id })).toMatchObject(sold);
    const there = await desktop.call('incidents.get', { id: incident.id });
    expect(there.incident).toMatchObject({ firstResponseAt: '2026-06-01T08:05:00.000Z', pauses: [{ start: '2026-06-01T08:10:00.000Z', end: null }] });
    expect(there.contractId).toBe(contract.id);
    expect((await desktop.call('engagements.list', { accountId: account.id })).map((e) => e.id)).toEqual([call.id]);

    // Two roles engaged on two devices, offline, both survive: each role has its own field clock.
    await laptop.call('incidents.resume', { id: incident.id, at: '2026-06-01T08:20:00Z' });
    await laptop.call('incidents.engage', { id: incident.id, role: 'developer', at: '2026-06-01T08:21:00Z' });
    await desktop.call('incidents.engage', { id: incident.id, role: 'incident_manager', at: '2026-06-01T08:22:00Z', name: 'Ian' });
    await laptop.sync();
    await desktop.sync();
    await laptop.sync();
    for (const c of [laptop, desktop]) {
      expect((await c.call('incidents.get', { id: incident.id })).incident).toMatchObject({
        developerAt: '2026-06-01T08:21:00.000Z',
        incidentManagerAt: '2026-06-01T08:22:00.000Z',
        incidentManagerName: 'Ian',
        pauses: [{ start: '2026-06-01T08:10:00.000Z', end: '2026-06-01T08:20:00.000Z' }],
      });
    }
  });

  it('carries a manager’s tier terms to a TAM; the seeded terms themselves never travel', async () => {
    // The server knows Mia as a manager (the first device of a user creates the user with its roles).
    await server.addDevice({ email: 'mia@example.com', roles: ['manager'] });
    const manager = await make('mia@example.com');
    const tam = await make('dana@example.com');
    await manager.call('profile.save', { name: 'Mia', email: 'mia@example.com', role: 'manager', homeRegion: 'eu', timeZone: 'Europe/Berlin' });
    expect(manager.repo.unsentCount()).toBe(0);

    await manager.call('tiers.save', { terms: { ...premier, includedHours: 60 } });
    expect(await manager.sync()).toMatchObject({ pushed: 1, rejected: 0 });
    await tam.sync();
    expect((await tam.call('tiers.list', {})).find((t) => t.code === 'premier')?.includedHours).toBe(60);
    // A TAM cannot change them here; the server would refuse it too.
    await expect(tam.call('tiers.save', { terms: premier })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
