import { ACCOUNT_FIELDS } from '../model';
import type { Account, AccountFields, AccountListQuery, AccountField } from '../model';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

interface AccountRow {
  id: string;
  name: string;
  segment: string;
  tier: string;
  residency: string;
  clearance: string | null;
  stage: Account['stage'];
  health: Account['health'];
  notes: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS: Record<AccountField, string> = Object.fromEntries(ACCOUNT_FIELDS.map((f) => [f, f])) as Record<
  AccountField,
  string
>;

const SORT_SQL: Record<NonNullable<AccountListQuery['sort']>, string> = {
  name: 'name COLLATE NOCASE',
  // By the tier's rank in its catalog (Standard < Premium < Premier), not alphabetically.
  tier: `(SELECT sort FROM catalog_entries c WHERE c.kind = 'tier' AND c.code = accounts.tier)`,
  stage: `CASE stage WHEN 'pre_sales' THEN 0 WHEN 'onboarding' THEN 1 WHEN 'production' THEN 2
          WHEN 'steady_state' THEN 3 WHEN 'expansion_renewal' THEN 4 ELSE 5 END`,
  health: `CASE health WHEN 'red' THEN 0 WHEN 'amber' THEN 1 ELSE 2 END`,
  updatedAt: 'updated_at',
};

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    segment: row.segment,
    tier: row.tier,
    residency: row.residency,
    clearance: row.clearance,
    stage: row.stage,
    health: row.health,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const ACCOUNTS_SPEC: SyncedTableSpec<AccountField> = {
  table: 'accounts',
  columns: COLUMNS,
  search: { kind: 'account', label: 'Account', columns: ['name', 'notes'], title: 'name', tab: 'overview' },
  timeline: [
    { kind: 'account', label: 'Account', event: 'Created', date: 'created_at', title: 'name' },
    // updated_at moves on every change, here or pulled: the last change, shown once it differs from creation.
    { kind: 'account', label: 'Account', event: 'Updated', date: 'updated_at', title: 'name', when: 'updated_at > created_at' },
  ],
};

export class AccountsRepo {
  readonly table: SyncedTable<AccountField>;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, ACCOUNTS_SPEC);
  }

  /** Must run inside `store.write`. An account is its own partition: account_id = id. */
  insert(id: string, fields: AccountFields): void {
    this.table.insert(id, id, fields);
  }

  get(id: string): Account | undefined {
    const row = this.table.get(id) as unknown as (AccountRow & { deleted: number }) | undefined;
    return row && !row.deleted ? toAccount(row) : undefined;
  }

  list(query: AccountListQuery): Account[] {
    const where = ['deleted = 0'];
    const params: string[] = [];
    if (query.search && query.search.trim() !== '') {
      where.push(`(name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')`);
      const pattern = `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(pattern, pattern);
    }
    for (const key of ['tier', 'stage', 'health'] as const) {
      const value = query[key];
      if (value) {
        where.push(`${key} = ?`);
        params.push(value);
      }
    }
    const order = SORT_SQL[query.sort ?? 'name'];
    const direction = query.direction === 'desc' ? 'DESC' : 'ASC';
    const limit = query.limit === undefined ? '' : ` LIMIT ${query.limit}`;
    const sql = `SELECT * FROM accounts WHERE ${where.join(' AND ')} ORDER BY ${order} ${direction}, name COLLATE NOCASE, id${limit}`;
    return this.store.db.prepare<string[], AccountRow>(sql).all(...params).map(toAccount);
  }
}
