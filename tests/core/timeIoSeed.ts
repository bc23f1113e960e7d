import { testCore } from './helpers';
import { newId } from '../../core/model';
import type { ContractFields, TimeEntryFields } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import type { Store } from '../../core/store/store';
import { SyncedTable } from '../../core/store/syncedTable';
import { TIME_ENTRIES_SPEC, TIMESHEETS_SPEC } from '../../core/store/timeTables';

/** Time entries and contracts for the export and import tests, written through the one synced write path. */
export const ME = 'dana@example.com';

export function contractFields(over: Partial<ContractFields> = {}): ContractFields {
  return {
    tier: 'premier',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    includedHours: 40,
    hoursPeriod: 'month',
    skus: [
      { code: 'TAM-REMOTE', label: 'Remote TAM hour', rate: 15_000, currency: 'EUR', billable: true },
      { code: 'TAM-ONSITE', label: 'Onsite TAM hour', rate: 18_050, currency: 'EUR', billable: true },
      { code: 'ADMIN', label: 'Administration', rate: 0, currency: 'EUR', billable: false },
    ],
    slaTargets: [],
    coverage: { kind: '24x7' },
    dedicatedStaff: [],
    notes: '',
    ...over,
  };
}

export function addContract(store: Store, accountId: string, over: Partial<ContractFields> = {}): string {
  const id = newId();
  const repo = new ContractsRepo(store);
  store.write(() => repo.insert(id, accountId, contractFields(over)));
  return id;
}

export function entryFields(over: Partial<TimeEntryFields> = {}): TimeEntryFields {
  return {
    userId: ME,
    date: '2026-03-02',
    minutes: 60,
    startedAt: null,
    endedAt: null,
    timeZone: null,
    category: 'remote',
    sku: 'TAM-REMOTE',
    billable: true,
    rate: null,
    currency: null,
    note: '',
    source: 'manual',
    status: 'approved',
    adjustsId: null,
    ...over,
  };
}

/** Inserts entries in one transaction; returns their ids in order. */
export function addEntries(store: Store, accountId: string, entries: Array<Partial<TimeEntryFields>>): string[] {
  const table = new SyncedTable(store, TIME_ENTRIES_SPEC);
  return store.write(() =>
    entries.map((over) => {
      const id = newId();
      table.insert(id, accountId, entryFields(over));
      return id;
    }),
  );
}

export function approveWeek(store: Store, userId: string, week: string, approvedBy: string, approvedAt: string): void {
  const table = new SyncedTable(store, TIMESHEETS_SPEC);
  store.write(() => table.insert(newId(), 'org', { userId, week, status: 'approved', approvedBy, approvedAt }));
}

/** The test world: Dana's profile, three accounts (Fabrikam without a contract), contracts for 2026. */
export async function timeWorld(dir?: string): Promise<{
  t: Awaited<ReturnType<typeof testCore>>;
  store: Store;
  contoso: string;
  northwind: string;
  fabrikam: string;
}> {
  const t = await testCore(dir);
  await t.call('profile.save', { name: 'Dana Field', email: ME, role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
  const contoso = (await t.call('accounts.create', { name: 'Contoso' })).id;
  const northwind = (await t.call('accounts.create', { name: 'Northwind Traders' })).id;
  const fabrikam = (await t.call('accounts.create', { name: 'Fabrikam' })).id;
  addContract(t.core.store, contoso);
  addContract(t.core.store, northwind, { skus: [{ code: 'NW-TAM', label: 'Northwind TAM hour', rate: 12_000, currency: 'USD', billable: true }] });
  return { t, store: t.core.store, contoso, northwind, fabrikam };
}

/** The text of every page of a PDF, as pdf.js extracts it (what a person can select and search). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  await doc.destroy();
  return pages;
}
