/**
 * A deterministic, realistic dataset in a real Fieldbook data folder (issue 8): the same seed and scale give
 * the same rows, byte for byte. Scale 1 is a large organisation: 1,000 accounts, 200 staff, five years of
 * history with 1,000,000 time entries. Records load as if pulled from a server (see BulkLoader), so the
 * folder opens like any synced device's.
 */
import { openCore } from '../../core/api/core';
import { DEFAULT_CATALOG, HEALTH_VALUES, LIFECYCLE_STAGES, TIME_CATEGORIES } from '../../core/model';
import type { ContractFields, Coverage, SlaTarget, Sku, TimeEntryFields } from '../../core/model';
import { ACCOUNTS_SPEC } from '../../core/store/accountsRepo';
import { CONTRACTS_SPEC } from '../../core/store/contractsRepo';
import { TIME_ENTRIES_SPEC } from '../../core/store/timeTables';
import { seededRandom } from '../../tests/fixtures/seededRandom';
import { BulkLoader } from './bulkLoad';
import type { GeneratedRow } from './bulkLoad';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, NOTE_WORDS, PERSON_FIRST, PERSON_LAST } from './words';
import { generateWorkspace } from './generateWorkspace';
import type { WorkspaceAccount, WorkspaceSummary } from './generateWorkspace';

export interface DatasetOptions {
  /** 1 = the full organisation; 0.01 = 10 accounts and 10,000 time entries. */
  scale: number;
  seed?: number;
  /** The last day of history (history runs five years back from it). */
  until?: string;
  onProgress?: (message: string) => void;
}

export interface DatasetSummary {
  scale: number;
  seed: number;
  accounts: number;
  users: number;
  contracts: number;
  timeEntries: number;
  /** Incidents, reviews, engagements, adoption, action items, hand-offs, people (bench/data/generateWorkspace.ts). */
  workspace: WorkspaceSummary;
  /** The person the data folder's profile is: the user with the most entries in the last week. */
  me: string;
}

const YEARS = 5;
const DAY_MS = 86_400_000;

type Random = () => number;
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Random, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

