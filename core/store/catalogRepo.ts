import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { DEFAULT_CATALOG, ORG_PARTITION } from '../model';
import type { CatalogEntry, CatalogKind, CatalogSeed } from '../model';
import { ZERO_HLC } from '../protocol/hlc';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

/**
 * A seeded entry's id is derived from its kind and code, in UUIDv7 layout with a zero timestamp, so every
 * device seeds the very same rows and sync never sees two "Premium" tiers.
 */
export function seedId(kind: CatalogKind, code: string): string {
  const h = createHash('sha256').update(`${kind}:${code}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `00000000-0000-7${h.slice(0, 3)}-${variant}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

export const CATALOG_SPEC: SyncedTableSpec<'kind' | 'code' | 'label' | 'sort'> = {
  table: 'catalog_entries',
  columns: { kind: 'kind', code: 'code', label: 'label', sort: 'sort' },
};

interface CatalogRow {
  id: string;
  kind: CatalogKind;
  code: string;
  label: string;
  sort: number;
}

export class CatalogRepo {
  private readonly table: SyncedTable<'kind' | 'code' | 'label' | 'sort'>;

  private readonly hasStatement: Database.Statement<[string, string], { n: number }>;

  constructor(private readonly store: Store) {
    this.hasStatement = store.db.prepare('SELECT 1 AS n FROM catalog_entries WHERE deleted = 0 AND kind = ? AND code = ?');
    this.table = new SyncedTable(store, CATALOG_SPEC);
  }

  /** Inserts any default entry that is missing; an entry a manager edited or removed is left as it is. */
  seed(defaults: readonly CatalogSeed[] = DEFAULT_CATALOG): number {
    const exists = this.store.db.prepare<[string], { id: string }>('SELECT id FROM catalog_entries WHERE id = ?');
    return this.store.write(() => {
      let added = 0;
      defaults.forEach((entry, index) => {
        const id = seedId(entry.kind, entry.code);
        if (exists.get(id)) return;
        this.table.insert(id, ORG_PARTITION, { ...entry, sort: index }, ZERO_HLC);
        added += 1;
      });
      return added;
    });
  }

  list(kind?: CatalogKind): CatalogEntry[] {
    const sql = `SELECT id, kind, code, label, sort FROM catalog_entries WHERE deleted = 0 ${kind ? 'AND kind = ?' : ''} ORDER BY kind, sort, code`;
    const stmt = this.store.db.prepare<unknown[], CatalogRow>(sql);
    return kind ? stmt.all(kind) : stmt.all();
  }

  has(kind: CatalogKind, code: string): boolean {
    return this.hasStatement.get(kind, code) !== undefined;
  }
}
