/**
 * Air-gap bundle files (DESIGN.md §5, docs/SYNC.md "Air-gap bundles"): the same ops as a push, or the same
 * changes as a pull, carried on removable media. Pure: it encodes, decodes and verifies bytes; it reads no
 * file and touches no database.
 *
 * Layout (all lengths big-endian):
 *
 *   "FBBUNDL1"            8 bytes, the magic
 *   header length         4 bytes
 *   header                JSON, UTF-8: version, kind, id, sender, recipient, ephemeral key, nonce, sizes
 *   ciphertext            AES-256-GCM of the deflated payload JSON; the additional data is everything above
 *   tag                   16 bytes
 *   signature             64 bytes, Ed25519 by the sender over every byte before it
 *
 * The key is X25519 between a fresh ephemeral key and the recipient's key, through HKDF-SHA256 bound to both
 * fingerprints, so a bundle opens only for its recipient and names who made it. The signature is checked
 * first, against the sender key the recipient pinned, so nothing of a forged or changed bundle is decrypted.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
  createCipheriv,
  createDecipheriv,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { errorCodeSchema, fieldValueSchema, opSchema, PROTOCOL_VERSION } from './wire';

const MAGIC = Buffer.from('FBBUNDL1', 'ascii');
const BUNDLE_VERSION = 1;
const TAG_BYTES = 16;
const SIGNATURE_BYTES = 64;
const MAX_HEADER_BYTES = 16 * 1024;
/** The largest bundle either side reads: a reply with a full snapshot of a big device stays well below. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
/** The largest payload after inflating (below V8's longest string): a deflate bomb stops here. */
const MAX_PAYLOAD_BYTES = 500 * 1024 * 1024;
const KEY_FILE_FORMAT = 'fieldbook-bundle-keys';
const HKDF_INFO = 'fieldbook-bundle-v1';

export type BundleErrorReason =
  | 'not_a_bundle'
  | 'truncated'
  | 'damaged'
  | 'unsupported_version'
  | 'wrong_recipient'
  | 'unknown_sender'
  | 'bad_signature'
  | 'undecryptable'
  | 'bad_key_file';

/** A bundle (or key file) that is refused; the message says why, in the user's words. Nothing was applied. */
export class BundleError extends Error {
  constructor(
    readonly reason: BundleErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

// ── keys ──────────────────────────────────────────────────────────────────

/** The public half of a side's bundle keys: Ed25519 to sign, X25519 to receive; raw 32 bytes, base64url. */
export interface PublicBundleKeys {
  sign: string;
  box: string;
}

/** Both halves, as JWK private keys (they carry the public part): what a side keeps secret. */
export interface PrivateBundleKeys {
  sign: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  box: { kty: 'OKP'; crv: 'X25519'; x: string; d: string };
}

const b64 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a 32-byte key.');
const privateKeysSchema = z.object({
  sign: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64, d: b64 }),
  box: z.object({ kty: z.literal('OKP'), crv: z.literal('X25519'), x: b64, d: b64 }),
});

export function generateBundleKeys(): PrivateBundleKeys {
  const sign = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const box = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  return privateKeysSchema.parse({ sign, box });
}

export function parsePrivateKeys(text: string): PrivateBundleKeys {
  const parsed = privateKeysSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new BundleError('bad_key_file', 'The stored bundle keys are damaged. Create new keys.');
  return parsed.data;
}

export function publicKeysOf(keys: PrivateBundleKeys): PublicBundleKeys {
  return { sign: keys.sign.x, box: keys.box.x };
}

/**
 * The fingerprint people compare out of band: SHA-256 over both public keys, the first 20 bytes in hex.
 * Bundles name their sender and recipient by it.
 */
export function fingerprintOf(keys: PublicBundleKeys): string {
  return createHash('sha256')
    .update('fieldbook-bundle-keys\0')
    .update(Buffer.from(keys.sign, 'base64url'))
    .update(Buffer.from(keys.box, 'base64url'))
    .digest('hex')
    .slice(0, 40);
}

