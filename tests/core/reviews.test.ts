import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FieldbookError, addDays, todayIn } from '../../core/model';
import type { ReviewCreate } from '../../core/model';
import { testCore } from './helpers';
import type { TypedCall } from './helpers';
import { DANA, counts } from './reviewsHelpers';
import type { Core } from '../../core/api/core';

let core: Core;
let call: TypedCall;
let close: () => void;
let accountId: string;

beforeEach(async () => {
  ({ core, call, close } = await testCore());
  await call('profile.save', DANA);
  accountId = (await call('accounts.create', { name: 'Contoso Bank' })).id;
});
afterEach(() => close());

const REVIEW: Omit<ReviewCreate, 'accountId'> = {
  date: '2026-03-12',
  title: 'Q1 roadmap review',
  attendees: [
    { name: 'Jane Doe', side: 'customer' },
    { name: 'Dana Field', side: 'vendor' },
  ],
  agenda: '1. H2 roadmap\n2. Migration',
  notes: 'Jane wants SSO before the audit in June.',
  asks: [
    { title: 'SSO via SAML', priority: 'high', impact: 'critical', detail: 'Needed for the June audit.' },
    { title: 'Audit log export', priority: 'medium', impact: 'high' },
  ],
  commitments: [{ title: 'Send the migration runbook', owner: 'Dana Field', due: '2026-03-20' }],
};

async function expectError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<FieldbookError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldbookError);
  expect((error as FieldbookError).code).toBe(code);
  if (message) expect((error as FieldbookError).message).toMatch(message);
  return error as FieldbookError;
}

/** Every table a review save writes, with the outbox entries for each. */
function snapshot() {
  return { reviews: counts(core.store, 'roadmap_reviews'), items: counts(core.store, 'review_items'), actions: counts(core.store, 'action_items') };
}

