import type { MetricsReport, ReportQuery } from '../model';
import { PreparedCache } from '../store/preparedCache';
import type { Store } from '../store/store';
import { hoursFigure } from './hours';
import { SettledSla, backlogFigure, mttrFigure, slaFigure } from './incidents';
import { ReportMemo } from './memo';
import { adoptionFigure, asksFigure, coverageFigure, lifecycleFigure } from './portfolio';
import { buildScope } from './scope';

/**
 * The metrics reports (docs/METRICS.md): every figure of a weekly review for a period and filters, computed with
 * SQL aggregates over the store (indexes in migration 0012_reports) and the model's own rules (SLA clock,
 * entitlement, adoption score, stage stays, ask ranking, rotation coverage), so a figure never disagrees with the
 * screen it drills down to.
 */
export class ReportsService {
  /** SLA outcomes of resolved incidents, by record version (see SettledSla). */
  private readonly settled = new SettledSla();
  private readonly statements: PreparedCache;
  /** Reads that no period decides, kept while the data is unchanged (see ReportMemo). */
  private readonly memo = new ReportMemo();

  constructor(private readonly store: Pick<Store, 'db' | 'now'>) {
    this.statements = new PreparedCache(store.db);
  }

  /**
   * Every figure for a query. `measure` wraps each figure's work (and the scope's, as 'scope'), for the benchmark
   * that times them one by one (bench/dashboard-figures.bench.ts).
   */
  report(query: ReportQuery, measure: <T>(figure: string, compute: () => T) => T = (_figure, compute) => compute()): MetricsReport {
    const now = this.store.now();
    // Called inside a caller's transaction, the report may see writes that are later rolled back, which neither of
    // SQLite's change signals would show: nothing it reads is kept for the next one.
    const nested = this.store.db.inTransaction;
    const memo = nested ? new ReportMemo() : this.memo;
    const settled = nested ? new SettledSla() : this.settled;
    // One read transaction: every figure sees the same data even if a sync lands meanwhile.
    return this.store.db.transaction(() => {
      memo.open(this.statements);
      const scope = measure('scope', () => buildScope(this.store.db, query, now, this.statements, memo));
      const report: MetricsReport = {
        query,
        asOf: scope.asOfIso,
        generatedAt: now.toISOString(),
        accounts: scope.accounts.size,
        sla: measure('sla', () => slaFigure(scope, settled)),
        mttr: measure('mttr', () => mttrFigure(scope)),
        backlog: measure('backlog', () => backlogFigure(scope)),
        adoption: measure('adoption', () => adoptionFigure(scope)),
        hours: measure('hours', () => hoursFigure(scope)),
        lifecycle: measure('lifecycle', () => lifecycleFigure(scope)),
        asks: measure('asks', () => asksFigure(scope)),
        coverage: measure('coverage', () => coverageFigure(scope)),
      };
      memo.close(this.statements);
      return report;
    })();
  }
}

export { weeksOfPeriod } from './weeks';
export { workingDays, CAPACITY_MINUTES_PER_DAY, BURN_SERIES_LIMIT } from './hours';
export { ageBucket } from './incidents';