/** "3f2a 9c01 …": ten groups of four, for reading aloud over the phone. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.match(/.{1,4}/g)?.join(' ') ?? fingerprint;
}

const signPublic = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
const boxPublic = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
const privateKey = (jwk: PrivateBundleKeys['sign'] | PrivateBundleKeys['box']): KeyObject => createPrivateKey({ key: jwk, format: 'jwk' });

/** A public key file: what one side hands the other (on paper, a USB stick) to be pinned. */
export const keyFileSchema = z
  .object({
    format: z.literal(KEY_FILE_FORMAT),
    version: z.literal(1),
    role: z.enum(['device', 'server']),
    name: z.string().min(1).max(200),
    fingerprint: z.string().regex(/^[0-9a-f]{40}$/),
    signKey: b64,
    boxKey: b64,
    /** Servers only: where it runs and the residencies it may hold, for the device's routing. */
    region: z.string().min(1).max(64).optional(),
    residencies: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
    createdAt: z.string().max(40),
  })
  .strict();
export type KeyFile = z.infer<typeof keyFileSchema>;

export function makeKeyFile(keys: PrivateBundleKeys, info: Pick<KeyFile, 'role' | 'name' | 'region' | 'residencies'> & { createdAt: string }): KeyFile {
  const pub = publicKeysOf(keys);
  return {
    format: KEY_FILE_FORMAT,
    version: 1,
    role: info.role,
    name: info.name,
    fingerprint: fingerprintOf(pub),
    signKey: pub.sign,
    boxKey: pub.box,
    ...(info.region === undefined ? {} : { region: info.region }),
    ...(info.residencies === undefined ? {} : { residencies: info.residencies }),
    createdAt: info.createdAt,
  };
}

/** Reads a public key file and checks its fingerprint against its keys: a changed key does not slip through. */
export function parseKeyFile(text: string, role: KeyFile['role']): KeyFile {
  const parsed = keyFileSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new BundleError('bad_key_file', 'This is not a Fieldbook bundle key file, or it is damaged.');
  const file = parsed.data;
  if (file.role !== role) {
    throw new BundleError('bad_key_file', `This is the key file of a ${file.role}; a ${role}'s key file is needed here.`);
  }
  if (fingerprintOf({ sign: file.signKey, box: file.boxKey }) !== file.fingerprint) {
    throw new BundleError('bad_key_file', 'The fingerprint in this key file does not match its keys: the file was changed. Ask for it again.');
  }
  try {
    signPublic(file.signKey);
    boxPublic(file.boxKey);
  } catch {
    throw new BundleError('bad_key_file', 'The keys in this key file are not valid.');
  }
  return file;
}

// ── payloads ──────────────────────────────────────────────────────────────

const changeSchema = z
  .object({
    serverSeq: z.number().int().positive(),
    table: z.string().min(1).max(64),
    id: z.string().min(1).max(64),
    accountId: z.string().min(1).max(64),
    fields: z.record(z.string().min(1).max(64), fieldValueSchema),
  })
  .strict();
const recordSchema = changeSchema.omit({ serverSeq: true });
const opResultSchema = z.discriminatedUnion('status', [
  z.object({ originSeq: z.number().int().positive(), status: z.literal('applied'), serverSeq: z.number().int().positive().nullable() }).strict(),
  z.object({ originSeq: z.number().int().positive(), status: z.literal('duplicate') }).strict(),
  z
    .object({
      originSeq: z.number().int().positive(),
      status: z.literal('rejected'),
      code: errorCodeSchema,
      message: z.string().max(2000),
      serverTime: z.string().max(40).optional(),
    })
    .strict(),
]);

/** Device → server: the ops of one target's queue, and how far the device has applied the server's changes. */
export const devicePayloadSchema = z
  .object({
    kind: z.literal('device'),
    protocol: z.literal(PROTOCOL_VERSION),
    /** Per sender and recipient, one more than the last bundle it made: a replayed older bundle is noticed. */
    seq: z.number().int().positive(),
    ops: z.array(opSchema).max(1_000_000),
    /** The server_seq through which this device applied the server's changes. */
    cursor: z.number().int().nonnegative(),
    /** The highest origin_seq this device has numbered for this server (0 before any). */
    lastOriginSeq: z.number().int().nonnegative(),
  })
  .strict();
export type DevicePayload = z.infer<typeof devicePayloadSchema>;

