import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text for one connection: preparing a statement costs more than running a small
 * query (opening a review ran at twice its cost before this).
 */
export class PreparedCache {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(private readonly db: Database.Database) {}

  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }
}
