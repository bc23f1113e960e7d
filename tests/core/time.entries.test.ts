import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timeEntryFieldsSchema } from '../../core/model';
import { count, errorOf, timeWorld } from './timeHelpers';
import type { TimeWorld } from './timeHelpers';

const outboxRows = (w: TimeWorld) => count(w.store, "SELECT count(*) AS n FROM outbox WHERE tbl = 'time_entries'");
const liveEntries = (w: TimeWorld) => count(w.store, 'SELECT count(*) AS n FROM time_entries WHERE deleted = 0');

describe('time entries on a real SQLite file', () => {
  let w: TimeWorld;
  let account: string;
  beforeEach(async () => {
    w = await timeWorld();
    account = w.account();
  });
  afterEach(() => w.close());

  it('takes rate, currency and billable from the contract’s SKU; the person’s billable choice wins', () => {
    const onsite = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 90, category: 'onsite', sku: 'TAM-ONSITE' });
    expect(onsite).toMatchObject({ userId: 'ada@example.com', rate: 20_000, currency: 'EUR', billable: true, status: 'draft', source: 'manual' });
    const internal = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 30, category: 'admin', sku: 'TAM-INTERNAL' });
    expect(internal.billable).toBe(false);
    const waived = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 30, category: 'onsite', sku: 'TAM-ONSITE', billable: false });
    expect(waived).toMatchObject({ billable: false, rate: 20_000 });
    // Without a SKU there is no rate and the time is not billable unless the person says so.
    const plain = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 15, category: 'remote' });
    expect(plain).toMatchObject({ sku: null, rate: null, currency: null, billable: false });
    // Each entry is one synced write: row, field clocks and an outbox entry carrying valid field values.
    expect(outboxRows(w)).toBe(4);
    const sent = JSON.parse(
      (w.store.db.prepare("SELECT fields FROM outbox WHERE tbl = 'time_entries' AND row_id = ?").get(onsite.id) as { fields: string }).fields,
    ) as Record<string, { value: unknown }>;
    const values = Object.fromEntries(Object.entries(sent).filter(([k]) => k !== 'deleted').map(([k, v]) => [k, v.value]));
    expect(timeEntryFieldsSchema.safeParse(values).success).toBe(true);
  });

  it('refuses a SKU the contract does not sell, a SKU without a contract, and an unknown account, next to the field', () => {
    const unknown = errorOf(() => w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 60, category: 'onsite', sku: 'GOLD' }));
    expect(unknown.code).toBe('invalid');
    expect(unknown.details?.fields?.['sku']).toMatch(/"GOLD" is not a SKU.*Choose one of: TAM-ONSITE, TAM-INTERNAL/);
    const noContract = w.account('Fabrikam', null);
    const bare = errorOf(() => w.services.time.add({ accountId: noContract, date: '2026-11-23', minutes: 60, category: 'onsite', sku: 'TAM-ONSITE' }));
    expect(bare.details?.fields?.['sku']).toMatch(/no contract on 2026-11-23/);
    const outside = errorOf(() => w.services.time.add({ accountId: account, date: '2027-01-04', minutes: 60, category: 'onsite', sku: 'TAM-ONSITE' }));
    expect(outside.details?.fields?.['sku']).toMatch(/no contract on 2027-01-04/);
    const nowhere = errorOf(() => w.services.time.add({ accountId: 'missing', date: '2026-11-23', minutes: 60, category: 'onsite' }));
    expect(nowhere.details?.fields?.['accountId']).toMatch(/does not exist/);
    expect(liveEntries(w)).toBe(0);
    expect(outboxRows(w)).toBe(0);
  });

  it('refuses overlapping timed entries, more than 24 hours a day and an end before the start', () => {
    const timed = (startedAt: string, endedAt: string, minutes: number) => ({
      accountId: account,
      date: '2026-11-23',
      minutes,
      startedAt,
      endedAt,
      category: 'remote' as const,
    });
    w.services.time.add(timed('2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', 60));
    const overlap = errorOf(() => w.services.time.add(timed('2026-11-23T09:30:00Z', '2026-11-23T10:30:00Z', 60)));
    expect(overlap.message).toBe('This overlaps another timed entry of yours.');
    expect(overlap.details?.fields?.['startedAt']).toBe(overlap.message);
    expect(w.services.time.add(timed('2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z', 60)).minutes).toBe(60);
    const backwards = errorOf(() => w.services.time.add(timed('2026-11-23T13:00:00Z', '2026-11-23T12:00:00Z', 60)));
    expect(backwards.details?.fields?.['endedAt']).toMatch(/end time must be after the start/);

    w.services.time.add({ accountId: account, date: '2026-11-24', minutes: 23 * 60, category: 'onsite' });
    const full = errorOf(() => w.services.time.add({ accountId: account, date: '2026-11-24', minutes: 61, category: 'travel' }));
    expect(full.message).toBe('That makes 24h01 on 2026-11-24; a day holds no more than 24 hours.');
    expect(full.details?.fields?.['minutes']).toBe(full.message);
    // Another person's day does not count against mine.
    w.as({ name: 'Grace', email: 'grace@example.com', role: 'manager', homeRegion: 'us', timeZone: 'UTC' });
    expect(w.services.time.add({ accountId: account, date: '2026-11-24', minutes: 120, category: 'travel' }).userId).toBe('grace@example.com');
  });

  it('addMany writes all or nothing and reports every problem per row, including rules across rows', () => {
    const before = outboxRows(w);
    const error = errorOf(() =>
      w.services.time.addMany(
        [
          { accountId: account, date: '2026-11-25', minutes: 13 * 60, category: 'onsite' },
          { accountId: account, date: '2026-11-25', minutes: 12 * 60, category: 'onsite' },
          { accountId: account, date: '25/11/2026', minutes: 60, category: 'onsite' },
          { accountId: account, date: '2026-11-26', minutes: 60, category: 'lunch' as 'onsite' },
          { accountId: account, date: '2026-11-26', minutes: 60, category: 'onsite', sku: 'NOPE' },
          { accountId: account, date: '2026-11-27', minutes: 45, category: 'qbr' },
        ],
        'import',
      ),
    );
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('5 of 6 rows have problems; nothing was written.');
    const rows = error.details?.['rows'] as Array<{ index: number; field?: string; message: string }>;
    expect(rows.map((r) => [r.index, r.field])).toEqual([
      [0, 'minutes'],
      [1, 'minutes'],
      [2, 'date'],
      [3, 'category'],
      [4, 'sku'],
    ]);
    expect(rows[0]?.message).toMatch(/Row 1: That makes 25h00 on 2026-11-25/);
    expect(rows[2]?.message).toBe('Dates are written YYYY-MM-DD.');
    expect(rows[3]?.message).toBe('Unknown time category.');
    expect(liveEntries(w)).toBe(0);
    expect(outboxRows(w)).toBe(before);

    const written = w.services.time.addMany(
      [
        { accountId: account, date: '2026-11-25', minutes: 60, category: 'onsite', sku: 'TAM-ONSITE' },
        { accountId: account, date: '2026-11-26', minutes: 30, category: 'qbr' },
      ],
      'import',
    );
    expect(written.map((e) => [e.source, e.minutes, e.billable])).toEqual([
      ['import', 60, true],
      ['import', 30, false],
    ]);
  });

  it('edits and deletes drafts; submitted time is refused with a way out, approved time with an adjustment offer', () => {
    const entry = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 60, category: 'onsite', sku: 'TAM-ONSITE' });
    expect(w.services.time.update({ id: entry.id, patch: { minutes: 75, note: 'Kick-off' } })).toMatchObject({ minutes: 75, note: 'Kick-off' });
    // Changing the SKU brings that SKU's rate and billable default.
    expect(w.services.time.update({ id: entry.id, patch: { sku: 'TAM-INTERNAL' } })).toMatchObject({ billable: false, rate: 0 });

    w.services.timesheets.submit('2026-W48');
    const submitted = errorOf(() => w.services.time.update({ id: entry.id, patch: { minutes: 90 } }));
    expect(submitted.code).toBe('locked');
    expect(submitted.message).toMatch(/submitted for approval.*Withdraw/);
    expect(submitted.details).toMatchObject({ entryId: entry.id, adjustable: false });

    w.as({ name: 'Ada', email: 'ada@example.com', role: 'manager', homeRegion: 'uk', timeZone: 'UTC' });
    w.services.timesheets.approve('ada@example.com', '2026-W48');
    for (const attempt of [
      () => w.services.time.update({ id: entry.id, patch: { minutes: 90 } }),
      () => w.services.time.delete(entry.id),
      () => w.services.time.setCell({ accountId: account, sku: 'TAM-INTERNAL', date: '2026-11-23', minutes: 30 }),
    ]) {
      const locked = errorOf(attempt);
      expect(locked.code).toBe('locked');
      expect(locked.message).toMatch(/approved.*adjustment/);
      expect(locked.details).toMatchObject({ adjustable: true });
    }
    expect(w.services.time.get(entry.id).minutes).toBe(75);
  });

  it('corrects approved time with a linked adjustment that replaces it in every total, and chains corrections', () => {
    const entry = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 20 * 60, category: 'onsite', sku: 'TAM-ONSITE' });
    expect(errorOf(() => w.services.time.adjust({ id: entry.id, minutes: 60 })).message).toMatch(/can still be edited/);
    w.as({ name: 'Ada', email: 'ada@example.com', role: 'manager', homeRegion: 'uk', timeZone: 'UTC' });
    w.services.timesheets.submit('2026-W48');
    w.services.timesheets.approve('ada@example.com', '2026-W48');

    const fix = w.services.time.adjust({ id: entry.id, minutes: 8 * 60, note: 'Was 8 h, not 20' });
    expect(fix).toMatchObject({ adjustsId: entry.id, minutes: 480, date: '2026-11-23', sku: 'TAM-ONSITE', billable: true, startedAt: null });
    // In an approved week the correction waits for a manager on its own.
    expect(fix.status).toBe('submitted');
    expect(w.services.time.get(entry.id)).toMatchObject({ minutes: 1200, status: 'approved' });
    expect(errorOf(() => w.services.time.adjust({ id: entry.id, minutes: 300 })).message).toMatch(/already waiting for approval/);

    // The day now counts 8 h, not 28 h: another 16 h fit; 16 h 01 do not.
    const late = { accountId: account, date: '2026-11-23', category: 'travel' as const };
    expect(errorOf(() => w.services.time.add({ ...late, minutes: 961 })).message).toMatch(/24h01/);
    const lateEntry = w.services.time.add({ ...late, minutes: 960 });
    expect(lateEntry.status).toBe('submitted');
    w.services.timesheets.rejectEntry(lateEntry.id, 'Travel is not billed to this customer.');
    expect(w.services.timesheets.week('2026-W48').entries).toHaveLength(2);
    expect(w.services.time.entitlement(account, '2026-11-23')?.usedMinutes).toBe(480);
    w.services.timesheets.approveEntry(fix.id);
    const second = w.services.time.adjust({ id: entry.id, minutes: 7 * 60 });
    expect(second.adjustsId).toBe(fix.id);
    expect(w.services.time.entitlement(account, '2026-11-23')?.usedMinutes).toBe(420);
  });

  it('sets a grid cell: creates, grows and shrinks duration-only entries, never shortens timer entries', () => {
    const cell = { accountId: account, sku: 'TAM-ONSITE', date: '2026-11-24' };
    const sum = () =>
      w.services.timesheets
        .week('2026-W48')
        .entries.filter((e) => e.date === cell.date && e.sku === cell.sku)
        .reduce((s, e) => s + e.minutes, 0);
    expect(w.services.time.setCell({ ...cell, minutes: 90, category: 'onsite' })).toEqual({ minutes: 90 });
    expect(liveEntries(w)).toBe(1);
    w.services.time.setCell({ ...cell, minutes: 150 });
    expect(liveEntries(w)).toBe(1);
    expect(sum()).toBe(150);
    // A new cell on the same row takes the row's category.
    w.services.time.setCell({ ...cell, date: '2026-11-25', minutes: 30 });
    expect(w.services.time.list({ from: '2026-11-25', to: '2026-11-25' })[0]?.category).toBe('onsite');

    const timed = w.services.time.add({ ...cell, minutes: 60, startedAt: '2026-11-24T16:00:00Z', endedAt: '2026-11-24T17:00:00Z', category: 'onsite' });
    expect(sum()).toBe(210);
    w.services.time.setCell({ ...cell, minutes: 100 });
    expect(sum()).toBe(100);
    const floor = errorOf(() => w.services.time.setCell({ ...cell, minutes: 30 }));
    expect(floor.message).toBe("1:00 of this day comes from the timer. Edit those entries in the day's list to go below 1:00.");
    w.services.time.setCell({ ...cell, minutes: 60 });
    // Down to the timed hour: the duration-only entry is gone (a tombstone), the timed one untouched.
    expect(w.services.timesheets.week('2026-W48').entries.filter((e) => e.date === cell.date)).toEqual([timed]);
  });

  it('restores a deleted entry (undo) only if the day still has room', () => {
    const entry = w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 600, category: 'onsite' });
    w.services.time.delete(entry.id);
    w.services.time.add({ accountId: account, date: '2026-11-23', minutes: 900, category: 'onsite' });
    expect(errorOf(() => w.services.time.restore(entry.id)).message).toMatch(/25h00/);
    expect(w.services.time.list({}).map((e) => e.minutes)).toEqual([900]);
  });

  it('needs a profile: time is logged in someone’s name', async () => {
    const fresh = await timeWorld();
    try {
      fresh.store.db.prepare('DELETE FROM local_profile').run();
      const id = fresh.account();
      expect(errorOf(() => fresh.services.time.add({ accountId: id, date: '2026-11-23', minutes: 60, category: 'onsite' })).message).toMatch(
        /Set up your profile/,
      );
    } finally {
      fresh.close();
    }
  });
});
