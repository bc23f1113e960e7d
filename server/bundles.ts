/**
 * Air-gap bundles, the server's side (DESIGN.md §5, docs/SYNC.md "Air-gap bundles"). A device's bundle goes
 * through SyncService's push, and the answer's changes through its pull and snapshot, so every policy (grants,
 * clearance labels, residency, locked time, clock skew) applies exactly as online.
 */
import { randomBytes } from 'node:crypto';
import {
  BundleError,
  fingerprintOf,
  formatFingerprint,
  generateBundleKeys,
  makeKeyFile,
  openBundle,
  parseKeyFile,
  parsePrivateKeys,
  publicKeysOf,
  readBundleHeader,
  sealBundle,
} from '../core/protocol/bundle';
import type { DevicePayload, KeyFile, PrivateBundleKeys, ServerPayload } from '../core/protocol/bundle';
import { DEVICE_DIVERGED, DEVICE_REVOKED, MAX_OPS_PER_PUSH, PROTOCOL_VERSION } from '../core/protocol/wire';
import type { OpResult, SnapshotRecord } from '../core/protocol/wire';
import { hashToken } from './auth';
import { BundleStore } from './storage/bundleStore';
import type { BundleDevice } from './storage/bundleStore';
import type { Device, ServerStore, User } from './storage/serverStore';
import { ProtocolError, SyncService } from './sync';
import type { SyncOptions } from './sync';

/** The most changes one answer carries; the device brings another bundle for the rest. */
export const MAX_BUNDLE_CHANGES = 50_000;

/** A refusal of the administrator's request (a bad file, an unknown device): nothing was changed. */
export class BundleRefusal extends Error {}

export interface ServerBundleSummary {
  device: string;
  deviceId: string;
  user: string;
  /** The device bundle imported (null for an answer made without one). */
  received: { bundleId: string; seq: number; ops: number; applied: number; duplicates: number; rejected: number } | null;
  /** The bundle was imported before: nothing of it was applied again; a fresh answer was written. */
  duplicate: boolean;
  ackedThrough: number;
  reply: { bundleId: string; seq: number; changes: number; snapshot: number; revoked: number; hasMore: boolean };
  /** Something the administrator should know (the device revoked, its database restored, a clock off); null if none. */
  note: string | null;
}

function refuseBundle<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof BundleError) throw new BundleRefusal(error.message);
    throw error;
  }
}

export class BundleService {
  private readonly bundles: BundleStore;
  private readonly sync: SyncService;

  constructor(
    private readonly store: ServerStore,
    private readonly options: SyncOptions & { region: string },
  ) {
    this.bundles = new BundleStore(store.db);
    this.sync = new SyncService(store, options);
  }

  private now(): Date {
    return new Date(this.options.now?.() ?? Date.now());
  }

  private async identity(): Promise<{ name: string; keys: PrivateBundleKeys; fingerprint: string; createdAt: string }> {
    const stored = await this.bundles.serverKeys();
    if (!stored) throw new BundleRefusal('This server has no bundle keys yet. Create them with: fieldbook-server bundle keys create --name NAME');
    const keys = refuseBundle(() => parsePrivateKeys(stored.privateKeys));
    return { name: stored.name, keys, fingerprint: fingerprintOf(publicKeysOf(keys)), createdAt: stored.createdAt };
  }

  private keyFileOf(id: { name: string; keys: PrivateBundleKeys; createdAt: string }): KeyFile {
    return makeKeyFile(id.keys, { role: 'server', name: id.name, region: this.options.region, residencies: [...this.options.residencies], createdAt: id.createdAt });
  }

