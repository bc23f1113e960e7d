import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountMinor, exportDecimalHours, formatHm, formatMoney, roundingStep, roundExportMinutes, TIME_ROUNDINGS } from '../../core/model';

const minutes = fc.integer({ min: 0, max: 1440 });
const rounding = fc.constantFrom(...TIME_ROUNDINGS);

describe('rounding of time for exports and reports', () => {
  it('never reduces the recorded time, and adds less than one step', () => {
    fc.assert(
      fc.property(minutes, rounding, (m, r) => {
        const rounded = roundExportMinutes(m, r);
        expect(rounded).toBeGreaterThanOrEqual(m);
        expect(rounded - m).toBeLessThan(roundingStep(r));
      }),
    );
  });

  it('gives a multiple of the step, and is idempotent', () => {
    fc.assert(
      fc.property(minutes, rounding, (m, r) => {
        const rounded = roundExportMinutes(m, r);
        expect(rounded % roundingStep(r)).toBe(0);
        expect(roundExportMinutes(rounded, r)).toBe(rounded);
      }),
    );
  });

  it('is monotone: more time never rounds to less', () => {
    fc.assert(
      fc.property(minutes, minutes, rounding, (a, b, r) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(roundExportMinutes(lo, r)).toBeLessThanOrEqual(roundExportMinutes(hi, r));
      }),
    );
  });

  it('leaves whole minutes alone without rounding, and keeps a total the sum of its rounded entries', () => {
    fc.assert(
      fc.property(fc.array(minutes, { maxLength: 50 }), rounding, (entries, r) => {
        for (const m of entries) expect(roundExportMinutes(m, 'none')).toBe(m);
        const total = entries.reduce((sum, m) => sum + roundExportMinutes(m, r), 0);
        // Per-entry rounding: the total is a multiple of the step and undercounts nothing.
        expect(total % roundingStep(r)).toBe(0);
        expect(total).toBeGreaterThanOrEqual(entries.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('rounds the examples billing people know', () => {
    expect([1, 6, 7, 59, 60, 61].map((m) => roundExportMinutes(m, '6'))).toEqual([6, 6, 12, 60, 60, 66]);
    expect([0, 1, 15, 16, 44, 46].map((m) => roundExportMinutes(m, '15'))).toEqual([0, 15, 15, 30, 45, 60]);
  });

  it('writes h:mm and decimal hours that agree with the minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (m) => {
        const [h, mm] = formatHm(m).split(':').map(Number);
        expect((h ?? 0) * 60 + (mm ?? 0)).toBe(m);
        expect(Math.abs(exportDecimalHours(m) - m / 60)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
    expect(formatHm(90)).toBe('1:30');
    expect(formatHm(7505)).toBe('125:05');
    // With 6- or 15-minute rounding, decimal hours are exact.
    fc.assert(
      fc.property(minutes, (m) => {
        expect(exportDecimalHours(roundExportMinutes(m, '6')) * 60).toBeCloseTo(roundExportMinutes(m, '6'), 9);
      }),
    );
  });

  it('prices time in minor units, rounding half up, in the currency’s own decimals', () => {
    expect(amountMinor(15_000, 90)).toBe(22_500);
    expect(amountMinor(18_050, 221)).toBe(66_484);
    expect(formatMoney(22_500, 'EUR')).toBe('€225.00');
    expect(formatMoney(12_000, 'JPY')).toBe('¥12,000');
  });
});