/** Server → device: the answer to the device's ops, and the changes (and snapshots) it may read. */
export const serverPayloadSchema = z
  .object({
    kind: z.literal('server'),
    protocol: z.literal(PROTOCOL_VERSION),
    seq: z.number().int().positive(),
    /** The device bundle this answers; null for changes sent without one. */
    inReplyTo: z.string().max(64).nullable(),
    serverTime: z.string().max(40),
    /** Per-op results, as a push answers them; null when no ops were received. */
    results: z.array(opResultSchema).nullable(),
    /** The highest origin_seq the server holds from this device. */
    ackedThrough: z.number().int().nonnegative(),
    /** Why nothing of the device bundle was applied (a revoked device, a restored database), or null. */
    refusal: z
      .object({ code: errorCodeSchema, message: z.string().max(2000), reason: z.string().max(64).nullable() })
      .strict()
      .nullable(),
    /** Records to apply before the changes: accounts the user was newly granted, or everything after a resync. */
    snapshot: z.array(recordSchema),
    changes: z.array(changeSchema),
    /** The device's next cursor. */
    cursor: z.number().int().nonnegative(),
    /** More changes wait: export again and bring the answer. */
    hasMore: z.boolean(),
    revoked: z.array(z.string().min(1).max(64)),
  })
  .strict();
export type ServerPayload = z.infer<typeof serverPayloadSchema>;

export type BundlePayload = DevicePayload | ServerPayload;
const payloadSchema = z.discriminatedUnion('kind', [devicePayloadSchema, serverPayloadSchema]);

// ── the file ──────────────────────────────────────────────────────────────

const partySchema = z.object({ fingerprint: z.string().regex(/^[0-9a-f]{40}$/), name: z.string().min(1).max(200) }).strict();
const headerSchema = z
  .object({
    format: z.literal('fieldbook-bundle'),
    version: z.number().int().positive(),
    kind: z.enum(['device', 'server']),
    id: z.uuid(),
    createdAt: z.string().max(40),
    sender: partySchema,
    recipient: partySchema,
    ephemeralKey: b64,
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
    ciphertextBytes: z.number().int().nonnegative(),
  })
  .strict();
export type BundleHeader = z.infer<typeof headerSchema>;

export interface Party {
  name: string;
  fingerprint: string;
}

function deriveKey(shared: Buffer, ephemeral: string, recipientBox: string, sender: string, recipient: string): Buffer {
  const salt = Buffer.concat([Buffer.from(ephemeral, 'base64url'), Buffer.from(recipientBox, 'base64url')]);
  return Buffer.from(hkdfSync('sha256', shared, salt, `${HKDF_INFO}|${sender}|${recipient}`, 32));
}

/** Encrypts `payload` to the recipient and signs it as the sender. */
export function sealBundle(options: {
  payload: BundlePayload;
  sender: Party & { keys: PrivateBundleKeys };
  recipient: Party & { keys: PublicBundleKeys };
  id?: string;
  createdAt: string;
}): Buffer {
  const { payload, sender, recipient } = options;
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralKey = (ephemeral.publicKey.export({ format: 'jwk' }) as { x: string }).x;
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: boxPublic(recipient.keys.box) });
  const key = deriveKey(shared, ephemeralKey, recipient.keys.box, sender.fingerprint, recipient.fingerprint);
  const nonce = randomBytes(12);
  const plain = deflateRawSync(Buffer.from(JSON.stringify(payload), 'utf8'));
  const header: BundleHeader = {
    format: 'fieldbook-bundle',
    version: BUNDLE_VERSION,
    kind: payload.kind,
    id: options.id ?? randomUUID(),
    createdAt: options.createdAt,
    sender: { fingerprint: sender.fingerprint, name: sender.name },
    recipient: { fingerprint: recipient.fingerprint, name: recipient.name },
    ephemeralKey,
    nonce: nonce.toString('base64url'),
    ciphertextBytes: plain.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const aad = Buffer.concat([MAGIC, length, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const signed = Buffer.concat([aad, ciphertext, cipher.getAuthTag()]);
  const signature = sign(null, signed, privateKey(sender.keys.sign));
  return Buffer.concat([signed, signature]);
}

/**
 * Reads the header without trusting it: which side made the bundle, and for whom. Structural problems
 * (not a bundle, truncated, damaged, too new) are refused here.
 */
export function readBundleHeader(bytes: Uint8Array): BundleHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    if (buf.length > 0 && buf.length < MAGIC.length && MAGIC.subarray(0, buf.length).equals(buf)) {
      throw new BundleError('truncated', `This bundle is cut short: it has only ${buf.length} bytes. Copy it again from the original.`);
    }
    throw new BundleError('not_a_bundle', 'This file is not a Fieldbook bundle.');
  }
  if (buf.length > MAX_BUNDLE_BYTES) throw new BundleError('damaged', `This bundle is larger than ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB.`);
  if (buf.length < MAGIC.length + 4) throw new BundleError('truncated', 'This bundle is cut short. Copy it again from the original.');
  const headerLength = buf.readUInt32BE(MAGIC.length);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES) throw new BundleError('damaged', 'This bundle is damaged: its header is not valid.');
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (buf.length < headerEnd) throw new BundleError('truncated', 'This bundle is cut short. Copy it again from the original.');
  const raw = safeJson(buf.subarray(MAGIC.length + 4, headerEnd).toString('utf8'));
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > BUNDLE_VERSION) {
    throw new BundleError('unsupported_version', `This bundle was made by a newer Fieldbook (bundle format ${version}). Update Fieldbook to import it.`);
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success || parsed.data.version !== BUNDLE_VERSION) throw new BundleError('damaged', 'This bundle is damaged: its header is not valid.');
  const expected = headerEnd + parsed.data.ciphertextBytes + TAG_BYTES + SIGNATURE_BYTES;
  if (buf.length < expected) {
    throw new BundleError('truncated', `This bundle is cut short: ${buf.length} of ${expected} bytes. Copy it again from the original.`);
  }
  if (buf.length > expected) throw new BundleError('damaged', 'This bundle has bytes that do not belong to it: it was changed after it was made.');
  return parsed.data;
}

