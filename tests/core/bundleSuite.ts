import { cpSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../core/model';
import { fingerprintOf, openBundle, parsePrivateKeys, publicKeysOf } from '../../core/protocol/bundle';
import type { DevicePayload } from '../../core/protocol/bundle';
import { SyncStateRepo } from '../../core/store/syncState';
import { bundleStatus, createDeviceKeys, exportBundle, importBundle, trustServer } from '../../core/sync/bundles';
import { FileSecretStore } from '../../core/sync/secrets';
import { BundleService } from '../../server/bundles';
import { BundleStore } from '../../server/storage/bundleStore';
import { startTestServer } from '../server/harness';
import type { Backend, TestServer } from '../server/harness';
import { tempDir, testCore } from './helpers';

type Device = Awaited<ReturnType<typeof testCore>> & { secrets: FileSecretStore; repo: SyncStateRepo };

const names = async (d: Device) => (await d.call('accounts.list', {})).map((a: Account) => a.name).sort();

/** What a device holds, for "nothing changed" checks. */
function clientDigest(d: Device): string {
  const tables = ['accounts', 'outbox', 'target_queue', 'sync_targets', 'sync_rejections', 'bundle_peers', 'bundle_journal', 'local_meta'];
  return JSON.stringify(tables.map((t) => d.core.store.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

/** Air-gap bundles between real client stores and a real server store (DESIGN.md §5). */
export function bundleSuite(backend: Backend): void {
  describe(`air-gap bundles between devices and a server on ${backend.name}`, () => {
    let server: TestServer;
    let service: BundleService;
    const devices: Device[] = [];
    beforeEach(async () => {
      server = await startTestServer(backend);
      service = new BundleService(server.store, { residencies: ['global', 'eu'], maxSkewMs: 5 * 60_000, region: 'eu' });
      await service.createKeys('EU enclave server', false);
    });
    afterEach(async () => {
      while (devices.length) devices.pop()?.close();
      await server.close();
    });

    async function serverDigest(): Promise<string> {
      const tables = ['records', 'changes', 'devices', 'device_ops', 'rejected_ops', 'grants', 'account_policy', 'bundle_devices', 'bundle_journal'];
      const out: unknown[] = [];
      for (const t of tables) out.push(await server.store.db.query(`SELECT * FROM ${t} ORDER BY 1`));
      return JSON.stringify(out);
    }

    /** A device with bundle keys, trusting the server, enrolled for `email`. */
    async function enrolled(email = 'dana@example.com', options: { clearances?: string[]; dir?: string } = {}): Promise<Device & { deviceId: string }> {
      const base = await testCore(options.dir);
      const d: Device = { ...base, secrets: new FileSecretStore(base.dir), repo: new SyncStateRepo(base.core.store) };
      devices.push(d);
      if (!(await server.store.userByEmail(email))) {
        await server.store.addUser({ email, name: email, roles: ['tam'], clearances: options.clearances ?? [], homeRegion: 'eu' });
      }
      const keys = createDeviceKeys(d.core.store, d.secrets, { name: `${email}'s laptop` });
      trustServer(d.core.store, JSON.stringify(await service.keyFile()), 'cli');
      const { deviceId } = await service.enrol(keys.keyFile, email);
      return Object.assign(d, { deviceId });
    }
    const targetOf = (d: Device) => bundleStatus(d.core.store, d.secrets).targets[0]?.id ?? '';
    const exportFrom = (d: Device) => exportBundle(d.core.store, d.secrets, targetOf(d));
    /** The device bundle as the server would read it: to look inside in tests. */
    async function peek(bytes: Buffer): Promise<DevicePayload> {
      const stored = await new BundleStore(server.store.db).serverKeys();
      const keys = parsePrivateKeys(stored?.privateKeys ?? '');
      const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32BE(8)).toString('utf8')) as { sender: { fingerprint: string } };
      const peer = await new BundleStore(server.store.db).byFingerprint(header.sender.fingerprint);
      const opened = openBundle(bytes, { recipient: { name: 'EU enclave server', fingerprint: fingerprintOf(publicKeysOf(keys)), keys }, senderKeys: { sign: peer?.signKey ?? '', box: peer?.boxKey ?? '' } });
      return opened.payload as DevicePayload;
    }

    it('carries a device’s changes to the server and its answer back; acknowledged changes leave the outbox, and nothing of another residency goes', async () => {
      const laptop = await enrolled();
      await laptop.call('accounts.create', { name: 'Contoso Bank', residency: 'eu' });
      await laptop.call('accounts.create', { name: 'Globex', residency: 'global' });
      await laptop.call('accounts.create', { name: 'Singapore Sovereign', residency: 'sg' });
      const { bytes, summary } = exportFrom(laptop);
      expect(summary).toMatchObject({ seq: 1, ops: 2, remaining: 0, target: 'EU enclave server', fileName: 'fieldbook-to-eu-enclave-server-0001.fbbundle' });
      expect((await peek(bytes)).ops.map((o) => o.fields['name']?.value)).toEqual(['Contoso Bank', 'Globex']);
      // Exported is not acknowledged: everything stays until the answer comes back.
      expect(laptop.repo.unsentCount()).toBe(3);

      const { reply, summary: imported } = await service.importDeviceBundle(bytes);
      expect(imported).toMatchObject({ received: { seq: 1, ops: 2, applied: 2, duplicates: 0, rejected: 0 }, ackedThrough: 2, duplicate: false });
      const stored = JSON.stringify(await server.store.db.query('SELECT fields FROM records'));
      expect(stored).toContain('Contoso Bank');
      expect(stored).not.toContain('Singapore Sovereign');

      const answer = importBundle(laptop.core.store, laptop.secrets, reply);
      expect(answer).toMatchObject({ from: 'EU enclave server', acknowledged: 2, rejected: 0, duplicate: false, pending: 0, note: null });
      // The sovereign account waits for a server that may hold it.
      expect(laptop.repo.unsentCount()).toBe(1);
      expect(bundleStatus(laptop.core.store, laptop.secrets).targets[0]).toMatchObject({ pending: 0, lastImportAt: expect.any(String) as unknown, lastError: null });
    });

    it('brings a colleague’s changes from the server, and the snapshot of an account granted later', async () => {
      const laptop = await enrolled('dana@example.com');
      const online = await server.addDevice({ email: 'lee@example.com' });
      const acme = online.newAccountOp({ name: 'Acme', notes: 'From before the grant' });
      await online.push([acme, online.newAccountOp({ name: 'Not shared' })]);
      // Two exchanges: nothing readable yet; the device applies the answer and reports its cursor, past Acme's creation.
      importBundle(laptop.core.store, laptop.secrets, (await service.importDeviceBundle(exportFrom(laptop).bytes)).reply);
      importBundle(laptop.core.store, laptop.secrets, (await service.importDeviceBundle(exportFrom(laptop).bytes)).reply);
      expect(await names(laptop)).toEqual([]);

      const dana = await server.store.userByEmail('dana@example.com');
      await server.store.grant({ type: 'user', id: dana?.id ?? '' }, acme.id, 'read');
      await online.push([online.op('accounts', acme.id, acme.id, { health: 'red' })]);
      // The server writes an answer without a bundle from the device (it has nothing to send).
      const { reply, summary } = await service.exportForDevice(laptop.deviceId);
      expect(summary).toMatchObject({ received: null, reply: { snapshot: 1, changes: 1 } });
      const answer = importBundle(laptop.core.store, laptop.secrets, reply);
      expect(answer).toMatchObject({ skipped: 0 });
      expect(await laptop.call('accounts.get', { id: acme.id })).toMatchObject({ name: 'Acme', notes: 'From before the grant', health: 'red' });
    });

    it('applies the server’s policy as online: no write grant, no clearance', async () => {
      const laptop = await enrolled('dana@example.com');
      const online = await server.addDevice({ email: 'lee@example.com' });
      const acme = online.newAccountOp({ name: 'Acme' });
      await online.push([acme]);
      const dana = await server.store.userByEmail('dana@example.com');
      await server.store.grant({ type: 'user', id: dana?.id ?? '' }, acme.id, 'read');
      importBundle(laptop.core.store, laptop.secrets, (await service.exportForDevice(laptop.deviceId)).reply);
      await laptop.call('accounts.update', { id: acme.id, patch: { health: 'red' } });
      await laptop.call('accounts.create', { name: 'Cleared Program', clearance: 'us-secret' });
      const { reply, summary } = await service.importDeviceBundle(exportFrom(laptop).bytes);
      expect(summary.received).toMatchObject({ ops: 2, applied: 0, rejected: 2 });
      const answer = importBundle(laptop.core.store, laptop.secrets, reply);
      expect(answer).toMatchObject({ rejected: 2, acknowledged: 2, pending: 0 });
      expect(laptop.repo.rejections().map((r) => [r.code, r.message])).toEqual([
        ['forbidden', 'You do not hold the clearance this account requires.'],
        ['forbidden', 'You have no write access to this account.'],
      ]);
      expect(JSON.stringify(await server.store.db.query('SELECT fields FROM records'))).not.toContain('Cleared Program');
    });

    it('changes nothing when a bundle is imported twice, or an older one after a newer', async () => {
      const laptop = await enrolled();
      await laptop.call('accounts.create', { name: 'Contoso Bank' });
      const first = exportFrom(laptop);
      await laptop.call('accounts.create', { name: 'Fabrikam' });
      const second = exportFrom(laptop);
      expect((await peek(second.bytes)).ops).toHaveLength(2);

      // The server: the newer first (it carries everything the older had), then the older: refused.
      const answered = await service.importDeviceBundle(second.bytes);
      const afterNewer = await serverDigest();
      await expect(service.importDeviceBundle(first.bytes)).rejects.toThrow(/older than one already imported \(#2\): it is a replay or arrived out of order\. Nothing changed\./);
      expect(await serverDigest()).toBe(afterNewer);
      // The same bundle again: nothing applied again, and a fresh answer (the first may have been lost).
      const again = await service.importDeviceBundle(second.bytes);
      expect(again.summary).toMatchObject({ duplicate: true, received: { applied: 0, duplicates: 2 } });
      expect(await server.store.db.query('SELECT count(*) AS n FROM changes')).toEqual([{ n: 2 }]);

      // The device: an answer imported twice changes nothing the second time.
      const summary = importBundle(laptop.core.store, laptop.secrets, answered.reply);
      expect(summary).toMatchObject({ acknowledged: 2, duplicate: false });
      const before = clientDigest(laptop);
      expect(importBundle(laptop.core.store, laptop.secrets, answered.reply)).toMatchObject({ duplicate: true, note: expect.stringMatching(/was imported on .*; nothing changed/) as unknown });
      expect(clientDigest(laptop)).toBe(before);
      // The fresh answer to the same bundle is newer: it applies (nothing new in it), after which the first is still a duplicate.
      expect(importBundle(laptop.core.store, laptop.secrets, again.reply)).toMatchObject({ duplicate: false, acknowledged: 0, pulled: 0 });
      expect(importBundle(laptop.core.store, laptop.secrets, answered.reply)).toMatchObject({ duplicate: true });
    });

    it('makes good a lost answer: the next bundle carries the same changes, and the late answer is refused as older', async () => {
      const laptop = await enrolled();
      await laptop.call('accounts.create', { name: 'Contoso Bank' });
      const lost = await service.importDeviceBundle(exportFrom(laptop).bytes);
      await laptop.call('accounts.create', { name: 'Fabrikam' });
      const next = await service.importDeviceBundle(exportFrom(laptop).bytes);
      expect(next.summary.received).toMatchObject({ ops: 2, duplicates: 1, applied: 1 });
      expect(importBundle(laptop.core.store, laptop.secrets, next.reply)).toMatchObject({ acknowledged: 2, pending: 0 });
      const before = clientDigest(laptop);
      expect(() => importBundle(laptop.core.store, laptop.secrets, lost.reply)).toThrow(/is older than one already imported \(#2\)\. Nothing was imported/);
      expect(clientDigest(laptop)).toBe(before);
    });

    it('refuses tampered, truncated, wrongly addressed and wrongly signed bundles on both sides, changing nothing', async () => {
      const laptop = await enrolled('dana@example.com');
      const other = await enrolled('lee@example.com');
      await laptop.call('accounts.create', { name: 'Contoso Bank' });
      const { bytes } = exportFrom(laptop);
      const before = await serverDigest();

      const tampered = Buffer.from(bytes);
      tampered[tampered.length - 200] = (tampered[tampered.length - 200] ?? 0) ^ 0x40;
      await expect(service.importDeviceBundle(tampered)).rejects.toThrow(/signature does not match .*changed after it was made, or someone else made it\. Nothing was imported/);
      await expect(service.importDeviceBundle(bytes.subarray(0, bytes.length - 10))).rejects.toThrow(/cut short: \d+ of \d+ bytes/);
      // Another enclave's server: a bundle addressed to it is not for this one.
      const elsewhere = new BundleService(server.store, { residencies: ['global'], maxSkewMs: 300_000, region: 'us' });
      const foreign = await startTestServer(backend);
      try {
        const foreignService = new BundleService(foreign.store, { residencies: ['global'], maxSkewMs: 300_000, region: 'us' });
        const foreignKeys = await foreignService.createKeys('US enclave server', false);
        trustServer(laptop.core.store, JSON.stringify(foreignKeys), 'cli');
        const toForeign = exportBundle(laptop.core.store, laptop.secrets, bundleStatus(laptop.core.store, laptop.secrets).targets[1]?.id ?? '');
        await expect(elsewhere.importDeviceBundle(toForeign.bytes)).rejects.toThrow(/addressed to US enclave server .*, not to this server \(EU enclave server/);
      } finally {
        await foreign.close();
      }
      // A device whose keys are pinned for Lee claims to be Dana's laptop: the signature is not Dana's.
      const forged = Buffer.from(exportFrom(other).bytes);
      const headerLength = forged.readUInt32BE(8);
      const header = JSON.parse(forged.subarray(12, 12 + headerLength).toString('utf8')) as { sender: { fingerprint: string; name: string } };
      const danaFingerprint = bundleStatus(laptop.core.store, laptop.secrets).device?.fingerprint ?? '';
      const swapped = Buffer.from(JSON.stringify({ ...header, sender: { ...header.sender, fingerprint: danaFingerprint } }));
      expect(swapped.length).toBe(headerLength);
      swapped.copy(forged, 12);
      await expect(service.importDeviceBundle(forged)).rejects.toThrow(/signature does not match/);
      await expect(service.importDeviceBundle(Buffer.from('not a bundle at all'))).rejects.toThrow(/not a Fieldbook bundle/);
      expect(await serverDigest()).toBe(before);

      // The device: its own bundle back, someone else's answer, a damaged answer.
      const { reply } = await service.importDeviceBundle(bytes);
      const clientBefore = clientDigest(laptop);
      expect(() => importBundle(laptop.core.store, laptop.secrets, bytes)).toThrow(/addressed to EU enclave server .* not to this device/);
      const otherAnswer = (await service.exportForDevice(other.deviceId)).reply;
      expect(() => importBundle(laptop.core.store, laptop.secrets, otherAnswer)).toThrow(/addressed to lee@example\.com's laptop/);
      const damaged = Buffer.from(reply);
      damaged[damaged.length - 70] = (damaged[damaged.length - 70] ?? 0) ^ 1;
      expect(() => importBundle(laptop.core.store, laptop.secrets, damaged)).toThrow(/signature does not match EU enclave server/);
      expect(() => importBundle(laptop.core.store, laptop.secrets, reply.subarray(0, 40))).toThrow(/cut short/);
      expect(clientDigest(laptop)).toBe(clientBefore);
      expect(importBundle(laptop.core.store, laptop.secrets, reply)).toMatchObject({ acknowledged: 1 });
    });

    it('purges a device revoked on the server when it imports the answer', async () => {
      const laptop = await enrolled();
      await laptop.call('accounts.create', { name: 'Contoso Bank' });
      importBundle(laptop.core.store, laptop.secrets, (await service.importDeviceBundle(exportFrom(laptop).bytes)).reply);
      await server.store.revokeDevice(laptop.deviceId);
      const records = async () => JSON.stringify(await server.store.db.query('SELECT * FROM records ORDER BY id'));
      const before = await records();
      await laptop.call('accounts.create', { name: 'After the revocation' });
      const { reply, summary } = await service.importDeviceBundle(exportFrom(laptop).bytes);
      expect(summary).toMatchObject({ received: { ops: 1, applied: 0 }, note: expect.stringMatching(/is revoked: nothing was applied/) as unknown });
      expect(await records()).toBe(before);
      expect(() => importBundle(laptop.core.store, laptop.secrets, reply)).toThrow(/This device was revoked on EU enclave server; 2 synced record\(s\) were removed/);
      expect(await names(laptop)).toEqual([]);
      expect(bundleStatus(laptop.core.store, laptop.secrets)).toEqual({ device: null, targets: [] });
    });

    it('suspends a copied device’s bundle target until it has new keys, enrolled as a new device', async () => {
      const laptop = await enrolled();
      await laptop.call('accounts.create', { name: 'Contoso Bank' });
      importBundle(laptop.core.store, laptop.secrets, (await service.importDeviceBundle(exportFrom(laptop).bytes)).reply);
      await laptop.call('accounts.create', { name: 'Unsent when copied' });
      laptop.core.close();
      const copyDir = tempDir();
      cpSync(laptop.dir, copyDir.dir, { recursive: true });
      const copy = await testCore(copyDir.dir);
      const d: Device = { ...copy, close: () => (copy.core.close(), copyDir.cleanup()), secrets: new FileSecretStore(copyDir.dir), repo: new SyncStateRepo(copy.core.store) };
      devices.push(d);
      expect(bundleStatus(d.core.store, d.secrets).targets[0]?.suspended).toMatch(/restored from a backup or copied/);
      expect(() => exportFrom(d)).toThrow(/Register it again before it syncs/);
      expect(() => createDeviceKeys(d.core.store, d.secrets)).toThrow(/pass --replace/);
      const fresh = createDeviceKeys(d.core.store, d.secrets, { replace: true });
      // The unacknowledged change waits, queued again for the new device the server will see.
      expect(bundleStatus(d.core.store, d.secrets).targets[0]).toMatchObject({ suspended: null, pending: 1 });
      await service.enrol(fresh.keyFile, 'dana@example.com');
      const { reply, summary } = await service.importDeviceBundle(exportFrom(d).bytes);
      expect(summary.received).toMatchObject({ seq: 1, ops: 1, applied: 1 });
      expect(importBundle(d.core.store, d.secrets, reply)).toMatchObject({ acknowledged: 1, pending: 0 });
      expect(await names(d)).toEqual(['Contoso Bank', 'Unsent when copied']);
      expect(JSON.stringify(await server.store.db.query('SELECT fields FROM records'))).toContain('Unsent when copied');
    });
  });
}
