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

  report(query: ReportQuery): MetricsReport {
    const now = this.store.now();
    // One read transaction: every figure sees the same data even if a sync lands meanwhile.
    return this.store.db.transaction(() => {
      this.memo.open(this.statements);
      const scope = buildScope(this.store.db, query, now, this.statements, this.memo);
      const report: MetricsReport = {
        query,
        asOf: scope.asOfIso,
        generatedAt: now.toISOString(),
        accounts: scope.accounts.size,
        sla: slaFigure(scope, this.settled),
        mttr: mttrFigure(scope),
        backlog: backlogFigure(scope),
        adoption: adoptionFigure(scope),
        hours: hoursFigure(scope),
        lifecycle: lifecycleFigure(scope),
        asks: asksFigure(scope),
        coverage: coverageFigure(scope),
      };
      this.memo.close(this.statements);
      return report;
    })();
  }
}

export { weeksOfPeriod } from './weeks';
export { workingDays, CAPACITY_MINUTES_PER_DAY, BURN_SERIES_LIMIT } from './hours';
export { ageBucket } from './incidents';
