import pg from 'pg';
import type { SqlDriver, SqlExecutor } from './driver';

/** `?` placeholders become `$1…$n`. Our SQL never has a literal `?`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}

// BIGINT (server_seq, origin_seq) arrive as numbers: they stay far below 2^53.
const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : (pg.types.getTypeParser as (o: number, f?: 'text' | 'binary') => unknown)(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export function openPostgresDriver(connectionString: string, poolSize = 10): SqlDriver {
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle connection the server ends (a restart, pg_terminate_backend, a dropped database) is removed from
  // the pool and the next query opens a new one; unhandled, its 'error' event would end the whole process.
  pool.on('error', () => undefined);
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      const result = await client.query(numbered(sql), [...params]);
      return result.rows as T[];
    },
  });
  const direct = executor(pool);
  return {
    dialect: 'postgres',
    query: (sql, params) => direct.query(sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