  /** Creates the server's bundle keys; replacing them makes every enrolled device trust the new key file again. */
  async createKeys(name: string, replace: boolean): Promise<KeyFile> {
    const existing = await this.bundles.serverKeys();
    if (existing && !replace) {
      const fp = fingerprintOf(publicKeysOf(parsePrivateKeys(existing.privateKeys)));
      throw new BundleRefusal(`This server already has bundle keys (${formatFingerprint(fp)}). Every device trusts them; pass --replace to make new ones anyway.`);
    }
    const keys = generateBundleKeys();
    const createdAt = this.now().toISOString();
    await this.bundles.putServerKeys(name, JSON.stringify(keys), createdAt);
    return this.keyFileOf({ name, keys, createdAt });
  }

  async keyFile(): Promise<KeyFile> {
    return this.keyFileOf(await this.identity());
  }

  /**
   * Pins a device's public key file for a user: a device of its own on this server (it never gets a token, so it
   * cannot sync online), numbered by the bundles it sends.
   */
  async enrol(keyFileText: string, email: string, name?: string): Promise<{ deviceId: string; fingerprint: string; name: string; user: string }> {
    const file = refuseBundle(() => parseKeyFile(keyFileText, 'device'));
    const user = await this.store.userByEmail(email);
    if (!user) throw new BundleRefusal(`No user with email ${email}. Add one with: user add --email ${email} …`);
    if (await this.bundles.byFingerprint(file.fingerprint)) throw new BundleRefusal(`A device with these keys (${formatFingerprint(file.fingerprint)}) is enrolled already.`);
    const deviceName = name ?? `${file.name} (bundles)`;
    // A token nobody holds: the device exists for its bundles only.
    const device = await this.store.addDevice(user.id, deviceName, hashToken(`bundle-only-${randomBytes(32).toString('base64url')}`));
    await this.bundles.enrol({ deviceId: device.id, fingerprint: file.fingerprint, name: deviceName, signKey: file.signKey, boxKey: file.boxKey }, this.now().toISOString());
    await this.store.audit({ userId: user.id, deviceId: device.id, action: 'bundle_enrol', accountId: null, detail: { fingerprint: file.fingerprint } });
    return { deviceId: device.id, fingerprint: file.fingerprint, name: deviceName, user: user.email };
  }

  listDevices(): Promise<BundleDevice[]> {
    return this.bundles.list();
  }

  /**
   * Imports a device's bundle and writes the answer: the results of its ops and the changes its user may read.
   * A bundle imported again applies nothing new (its ops are duplicates) and gets a fresh answer; an older one
   * than the last imported is refused.
   */
  async importDeviceBundle(bytes: Uint8Array): Promise<{ reply: Buffer; summary: ServerBundleSummary }> {
    const header = refuseBundle(() => readBundleHeader(bytes));
    const me = await this.identity();
    if (header.recipient.fingerprint !== me.fingerprint) {
      throw new BundleRefusal(
        `This bundle is addressed to ${header.recipient.name} (${formatFingerprint(header.recipient.fingerprint)}), not to this server (${me.name}, ${formatFingerprint(me.fingerprint)}). Nothing was imported.`,
      );
    }
    if (header.kind !== 'device') throw new BundleRefusal('This bundle was made by a server for a device: import it on the device with fieldbook bundle import.');
    const peer = await this.bundles.byFingerprint(header.sender.fingerprint);
    if (!peer) {
      throw new BundleRefusal(
        `This bundle comes from ${header.sender.name} (${formatFingerprint(header.sender.fingerprint)}), a device not enrolled here. Enrol its key file first (bundle keys enrol FILE --email E), after comparing the fingerprint. Nothing was imported.`,
      );
    }
    const { payload } = refuseBundle(() => openBundle(bytes, { recipient: { name: me.name, fingerprint: me.fingerprint, keys: me.keys }, senderKeys: { sign: peer.signKey, box: peer.boxKey } }));
    const incoming = payload as DevicePayload;
    const journaled = await this.bundles.journaled(header.id);
    if (journaled && incoming.seq < peer.lastInSeq) {
      throw new BundleRefusal(`This bundle (#${incoming.seq}) was imported on ${journaled.at}, and a newer one (#${peer.lastInSeq}) since. Nothing changed.`);
    }
    if (!journaled && incoming.seq <= peer.lastInSeq) {
      throw new BundleRefusal(`This bundle (#${incoming.seq} from ${peer.name}) is older than one already imported (#${peer.lastInSeq}): it is a replay or arrived out of order. Nothing changed.`);
    }
    return this.answer(me, peer, { bundleId: header.id, payload: incoming, duplicate: journaled !== null });
  }

