/** The narrow database surface a migration may use, so migration files depend on nothing of the app. */
export interface MigrationDb {
  exec(sql: string): unknown;
}

export interface Migration {
  /** Sortable, unique, and equal to the file name without its extension. */
  id: string;
  up(db: MigrationDb): void;
}
