import type Database from 'better-sqlite3';
import { contractInForce } from '../model';
import { PreparedCache } from '../store/preparedCache';
import { ReportMemo } from './memo';
import type { LifecycleStage, ReportQuery, SupportContract } from '../model';

/**
 * What every figure of one report shares: the accounts it covers, the period as instants, and the contracts of
 * those accounts (parsed once).
 *
 * Who sees what: the local store holds only the accounts the sync server let this user see (a pull never returns
 * an account the user may not see, and a revoked account is purged), so the reports read the same live accounts
 * every other read path reads: deleted ones never count, and every figure is restricted to `accounts`.
 */
export interface ScopeAccount {
  id: string;
  name: string;
  tier: string;
  segment: string;
  residency: string;
  clearance: string | null;
  stage: LifecycleStage;
  createdAt: string;
  /** The `stage` field's clock: when the stage last changed (null: never set by an edit). */
  stageClock: string | null;
}

export type ReportContract = Pick<SupportContract, 'id' | 'accountId' | 'tier' | 'startsOn' | 'endsOn' | 'includedHours' | 'hoursPeriod' | 'slaTargets' | 'coverage' | 'updatedAt'>;

export interface Scope {
  db: Database.Database;
  /** A statement prepared once per connection (core/store/preparedCache.ts): preparing costs more than many reads. */
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R>;
  /**
   * A value read for no particular period, kept while the data is unchanged (core/reports/memo.ts). The key must
   * name everything the value depends on; `filterKey` names the accounts covered. Kept values are shared: read only.
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * A kept read of every account (`compute(null)`), or of the one account a single-account report covers
   * (`compute(id)`): such a report uses the read of every account when one is kept, and otherwise reads and keeps
   * its own account's only, as the account's Metrics tab refreshing after an edit would.
   */
  accountsMemo<T>(key: string, compute: (accountId: string | null) => T): T;
  /** The query's account filters as text: the covered accounts depend on these alone. */
  filterKey: string;
  query: ReportQuery;
  accounts: Map<string, ScopeAccount>;
  /** The one account asked for, so queries can use the per-account indexes. */
  single: string | null;
  /** Every live account is covered (no filter): queries need no account condition at all. */
  everyone: boolean;
  /** Period start (inclusive) and end (exclusive) as epoch ms and UTC ISO text. */
  startMs: number;
  endMs: number;
  startIso: string;
  endIso: string;
  /** The instant the figures are taken at: the period's end, or now when it has not ended yet. */
  asOfMs: number;
  asOfIso: string;
  /** The last calendar day the figures cover (the period's last day, or today). */
  asOfDate: string;
  contractsOf(accountId: string): ReportContract[];
  contractInForceAt(accountId: string, instant: string): ReportContract | null;
}

const DAY_MS = 86_400_000;
export const isoOf = (ms: number): string => new Date(ms).toISOString();

type AccountTuple = [
  id: string,
  name: string,
  tier: string,
  segment: string,
  residency: string,
  clearance: string | null,
  stage: LifecycleStage,
  createdAt: string,
  stageClock: string | null,
];

