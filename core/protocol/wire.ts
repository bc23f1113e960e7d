/**
 * The sync wire format, version 1 (DESIGN.md §5; docs/SYNC.md). Shared by the server and the client.
 */
import { z } from 'zod';
import { ERROR_CODES, idSchema } from '../model';
import { decodeHlc } from './hlc';

export const PROTOCOL_VERSION = 1;
/** `details.reason` of the 401 a revoked device gets: the client purges every synced record it holds. */
export const DEVICE_REVOKED = 'device_revoked';
/**
 * `details.reason` of the 409 a device gets when it sends a different change under an origin_seq the server
 * already holds: its database was restored from a backup or copied. It must register again as a new device.
 */
export const DEVICE_DIVERGED = 'device_diverged';
export const MAX_OPS_PER_PUSH = 1000;
export const MAX_PULL_LIMIT = 1000;

const hlcSchema = z.string().max(80).refine(
  (text) => {
    try {
      decodeHlc(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Not a valid clock.' },
);

/** Text that reaches SQL as a parameter: PostgreSQL text cannot hold U+0000. */
const sqlText = (max: number) => z.string().min(1).max(max).refine((s) => !s.includes('\u0000'), { message: 'Text may not contain U+0000.' });

/**
 * A field's new value and clock. Long text also carries `base`: the clock of the value the writer replaced,
 * so a receiver can tell a concurrent edit (base is not what it holds) from a later one.
 */
export const fieldValueSchema = z.object({ value: z.unknown(), hlc: hlcSchema, base: hlcSchema.nullable().optional() }).strict();

/** One change to one record: the fields it sets, each with its clock. `deleted` is a field like the others. */
export const opSchema = z
  .object({
    originSeq: z.number().int().positive(),
    table: sqlText(64),
    id: idSchema,
    accountId: sqlText(64),
    fields: z.record(z.string().min(1).max(64), fieldValueSchema).refine((f) => Object.keys(f).length > 0, {
      message: 'An op changes at least one field.',
    }),
  })
  .strict();
export type Op = z.infer<typeof opSchema>;

export const pushRequestSchema = z
  .object({
    protocol: z.literal(PROTOCOL_VERSION),
    ops: z.array(opSchema).min(1).max(MAX_OPS_PER_PUSH),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const errorCodeSchema = z.enum(ERROR_CODES);

export type OpResult =
  | { originSeq: number; status: 'applied'; serverSeq: number | null }
  | { originSeq: number; status: 'duplicate' }
  | { originSeq: number; status: 'rejected'; code: z.infer<typeof errorCodeSchema>; message: string; serverTime?: string };

export interface PushResponse {
  results: OpResult[];
  /** The highest origin_seq the server holds for this device: the client may drop its outbox up to here. */
  ackedThrough: number;
}

/** A record change as pulled: the winning fields of one accepted op, in server_seq order. */
export interface PulledChange {
  serverSeq: number;
  table: string;
  id: string;
  accountId: string;
  fields: Record<string, { value: unknown; hlc: string }>;
}

export interface PullResponse {
  changes: PulledChange[];
  /** Pass as `cursor` next time. */
  cursor: number;
  hasMore: boolean;
  /** Accounts this device held that its user may no longer see: purge them. */
  revoked: string[];
  /**
   * Accounts this user may read now whose earlier history this device never received (a new grant or
   * clearance): fetch each one's snapshot (`/v1/snapshot?account=ID`) before moving the cursor past this page.
   */
  granted: string[];
  /** The highest origin_seq the server holds from this device: more than the device ever numbered means its database was restored or copied. */
  lastOriginSeq: number;
}

export interface SnapshotRecord {
  table: string;
  id: string;
  accountId: string;
  fields: Record<string, { value: unknown; hlc: string }>;
}

export interface SnapshotResponse {
  /** Pull from here after the last page. */
  asOf: number;
  records: SnapshotRecord[];
  /** Opaque: pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface ErrorResponse {
  error: { code: z.infer<typeof errorCodeSchema>; message: string; details?: Record<string, unknown> };
}
