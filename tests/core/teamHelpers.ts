import { createServices } from '../../core/services';
import type { Services } from '../../core/services';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { openStore } from '../../core/store/store';
import type { Store } from '../../core/store/store';
import { FieldbookError } from '../../core/model';
import type { Profile } from '../../core/model';
import { tempDir } from './helpers';

export interface ClockedServices {
  store: Store;
  services: Services;
  /** Every `changed(tables)` the services reported, in order. */
  changed: string[][];
  setNow(iso: string): void;
  count(table: string): number;
  close(): void;
}

/** The real services on a real SQLite file whose clock the test sets: times in stage are then exact. */
export async function clockedServices(start: string): Promise<ClockedServices> {
  const temp = tempDir();
  let now = new Date(start);
  const store = await openStore({ dataDir: temp.dir, now: () => now });
  new CatalogRepo(store).seed();
  const changed: string[][] = [];
  const services = createServices({ store, changed: (tables) => changed.push(tables) });
  return {
    store,
    services,
    changed,
    setNow: (iso) => {
      now = new Date(iso);
    },
    count: (table) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    close: () => {
      store.close();
      temp.cleanup();
    },
  };
}

export const TAM: Profile = { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'us', timeZone: 'America/New_York' };
export const MANAGER: Profile = { name: 'Morgan Lead', email: 'morgan@example.com', role: 'manager', homeRegion: 'us', timeZone: 'America/New_York' };

/** The FieldbookError a call throws; fails the test when it does not throw one. */
export function refusal(run: () => unknown): FieldbookError {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldbookError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
