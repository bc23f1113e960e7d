import { createServices } from '../../core/services';
import type { Services } from '../../core/services';
import type { Profile } from '../../core/model';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { openStore } from '../../core/store/store';
import type { Store } from '../../core/store/store';
import { tempDir } from './helpers';

export const DANA: Profile = { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' };

/**
 * Real services on a real SQLite file, with a clock the test moves: what "today" is matters to due dates and
 * reminders. `changed` records which tables each write reported.
 */
export async function clockedServices(start: string): Promise<{
  store: Store;
  services: Services;
  clock: { now: Date; set: (iso: string) => void };
  changes: string[][];
  close: () => void;
}> {
  const temp = tempDir();
  const clock = {
    now: new Date(start),
    set: (iso: string) => {
      clock.now = new Date(iso);
    },
  };
  const store = await openStore({ dataDir: temp.dir, now: () => clock.now });
  new CatalogRepo(store).seed();
  const changes: string[][] = [];
  const services = createServices({ store, changed: (tables) => changes.push(tables) });
  return {
    store,
    services,
    clock,
    changes,
    close: () => {
      store.close();
      temp.cleanup();
    },
  };
}

/** Rows of a table, deleted or not, and the outbox entries for it: what "nothing half-written" is checked on. */
export function counts(store: Store, table: string): { rows: number; outbox: number } {
  const rows = store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
  const outbox = store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE tbl = ?').get(table)?.n ?? 0;
  return { rows, outbox };
}
