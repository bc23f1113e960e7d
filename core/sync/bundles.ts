/**
 * Air-gap bundles, the device's side (DESIGN.md §5, docs/SYNC.md "Air-gap bundles"). A bundle target is a sync
 * target like an online server: the same outbox, the same per-target queue and residency routing, the same
 * acknowledgement rule. Only the transport differs: a signed, encrypted file each way instead of HTTP.
 */
import { hostname } from 'node:os';
import { FieldbookError } from '../model';
import type { BundleDeviceInfo, BundleExportSummary, BundleImportSummary, BundleStatus, BundleTargetInfo } from '../model';
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
} from '../protocol/bundle';
import type { DevicePayload, KeyFile, PrivateBundleKeys, ServerPayload } from '../protocol/bundle';
import { DEVICE_DIVERGED, DEVICE_REVOKED, PROTOCOL_VERSION } from '../protocol/wire';
import { localSyncedTables } from '../store/localTables';
import type { Store } from '../store/store';
import { SyncStateRepo } from '../store/syncState';
import type { SyncTarget } from '../store/syncState';
import { describeClockSkew } from './clock';
import { applyPushAnswer, applyRecords, checkNumbering, divergedError, emptySummary, purgeRevoked, SyncError } from './engine';
import type { SecretStore } from './secrets';

const KEYS_SECRET = 'bundle-keys';
/** The most changes one bundle carries; the rest waits for the next one. */
export const MAX_BUNDLE_OPS = 100_000;

interface PeerRow {
  target_id: string;
  name: string;
  fingerprint: string;
  sign_key: string;
  box_key: string;
  next_out_seq: number;
  last_in_seq: number;
}

/** Turns a refused bundle or key file into the API's error, in the same words. */
function asFieldbookError(error: unknown): unknown {
  if (error instanceof BundleError) {
    const code = error.reason === 'wrong_recipient' || error.reason === 'unknown_sender' || error.reason === 'bad_signature' ? 'forbidden' : 'invalid';
    return new FieldbookError(code, error.message, { reason: error.reason });
  }
  return error;
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asFieldbookError(error);
  }
}

const DESKTOP_BUNDLES_UNAVAILABLE = 'Bundle keys are not available in the desktop app yet: use the browser host or the CLI for bundles.';

/** Bundle keys live in a local key file (the browser host and the CLI); an asynchronous store cannot hold them yet. */
function localOnly(result: void | Promise<void>): void {
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new FieldbookError('unavailable', DESKTOP_BUNDLES_UNAVAILABLE);
  }
}

/** The device's bundle keys and the name it signs with, or null before they are created. */
function identity(store: Store, secrets: SecretStore): { keys: PrivateBundleKeys; name: string; fingerprint: string; createdAt: string } | null {
  const text = secrets.get(KEYS_SECRET);
  if (text instanceof Promise) throw new FieldbookError('unavailable', DESKTOP_BUNDLES_UNAVAILABLE);
  if (text === null) return null;
  const keys = guarded(() => parsePrivateKeys(text));
  const meta = store.db.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  return {
    keys,
    name: meta.get('bundle_device_name')?.value ?? hostname(),
    createdAt: meta.get('bundle_keys_created')?.value ?? '',
    fingerprint: fingerprintOf(publicKeysOf(keys)),
  };
}

function requireIdentity(store: Store, secrets: SecretStore) {
  const id = identity(store, secrets);
  if (!id) throw new FieldbookError('not_found', 'This device has no bundle keys yet. Create them first (fieldbook bundle keys create), then have the key file enrolled on the server.');
  return id;
}

function keyFileOf(id: NonNullable<ReturnType<typeof identity>>): KeyFile {
  return makeKeyFile(id.keys, { role: 'device', name: id.name, createdAt: id.createdAt });
}

export function deviceInfo(store: Store, secrets: SecretStore): BundleDeviceInfo | null {
  const id = identity(store, secrets);
  return id ? { name: id.name, fingerprint: id.fingerprint, keyFile: `${JSON.stringify(keyFileOf(id), null, 2)}\n` } : null;
}

/**
 * Creates this device's bundle keys: Ed25519 to sign what it sends, X25519 to receive. The private keys stay in
 * the secret store; the returned public key file goes to the server's administrator to enrol. New keys make
 * this device a new device to every bundle server: their queues start over and the new key file must be enrolled.
 */
