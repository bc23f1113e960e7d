import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeEntitlement, contractPeriodOn } from '../../core/model';
import { MANAGER, timeWorld } from './timeHelpers';
import type { TimeWorld } from './timeHelpers';

describe('contract periods', () => {
  it('anchors periods at the contract start, steps whole months from it, and ends with the contract', () => {
    const monthly = { startsOn: '2026-01-15', endsOn: '2026-12-31', hoursPeriod: 'month' as const };
    expect(contractPeriodOn(monthly, '2026-01-15')).toEqual({ start: '2026-01-15', end: '2026-02-14' });
    expect(contractPeriodOn(monthly, '2026-03-14')).toEqual({ start: '2026-02-15', end: '2026-03-14' });
    expect(contractPeriodOn(monthly, '2026-12-20')).toEqual({ start: '2026-12-15', end: '2026-12-31' });
    expect(contractPeriodOn(monthly, '2027-01-01')).toBeNull();
    expect(contractPeriodOn(monthly, '2026-01-14')).toBeNull();
    // Month ends do not drift: from 31 January, periods start on the last day of short months.
    const endOfMonth = { startsOn: '2026-01-31', endsOn: '2026-12-31', hoursPeriod: 'month' as const };
    expect(contractPeriodOn(endOfMonth, '2026-03-01')).toEqual({ start: '2026-02-28', end: '2026-03-30' });
    expect(contractPeriodOn(endOfMonth, '2026-03-31')).toEqual({ start: '2026-03-31', end: '2026-04-29' });
    expect(contractPeriodOn({ startsOn: '2026-01-01', endsOn: '2027-12-31', hoursPeriod: 'quarter' }, '2026-08-10')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(contractPeriodOn({ startsOn: '2026-04-01', endsOn: '2028-03-31', hoursPeriod: 'year' }, '2027-06-01')).toEqual({ start: '2027-04-01', end: '2028-03-31' });
  });
});

describe('entitlement figures', () => {
  const period = { start: '2026-11-01', end: '2026-11-30' };

  it('forecasts the exhaustion date at the current burn rate, and warns from 80 %', () => {
    // 20 h used in the first 10 days of 40: 2 h a day; the other 20 h last 10 more days.
    const fine = computeEntitlement({ period, includedHours: 40, usage: [{ date: '2026-11-03', minutes: 1200 }], today: '2026-11-10' });
    expect(fine).toMatchObject({ usedMinutes: 1200, includedMinutes: 2400, remainingMinutes: 1200, percentUsed: 50, level: 'ok', burnMinutesPerDay: 120 });
    expect(fine).toMatchObject({ exhaustionDate: '2026-11-20', exhausted: false });
    const warning = computeEntitlement({ period, includedHours: 40, usage: [{ date: '2026-11-03', minutes: 32 * 60 }], today: '2026-11-28' });
    expect(warning).toMatchObject({ level: 'warning', percentUsed: 80, exhausted: false });
    // At this slower rate the hours last beyond the period: no date.
    expect(warning.exhaustionDate).toBeNull();
  });

  it('at 100 % says the day the included hours ran out', () => {
    const usage = [
      { date: '2026-11-12', minutes: 1500 },
      { date: '2026-11-02', minutes: 1000 },
      { date: '2026-11-20', minutes: 60 },
      { date: '2026-12-01', minutes: 9999 },
    ];
    const out = computeEntitlement({ period, includedHours: 40, usage, today: '2026-11-25' });
    expect(out).toMatchObject({ level: 'exhausted', usedMinutes: 2560, remainingMinutes: 0, exhausted: true, exhaustionDate: '2026-11-12' });
    expect(out.percentUsed).toBeCloseTo(106.67, 2);
  });

  it('has no percentage or forecast when nothing is included', () => {
    const out = computeEntitlement({ period, includedHours: 0, usage: [{ date: '2026-11-02', minutes: 60 }], today: '2026-11-05' });
    expect(out).toMatchObject({ percentUsed: null, level: 'ok', exhaustionDate: null, exhausted: false });
  });
});

describe('entitlements from stored time', () => {
  let w: TimeWorld;
  let account: string;
  beforeEach(async () => {
    w = await timeWorld('2026-11-10T12:00:00.000Z');
    account = w.account('Contoso', { includedHours: 10 });
  });
  afterEach(() => w.close());

  it('counts everyone’s billable time in the current period, not non-billable time nor other periods', () => {
    const log = (date: string, minutes: number, sku: string | null = 'TAM-ONSITE') => w.services.time.add({ accountId: account, date, minutes, category: 'onsite', sku });
    log('2026-11-02', 240);
    log('2026-11-03', 120, 'TAM-INTERNAL');
    log('2026-11-04', 60, null);
    log('2026-10-30', 600);
    w.as(MANAGER);
    log('2026-11-09', 240);
    const e = w.services.time.entitlement(account);
    expect(e).toMatchObject({
      accountId: account,
      tier: 'premier',
      includedHours: 10,
      hoursPeriod: 'month',
      asOf: '2026-11-10',
      period: { start: '2026-11-01', end: '2026-11-30' },
      usedMinutes: 480,
      percentUsed: 80,
      level: 'warning',
      burnMinutesPerDay: 48,
      exhaustionDate: '2026-11-13',
    });
    expect(w.services.time.entitlement(account, '2026-10-15')).toMatchObject({ usedMinutes: 600, level: 'exhausted', exhaustionDate: '2026-10-30' });
    expect(w.services.time.entitlement(w.account('No contract', null))).toBeNull();
  });
});
