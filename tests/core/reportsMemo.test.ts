import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsReport, ReportQuery } from '../../core/model';
import { ReportsService } from '../../core/reports';
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
    });
  });
});
