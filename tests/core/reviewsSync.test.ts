import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import type { ReviewDetail } from '../../core/model';
import { DANA } from './reviewsHelpers';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

/**
 * Reviews, their items and action items are synced tables of the account partition: the server validates
 * every field with the model's schemas and another device of the same person gets them whole.
 */
describe('roadmap reviews and action items sync through a real server', () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (clients.length) clients.pop()?.close();
    await server.close();
  });
  const make = async () => {
    const c = await device(server, 'dana@example.com');
    await c.call('profile.save', DANA);
    clients.push(c);
    return c;
  };

  it('carries a review, its asks and commitments, a follow-up and later edits to another device', async () => {
    const laptop = await make();
    const desktop = await make();
    const account = await laptop.call('accounts.create', { name: 'Contoso Bank', residency: 'eu' });
    const review = await laptop.call('reviews.create', {
      accountId: account.id,
      date: '2026-03-12',
      attendees: [{ name: 'Jane Doe', side: 'customer' }],
      notes: 'Long notes about the roadmap.',
      asks: [{ title: 'SSO via SAML', priority: 'high', impact: 'critical' }],
      commitments: [{ title: 'Send the runbook', owner: 'Dana Field', due: '2026-03-20' }],
    });
    const item = await laptop.call('reviews.followUp', { itemId: review.commitments[0]!.id });
    expect(await laptop.sync()).toMatchObject({ rejected: 0, pending: 0 });

    await desktop.sync();
    // The same review, rows and link; only the local bookkeeping times differ (when each device stored it).
    const local = ({ createdAt: _c, updatedAt: _u, ...rest }: ReviewDetail) => rest;
    expect(local(await desktop.call('reviews.get', { id: review.id }))).toEqual(local(await laptop.call('reviews.get', { id: review.id })));
    expect(await desktop.call('actions.get', { id: item.id })).toMatchObject({ title: 'Send the runbook', source: { table: 'review_items', id: review.commitments[0]!.id } });

    // An edit on the desktop (an ask changes status, the action item is done) comes back to the laptop.
    await desktop.call('reviews.update', { id: review.id, changeAsks: [{ id: review.asks[0]!.id, status: 'planned' }] });
    await desktop.call('actions.setStatus', { id: item.id, status: 'done' });
    expect(await desktop.sync()).toMatchObject({ rejected: 0 });
    await laptop.sync();
    expect((await laptop.call('reviews.get', { id: review.id })).asks[0]?.status).toBe('planned');
    expect((await laptop.call('actions.list', { mine: true })).map((a) => a.id)).toEqual([]);
  });

  it('keeps both devices’ words when the notes were edited on both offline', async () => {
    const a = await make();
    const b = await make();
    const account = await a.call('accounts.create', { name: 'Contoso Bank', residency: 'eu' });
    const review = await a.call('reviews.create', { accountId: account.id, date: '2026-03-12', notes: 'First notes.' });
    await a.sync();
    await b.sync();
    await a.call('reviews.update', { id: review.id, patch: { notes: 'Notes written on the laptop.' } });
    await b.call('reviews.update', { id: review.id, patch: { notes: 'Notes written on the desktop.' } });
    await a.sync();
    await b.sync();
    await a.sync();
    const onA = await a.call('reviews.get', { id: review.id });
    const onB = await b.call('reviews.get', { id: review.id });
    expect(onA.notes).toBe(onB.notes);
    // The losing words are kept as a conflict on the device that wrote them.
    const losing = onA.notes === 'Notes written on the laptop.' ? b : a;
    const conflicts = await losing.call('conflicts.list', {});
    expect(conflicts).toEqual([expect.objectContaining({ table: 'roadmap_reviews', rowId: review.id, field: 'notes', label: 'Contoso Bank' })]);
  });
});
