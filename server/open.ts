import type { ServerConfig } from './config';
import { openPostgresDriver } from './storage/postgresDriver';
import { ServerStore } from './storage/serverStore';
import { openSqliteDriver } from './storage/sqliteDriver';

/** Opens and migrates the configured database: PostgreSQL with a URL, the embedded SQLite file otherwise. */
export async function openServerStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<ServerStore> {
  const driver = config.databaseUrl ? openPostgresDriver(config.databaseUrl) : openSqliteDriver(config.dataDir ?? '.');
  const store = new ServerStore(driver);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
