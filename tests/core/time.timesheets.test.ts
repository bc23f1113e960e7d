import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timesheetEventFieldsSchema } from '../../core/model';
import { timesheetId } from '../../core/store/timeRepo';
import { testCore } from './helpers';
import { MANAGER, TAM, count, errorOf, timeWorld } from './timeHelpers';
import type { TimeWorld } from './timeHelpers';

const ADA = 'ada@example.com';
const GRACE = 'grace@example.com';

describe('timesheets: submit, approve, reject, history', () => {
  let w: TimeWorld;
  let account: string;
  beforeEach(async () => {
    w = await timeWorld();
    account = w.account();
  });
  afterEach(() => w.close());

  const log = (date: string, minutes: number) => w.services.time.add({ accountId: account, date, minutes, category: 'onsite', sku: 'TAM-ONSITE' });
  const statuses = () => w.services.timesheets.week('2026-W48').entries.map((e) => e.status);

  it('gives a week the same timesheet id on every device of a person', async () => {
    const other = await timeWorld();
    try {
      other.account();
      const here = w.services.timesheets.submit('2026-W48');
      const there = other.services.timesheets.submit('2026-W48');
      expect(here.id).toBe(there.id);
      expect(here.id).toBe(timesheetId(ADA, '2026-W48'));
      expect(here.id).not.toBe(timesheetId(ADA, '2026-W49'));
      expect(here.id).not.toBe(timesheetId(GRACE, '2026-W48'));
      expect(here.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      other.close();
    }
  });

  it('submits the week with its entries, refuses a second submit, and withdraws it', () => {
    log('2026-11-23', 120);
    log('2026-11-24', 60);
    log('2026-11-30', 60); // the next week stays draft
    const sheet = w.services.timesheets.submit('2026-W48');
    expect(sheet).toMatchObject({ status: 'submitted', userId: ADA, week: '2026-W48', approvedBy: null });
    expect(sheet.history).toEqual([expect.objectContaining({ action: 'submitted', actor: ADA, at: '2026-11-23T09:00:00.000Z', reason: '' })]);
    expect(statuses()).toEqual(['submitted', 'submitted']);
    expect(w.services.time.list({ from: '2026-11-30' })[0]?.status).toBe('draft');
    expect(errorOf(() => w.services.timesheets.submit('2026-W48')).message).toBe('Week 2026-W48 is already submitted.');

    // New time in a submitted week goes in as submitted, to be decided with the week.
    expect(log('2026-11-25', 30).status).toBe('submitted');

    w.advance(60);
    const back = w.services.timesheets.withdraw('2026-W48');
    expect(back.status).toBe('draft');
    expect(back.history.map((e) => e.action)).toEqual(['submitted', 'withdrawn']);
    expect(statuses()).toEqual(['draft', 'draft', 'draft']);
  });

  it('lets only a manager approve; approval locks the week and records who and when', () => {
    log('2026-11-23', 120);
    w.services.timesheets.submit('2026-W48');
    const refused = errorOf(() => w.services.timesheets.approve(ADA, '2026-W48'));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/Only managers and admins approve time/);
    expect(errorOf(() => w.services.timesheets.pending()).code).toBe('forbidden');

    w.as(MANAGER);
    w.advance(90);
    expect(w.services.timesheets.pending().weeks).toEqual([
      { userId: ADA, week: '2026-W48', submittedAt: '2026-11-23T09:00:00.000Z', entries: 1, minutes: 120, billableMinutes: 120 },
    ]);
    const approved = w.services.timesheets.approve(ADA, '2026-W48');
    expect(approved).toMatchObject({ status: 'approved', approvedBy: GRACE, approvedAt: '2026-11-23T10:30:00.000Z' });
    expect(approved.history.map((e) => [e.action, e.actor])).toEqual([
      ['submitted', ADA],
      ['approved', GRACE],
    ]);
    expect(w.services.timesheets.pending().weeks).toEqual([]);
    expect(errorOf(() => w.services.timesheets.approve(ADA, '2026-W48')).code).toBe('locked');
    expect(errorOf(() => w.services.timesheets.reject(ADA, '2026-W48', 'late')).code).toBe('locked');

    w.as(TAM);
    expect(statuses()).toEqual(['approved']);
    expect(errorOf(() => w.services.timesheets.withdraw('2026-W48')).code).toBe('locked');
    expect(errorOf(() => w.services.timesheets.submit('2026-W48')).code).toBe('locked');
    const edit = errorOf(() => w.services.time.setCell({ accountId: account, sku: 'TAM-ONSITE', date: '2026-11-23', minutes: 60 }));
    expect(edit).toMatchObject({ code: 'locked', details: { adjustable: true } });
  });

  it('rejects with a reason: the week is back in draft, the reason shown, and both changes kept', () => {
    log('2026-11-23', 120);
    w.services.timesheets.submit('2026-W48');
    w.as(MANAGER);
    const nothing = errorOf(() => w.services.timesheets.approve(ADA, '2026-W49'));
    expect(nothing).toMatchObject({ code: 'conflict', message: 'Week 2026-W49 is not submitted; there is nothing to decide.' });
    w.advance(5);
    const rejected = w.services.timesheets.reject(ADA, '2026-W48', 'Split the QBR prep from the onsite day.');
    expect(rejected.status).toBe('draft');
    expect(rejected.rejection).toEqual({ reason: 'Split the QBR prep from the onsite day.', actor: GRACE, at: '2026-11-23T09:05:00.000Z' });
    w.as(TAM);
    expect(statuses()).toEqual(['draft']);
    // Fixed and submitted again: the rejection no longer shows, the history keeps it.
    w.services.time.setCell({ accountId: account, sku: 'TAM-ONSITE', date: '2026-11-23', minutes: 90 });
    const again = w.services.timesheets.submit('2026-W48');
    expect(again.rejection).toBeNull();
    expect(again.history.map((e) => [e.action, e.reason])).toEqual([
      ['submitted', ''],
      ['rejected', 'Split the QBR prep from the onsite day.'],
      ['submitted', ''],
    ]);
    // The history is synced: each event is an outbox entry whose fields the server's schema accepts.
    const sent = w.store.db.prepare("SELECT fields FROM outbox WHERE tbl = 'timesheet_events'").all() as Array<{ fields: string }>;
    expect(sent).toHaveLength(3);
    for (const { fields } of sent) {
      const values = Object.fromEntries(
        Object.entries(JSON.parse(fields) as Record<string, { value: unknown }>)
          .filter(([k]) => k !== 'deleted')
          .map(([k, v]) => [k, v.value]),
      );
      expect(timesheetEventFieldsSchema.parse(values).timesheetId).toBe(again.id);
    }
    expect(count(w.store, "SELECT count(*) AS n FROM outbox WHERE tbl = 'timesheets'")).toBeGreaterThan(0);
  });

  it('lists late entries of approved weeks for managers, who approve or reject them one by one', () => {
    const first = log('2026-11-23', 120);
    w.services.timesheets.submit('2026-W48');
    w.as(MANAGER);
    w.services.timesheets.approve(ADA, '2026-W48');
    w.as(TAM);
    const fix = w.services.time.adjust({ id: first.id, minutes: 90, note: 'Left early' });
    const late = log('2026-11-27', 45);
    w.as(MANAGER);
    const pending = w.services.timesheets.pending();
    expect(pending.weeks).toEqual([]);
    expect(pending.entries.map((p) => [p.entry.id, p.original?.id ?? null, p.week])).toEqual([
      [fix.id, first.id, '2026-W48'],
      [late.id, null, '2026-W48'],
    ]);
    expect(w.services.timesheets.approveEntry(fix.id).status).toBe('approved');
    expect(w.services.timesheets.rejectEntry(late.id, 'No visit that day.')).toEqual({ id: late.id });
    expect(w.services.timesheets.pending().entries).toEqual([]);
    const history = w.services.timesheets.view(ADA, '2026-W48').history;
    expect(history.slice(-2).map((e) => [e.action, e.entryId, e.reason])).toEqual([
      ['entry_approved', fix.id, ''],
      ['entry_rejected', late.id, 'No visit that day.'],
    ]);
    expect(errorOf(() => w.services.timesheets.approveEntry(fix.id)).code).toBe('conflict');
  });
});

describe('timesheets through the API', () => {
  it('validates the reason and the week at the contract', async () => {
    const t = await testCore();
    try {
      await t.call('profile.save', { ...MANAGER });
      const empty = await t.core.link.request('timesheet.reject', { userId: ADA, week: '2026-W48', reason: '   ' });
      expect(empty).toMatchObject({ ok: false, error: { code: 'invalid', details: { fields: { reason: 'Say why the week is rejected, so it can be fixed.' } } } });
      const badWeek = await t.core.link.request('timesheet.submit', { week: '2025-W53' });
      expect(badWeek).toMatchObject({ ok: false, error: { code: 'invalid', message: 'That year has no week 53.' } });
      const view = await t.call('timesheet.get', { week: '2026-W48' });
      expect(view).toMatchObject({ userId: GRACE, status: 'draft', history: [], rejection: null });
    } finally {
      t.close();
    }
  });
});
