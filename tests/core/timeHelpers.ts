import { FieldbookError, newId } from '../../core/model';
import type { ContractFields, Profile } from '../../core/model';
import { createServices } from '../../core/services';
import type { Services } from '../../core/services';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { openStore } from '../../core/store/store';
import type { Store } from '../../core/store/store';
import { tempDir } from './helpers';

export const TAM: Profile = { name: 'Ada Lovelace', email: 'Ada@Example.com', role: 'tam', homeRegion: 'uk', timeZone: 'Europe/London' };
export const MANAGER: Profile = { name: 'Grace Hopper', email: 'grace@example.com', role: 'manager', homeRegion: 'us', timeZone: 'America/New_York' };

export const CONTRACT: ContractFields = {
  tier: 'premier',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  includedHours: 40,
  hoursPeriod: 'month',
  skus: [
    { code: 'TAM-ONSITE', label: 'Onsite TAM', rate: 20_000, currency: 'EUR', billable: true },
    { code: 'TAM-INTERNAL', label: 'Internal', rate: 0, currency: 'EUR', billable: false },
  ],
  slaTargets: [],
  coverage: { kind: '24x7' },
  dedicatedStaff: [],
  notes: '',
};

export interface TimeWorld {
  store: Store;
  services: Services;
  dir: string;
  /** Tables each write reported as changed, in order. */
  changed: string[][];
  /** The store's clock: a real SQLite file, a clock the test moves. */
  setNow(iso: string): void;
  advance(minutes: number): void;
  account(name?: string, contract?: Partial<ContractFields> | null): string;
  as(profile: Profile): void;
  /** Reopens the same data folder, as after quitting and restarting the app. */
  reopen(): Promise<TimeWorld>;
  close(): void;
}

/** Services on a real SQLite file in a temp folder, with a clock the test controls. */
export async function timeWorld(start = '2026-11-23T09:00:00.000Z', existing?: { dir: string; cleanup: () => void }): Promise<TimeWorld> {
  const temp = existing ?? tempDir('fieldbook-time-');
  let now = Date.parse(start);
  const store = await openStore({ dataDir: temp.dir, now: () => new Date(now) });
  new CatalogRepo(store).seed();
  const changed: string[][] = [];
  const services = createServices({ store, changed: (tables) => changed.push(tables) });
  if (!existing) services.profile.save(TAM);
  const contracts = new ContractsRepo(store);
  return {
    store,
    services,
    dir: temp.dir,
    changed,
    setNow: (iso) => (now = Date.parse(iso)),
    advance: (minutes) => (now += minutes * 60_000),
    account(name = 'Contoso', contract = {}) {
      const account = services.accounts.create({ name });
      if (contract !== null) store.write(() => contracts.insert(newId(), account.id, { ...CONTRACT, ...contract }));
      return account.id;
    },
    as: (profile) => services.profile.save(profile),
    async reopen() {
      store.close();
      return timeWorld(new Date(now).toISOString(), temp);
    },
    close() {
      store.close();
      temp.cleanup();
    },
  };
}

/** The FieldbookError a call throws (fails the test when it does not throw one). */
export function errorOf(fn: () => unknown): FieldbookError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FieldbookError) return error;
    throw error;
  }
  throw new Error('expected a FieldbookError');
}

export const count = (store: Store, sql: string, ...params: unknown[]): number =>
  (store.db.prepare(sql).get(...params) as { n: number }).n;
