import type { Sku } from '../model';
import type { Store } from '../store/store';

/**
 * Every account's contract periods and their SKUs, read in one query: exports stream rows and imports map
 * thousands of them, and neither should ask the database once per row.
 */
export interface ContractPeriod {
  startsOn: string;
  endsOn: string;
  skus: Sku[];
}

export class ContractSkus {
  private constructor(private readonly byAccount: Map<string, ContractPeriod[]>) {}

  static load(store: Store): ContractSkus {
    const rows = store.db
      .prepare<[], { account_id: string; starts_on: string; ends_on: string; skus: string }>(
        'SELECT account_id, starts_on, ends_on, skus FROM contracts WHERE deleted = 0 ORDER BY starts_on DESC, id DESC',
      )
      .all();
    const byAccount = new Map<string, ContractPeriod[]>();
    for (const row of rows) {
      const list = byAccount.get(row.account_id) ?? [];
      list.push({ startsOn: row.starts_on, endsOn: row.ends_on, skus: JSON.parse(row.skus) as Sku[] });
      byAccount.set(row.account_id, list);
    }
    return new ContractSkus(byAccount);
  }

  /** The contract in force on a date, chosen as ContractsRepo.activeOn chooses it (latest start first). */
  activeOn(accountId: string, date: string): ContractPeriod | undefined {
    return this.byAccount.get(accountId)?.find((c) => c.startsOn <= date && c.endsOn >= date);
  }

  sku(accountId: string, date: string, code: string | null): Sku | undefined {
    return code === null ? undefined : this.activeOn(accountId, date)?.skus.find((s) => s.code === code);
  }
}
