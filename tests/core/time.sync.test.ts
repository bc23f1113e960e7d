import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

/** A TAM and a manager on their own devices, syncing time and timesheets through a real server. */
describe('timesheets across devices through the sync server', () => {
  let server: TestServer;
  let tam: Client;
  let manager: Client;
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
    await server.addDevice({ email: 'grace@example.com', roles: ['manager'] });
    tam = await device(server, 'ada@example.com');
    manager = await device(server, 'grace@example.com');
    await tam.call('profile.save', { name: 'Ada', email: 'Ada@Example.com', role: 'tam', homeRegion: 'uk', timeZone: 'Europe/London' });
    await manager.call('profile.save', { name: 'Grace', email: 'grace@example.com', role: 'manager', homeRegion: 'us', timeZone: 'America/New_York' });
  });
  afterEach(async () => {
    tam.close();
    manager.close();
    await server.close();
  });

  it('submits on one device, approves on another, and both end with the locked week and its history', async () => {
    const account = await tam.call('accounts.create', { name: 'Contoso' });
    await tam.call('time.add', { accountId: account.id, date: '2026-11-23', minutes: 120, category: 'onsite' });
    await tam.call('time.add', { accountId: account.id, date: '2026-11-24', minutes: 60, category: 'remote' });
    await tam.call('timesheet.submit', { week: '2026-W48' });
    expect(await tam.sync()).toMatchObject({ rejected: 0 });

    await server.store.grant({ type: 'user', id: (await server.store.userByEmail('grace@example.com'))!.id }, account.id, 'write');
    await manager.sync();
    const pending = await manager.call('timesheet.pending', {});
    expect(pending.weeks).toEqual([expect.objectContaining({ userId: 'ada@example.com', week: '2026-W48', minutes: 180, entries: 2 })]);
    await manager.call('timesheet.approve', { userId: 'ada@example.com', week: '2026-W48' });
    expect(await manager.sync()).toMatchObject({ rejected: 0 });

    await tam.sync();
    const week = await tam.call('time.week', { week: '2026-W48' });
    expect(week.timesheet).toMatchObject({ status: 'approved', approvedBy: 'grace@example.com' });
    expect(week.timesheet.history.map((e) => [e.action, e.actor])).toEqual([
      ['submitted', 'ada@example.com'],
      ['approved', 'grace@example.com'],
    ]);
    expect(week.entries.map((e) => e.status)).toEqual(['approved', 'approved']);
    const edit = await tam.core.link.request('time.update', { id: week.entries[0]!.id, patch: { minutes: 90 } });
    expect(edit).toMatchObject({ ok: false, error: { code: 'locked', details: { adjustable: true } } });
  });

  it('carries a rejection’s reason back to the person, and the server refuses an approval a TAM gives themself', async () => {
    const account = await tam.call('accounts.create', { name: 'Contoso' });
    await tam.call('time.add', { accountId: account.id, date: '2026-11-23', minutes: 120, category: 'onsite' });
    await tam.call('timesheet.submit', { week: '2026-W48' });
    await tam.sync();
    await server.store.grant({ type: 'user', id: (await server.store.userByEmail('grace@example.com'))!.id }, account.id, 'write');
    await manager.sync();
    await manager.call('timesheet.reject', { userId: 'ada@example.com', week: '2026-W48', reason: 'Which customer site?' });
    await manager.sync();
    await tam.sync();
    const view = await tam.call('timesheet.get', { week: '2026-W48' });
    expect(view).toMatchObject({ status: 'draft', rejection: { reason: 'Which customer site?', actor: 'grace@example.com' } });

    // A TAM who makes their local profile a manager can approve here, but the server says no and says why.
    await tam.call('timesheet.submit', { week: '2026-W48' });
    await tam.call('profile.save', { name: 'Ada', email: 'ada@example.com', role: 'manager', homeRegion: 'uk', timeZone: 'Europe/London' });
    await tam.call('timesheet.approve', { userId: 'ada@example.com', week: '2026-W48' });
    const summary = await tam.sync();
    expect(summary.rejected).toBeGreaterThan(0);
    const status = await tam.call('sync.status', {});
    expect(status.rejections.map((r) => [r.table, r.code])).toEqual(
      expect.arrayContaining([
        ['timesheets', 'forbidden'],
        ['timesheet_events', 'forbidden'],
      ]),
    );
  });
});