describe('roadmap reviews', () => {
  it('records a review with its attendees, asks and commitments, in order, and lists it', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    expect(review).toMatchObject({ accountId, date: '2026-03-12', title: 'Q1 roadmap review', attendees: [{ name: 'Jane Doe', side: 'customer', refId: null }, { name: 'Dana Field', side: 'vendor', refId: null }] });
    expect(review.asks.map((a) => [a.title, a.priority, a.impact, a.status, a.position])).toEqual([
      ['SSO via SAML', 'high', 'critical', 'open', 0],
      ['Audit log export', 'medium', 'high', 'open', 1],
    ]);
    expect(review.commitments).toEqual([expect.objectContaining({ title: 'Send the migration runbook', owner: 'Dana Field', due: '2026-03-20', actionItemId: null })]);
    expect(await call('reviews.list', { accountId })).toEqual([
      { id: review.id, accountId, date: '2026-03-12', title: 'Q1 roadmap review', attendeeCount: 2, askCount: 2, commitmentCount: 1 },
    ]);
    // Every row goes out to sync in the account's partition.
    const outbox = core.store.db.prepare<[string], { tbl: string; account_id: string }>('SELECT tbl, account_id FROM outbox WHERE tbl != ?').all('accounts');
    expect(outbox.map((o) => o.tbl).sort()).toEqual(['review_items', 'review_items', 'review_items', 'roadmap_reviews']);
    expect(new Set(outbox.map((o) => o.account_id))).toEqual(new Set([accountId]));
  });

  it('applies only what changed: kept rows keep their ids and clocks, new rows go last, removed ones become tombstones', async () => {
    const first = await call('reviews.create', { accountId, ...REVIEW });
    const [sso, audit] = first.asks;
    const clocksOf = (table: string, id: string) =>
      JSON.parse(core.store.db.prepare<[string], { clocks: string }>(`SELECT clocks FROM ${table} WHERE id = ?`).get(id)?.clocks ?? '{}') as Record<string, string>;
    const auditClocks = clocksOf('review_items', audit!.id);
    const ssoClocks = clocksOf('review_items', sso!.id);
    const reviewClocks = clocksOf('roadmap_reviews', first.id);

    const saved = await call('reviews.update', {
      id: first.id,
      patch: { title: 'Q1 roadmap review (final)' },
      changeAsks: [{ id: sso!.id, priority: 'critical' }],
      addAsks: [{ title: 'Terraform provider', priority: 'low', impact: 'medium' }],
      removeItems: [first.commitments[0]!.id],
    });
    expect(saved.title).toBe('Q1 roadmap review (final)');
    expect(saved.asks.map((a) => [a.id, a.title, a.priority, a.position])).toEqual([
      [sso!.id, 'SSO via SAML', 'critical', 0],
      [audit!.id, 'Audit log export', 'medium', 1],
      [expect.any(String), 'Terraform provider', 'low', 2],
    ]);
    expect(saved.commitments).toEqual([]);
    // Only the changed fields got a new clock; the untouched ask and review fields kept theirs.
    expect(clocksOf('review_items', audit!.id)).toEqual(auditClocks);
    expect(clocksOf('review_items', sso!.id)['priority']).not.toBe(ssoClocks['priority']);
    expect(clocksOf('review_items', sso!.id)['title']).toBe(ssoClocks['title']);
    expect(clocksOf('roadmap_reviews', first.id)['notes']).toBe(reviewClocks['notes']);
    expect(clocksOf('roadmap_reviews', first.id)['title']).not.toBe(reviewClocks['title']);
    const removed = core.store.db.prepare<[string], { deleted: number }>('SELECT deleted FROM review_items WHERE id = ?').get(first.commitments[0]!.id);
    expect(removed?.deleted).toBe(1);
  });

  it('keeps a change made elsewhere to a field this edit did not touch', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    // Another window (or a synced device) rewrites the notes; this editor, opened before, changes the title only.
    await call('reviews.update', { id: review.id, patch: { notes: 'Notes from the other window.' } });
    const saved = await call('reviews.update', { id: review.id, patch: { title: 'Renamed' }, changeAsks: [{ id: review.asks[0]!.id, status: 'planned' }] });
    expect(saved).toMatchObject({ title: 'Renamed', notes: 'Notes from the other window.' });
    expect(saved.asks[0]).toMatchObject({ status: 'planned', priority: 'high', title: 'SSO via SAML' });
  });

  it('rejects bad input with the field named and writes nothing', async () => {
    const before = snapshot();
    const badDate = await expectError(call('reviews.create', { accountId, ...REVIEW, date: '2026-02-30' }), 'invalid', /Review date must be a real date/);
    expect(badDate.details?.fields).toEqual({ date: 'Review date must be a real date written YYYY-MM-DD.' });
    await expectError(call('reviews.create', { accountId, ...REVIEW, asks: [{ title: 'SSO', priority: 'urgent' as never, impact: 'high' }] }), 'invalid', /Choose a priority/);
    await expectError(call('reviews.create', { accountId, ...REVIEW, commitments: [{ title: 'Runbook', owner: '  ' }] }), 'invalid', /Owner is required/);
    await expectError(call('reviews.create', { accountId, ...REVIEW, attendees: [{ name: '', side: 'customer' }] }), 'invalid', /Attendee name is required/);
    await expectError(call('reviews.create', { accountId: '01a21c31-425c-76f9-b81a-fb25c8f3b0e1', ...REVIEW }), 'not_found', /account does not exist/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a row of another review and leaves the review as it was: the update is one transaction', async () => {
    const mine = await call('reviews.create', { accountId, ...REVIEW });
    const other = await call('reviews.create', { accountId, ...REVIEW, date: '2026-01-10' });
    const before = snapshot();
    await expectError(
      call('reviews.update', {
        id: mine.id,
        patch: { title: 'Renamed' },
        addAsks: [{ title: 'New ask', priority: 'low', impact: 'low' }],
        changeAsks: [{ id: other.asks[0]!.id, title: 'Hijacked' }],
      }),
      'invalid',
      /does not belong to this review/,
    );
    expect(snapshot()).toEqual(before);
    expect((await call('reviews.get', { id: mine.id })).title).toBe('Q1 roadmap review');
    await expectError(call('reviews.update', { id: mine.id, changeAsks: [{ id: mine.asks[0]!.id, priority: 'urgent' as never }] }), 'invalid', /Choose a priority/);
    await expectError(call('reviews.update', { id: mine.id, patch: { date: '12/03/2026' } }), 'invalid', /real date/);
    expect(snapshot()).toEqual(before);
  });

  it('deletes a review and brings it back with its items on undo', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    await call('reviews.delete', { id: review.id });
    expect(await call('reviews.list', { accountId })).toEqual([]);
    await expectError(call('reviews.get', { id: review.id }), 'not_found');
    const restored = await call('reviews.restore', { id: review.id });
    expect(restored.asks).toHaveLength(2);
    expect(restored.commitments).toHaveLength(1);
  });

  it('lists recent reviews across live accounts, newest first', async () => {
    const other = (await call('accounts.create', { name: 'Fabrikam' })).id;
    const gone = (await call('accounts.create', { name: 'Gone Ltd' })).id;
    await call('reviews.create', { accountId, ...REVIEW, date: '2026-01-05' });
    await call('reviews.create', { accountId: other, ...REVIEW, date: '2026-03-01' });
    await call('reviews.create', { accountId: gone, ...REVIEW, date: '2026-04-01' });
    await call('accounts.delete', { id: gone });
    const recent = await call('reviews.recent', {});
    expect(recent.map((r) => [r.accountName, r.date])).toEqual([
      ['Fabrikam', '2026-03-01'],
      ['Contoso Bank', '2026-01-05'],
    ]);
  });
});

