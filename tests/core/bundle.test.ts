import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BundleError,
  fingerprintOf,
  formatFingerprint,
  generateBundleKeys,
  makeKeyFile,
  openBundle,
  parseKeyFile,
  publicKeysOf,
  readBundleHeader,
  sealBundle,
} from '../../core/protocol/bundle';
import type { DevicePayload, PrivateBundleKeys } from '../../core/protocol/bundle';
import { encodeHlc } from '../../core/protocol/hlc';
import { newId } from '../../core/model';

const party = (name: string, keys: PrivateBundleKeys) => ({ name, fingerprint: fingerprintOf(publicKeysOf(keys)), keys });
const device = party('Dana’s laptop', generateBundleKeys());
const server = party('EU air-gapped server', generateBundleKeys());
const stranger = party('Someone else', generateBundleKeys());

function payload(ops = 2): DevicePayload {
  const hlc = encodeHlc({ wall: 1_795_000_000_000, counter: 1, device: 'abcdef0123456789' });
  return {
    kind: 'device',
    protocol: 1,
    seq: 3,
    cursor: 17,
    lastOriginSeq: ops,
    ops: Array.from({ length: ops }, (_, i) => {
      const id = newId();
      return { originSeq: i + 1, table: 'accounts', id, accountId: id, fields: { name: { value: `Account ${i}`, hlc } } };
    }),
  };
}

const seal = (p = payload(), from = device, to = server) =>
  sealBundle({ payload: p, sender: from, recipient: { ...to, keys: publicKeysOf(to.keys) }, createdAt: '2026-11-27T10:00:00.000Z' });
const open = (bytes: Uint8Array, to = server, senderKeys = publicKeysOf(device.keys)) => openBundle(bytes, { recipient: to, senderKeys });
const refusal = (fn: () => unknown): BundleError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error('was not refused');
};

