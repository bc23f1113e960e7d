import type { PreparedCache } from '../store/preparedCache';

/**
 * What a report reads that does not depend on its period (accounts by filter, contracts, adoption records and
 * notes, lifecycle events, teams), kept between reports for as long as the database has not changed, so a
 * dashboard re-run for another period or filter reads only what the period decides.
 *
 * "Not changed" is decided by SQLite, not by the app's write paths, so no path can forget to say so: commits by
 * any other connection change `PRAGMA data_version`; every row changed on this connection (triggers included,
 * temporary tables too, even in a transaction later rolled back) counts in `total_changes()`; and a schema change
 * (which changes no row) moves `PRAGMA schema_version`. All three only ever err towards "changed". The one case
 * they cannot see, a report run inside a transaction of its caller that is then rolled back, is ReportsService's to
 * avoid (it keeps nothing from such a report).
 */
export class ReportMemo {
  private dataVersion: number | null = null;
  private schemaVersion: number | null = null;
  private totalChanges: number | null = null;
  private readonly values = new Map<string, unknown>();

  /** Bounded by entries (a year-long period keeps 53 weeks of hours per filter): all are dropped past the limit. */
  constructor(private readonly limit = 512) {}

  /**
   * Called first inside a report's read transaction: drops everything if the data may have changed since the last
   * report. data_version is read before any row, so a commit landing as the snapshot is taken makes the version
   * look older than the snapshot (a needless re-read next time), never newer (a stale figure).
   */
  open(statements: PreparedCache): void {
    const dataVersion = statements.get<[], number>('PRAGMA data_version').pluck().get() as number;
    const schemaVersion = statements.get<[], number>('PRAGMA schema_version').pluck().get() as number;
    const totalChanges = statements.get<[], number>('SELECT total_changes()').pluck().get() as number;
    if (dataVersion !== this.dataVersion || schemaVersion !== this.schemaVersion || totalChanges !== this.totalChanges) this.values.clear();
    this.dataVersion = dataVersion;
    this.schemaVersion = schemaVersion;
    this.totalChanges = totalChanges;
  }

  /**
   * Called last inside the report's transaction: the report's own scratch writes (temporary tables) count as
   * changes, and they are the only ones that can have happened on this connection meanwhile, so the count is taken
   * again. data_version is not: a commit elsewhere after the snapshot was taken is not in what was kept.
   */
  close(statements: PreparedCache): void {
    this.totalChanges = statements.get<[], number>('SELECT total_changes()').pluck().get() as number;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  get<T>(key: string, compute: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = compute();
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
