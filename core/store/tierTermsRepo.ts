import { DEFAULT_TIER_TERMS, ORG_PARTITION } from '../model';
import type { TierTerms, TierTermsFields } from '../model';
import { ZERO_HLC } from '../protocol/hlc';
import { seedId } from './catalogRepo';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

type TierTermsField = keyof TierTermsFields;

export const TIER_TERMS_SPEC: SyncedTableSpec<TierTermsField> = {
  table: 'tier_terms',
  columns: {
    code: 'code',
    label: 'label',
    description: 'description',
    addOn: 'add_on',
    slaTargets: 'sla_targets',
    coverage: 'coverage',
    skus: 'skus',
    includedHours: 'included_hours',
    hoursPeriod: 'hours_period',
  },
};

/**
 * A tier's terms have one id per code, derived like a seeded catalog entry's: every device seeds the same rows,
 * and two managers who set up terms for the same new tier offline write one record, merged field by field.
 */
export function tierTermsId(code: string): string {
  return seedId('tier', `terms:${code}`);
}

interface TierTermsRow {
  id: string;
  code: string;
  label: string;
  description: string;
  add_on: number;
  sla_targets: string;
  coverage: string;
  skus: string;
  included_hours: number;
  hours_period: TierTerms['hoursPeriod'];
  deleted: number;
  updated_at: string;
}

function toTerms(row: TierTermsRow): TierTerms {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    description: row.description,
    addOn: row.add_on === 1,
    slaTargets: JSON.parse(row.sla_targets) as TierTerms['slaTargets'],
    coverage: JSON.parse(row.coverage) as TierTerms['coverage'],
    skus: JSON.parse(row.skus) as TierTerms['skus'],
    includedHours: row.included_hours,
    hoursPeriod: row.hours_period,
    updatedAt: row.updated_at,
  };
}

/** The org's tier terms. Writes go through the one synced-table path. */
export class TierTermsRepo {
  readonly table: SyncedTable<TierTermsField>;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, TIER_TERMS_SPEC);
  }

  /** Inserts the default terms that are missing; terms a manager edited or removed are left as they are. */
  seed(defaults: readonly TierTermsFields[] = DEFAULT_TIER_TERMS): number {
    return this.store.write(() => {
      let added = 0;
      for (const terms of defaults) {
        const id = tierTermsId(terms.code);
        if (this.table.get(id)) continue;
        this.table.insert(id, ORG_PARTITION, terms, ZERO_HLC);
        added += 1;
      }
      return added;
    });
  }

  /** Live terms: tiers first, then add-ons, each in code order (the service orders tiers by the catalog). */
  list(): TierTerms[] {
    return this.store.db
      .prepare<[], TierTermsRow>('SELECT * FROM tier_terms WHERE deleted = 0 ORDER BY add_on, code')
      .all()
      .map(toTerms);
  }

  get(code: string): TierTerms | undefined {
    const row = this.table.get(tierTermsId(code)) as unknown as TierTermsRow | undefined;
    return row && !row.deleted ? toTerms(row) : undefined;
  }

  /** Whether a record for this code exists at all, deleted or not. */
  exists(code: string): boolean {
    return this.table.get(tierTermsId(code)) !== undefined;
  }
}
