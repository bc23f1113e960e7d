import type { ContractFields, SupportContract } from '../model';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

type ContractField = keyof ContractFields;

export const CONTRACTS_SPEC: SyncedTableSpec<ContractField> = {
  table: 'contracts',
  columns: {
    tier: 'tier',
    startsOn: 'starts_on',
    endsOn: 'ends_on',
    includedHours: 'included_hours',
    hoursPeriod: 'hours_period',
    skus: 'skus',
    slaTargets: 'sla_targets',
    coverage: 'coverage',
    dedicatedStaff: 'dedicated_staff',
    notes: 'notes',
  },
  // Hits open the Timeline, which shows contracts until the contracts tab lands (then: tab 'contracts').
  search: { kind: 'contract', label: 'Contract', columns: ['notes'], title: `'Contract ' || starts_on || ' to ' || ends_on`, tab: 'contracts' },
  timeline: [{ kind: 'contract', label: 'Contract', date: 'starts_on', title: `'Contract ' || starts_on || ' to ' || ends_on`, detail: 'notes' }],
};

interface ContractRow {
  id: string;
  account_id: string;
  tier: string;
  starts_on: string;
  ends_on: string;
  included_hours: number;
  hours_period: SupportContract['hoursPeriod'];
  skus: string;
  sla_targets: string;
  coverage: string;
  dedicated_staff: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

function toContract(row: ContractRow): SupportContract {
  return {
    id: row.id,
    accountId: row.account_id,
    tier: row.tier,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    includedHours: row.included_hours,
    hoursPeriod: row.hours_period,
    skus: JSON.parse(row.skus) as SupportContract['skus'],
    slaTargets: JSON.parse(row.sla_targets) as SupportContract['slaTargets'],
    coverage: JSON.parse(row.coverage) as SupportContract['coverage'],
    dedicatedStaff: JSON.parse(row.dedicated_staff) as string[],
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Support contracts per account. Writes go through the one synced-table path. */
export class ContractsRepo {
  readonly table: SyncedTable<ContractField>;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, CONTRACTS_SPEC);
  }

  /** Must run inside `store.write`. */
  insert(id: string, accountId: string, fields: ContractFields): void {
    this.table.insert(id, accountId, fields);
  }

  get(id: string): SupportContract | undefined {
    const row = this.store.db.prepare<[string], ContractRow>('SELECT * FROM contracts WHERE id = ? AND deleted = 0').get(id);
    return row ? toContract(row) : undefined;
  }

  /** An account's contracts, newest period first. */
  listForAccount(accountId: string): SupportContract[] {
    return this.store.db
      .prepare<[string], ContractRow>('SELECT * FROM contracts WHERE account_id = ? AND deleted = 0 ORDER BY starts_on DESC, id')
      .all(accountId)
      .map(toContract);
  }

  /** The contract in force on a calendar date (the latest-starting one if periods overlap). */
  activeOn(accountId: string, date: string): SupportContract | undefined {
    const row = this.store.db
      .prepare<[string, string, string], ContractRow>(
        'SELECT * FROM contracts WHERE account_id = ? AND deleted = 0 AND starts_on <= ? AND ends_on >= ? ORDER BY starts_on DESC, id DESC LIMIT 1',
      )
      .get(accountId, date, date);
    return row ? toContract(row) : undefined;
  }
}
