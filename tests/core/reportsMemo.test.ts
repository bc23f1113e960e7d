import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsReport, ReportQuery } from '../../core/model';
import { ReportsService } from '../../core/reports';
import { periodsToRead } from '../../core/reports/hours';
import { ReportMemo } from '../../core/reports/memo';
import { PreparedCache } from '../../core/store/preparedCache';
import { clockedServices } from './reviewsHelpers';
import { PERIOD, seedMetrics } from './reportsFixture';
import type { MetricsFixture } from './reportsFixture';

/**
 * The reports keep what no period decides between runs (core/reports/memo.ts). A kept read must never outlive a
 * change to the data, whichever way the change comes: a service, plain SQL on the same connection, or another
 * connection (another process: the CLI, a second window).
 */
describe('what the reports keep between runs', () => {
  let env: Awaited<ReturnType<typeof clockedServices>>;
  let fx: MetricsFixture;

  beforeEach(async () => {
    env = await clockedServices('2026-09-01T08:00:00.000Z');
    fx = seedMetrics(env.store, env.services, env.clock);
    env.clock.set('2026-11-27T12:00:00.000Z');
  });
  afterEach(() => env.close());

  describe('ReportMemo', () => {
    /** One "report": open, read `key` (counting computations), close; as ReportsService does, in one transaction. */
    const run = (memo: ReportMemo, statements: PreparedCache, inside: () => void = () => undefined): number => {
      let computed = 0;
      env.store.db.transaction(() => {
        memo.open(statements);
        memo.get('x', () => (computed += 1));
        inside();
        memo.close(statements);
      })();
      return computed;
    };

    it('keeps a value while nothing changes, its own scratch writes included', () => {
      const memo = new ReportMemo();
      const statements = new PreparedCache(env.store.db);
      env.store.db.exec('CREATE TEMP TABLE scratch (n INTEGER)');
      expect(run(memo, statements)).toBe(1);
      expect(run(memo, statements, () => env.store.db.exec('INSERT INTO temp.scratch VALUES (1), (2)'))).toBe(0);
      expect(run(memo, statements)).toBe(0);
    });

    it('drops it after a write by a service, by plain SQL, by another connection, or one rolled back', () => {
      const memo = new ReportMemo();
      const statements = new PreparedCache(env.store.db);
      expect(run(memo, statements)).toBe(1);

      env.services.accounts.update({ id: fx.delta, patch: { name: 'Delta Renamed' } });
      expect(run(memo, statements)).toBe(1);
      expect(run(memo, statements)).toBe(0);

      env.store.db.prepare(`UPDATE accounts SET notes = 'x' WHERE id = ?`).run(fx.delta);
      expect(run(memo, statements)).toBe(1);

      const other = new Database(env.store.db.name);
      try {
        other.prepare(`UPDATE accounts SET notes = 'y' WHERE id = ?`).run(fx.delta);
      } finally {
        other.close();
      }
      expect(run(memo, statements)).toBe(1);
      expect(run(memo, statements)).toBe(0);

      expect(() =>
        env.store.db.transaction(() => {
          env.store.db.prepare(`UPDATE accounts SET notes = 'z' WHERE id = ?`).run(fx.delta);
          throw new Error('undone');
        })(),
      ).toThrow('undone');
      // Nothing changed in the end, but "maybe changed" is the safe answer.
      expect(run(memo, statements)).toBe(1);

      // A schema change changes no row (DROP TABLE does not count in total_changes()).
      env.store.db.exec('CREATE TABLE scratch_main (n INTEGER)');
      expect(run(memo, statements)).toBe(1);
      env.store.db.exec('DROP TABLE scratch_main');
      expect(run(memo, statements)).toBe(1);
      expect(run(memo, statements)).toBe(0);
    });

    it('keeps nothing from a report run inside a transaction that is then rolled back', () => {
      const reports = new ReportsService(env.store);
      const premium = { ...PERIOD, tier: 'premium' };
      expect(reports.report(premium).accounts).toBe(1);
      expect(() =>
        env.store.db.transaction(() => {
          env.store.db.prepare(`UPDATE accounts SET tier = 'premium' WHERE id = ?`).run(fx.delta);
          expect(reports.report(premium).accounts).toBe(2);
          throw new Error('undone');
        })(),
      ).toThrow('undone');
      expect(reports.report(premium).accounts).toBe(1);
    });
  });

  describe('a long-lived ReportsService', () => {
    const QUERIES: ReportQuery[] = [
      { ...PERIOD },
      { from: '2026-10-12', to: '2026-10-25' },
      { ...PERIOD, tier: 'standard' },
      { ...PERIOD, region: 'uk' },
      { ...PERIOD, accountId: '' },
      { from: '2026-09-28', to: '2026-10-11', owner: 'Ann Archer' },
    ];
    /** Every figure but the time it was made. */
    const figures = (r: MetricsReport) => ({ ...r, generatedAt: null });

    it('gives after every kind of change exactly what a fresh one gives', () => {
      const kept = new ReportsService(env.store);
      const queries = QUERIES.map((q) => (q.accountId === '' ? { ...q, accountId: fx.acme } : q));
      // The fresh reports run on a connection of their own, so their scratch writes never count as a change on the
      // kept one's connection (which would hide a kept read that should have been dropped).
      const agree = (why: string) => {
        const own = new Database(env.store.db.name, { readonly: true });
        try {
          for (const q of queries) {
            const fresh = new ReportsService({ db: own, now: () => env.store.now() }).report(q);
            expect(figures(kept.report(q)), `${why}: ${JSON.stringify(q)}`).toEqual(figures(fresh));
          }
        } finally {
          own.close();
        }
      };
      agree('before any change');
      // Run twice more, so later comparisons start from kept reads.
      agree('unchanged');

      env.services.adoption.set({ accountId: fx.acme, capability: 'sso', status: 'blocked', blockers: 'Identity provider retired', on: '2026-10-10' });
      agree('an adoption status changed in the period');
      env.services.accounts.update({ id: fx.delta, patch: { stage: 'production' } });
      agree('a stage change (a hand-off)');
      env.services.accounts.update({ id: fx.borealis, patch: { name: 'Aurora', tier: 'premium', residency: 'uk' } });
      agree('an account renamed, moved tier and region');
      env.services.time.add({ accountId: fx.acme, date: '2026-10-13', minutes: 600, category: 'onsite', sku: 'PREM-ONSITE' });
      agree('time logged');
      const contract = env.services.contracts.list(fx.acme)[0];
      if (!contract) throw new Error('the fixture has a contract for Acme');
      env.services.contracts.update(contract.id, { includedHours: 2 });
      agree('included hours changed');

      const other = new Database(env.store.db.name);
      try {
        other.prepare(`UPDATE people SET clearances = '[]' WHERE deleted = 0`).run();
        other.prepare(`UPDATE adoption_notes SET deleted = 1 WHERE status IS NOT NULL`).run();
      } finally {
        other.close();
      }
      agree('clearances and adoption history changed by another process');

      const own = new Database(env.store.db.name);
      try {
        // Borealis's business hours become 24×7 (its incident's clocks change), written as every write path does,
        // with a new updated_at (remembered SLA outcomes are keyed by record versions), then Acme's contract goes.
        own.prepare(`UPDATE contracts SET coverage = '{"kind":"24x7"}', updated_at = '2026-11-27T12:00:01.000Z' WHERE account_id = ?`).run(fx.borealis);
      } finally {
        own.close();
      }
      agree("a contract's coverage changed by another process");
      env.services.contracts.delete(contract.id);
      agree('a contract deleted');
      env.store.db.prepare(`DELETE FROM contracts WHERE id = ?`).run(contract.id);
      agree('a contract purged');
    });

    it('lists no hand-off of a deleted account (deleted accounts never count)', () => {
      const reports = new ReportsService(env.store);
      expect(reports.report(PERIOD).lifecycle.incomplete.map((h) => h.id)).toContain(fx.acmeHandoff);
      env.services.accounts.delete(fx.acme);
      expect(reports.report(PERIOD).lifecycle.incomplete.map((h) => h.id)).not.toContain(fx.acmeHandoff);
      expect(reports.report({ ...PERIOD, accountId: fx.acme }).lifecycle.incomplete).toEqual([]);
    });

    it('agrees with fresh reports over random sequences of reports and changes', () => {
      const day = (offset: number) => new Date(Date.parse('2026-09-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
      const queryArb = fc.record({
        start: fc.integer({ min: 0, max: 80 }),
        length: fc.integer({ min: 0, max: 60 }),
        filter: fc.constantFrom('none', 'tier', 'region', 'owner', 'acme', 'delta'),
      });
      const changeArb = fc.record({
        kind: fc.constantFrom('adoption', 'time', 'stage', 'tier', 'hours', 'other-connection'),
        offset: fc.integer({ min: 0, max: 80 }),
        n: fc.integer({ min: 1, max: 4 }),
      });
      const stepArb = fc.oneof({ arbitrary: queryArb.map((q) => ({ query: q })), weight: 3 }, { arbitrary: changeArb.map((c) => ({ change: c })), weight: 1 });
      const kept = new ReportsService(env.store);
      const accounts = [fx.acme, fx.borealis, fx.cobalt, fx.delta];
      const stages = ['pre_sales', 'onboarding', 'production', 'steady_state'] as const;
      const capabilities = ['sso', 'rbac', 'byok'] as const;
      const statuses = ['evaluating', 'piloting', 'adopted', 'blocked'] as const;
      fc.assert(
        fc.property(fc.array(stepArb, { minLength: 3, maxLength: 12 }), (steps) => {
          for (const step of steps) {
            if ('change' in step) {
              const { kind, offset, n } = step.change;
              const account = accounts[n % accounts.length] as string;
              if (kind === 'adoption') {
                const status = statuses[n % statuses.length] as (typeof statuses)[number];
                env.services.adoption.set({ accountId: account, capability: capabilities[offset % 3] as string, status, on: day(offset), ...(status === 'blocked' ? { blockers: 'Budget' } : {}) });
              } else if (kind === 'time') env.services.time.add({ accountId: fx.acme, date: day(offset), minutes: 30 * n, category: 'onsite', sku: 'PREM-ONSITE' });
              else if (kind === 'stage') env.services.accounts.update({ id: account, patch: { stage: stages[(offset + n) % stages.length] } });
              else if (kind === 'tier') env.services.accounts.update({ id: account, patch: { tier: n % 2 === 0 ? 'premium' : 'standard' } });
              else if (kind === 'hours') env.store.db.prepare(`UPDATE contracts SET included_hours = ? WHERE account_id = ?`).run(n * 4, account);
              else {
                const other = new Database(env.store.db.name);
                try {
                  other.prepare(`UPDATE team_roles SET deleted = ? WHERE account_id = ?`).run(n % 2, account);
                } finally {
                  other.close();
                }
              }
              continue;
            }
            const { start, length, filter } = step.query;
            const query: ReportQuery = { from: day(start), to: day(start + length) };
            if (filter === 'tier') query.tier = 'standard';
            if (filter === 'region') query.region = 'uk';
            if (filter === 'owner') query.owner = 'Ann Archer';
            if (filter === 'acme') query.accountId = fx.acme;
            if (filter === 'delta') query.accountId = fx.delta;
            const own = new Database(env.store.db.name, { readonly: true });
            try {
              const fresh = new ReportsService({ db: own, now: () => env.store.now() }).report(query);
              expect(figures(kept.report(query))).toEqual(figures(fresh));
            } finally {
              own.close();
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  it('reads every period again when keeping the new ones would pass the limit, and never loses one it wants', () => {
    const kept = new Map<string, number>([['a', 1], ['b', 2], ['c', 3]]);
    const key = (s: string) => s;
    expect(periodsToRead(kept, ['a', 'b'], key, 4)).toEqual([]);
    expect(periodsToRead(kept, ['a', 'd'], key, 4)).toEqual(['d']);
    // Three kept plus two new is past four: everything kept goes, and both wanted are read.
    expect(periodsToRead(kept, ['a', 'd', 'e'], key, 4)).toEqual(['a', 'd', 'e']);
    expect(kept.size).toBe(0);
  });
});