/**
 * Verifies and opens a bundle addressed to `recipient`, signed by the holder of `senderKeys` (the keys the
 * recipient pinned for `header.sender`). Throws BundleError, never returns something unverified.
 */
export function openBundle(
  bytes: Uint8Array,
  options: { recipient: Party & { keys: PrivateBundleKeys }; senderKeys: PublicBundleKeys },
): { header: BundleHeader; payload: BundlePayload } {
  const header = readBundleHeader(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { recipient } = options;
  if (header.recipient.fingerprint !== recipient.fingerprint) {
    throw new BundleError(
      'wrong_recipient',
      `This bundle is addressed to ${header.recipient.name} (${formatFingerprint(header.recipient.fingerprint)}), not to ${recipient.name} (${formatFingerprint(recipient.fingerprint)}).`,
    );
  }
  if (fingerprintOf(options.senderKeys) !== header.sender.fingerprint) {
    throw new BundleError('unknown_sender', `This bundle names a sender (${formatFingerprint(header.sender.fingerprint)}) whose keys were not given.`);
  }
  const signedEnd = buf.length - SIGNATURE_BYTES;
  if (!verify(null, buf.subarray(0, signedEnd), signPublic(options.senderKeys.sign), buf.subarray(signedEnd))) {
    throw new BundleError(
      'bad_signature',
      `This bundle's signature does not match ${header.sender.name} (${formatFingerprint(header.sender.fingerprint)}): it was changed after it was made, or someone else made it. Nothing was imported.`,
    );
  }
  const headerEnd = MAGIC.length + 4 + buf.readUInt32BE(MAGIC.length);
  const ciphertextEnd = headerEnd + header.ciphertextBytes;
  let plain: Buffer;
  try {
    const shared = diffieHellman({ privateKey: privateKey(recipient.keys.box), publicKey: boxPublic(header.ephemeralKey) });
    const key = deriveKey(shared, header.ephemeralKey, recipient.keys.box.x, header.sender.fingerprint, header.recipient.fingerprint);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64url'));
    decipher.setAAD(buf.subarray(0, headerEnd));
    decipher.setAuthTag(buf.subarray(ciphertextEnd, ciphertextEnd + TAG_BYTES));
    plain = Buffer.concat([decipher.update(buf.subarray(headerEnd, ciphertextEnd)), decipher.final()]);
  } catch {
    throw new BundleError('undecryptable', 'This bundle cannot be decrypted with this side’s keys. Nothing was imported.');
  }
  let json: unknown;
  try {
    json = JSON.parse(inflateRawSync(plain, { maxOutputLength: MAX_PAYLOAD_BYTES }).toString('utf8'));
  } catch {
    throw new BundleError('damaged', 'This bundle is signed but its contents cannot be read.');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.kind !== header.kind) {
    const issue = parsed.success ? null : parsed.error.issues[0];
    throw new BundleError('damaged', `This bundle's contents are not valid${issue ? ` at ${issue.path.join('.') || 'the top'}: ${issue.message}` : ''}.`);
  }
  return { header, payload: parsed.data };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