describe('follow-ups', () => {
  it('turns a commitment into an action item with its owner and due date, linked to it, once', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    const commitment = review.commitments[0]!;
    const item = await call('reviews.followUp', { itemId: commitment.id });
    expect(item).toMatchObject({
      accountId,
      accountName: 'Contoso Bank',
      title: 'Send the migration runbook',
      owner: 'Dana Field',
      due: '2026-03-20',
      status: 'open',
      source: { table: 'review_items', id: commitment.id, label: 'Commitment from Q1 roadmap review, 2026-03-12' },
    });
    expect((await call('reviews.get', { id: review.id })).commitments[0]?.actionItemId).toBe(item.id);
    const again = await expectError(call('reviews.followUp', { itemId: commitment.id }), 'conflict', /already has an action item/);
    expect(again.details?.['actionItemId']).toBe(item.id);
    expect(counts(core.store, 'action_items').rows).toBe(1);
  });

  it('makes an ask your follow-up, due two weeks from today', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    const item = await call('reviews.followUp', { itemId: review.asks[0]!.id });
    expect(item).toMatchObject({
      title: 'Follow up on ask: SSO via SAML',
      owner: 'Dana Field',
      due: addDays(todayIn(DANA.timeZone, new Date()), 14),
      source: { table: 'review_items', id: review.asks[0]!.id, label: 'Ask “SSO via SAML” from Q1 roadmap review, 2026-03-12' },
    });
    expect((await call('actions.list', { mine: true })).map((a) => a.id)).toEqual([item.id]);
  });

  it('writes the action item and its outbox entry in one transaction: a failure leaves neither', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    // The outbox insert comes after the row insert inside the follow-up; make it fail.
    core.store.db.exec(`CREATE TEMP TRIGGER refuse_action_outbox BEFORE INSERT ON outbox WHEN NEW.tbl = 'action_items'
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expectError(call('reviews.followUp', { itemId: review.commitments[0]!.id }), 'internal');
    expect(counts(core.store, 'action_items')).toEqual({ rows: 0, outbox: 0 });
    core.store.db.exec('DROP TRIGGER refuse_action_outbox');
    const item = await call('reviews.followUp', { itemId: review.commitments[0]!.id });
    expect(counts(core.store, 'action_items')).toEqual({ rows: 1, outbox: 1 });
    expect(item.source?.id).toBe(review.commitments[0]!.id);
  });

  it('refuses a follow-up of a removed item or a deleted review, writing nothing', async () => {
    const review = await call('reviews.create', { accountId, ...REVIEW });
    await call('reviews.update', { id: review.id, removeItems: [review.commitments[0]!.id] });
    await expectError(call('reviews.followUp', { itemId: review.commitments[0]!.id }), 'not_found', /no longer exists/);
    await call('reviews.delete', { id: review.id });
    await expectError(call('reviews.followUp', { itemId: review.asks[0]!.id }), 'not_found');
    expect(counts(core.store, 'action_items')).toEqual({ rows: 0, outbox: 0 });
  });
});