describe('bundle files', () => {
  it('open for their recipient with the sender’s pinned keys, naming both', () => {
    const p = payload(3);
    const bytes = seal(p);
    const { header, payload: opened } = open(bytes);
    expect(opened).toEqual(p);
    expect(header).toMatchObject({ kind: 'device', sender: { name: 'Dana’s laptop', fingerprint: device.fingerprint }, recipient: { name: 'EU air-gapped server', fingerprint: server.fingerprint } });
    // The same bundle opens again: replay protection is the importer's journal, not the format's.
    expect(open(bytes).payload).toEqual(p);
  });

  it('hide their contents: account names do not appear in the file, and two seals of one payload differ', () => {
    const p = payload(1);
    const a = seal(p);
    const b = seal(p);
    expect(a.toString('latin1')).not.toContain('Account 0');
    expect(a.equals(b)).toBe(false);
  });

  it('refuse any changed byte (header, ciphertext, tag or signature) and say it was changed', () => {
    const bytes = seal();
    const headerEnd = 12 + bytes.readUInt32BE(8);
    fc.assert(
      fc.property(fc.integer({ min: 8, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const changed = Buffer.from(bytes);
        changed[at] = (changed[at] ?? 0) ^ flip;
        const error = refusal(() => open(changed));
        // A changed header may no longer parse, or name another party; a changed body fails the signature.
        if (at >= headerEnd) expect(error.reason).toBe('bad_signature');
        else expect(['bad_signature', 'damaged', 'truncated', 'wrong_recipient', 'unknown_sender', 'unsupported_version', 'not_a_bundle']).toContain(error.reason);
      }),
      { numRuns: 300 },
    );
    const body = Buffer.from(bytes);
    body[body.length - 100] = (body[body.length - 100] ?? 0) ^ 1;
    expect(refusal(() => open(body))).toMatchObject({ reason: 'bad_signature', message: expect.stringMatching(/changed after it was made, or someone else made it\. Nothing was imported\./) as unknown });
  });

  it('refuse a truncated file with how much is missing, at any length', () => {
    const bytes = seal();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: bytes.length - 1 }), (length) => {
        const error = refusal(() => open(bytes.subarray(0, length)));
        expect(error.reason).toBe('truncated');
      }),
      { numRuns: 200 },
    );
    expect(refusal(() => open(bytes.subarray(0, bytes.length - 1))).message).toMatch(/cut short: \d+ of \d+ bytes/);
    expect(refusal(() => open(Buffer.concat([bytes, Buffer.from([0])]))).reason).toBe('damaged');
  });

  it('refuse a bundle addressed to someone else, naming both', () => {
    const bytes = seal(payload(), device, stranger);
    const error = refusal(() => open(bytes, server));
    expect(error.reason).toBe('wrong_recipient');
    expect(error.message).toContain(`addressed to Someone else (${formatFingerprint(stranger.fingerprint)}), not to EU air-gapped server`);
  });

  it('refuse a bundle signed by other keys than the ones pinned for its sender', () => {
    // Made by the stranger, who claims to be the laptop: the header names the laptop, the signature is the stranger's.
    const forged = sealBundle({ payload: payload(), sender: { ...device, keys: stranger.keys }, recipient: { ...server, keys: publicKeysOf(server.keys) }, createdAt: 'now' });
    expect(refusal(() => open(forged)).reason).toBe('bad_signature');
    // Pinned keys for another sender than the header names.
    expect(refusal(() => open(seal(), server, publicKeysOf(stranger.keys))).reason).toBe('unknown_sender');
  });

  it('refuse a bundle the recipient’s keys cannot decrypt (sealed to other keys under the recipient’s name)', () => {
    const impostor = { ...server, keys: publicKeysOf(stranger.keys) };
    const bytes = sealBundle({ payload: payload(), sender: device, recipient: impostor, createdAt: 'now' });
    expect(refusal(() => open(bytes)).reason).toBe('undecryptable');
  });

  it('refuse files that are not bundles, and bundles from a newer Fieldbook', () => {
    expect(refusal(() => readBundleHeader(Buffer.from('%PDF-1.7 not a bundle'))).reason).toBe('not_a_bundle');
    expect(refusal(() => readBundleHeader(Buffer.alloc(0))).reason).toBe('not_a_bundle');
    const bytes = seal();
    const headerLength = bytes.readUInt32BE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as Record<string, unknown>;
    const newer = Buffer.from(JSON.stringify({ ...header, version: 2 }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(newer.length);
    const rebuilt = Buffer.concat([bytes.subarray(0, 8), length, newer, bytes.subarray(12 + headerLength)]);
    expect(refusal(() => readBundleHeader(rebuilt))).toMatchObject({ reason: 'unsupported_version', message: expect.stringMatching(/newer Fieldbook/) as unknown });
  });

  it('refuse signed contents that are not a valid payload', () => {
    const bad = { ...payload(), ops: [{ originSeq: 0, table: 'accounts' }] } as unknown as DevicePayload;
    expect(refusal(() => open(seal(bad))).reason).toBe('damaged');
  });
});

describe('bundle key files', () => {
  const keys = generateBundleKeys();
  const file = makeKeyFile(keys, { role: 'server', name: 'EU air-gapped server', region: 'eu', residencies: ['eu', 'global'], createdAt: '2026-11-27T10:00:00Z' });

  it('carry the public keys and a fingerprint checked on reading, and nothing private', () => {
    const text = JSON.stringify(file);
    expect(parseKeyFile(text, 'server')).toEqual(file);
    expect(text).not.toContain(keys.sign.d);
    expect(text).not.toContain(keys.box.d);
    expect(formatFingerprint(file.fingerprint)).toMatch(/^([0-9a-f]{4} ){9}[0-9a-f]{4}$/);
  });

  it('refuse a swapped key, a wrong role, or something else', () => {
    const other = publicKeysOf(generateBundleKeys());
    expect(refusal(() => parseKeyFile(JSON.stringify({ ...file, boxKey: other.box }), 'server')).message).toMatch(/does not match its keys/);
    expect(refusal(() => parseKeyFile(JSON.stringify(file), 'device')).message).toMatch(/key file of a server; a device's key file is needed/);
    expect(refusal(() => parseKeyFile('not json', 'server')).reason).toBe('bad_key_file');
  });
});
