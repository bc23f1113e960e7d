import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractCreateSchema, contractPeriodOn, newId, weekOf } from '../../core/model';
import type { ReportQuery, SupportContract, TimeEntryFields } from '../../core/model';
import { ReportsService } from '../../core/reports';
import { ranOutDay, useByDay } from '../../core/reports/hours';
import { TierTermsRepo } from '../../core/store/tierTermsRepo';
import { TimeRepo } from '../../core/store/timeRepo';
import { clockedServices } from './reviewsHelpers';

/**
 * The hours figure sums in SQL (by person, flag and week; burn-downs as running sums per account). Checked here
 * against the plain rule written out entry by entry, on random entries, corrections, deletions and periods.
 */
interface Entry {
  account: number;
  user: number;
  day: number;
  minutes: number;
  billable: boolean;
  corrects: boolean;
  deleted: boolean;
}

const USERS = ['ann@vendor.example', 'bob@vendor.example', 'Carl@vendor.example'];
const dayOf = (offset: number) => new Date(Date.parse('2026-07-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

describe('hours figure against the entry-by-entry rule on random data', () => {
  let env: Awaited<ReturnType<typeof clockedServices>>;
  let accounts: string[];
  let contracts: SupportContract[];

  beforeAll(async () => {
    env = await clockedServices('2026-06-01T08:00:00.000Z');
    const { services } = env;
    new TierTermsRepo(env.store).seed();
    services.profile.save({ name: 'Mia Manager', email: 'mia@vendor.example', role: 'manager', homeRegion: 'uk', timeZone: 'Europe/London' });
    accounts = [
      services.accounts.create({ name: 'Acme', tier: 'premium', segment: 'enterprise', residency: 'global' }).id,
      services.accounts.create({ name: 'Borealis', tier: 'standard', segment: 'commercial', residency: 'eu' }).id,
      services.accounts.create({ name: 'Cobalt', tier: 'standard', segment: 'federal', residency: 'global' }).id,
      services.accounts.create({ name: 'Gone', tier: 'standard', segment: 'commercial', residency: 'global' }).id,
    ];
    contracts = [
      services.contracts.create(contractCreateSchema.parse({ accountId: accounts[0], tier: 'premium', startsOn: '2026-01-01', endsOn: '2026-12-31', includedHours: 8, hoursPeriod: 'month' })),
      services.contracts.create(contractCreateSchema.parse({ accountId: accounts[1], tier: 'standard', startsOn: '2026-02-01', endsOn: '2027-01-31', includedHours: 20, hoursPeriod: 'quarter' })),
    ];
    // Now is after every period: the figures are taken at each period's end.
    env.clock.set('2026-12-31T00:00:00.000Z');
  });
  afterAll(() => env.close());

  it('totals, weeks, people and burn-downs equal the plain sums', () => {
    const entryArb = fc.record({
      account: fc.integer({ min: 0, max: 3 }),
      user: fc.integer({ min: 0, max: 2 }),
      // Days relative to the period's start: most fall in it, some in the hours period before it.
      day: fc.integer({ min: -100, max: 45 }),
      minutes: fc.integer({ min: 1, max: 300 }),
      billable: fc.boolean(),
      // Corrections and deletions now and then, so most entries count and included hours do run out.
      corrects: fc.constantFrom(false, false, false, false, true),
      deleted: fc.constantFrom(false, false, false, false, false, true),
    });
    const queryArb = fc.record({ start: fc.integer({ min: 100, max: 140 }), length: fc.integer({ min: 0, max: 40 }), filter: fc.constantFrom('none', 'tier', 'single') });
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 20, maxLength: 150, size: 'max' }), queryArb, (entries: Entry[], q) => {
        const { store } = env;
        store.db.prepare(`DELETE FROM time_entries`).run();
        const time = new TimeRepo(store);
        const live: Array<{ id: string; accountId: string; userId: string; date: string; minutes: number; billable: boolean; adjustsId: string | null }> = [];
        const written: typeof live = [];
        for (const e of entries) {
          const id = newId();
          // A correction replaces the entry written just before it (if any).
          const adjustsId = e.corrects ? (written.at(-1)?.id ?? null) : null;
          const row = { id, accountId: accounts[e.account] as string, userId: USERS[e.user] as string, date: dayOf(q.start + e.day), minutes: e.minutes, billable: e.billable, adjustsId };
          const fields: TimeEntryFields = {
            userId: row.userId, date: row.date, minutes: row.minutes, startedAt: null, endedAt: null, timeZone: null, category: 'remote', sku: null,
            billable: row.billable, rate: null, currency: null, note: '', source: 'manual', status: 'draft', adjustsId,
          };
          store.write(() => time.insertEntry(id, row.accountId, fields));
          written.push(row);
          if (e.deleted) store.db.prepare(`UPDATE time_entries SET deleted = 1 WHERE id = ?`).run(id);
          else live.push(row);
        }
        // Accounts[3] is deleted: its time never counts.
        store.db.prepare(`UPDATE accounts SET deleted = 1 WHERE id = ?`).run(accounts[3]);
        const replaced = new Set(live.map((r) => r.adjustsId).filter((id): id is string => id !== null));
        const counted = live.filter((r) => !replaced.has(r.id) && r.accountId !== accounts[3]);

        const query: ReportQuery = { from: dayOf(q.start), to: dayOf(q.start + q.length) };
        if (q.filter === 'tier') query.tier = 'standard';
        if (q.filter === 'single') query.accountId = accounts[1];
        const inScope = (accountId: string) => (q.filter === 'tier' ? accountId !== accounts[0] : q.filter === 'single' ? accountId === accounts[1] : true);
        const report = new ReportsService(store).report(query);
        const period = counted.filter((r) => inScope(r.accountId) && r.date >= query.from && r.date <= query.to);
        const sum = (rows: typeof counted) => rows.reduce((n, r) => n + r.minutes, 0);

        expect(report.hours.billableMinutes).toBe(sum(period.filter((r) => r.billable)));
        expect(report.hours.nonBillableMinutes).toBe(sum(period.filter((r) => !r.billable)));
        expect(report.hours.weeks.map((w) => [w.week, w.billableMinutes, w.nonBillableMinutes])).toEqual(
          report.hours.weeks.map((w) => {
            const inWeek = period.filter((r) => weekOf(r.date) === w.week);
            return [w.week, sum(inWeek.filter((r) => r.billable)), sum(inWeek.filter((r) => !r.billable))];
          }),
        );
        const users = [...new Set(period.map((r) => r.userId))].sort();
        expect(report.hours.people.map((p) => p.userId).sort()).toEqual(users);
        for (const p of report.hours.people) {
          const mine = period.filter((r) => r.userId === p.userId);
          expect([p.billableMinutes, p.nonBillableMinutes]).toEqual([sum(mine.filter((r) => r.billable)), sum(mine.filter((r) => !r.billable))]);
        }

        // Burn-downs: billable minutes from the start of the contract's hours period to the report's last day, and
        // the first day the running total reached the included hours.
        const day = query.to;
        const expected = contracts
          .filter((c) => inScope(c.accountId) && c.startsOn <= day && c.endsOn >= day)
          .map((c) => {
            const p = contractPeriodOn(c, day);
            const rows = counted.filter((r) => r.accountId === c.accountId && r.billable && p !== null && r.date >= p.start && r.date <= day).sort((a, b) => a.date.localeCompare(b.date));
            let total = 0;
            let ranOut: string | null = null;
            for (const r of rows) {
              total += r.minutes;
              if (ranOut === null && total >= c.includedHours * 60) ranOut = r.date;
            }
            return { accountId: c.accountId, usedMinutes: total, ranOut };
          });
        expect(report.hours.contracts.map((b) => b.accountId).sort()).toEqual(expected.map((e) => e.accountId).sort());
        for (const e of expected) {
          const burn = report.hours.contracts.find((b) => b.accountId === e.accountId);
          expect(burn?.usedMinutes).toBe(e.usedMinutes);
          if (e.ranOut !== null) expect(burn).toMatchObject({ exhausted: true, exhaustionDate: e.ranOut });
          else expect(burn?.exhausted).toBe(false);
          // The day-by-day series ends at what is left.
          expect(burn?.days.at(-1)?.remainingMinutes).toBe((burn?.includedMinutes ?? 0) - e.usedMinutes);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('use by day and the day hours ran out', () => {
  it('sums each day whole and finds the first day the running total reaches the included minutes, whatever order the pairs come in', () => {
    const inOrder = useByDay('2026-07-01 60 2026-07-02 120 2026-07-02 -60 2026-07-03 30');
    expect(inOrder).toEqual({ dates: ['2026-07-01', '2026-07-02', '2026-07-03'], minutes: [60, 60, 30] });
    expect(useByDay('2026-07-03 30 2026-07-02 120 2026-07-01 60 2026-07-02 -60')).toEqual(inOrder);
    // 60, then 120 on the 2nd (the day counts whole: 60 + 120 - 60), then 150 on the 3rd.
    expect(ranOutDay(inOrder, 150, '2026-07-31')).toBe('2026-07-03');
    expect(ranOutDay(inOrder, 120, '2026-07-31')).toBe('2026-07-02');
    expect(ranOutDay(inOrder, 151, '2026-07-31')).toBeNull();
    // Use after the report's last day has not happened yet as of it.
    expect(ranOutDay(inOrder, 150, '2026-07-02')).toBeNull();
  });
});
