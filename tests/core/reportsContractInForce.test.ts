import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractInForce } from '../../core/model';
import type { ReportContract } from '../../core/reports/scope';
import { contractInForceNear } from '../../core/reports/scope';

/** The reports' shortcut for the contract governing an incident gives the model's answer, zones and overlaps included. */
const day = (offset: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
const ZONES = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata', 'Europe/London'];

describe('contract in force for a report', () => {
  it('equals contractInForce on random contracts and instants', () => {
    const contractArb = fc.record({
      start: fc.integer({ min: 0, max: 20 }),
      length: fc.integer({ min: 0, max: 12 }),
      zone: fc.option(fc.constantFrom(...ZONES), { nil: null }),
      id: fc.constantFrom('a', 'b', 'c', 'd'),
    });
    fc.assert(
      fc.property(fc.array(contractArb, { maxLength: 4 }), fc.integer({ min: 0, max: 34 * 24 * 60 - 1 }), (specs, minute) => {
        const contracts = specs.map(
          (s, i) =>
            ({
              id: `${s.id}${i}`,
              accountId: 'acc',
              tier: 'standard',
              startsOn: day(s.start),
              endsOn: day(s.start + s.length),
              includedHours: 0,
              hoursPeriod: 'month',
              slaTargets: [],
              coverage: s.zone === null ? { kind: 'always' } : { kind: 'business_hours', timeZone: s.zone, days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] },
              updatedAt: '',
            }) as unknown as ReportContract,
        );
        const instant = new Date(Date.parse('2026-03-01T00:00:00Z') + minute * 60_000).toISOString();
        expect(contractInForceNear(contracts, instant)?.id ?? null).toBe(contractInForce(contracts, instant)?.id ?? null);
      }),
      { numRuns: 2000 },
    );
  });
});