  /** An answer for a device without a bundle of its own: the changes after the cursor it last reported. */
  async exportForDevice(ref: string): Promise<{ reply: Buffer; summary: ServerBundleSummary }> {
    const me = await this.identity();
    const wanted = ref.replace(/\s+/g, '').toLowerCase();
    const matches = (await this.bundles.list()).filter((d) => d.deviceId === ref || (wanted.length >= 4 && d.fingerprint.startsWith(wanted)));
    const [peer] = matches;
    if (!peer || matches.length > 1) throw new BundleRefusal(`No single enrolled bundle device matches "${ref}". Give its device id or more of its fingerprint.`);
    return this.answer(me, peer, null);
  }

  private async answer(
    me: { name: string; keys: PrivateBundleKeys; fingerprint: string },
    peer: BundleDevice,
    received: { bundleId: string; payload: DevicePayload; duplicate: boolean } | null,
  ): Promise<{ reply: Buffer; summary: ServerBundleSummary }> {
    let device = await this.store.deviceById(peer.deviceId);
    if (!device) throw new BundleRefusal(`The device of ${peer.name} no longer exists on this server.`);
    const user = await this.store.userById(device.userId);
    if (!user) throw new BundleRefusal(`The user of ${peer.name} no longer exists on this server.`);
    const cursor = received?.payload.cursor ?? peer.cursor;
    const reply: ServerPayload = {
      kind: 'server',
      protocol: PROTOCOL_VERSION,
      seq: peer.nextOutSeq,
      inReplyTo: received?.bundleId ?? null,
      serverTime: this.now().toISOString(),
      results: null,
      ackedThrough: device.lastOriginSeq,
      refusal: null,
      snapshot: [],
      changes: [],
      cursor,
      hasMore: false,
      revoked: [],
    };
    const counts = { applied: 0, duplicates: 0, rejected: 0 };
    let note: string | null = null;

    if (device.revokedAt) {
      // Answered, signed, so the device purges what it holds, as a revoked device does online.
      reply.refusal = { code: 'unauthenticated', message: 'This device was revoked on the server.', reason: DEVICE_REVOKED };
      note = `${peer.name} is revoked: nothing was applied, and the answer tells it to remove every synced record.`;
    } else {
      try {
        if (received && received.payload.ops.length > 0) {
          const pushed = await this.pushAll(device, user, received.payload.ops);
          reply.results = pushed.results;
          reply.ackedThrough = pushed.ackedThrough;
          for (const r of pushed.results) {
            if (r.status === 'applied') counts.applied += 1;
            else if (r.status === 'duplicate') counts.duplicates += 1;
            else counts.rejected += 1;
          }
          const skew = pushed.results.find((r) => r.status === 'rejected' && r.code === 'clock_skew');
          if (skew) note = `Some changes of ${peer.name} are stamped in the future (its clock was ahead); they stay on the device and are sent again.`;
          device = (await this.store.deviceById(device.id)) ?? device;
        }
        await this.pullInto(reply, device, user, cursor);
      } catch (error) {
        if (!(error instanceof ProtocolError && error.details?.['reason'] === DEVICE_DIVERGED)) throw error;
        reply.refusal = { code: 'conflict', message: error.message, reason: DEVICE_DIVERGED };
        reply.results = null;
        note = `${peer.name} sent different changes under numbers it had used before: its database was restored or copied. Nothing was applied; it must get new keys and be enrolled again.`;
      }
    }

    const bytes = sealBundle({
      payload: reply,
      sender: { name: me.name, fingerprint: me.fingerprint, keys: me.keys },
      recipient: { name: peer.name, fingerprint: peer.fingerprint, keys: { sign: peer.signKey, box: peer.boxKey } },
      createdAt: reply.serverTime,
    });
    const replyId = readBundleHeader(bytes).id;
    const summary: ServerBundleSummary = {
      device: peer.name,
      deviceId: peer.deviceId,
      user: user.email,
      received: received ? { bundleId: received.bundleId, seq: received.payload.seq, ops: received.payload.ops.length, ...counts } : null,
      duplicate: received?.duplicate ?? false,
      ackedThrough: reply.ackedThrough,
      reply: { bundleId: replyId, seq: reply.seq, changes: reply.changes.length, snapshot: reply.snapshot.length, revoked: reply.revoked.length, hasMore: reply.hasMore },
      note,
    };
    await this.bundles.recordExchange({
      deviceId: peer.deviceId,
      at: reply.serverTime,
      incoming: received ? { bundleId: received.bundleId, seq: received.payload.seq, cursor: received.payload.cursor, summary } : null,
      outgoing: { bundleId: replyId, seq: reply.seq, summary },
    });
    await this.store.audit({
      userId: user.id,
      deviceId: peer.deviceId,
      action: 'bundle',
      accountId: null,
      detail: { received: received?.bundleId ?? null, reply: replyId, ops: received?.payload.ops.length ?? 0, changes: reply.changes.length },
    });
    return { reply: bytes, summary };
  }

