import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresDriver } from '../../server/storage/postgresDriver';
import { postgresBackend } from './harness';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe('PostgreSQL driver', () => {
  it('survives the database ending an idle connection, and the next query opens a new one', async () => {
    const { location, drop } = await postgresBackend.create();
    cleanups.push(drop);
    const url = location.databaseUrl ?? '';
    const driver = openPostgresDriver(url, 2);
    cleanups.push(() => driver.close());
    const [before] = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // Another session ends the idle connection, as a restart or an administrator would.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [before?.pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [after] = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(after?.pid).toBeTypeOf('number');
    expect(after?.pid).not.toBe(before?.pid);
  });
});
