import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDriver, SqlExecutor } from './driver';

/**
 * better-sqlite3 is synchronous and has one connection, so every statement and transaction runs through
 * one queue: a request can never see another's uncommitted writes, and transactions never nest.
 */
export function openSqliteDriver(dataDir: string): SqlDriver {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, 'fieldbook-server.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const statements = new Map<string, Database.Statement>();
  const run = <T>(sql: string, params: readonly unknown[] = []): T[] => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt.reader ? (stmt.all(...params) as T[]) : (stmt.run(...params), []);
  };
  const direct: SqlExecutor = { query: (sql, params) => Promise.resolve(run(sql, params)) };

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    query: (sql, params) => serial(() => direct.query(sql, params)),
    transaction: (fn) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () =>
      serial(() => {
        db.close();
        return Promise.resolve();
      }),
  };
}
