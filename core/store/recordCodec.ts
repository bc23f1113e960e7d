import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { SyncedTableSpec } from './syncedTable';

/**
 * Reading synced rows back into model records: the synced table stores booleans as 0/1 and arrays/objects as JSON
 * text (see `toColumn`); this is the one place that turns them back, by the column kinds a spec declares.
 */
export interface RecordCodec<F extends string> {
  spec: SyncedTableSpec<F>;
  json?: readonly F[];
  booleans?: readonly F[];
}

export interface RecordMeta {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

export function decodeRow<F extends string, T>(codec: RecordCodec<F>, row: Record<string, unknown>): T & RecordMeta {
  const record: Record<string, unknown> = {
    id: row['id'],
    accountId: row['account_id'],
    createdAt: row['created_at'],
    updatedAt: row['updated_at'],
  };
  for (const [field, column] of Object.entries(codec.spec.columns) as Array<[F, string]>) {
    const value = row[column];
    if (codec.json?.includes(field)) record[field] = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    else if (codec.booleans?.includes(field)) record[field] = value === 1;
    else record[field] = value;
  }
  return record as T & RecordMeta;
}

/**
 * An id derived from a namespace and a key, in UUIDv7 layout with a zero timestamp: every device derives the same
 * id for the same thing (a seeded template item, the adoption of a capability on an account), so records made
 * on two devices at once merge field by field instead of becoming duplicates.
 */
export function derivedId(namespace: string, key: string): string {
  const h = createHash('sha256').update(`${namespace}:${key}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `00000000-0000-7${h.slice(0, 3)}-${variant}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

/** Runs a repository's read queries, preparing each SQL text once: preparing costs more than running a small query. */
export class Queries {
  private readonly statements = new Map<string, Database.Statement<unknown[], Record<string, unknown>>>();

  constructor(private readonly db: Database.Database) {}

  all(sql: string, ...params: unknown[]): Array<Record<string, unknown>> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[], Record<string, unknown>>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt.all(...params);
  }
}