  /** The ops through the online push, a batch at a time; stops where the push stops (a gap, a clock off). */
  private async pushAll(device: Device, user: User, ops: DevicePayload['ops']): Promise<{ results: OpResult[]; ackedThrough: number }> {
    const results: OpResult[] = [];
    let ackedThrough = device.lastOriginSeq;
    for (let i = 0; i < ops.length; i += MAX_OPS_PER_PUSH) {
      const batch = ops.slice(i, i + MAX_OPS_PER_PUSH);
      const res = await this.sync.push(device, user, { protocol: PROTOCOL_VERSION, ops: batch });
      results.push(...res.results);
      ackedThrough = res.ackedThrough;
      if (res.results.length < batch.length) break;
    }
    return { results, ackedThrough };
  }

  /** The changes after `cursor` (or a whole snapshot when the cursor cannot be served), snapshots of new grants, revocations. */
  private async pullInto(reply: ServerPayload, device: Device, user: User, cursor: number): Promise<void> {
    try {
      const page = await this.sync.pull(device, user, cursor, MAX_BUNDLE_CHANGES, MAX_BUNDLE_CHANGES);
      reply.changes = page.changes;
      reply.cursor = page.cursor;
      reply.hasMore = page.hasMore;
      reply.revoked = page.revoked;
      for (const accountId of page.granted) reply.snapshot.push(...(await this.snapshotAll(device, user, accountId)).records);
    } catch (error) {
      if (!(error instanceof ProtocolError && error.code === 'resync_required')) throw error;
      // The device's cursor predates what the server keeps (or the server was restored): everything, as of now.
      const all = await this.snapshotAll(device, user, null);
      reply.snapshot = all.records;
      reply.cursor = all.asOf;
    }
  }

  /** Every snapshot page of one account, or of everything readable (null), with the first page's asOf. */
  private async snapshotAll(device: Device, user: User, accountId: string | null): Promise<{ records: SnapshotRecord[]; asOf: number }> {
    const records: SnapshotRecord[] = [];
    let after: string | null = null;
    let asOf: number | null = null;
    do {
      const page = await this.sync.snapshot(device, user, after, MAX_BUNDLE_CHANGES, accountId, MAX_BUNDLE_CHANGES);
      asOf ??= page.asOf;
      records.push(...page.records);
      after = page.next;
    } while (after);
    return { records, asOf: asOf ?? 0 };
  }
}