/** The accounts a query covers: live, and matching every filter given. */
function scopeAccounts(cache: PreparedCache, query: ReportQuery): Map<string, ScopeAccount> {
  const where = ['a.deleted = 0'];
  const params: string[] = [];
  const add = (sql: string, ...values: string[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (query.accountId) add('a.id = ?', query.accountId);
  if (query.tier) add('a.tier = ?', query.tier);
  if (query.segment) add('a.segment = ?', query.segment);
  if (query.region) add('a.residency = ?', query.region);
  if (query.owner) {
    const owner = query.owner.trim().toLowerCase();
    add(`EXISTS (SELECT 1 FROM team_roles t WHERE t.account_id = a.id AND t.deleted = 0 AND (lower(trim(t.name)) = ? OR lower(trim(t.email)) = ?))`, owner, owner);
  }
  // Rows as arrays, each made straight into the account (no row object in between).
  const rows = cache
    .get<string[], AccountTuple>(
      `SELECT a.id, a.name, a.tier, a.segment, a.residency, a.clearance, a.stage, a.created_at, json_extract(a.clocks, '$.stage') AS stage_clock
       FROM accounts a WHERE ${where.join(' AND ')} ORDER BY a.name COLLATE NOCASE, a.id`,
    )
    .raw()
    .all(...params);
  const accounts = new Map<string, ScopeAccount>();
  for (const [id, name, tier, segment, residency, clearance, stage, createdAt, stageClock] of rows)
    accounts.set(id, { id, name, tier, segment, residency, clearance, stage, createdAt, stageClock });
  return accounts;
}

type ContractTuple = [
  id: string,
  accountId: string,
  tier: string,
  startsOn: string,
  endsOn: string,
  includedHours: number,
  hoursPeriod: SupportContract['hoursPeriod'],
  updatedAt: string,
];

/** A contract whose JSON terms (SLA targets, coverage) are read and parsed only when a figure asks for them. */
class LazyContract implements ReportContract {
  private terms: { slaTargets: SupportContract['slaTargets']; coverage: SupportContract['coverage'] } | null = null;

  constructor(
    private readonly read: Database.Statement<[string], { sla_targets: string; coverage: string }>,
    readonly id: string,
    readonly accountId: string,
    readonly tier: string,
    readonly startsOn: string,
    readonly endsOn: string,
    readonly includedHours: number,
    readonly hoursPeriod: SupportContract['hoursPeriod'],
    readonly updatedAt: string,
  ) {}

  get slaTargets(): SupportContract['slaTargets'] {
    return this.loaded().slaTargets;
  }

  get coverage(): SupportContract['coverage'] {
    return this.loaded().coverage;
  }

  private loaded(): { slaTargets: SupportContract['slaTargets']; coverage: SupportContract['coverage'] } {
    if (!this.terms) {
      const row = this.read.get(this.id);
      if (!row) throw new Error(`Contract ${this.id} is no longer there.`);
      this.terms = { slaTargets: JSON.parse(row.sla_targets) as SupportContract['slaTargets'], coverage: JSON.parse(row.coverage) as SupportContract['coverage'] };
    }
    return this.terms;
  }
}

/**
 * Every live contract by account (a few thousand at most), or one account's, without their terms, from the covering
 * index of 0016.
 */
function liveContracts(cache: PreparedCache, only: string | null): Map<string, ReportContract[]> {
  const read = cache.get<[string], { sla_targets: string; coverage: string }>('SELECT sla_targets, coverage FROM contracts WHERE id = ?');
  const byAccount = new Map<string, ReportContract[]>();
  for (const [id, accountId, tier, startsOn, endsOn, includedHours, hoursPeriod, updatedAt] of cache
    .get<string[], ContractTuple>(
      `SELECT id, account_id, tier, starts_on, ends_on, included_hours, hours_period, updated_at FROM contracts WHERE deleted = 0${only === null ? '' : ' AND account_id = ?'}`,
    )
    .raw()
    .all(...(only === null ? [] : [only]))) {
    const contract = new LazyContract(read, id, accountId, tier, startsOn, endsOn, includedHours, hoursPeriod, updatedAt);
    const list = byAccount.get(accountId);
    if (list) list.push(contract);
    else byAccount.set(accountId, [contract]);
  }
  return byAccount;
}

export function buildScope(db: Database.Database, query: ReportQuery, now: Date, cache: PreparedCache = new PreparedCache(db), memo: ReportMemo = new ReportMemo()): Scope {
  const filterKey = JSON.stringify([query.accountId ?? null, query.tier ?? null, query.segment ?? null, query.region ?? null, query.owner?.trim().toLowerCase() ?? null]);
  const accounts = memo.get(`accounts ${filterKey}`, () => scopeAccounts(cache, query));
  const startMs = Date.parse(`${query.from}T00:00:00.000Z`);
  const endMs = Date.parse(`${query.to}T00:00:00.000Z`) + DAY_MS;
  const asOfMs = Math.max(startMs, Math.min(endMs, now.getTime()));
  const asOfDate = isoOf(Math.max(startMs, asOfMs - 1)).slice(0, 10);
  const single = query.accountId ?? null;

  // Only contracts in force some time in the period (a day's margin for time zones) can govern a figure.
  const first = isoOf(startMs - DAY_MS).slice(0, 10);
  const last = isoOf(endMs).slice(0, 10);
  const accountsMemo = <T>(key: string, compute: (accountId: string | null) => T): T =>
    single === null || memo.has(`${key} *`) ? memo.get(`${key} *`, () => compute(null)) : memo.get(`${key} ${single}`, () => compute(single));
  const all = accountsMemo('contracts', (accountId) => liveContracts(cache, accountId));
  const contracts = new Map<string, ReportContract[]>();
  for (const accountId of accounts.keys()) {
    const inPeriod = all.get(accountId)?.filter((c) => c.endsOn >= first && c.startsOn <= last);
    if (inPeriod && inPeriod.length > 0) contracts.set(accountId, inPeriod);
  }
  const contractsOf = (accountId: string) => contracts.get(accountId) ?? [];
  return {
    db,
    prepare: (sql) => cache.get(sql),
    memo: (key, compute) => memo.get(key, compute),
    accountsMemo,
    filterKey,
    query,
    accounts,
    single,
    everyone: !query.accountId && !query.tier && !query.segment && !query.region && !query.owner,
    startMs,
    endMs,
    startIso: isoOf(startMs),
    endIso: isoOf(endMs),
    asOfMs,
    asOfIso: isoOf(asOfMs),
    asOfDate,
    contractsOf,
    contractInForceAt: (accountId, instant) => {
      // A zone's calendar day is within a day of the UTC one: only contracts around that day can be in force.
      return contractInForceNear(contractsOf(accountId), instant);
    },
  };
}

/**
 * contractInForce (core/model/contractApi.ts) for a report: the same answer, with zone arithmetic only when the
 * instant is within a day of a contract's start or end. A contract holding the days either side of the UTC day
 * holds the zone's day too (a zone's calendar day is within a day of the UTC one).
 */
export function contractInForceNear<C extends ReportContract>(contracts: readonly C[], instant: string): C | null {
  const day = instant.slice(0, 10);
  const before = isoOf(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).slice(0, 10);
  const after = isoOf(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).slice(0, 10);
  const near = contracts.filter((c) => c.startsOn <= after && c.endsOn >= before);
  if (near.every((c) => c.startsOn <= before && c.endsOn >= after)) {
    let best: C | null = null;
    for (const c of near) if (!best || c.startsOn > best.startsOn || (c.startsOn === best.startsOn && c.id.localeCompare(best.id) > 0)) best = c;
    return best;
  }
  return contractInForce(near, instant);
}

/**
 * The account condition of a period-wide query: the live accounts when every one is covered, `= ?` for one account (so
 * the per-account index serves it), else the covered ids as a JSON list.
 */
export function accountClause(scope: Scope, column: string): { sql: string; params: string[] } {
  // Every live account: rows of deleted accounts still never count.
  // (Written as an exclusion, so the planner keeps driving the query by its period index.)
  if (scope.everyone) return { sql: ` AND ${column} NOT IN (SELECT id FROM accounts WHERE deleted = 1)`, params: [] };
  if (scope.single) return { sql: ` AND ${column} = ?`, params: [scope.single] };
  return { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify([...scope.accounts.keys()])] };
}

/** `AND <column> = ?` when the report is about one account (so the per-account index serves it). */
export function singleClause(scope: Scope, column: string): { sql: string; params: string[] } {
  return scope.single ? { sql: ` AND ${column} = ?`, params: [scope.single] } : { sql: '', params: [] };
}
