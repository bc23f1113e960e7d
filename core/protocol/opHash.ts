import { createHash } from 'node:crypto';
import type { Op } from './wire';

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The identity of an op's content (its record, account and fields with their clocks), whatever its origin_seq.
 * The server keeps it per (device, origin_seq): a resent op has the same one, while a different op under a number
 * already used means the device's database was restored from a backup or copied (DESIGN.md §5).
 */
export function opHash(op: Pick<Op, 'table' | 'id' | 'accountId' | 'fields'>): string {
  return createHash('sha256')
    .update(canonicalJson({ table: op.table, id: op.id, accountId: op.accountId, fields: op.fields }))
    .digest('base64url')
    .slice(0, 32);
}