/** A UUIDv7 whose time part is the record's own time and whose random part comes from the seed. */
export function seededUuidV7(rand: Random, ms: number): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  const time = hex(ms, 12);
  const r = () => hex(rand() * 0x10000, 4);
  const variant = (8 + Math.floor(rand() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${r().slice(1)}-${variant}${r().slice(1)}-${r()}${r()}${r()}`;
}

function sentence(rand: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(pick(rand, NOTE_WORDS));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function notes(rand: Random): string {
  const count = int(rand, 0, 4);
  return Array.from({ length: count }, () => sentence(rand, int(rand, 6, 16))).join(' ');
}

const codes = (kind: string) => DEFAULT_CATALOG.filter((c) => c.kind === kind).map((c) => c.code);

const SKUS: Record<string, Sku[]> = {
  standard: [{ code: 'SUP-STD', label: 'Standard support hour', rate: 12_000, currency: 'USD', billable: true }],
  premium: [
    { code: 'TAM-REMOTE', label: 'Remote TAM hour', rate: 18_000, currency: 'USD', billable: true },
    { code: 'TAM-ONSITE', label: 'Onsite TAM hour', rate: 24_000, currency: 'USD', billable: true },
  ],
  premier: [
    { code: 'TAM-REMOTE', label: 'Remote TAM hour', rate: 20_000, currency: 'USD', billable: true },
    { code: 'TAM-ONSITE', label: 'Onsite TAM hour', rate: 26_000, currency: 'USD', billable: true },
    { code: 'DSE', label: 'Dedicated support engineer hour', rate: 22_000, currency: 'USD', billable: true },
    { code: 'INTERNAL', label: 'Internal (non-billable)', rate: 0, currency: 'USD', billable: false },
  ],
};

function slaTargets(tier: string): SlaTarget[] {
  const base = tier === 'premier' ? 15 : tier === 'premium' ? 60 : 240;
  return ([1, 2, 3, 4] as const).map((severity) => ({
    severity,
    firstResponseMinutes: tier === 'premier' ? 15 : base * severity,
    engageMinutes: tier === 'premier' ? { support_engineer: 15, developer: 15, incident_manager: 15 } : { support_engineer: base * severity },
    updateCadenceMinutes: severity <= 2 ? 60 * severity : null,
  }));
}

function coverage(tier: string, rand: Random): Coverage {
  if (tier === 'premier') return { kind: '24x7' };
  const zones = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Asia/Singapore', 'Australia/Sydney'];
  return { kind: 'business_hours', timeZone: pick(rand, zones), days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Writes the dataset into `dataDir` (which must not hold a Fieldbook database yet). */
export async function generateDataset(dataDir: string, options: DatasetOptions): Promise<DatasetSummary> {
  const scale = options.scale;
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number above 0 and at most 10.');
  const seed = options.seed ?? 1;
  const progress = options.onProgress ?? (() => {});
  const rand = seededRandom(seed);
  const until = Date.parse(`${options.until ?? '2026-11-27'}T00:00:00Z`);
  const from = until - YEARS * 365 * DAY_MS;

  const accountCount = Math.max(2, Math.round(1000 * scale));
  const userCount = Math.max(2, Math.round(200 * scale));
  const entryCount = Math.max(10, Math.round(1_000_000 * scale));

  const users = Array.from({ length: userCount }, (_, i) => {
    const first = PERSON_FIRST[i % PERSON_FIRST.length] as string;
    const last = PERSON_LAST[Math.floor(i / PERSON_FIRST.length) % PERSON_LAST.length] as string;
    return `${first}.${last}${i >= PERSON_FIRST.length * PERSON_LAST.length ? i : ''}@vendor.example`.toLowerCase();
  });

  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const existing = core.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts').get();
    if ((existing?.n ?? 0) > 0) throw new Error(`${dataDir} already holds accounts; generate into an empty folder.`);
    const loader = new BulkLoader(core.store);
    const tiers = codes('tier');
    const segments = codes('segment');
    const residencies = codes('residency');
    const clearances = codes('clearance');

    // Accounts, each created some time in the five years, with a team of two to four people.
    const accounts: WorkspaceAccount[] = [];
    const accountRows: GeneratedRow[] = [];
    for (let i = 0; i < accountCount; i += 1) {
      const created = from + Math.floor(rand() * (until - from) * 0.6);
      const id = seededUuidV7(rand, created);
      const tier = pick(rand, tiers);
      const sovereign = rand() < 0.08;
      const residency = sovereign ? pick(rand, residencies.filter((r) => r !== 'global')) : rand() < 0.7 ? 'global' : pick(rand, residencies);
      const team = Array.from({ length: int(rand, 2, 4) }, () => pick(rand, users));
      // Fields in the order they always drew from the stream, so the data stays what it was.
      const fields = {
        name: `${pick(rand, COMPANY_PREFIXES)} ${pick(rand, COMPANY_SUFFIXES)} ${i + 1}`,
        segment: sovereign ? 'sovereign' : pick(rand, segments),
        tier,
        residency,
        clearance: sovereign ? pick(rand, clearances) : null,
        stage: pick(rand, LIFECYCLE_STAGES),
        health: pick(rand, HEALTH_VALUES),
        notes: notes(rand),
      };
      accounts.push({ id, tier, created, team, residency, clearance: fields.clearance });
      accountRows.push({ id, accountId: id, at: new Date(created), fields });
    }
    loader.load(ACCOUNTS_SPEC, accountRows);
    progress(`${accountCount} accounts`);

    // One contract per account and contract year since it was created.
    let contracts = 0;
    const contractRows: GeneratedRow[] = [];
    for (const account of accounts) {
      for (let start = account.created; start < until; start += 365 * DAY_MS) {
        const fields: ContractFields = {
          tier: account.tier,
          startsOn: isoDate(start),
          endsOn: isoDate(start + 364 * DAY_MS),
          includedHours: pick(rand, [8, 16, 24, 40, 80]),
          hoursPeriod: pick(rand, ['month', 'quarter'] as const),
          skus: SKUS[account.tier] ?? [],
          slaTargets: slaTargets(account.tier),
          coverage: coverage(account.tier, rand),
          dedicatedStaff: account.tier === 'premier' ? account.team.slice(0, 2) : [],
          notes: rand() < 0.3 ? sentence(rand, 10) : '',
        };
        contractRows.push({ id: seededUuidV7(rand, start), accountId: account.id, at: new Date(start), fields });
        contracts += 1;
      }
    }
    loader.load(CONTRACTS_SPEC, contractRows);
    progress(`${contracts} contracts`);

    // Time entries: a team member's day on one of their accounts, weekdays only. Older weeks are approved
    // (and most exported), the last two weeks still drafts or submitted.
    const lastWeeks = until - 14 * DAY_MS;
    const entryRows = function* (): Generator<GeneratedRow> {
      for (let i = 0; i < entryCount; i += 1) {
        const account = pick(rand, accounts);
        let day = account.created + Math.floor(rand() * (until - account.created));
        const weekday = new Date(day).getUTCDay();
        if (weekday === 0) day += DAY_MS;
        if (weekday === 6) day -= DAY_MS;
        const date = isoDate(day);
        const minutes = pick(rand, [15, 30, 45, 60, 90, 120, 180, 240, 480]);
        const skus = SKUS[account.tier] ?? [];
        const sku = skus.length > 0 ? pick(rand, skus) : null;
        const status = day >= lastWeeks ? pick(rand, ['draft', 'submitted'] as const) : rand() < 0.8 ? 'exported' : 'approved';
        const at = new Date(Date.parse(`${date}T17:00:00Z`));
        const fields: TimeEntryFields = {
          userId: pick(rand, account.team),
          date,
          minutes,
          startedAt: null,
          endedAt: null,
          timeZone: null,
          category: pick(rand, TIME_CATEGORIES),
          sku: sku?.code ?? null,
          billable: sku?.billable ?? false,
          rate: sku?.rate ?? null,
          currency: sku?.currency ?? null,
          note: rand() < 0.4 ? sentence(rand, int(rand, 4, 12)) : '',
          source: pick(rand, ['timer', 'manual', 'manual'] as const),
          status,
          adjustsId: null,
        };
        yield { id: seededUuidV7(rand, at.getTime() + i), accountId: account.id, at, fields };
        if ((i + 1) % 200_000 === 0) progress(`${i + 1} time entries`);
      }
    };
    const timeEntries = loader.load(TIME_ENTRIES_SPEC, entryRows());
    progress(`${timeEntries} time entries`);

    // Everything else of the workspace, from its own stream: the rows above stay the same as before it existed.
    const workspace = generateWorkspace(loader, seededRandom(seed + 7919), { scale, until, users, accounts, residencies, clearances, uuid: seededUuidV7 }, progress);

    const me =
      core.store.db
        .prepare<[string], { user_id: string }>('SELECT user_id FROM time_entries WHERE date >= ? GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1')
        .get(isoDate(until - 7 * DAY_MS))?.user_id ?? users[0] ?? '';
    core.store.db.exec('ANALYZE');
    return { scale, seed, accounts: accountCount, users: userCount, contracts, timeEntries, workspace, me };
  } finally {
    core.close();
  }
}