export function createDeviceKeys(store: Store, secrets: SecretStore, options: { name?: string; replace?: boolean } = {}): BundleDeviceInfo {
  const existing = identity(store, secrets);
  if (existing && !options.replace) {
    throw new FieldbookError('conflict', `This device already has bundle keys (${formatFingerprint(existing.fingerprint)}). Replacing them makes it a new device to every bundle server: pass --replace to do so.`);
  }
  const name = (options.name ?? existing?.name ?? hostname()).trim().slice(0, 200) || 'Fieldbook device';
  const keys = generateBundleKeys();
  const repo = new SyncStateRepo(store);
  store.write(() => {
    const set = store.db.prepare('INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    set.run('bundle_device_name', name);
    set.run('bundle_keys_created', store.now().toISOString());
    for (const target of repo.listTargets().filter((t) => t.kind === 'bundle')) {
      repo.restart(target.id);
      store.db.prepare('UPDATE bundle_peers SET next_out_seq = 1, last_in_seq = 0 WHERE target_id = ?').run(target.id);
    }
  });
  localOnly(secrets.set(KEYS_SECRET, JSON.stringify(keys)));
  return deviceInfo(store, secrets) as BundleDeviceInfo;
}

function peers(store: Store): PeerRow[] {
  return store.db.prepare<[], PeerRow>('SELECT * FROM bundle_peers ORDER BY trusted_at').all();
}

/** Pins a server's public key file: a bundle target, routed by the residencies the file names. */
export function trustServer(store: Store, keyFileText: string, from: SyncTarget['registeredFrom']): BundleTargetInfo {
  const file = guarded(() => parseKeyFile(keyFileText, 'server'));
  const repo = new SyncStateRepo(store);
  if (peers(store).some((p) => p.fingerprint === file.fingerprint)) {
    throw new FieldbookError('conflict', `The server ${file.name} (${formatFingerprint(file.fingerprint)}) is trusted already.`);
  }
  const target = store.write(() => {
    const added = repo.addTarget({ kind: 'bundle', url: `bundle:${file.fingerprint}`, region: file.region ?? '', residencies: file.residencies ?? [], registeredFrom: from });
    store.db
      .prepare(`INSERT INTO bundle_peers (target_id, name, fingerprint, sign_key, box_key, trusted_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(added.id, file.name, file.fingerprint, file.signKey, file.boxKey, store.now().toISOString());
    return added;
  });
  return targetInfo(store, target);
}

function targetInfo(store: Store, target: SyncTarget): BundleTargetInfo {
  const peer = store.db.prepare<[string], PeerRow>('SELECT * FROM bundle_peers WHERE target_id = ?').get(target.id);
  const lastExport = store.db
    .prepare<[string], { at: string | null }>(`SELECT max(at) AS at FROM bundle_journal WHERE target_id = ? AND direction = 'out'`)
    .get(target.id)?.at;
  return {
    id: target.id,
    name: peer?.name ?? target.url,
    fingerprint: peer?.fingerprint ?? '',
    region: target.region,
    residencies: target.residencies,
    pending: new SyncStateRepo(store).pendingFor(target.id),
    lastImportAt: target.lastSyncAt,
    lastExportAt: lastExport ?? null,
    lastError: target.lastError,
    suspended: target.suspended,
  };
}

export function bundleStatus(store: Store, secrets: SecretStore): BundleStatus {
  const targets = new SyncStateRepo(store).listTargets().filter((t) => t.kind === 'bundle');
  return { device: deviceInfo(store, secrets), targets: targets.map((t) => targetInfo(store, t)) };
}

/** Finds a bundle target by its id, its server's name, or the start of its fingerprint (spaces ignored). */
export function findBundleTarget(store: Store, ref: string): SyncTarget {
  const all = new SyncStateRepo(store).listTargets().filter((t) => t.kind === 'bundle');
  const wanted = ref.replace(/\s+/g, '').toLowerCase();
  const byPeer = new Map(peers(store).map((p) => [p.target_id, p]));
  const matches = all.filter((t) => {
    const peer = byPeer.get(t.id);
    return t.id === ref || peer?.name.toLowerCase() === ref.trim().toLowerCase() || (wanted.length >= 4 && peer?.fingerprint.startsWith(wanted));
  });
  if (matches.length === 1 && matches[0]) return matches[0];
  const known = all.map((t) => byPeer.get(t.id)?.name).filter(Boolean).join(', ');
  if (matches.length > 1) throw new FieldbookError('invalid', `"${ref}" names more than one bundle server (${known}); give more of the fingerprint.`);
  throw new FieldbookError('not_found', all.length === 0 ? 'No bundle server is trusted yet. Trust its key file first (fieldbook bundle keys trust FILE).' : `No bundle server matches "${ref}". Known: ${known}.`);
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'server';

/**
 * Writes a bundle of the changes this target may hold and has not acknowledged: every one of them, so a lost
 * bundle is made good by the next. Nothing leaves the outbox here; the server's answer acknowledges them.
 */
export function exportBundle(store: Store, secrets: SecretStore, targetId: string): { bytes: Buffer; summary: BundleExportSummary } {
  const me = requireIdentity(store, secrets);
  const repo = new SyncStateRepo(store);
  const target = repo.target(targetId);
  const peer = store.db.prepare<[string], PeerRow>('SELECT * FROM bundle_peers WHERE target_id = ?').get(targetId);
  if (!target || !peer) throw new FieldbookError('not_found', 'That bundle server is not trusted on this device.');
  if (target.suspended) throw new FieldbookError('conflict', target.suspended, { reason: DEVICE_DIVERGED });
  repo.claim(targetId);
  const ops = repo.pendingOps(targetId, MAX_BUNDLE_OPS);
  const remaining = repo.pendingCount(targetId) - ops.length;
  const current = repo.target(targetId) as SyncTarget;
  const payload: DevicePayload = {
    kind: 'device',
    protocol: PROTOCOL_VERSION,
    seq: peer.next_out_seq,
    ops,
    cursor: current.cursor,
    lastOriginSeq: current.lastOriginSeq,
  };
  const bytes = sealBundle({
    payload,
    sender: { name: me.name, fingerprint: me.fingerprint, keys: me.keys },
    recipient: { name: peer.name, fingerprint: peer.fingerprint, keys: { sign: peer.sign_key, box: peer.box_key } },
    createdAt: store.now().toISOString(),
  });
  const header = readBundleHeader(bytes);
  const summary: BundleExportSummary = {
    bundleId: header.id,
    seq: payload.seq,
    target: peer.name,
    ops: ops.length,
    remaining,
    fileName: `fieldbook-to-${slug(peer.name)}-${String(payload.seq).padStart(4, '0')}.fbbundle`,
  };
  store.write(() => {
    store.db.prepare('UPDATE bundle_peers SET next_out_seq = next_out_seq + 1 WHERE target_id = ?').run(targetId);
    store.db
      .prepare(`INSERT INTO bundle_journal (bundle_id, target_id, direction, seq, at, summary) VALUES (?, ?, 'out', ?, ?, ?)`)
      .run(header.id, targetId, payload.seq, store.now().toISOString(), JSON.stringify(summary));
  });
  return { bytes, summary };
}

/**
 * Imports a server's bundle: verifies and decrypts it, then applies it as an online pass would: the answer to
 * this device's ops (acknowledged changes leave the outbox, refusals are kept), snapshots, changes, purges.
 * All of it and its journal entry in one transaction: a bundle imported twice changes nothing.
 */
export function importBundle(store: Store, secrets: SecretStore, bytes: Uint8Array): BundleImportSummary {
  const header = guarded(() => readBundleHeader(bytes));
  const me = requireIdentity(store, secrets);
  if (header.recipient.fingerprint !== me.fingerprint) {
    throw new FieldbookError(
      'forbidden',
      `This bundle is addressed to ${header.recipient.name} (${formatFingerprint(header.recipient.fingerprint)}), not to this device (${formatFingerprint(me.fingerprint)}). Nothing was imported.`,
      { reason: 'wrong_recipient' },
    );
  }
  if (header.kind !== 'server') {
    throw new FieldbookError('invalid', 'This bundle was made by a device for a server: import it on the server with fieldbook-server bundle import.');
  }
  const peer = peers(store).find((p) => p.fingerprint === header.sender.fingerprint);
  if (!peer) {
    throw new FieldbookError(
      'forbidden',
      `This bundle comes from ${header.sender.name} (${formatFingerprint(header.sender.fingerprint)}), a server this device does not trust. Trust its key file first, after comparing the fingerprint. Nothing was imported.`,
      { reason: 'unknown_sender' },
    );
  }
  const { payload } = guarded(() => openBundle(bytes, { recipient: { name: me.name, fingerprint: me.fingerprint, keys: me.keys }, senderKeys: { sign: peer.sign_key, box: peer.box_key } }));
  const server = payload as ServerPayload;
  const repo = new SyncStateRepo(store);
  const target = repo.target(peer.target_id) as SyncTarget;

  const journaled = store.db.prepare<[string], { at: string; summary: string }>('SELECT at, summary FROM bundle_journal WHERE bundle_id = ?').get(header.id);
  if (journaled) return { ...(JSON.parse(journaled.summary) as BundleImportSummary), duplicate: true, note: `This bundle was imported on ${journaled.at}; nothing changed.` };
  if (server.seq <= peer.last_in_seq) {
    throw new FieldbookError('conflict', `This bundle (#${server.seq} from ${peer.name}) is older than one already imported (#${peer.last_in_seq}). Nothing was imported; the newer one carries everything it had.`);
  }
  if (target.suspended) throw new FieldbookError('conflict', target.suspended, { reason: DEVICE_DIVERGED });

  const summary: BundleImportSummary = {
    ...emptySummary(peer.name),
    bundleId: header.id,
    seq: server.seq,
    from: peer.name,
    acknowledged: 0,
    hasMore: server.hasMore,
    duplicate: false,
    note: null,
  };
  if (server.refusal?.reason === DEVICE_REVOKED) {
    // As online: a revoked device keeps no customer data.
    summary.purged = repo.purgeEverything();
    localOnly(secrets.delete(KEYS_SECRET));
    throw new SyncError('unauthenticated', `This device was revoked on ${peer.name}; ${summary.purged} synced record(s) were removed from it.`, { reason: DEVICE_REVOKED, purged: summary.purged });
  }
  if (server.refusal?.reason === DEVICE_DIVERGED) throw divergedError(store, peer.name, 'already holds different changes under this device’s numbers');
  try {
    checkNumbering(store, { ...target, url: peer.name }, server.ackedThrough);
  } catch (error) {
    repo.finish(target.id, (error as Error).message);
    throw error;
  }

  const tables = localSyncedTables(store);
  store.write(() => {
    const before = repo.pendingCount(target.id);
    if (server.results) {
      const { gap, skew } = applyPushAnswer(store, target, (seq) => repo.queuedOp(target.id, seq), { results: server.results, ackedThrough: server.ackedThrough }, summary);
      if (skew) {
        summary.note = describeClockSkew({
          server: peer.name,
          serverTime: skew.serverTime ?? server.serverTime,
          localNow: Date.parse(header.createdAt),
          op: repo.queuedOp(target.id, skew.originSeq),
        }).message;
      } else if (gap) summary.note = `${peer.name} is missing earlier changes of this device (it holds up to ${server.ackedThrough}); export again.`;
    } else {
      repo.acknowledge(target.id, server.ackedThrough);
    }
    if (server.refusal) summary.note = server.refusal.message;
    summary.acknowledged = before - repo.pendingCount(target.id);
    applyRecords(store, tables, server.snapshot, summary);
    applyRecords(store, tables, server.changes, summary);
    purgeRevoked(store, server.revoked, summary);
    repo.setCursor(target.id, server.cursor);
    summary.pending = repo.pendingFor(target.id);
    repo.finish(target.id, summary.note);
    store.db.prepare('UPDATE bundle_peers SET last_in_seq = ? WHERE target_id = ?').run(server.seq, target.id);
    store.db
      .prepare(`INSERT INTO bundle_journal (bundle_id, target_id, direction, seq, at, summary) VALUES (?, ?, 'in', ?, ?, ?)`)
      .run(header.id, target.id, server.seq, store.now().toISOString(), JSON.stringify(summary));
  });
  return summary;
}
