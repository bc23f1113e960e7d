/** The narrow SQL surface the server's storage runs on; SQLite and PostgreSQL each implement it. */
export type Dialect = 'sqlite' | 'postgres';

export interface SqlExecutor {
  /** Parameters are written `?` in SQL text; the PostgreSQL driver numbers them. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction, committed if it resolves and rolled back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
