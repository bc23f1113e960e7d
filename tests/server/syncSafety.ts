import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../core/protocol/hlc';
import type { Op } from '../../core/protocol/wire';
import { migrateServer, SERVER_MIGRATIONS } from '../../server/storage/migrations';
import { openSqliteDriver } from '../../server/storage/sqliteDriver';
import { openPostgresDriver } from '../../server/storage/postgresDriver';
import type { Backend, TestServer } from './harness';
import { startTestServer } from './harness';

type Row = Record<string, unknown>;

/** The server's safety nets (DESIGN.md §5): reused origin_seq, clock skew, snapshots of newly granted accounts. */
export function syncSafetySuite(backend: Backend): void {
  describe(`sync safety nets on ${backend.name}`, () => {
    let t: TestServer;
    beforeEach(async () => {
      t = await startTestServer(backend);
    });
    afterEach(async () => {
      await t.close();
    });
    const rows = (sql: string, params: unknown[] = []) => t.store.db.query<Row>(sql, params);

    it('answers a resent op as a duplicate, and a different op under a used number with 409 device_diverged, applying nothing', async () => {
      const dev = await t.addDevice({});
      const first = dev.newAccountOp({ name: 'Acme' });
      const second = dev.newAccountOp({ name: 'Globex' });
      expect((await dev.push([first, second])).body.ackedThrough).toBe(2);
      // The same op again (an answer lost on the way): a duplicate.
      expect((await dev.push([second])).body.results).toEqual([{ originSeq: 2, status: 'duplicate' }]);
      // A restored database numbers a new change 2 again, followed by a new 3.
      const reused: Op = { ...dev.newAccountOp({ name: 'Written after the restore' }), originSeq: 2 };
      const next: Op = { ...dev.newAccountOp({ name: 'And one more' }), originSeq: 3 };
      const refused = await dev.push([reused, next]);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'conflict', details: { reason: 'device_diverged', lastOriginSeq: 2 } } });
      expect(JSON.stringify(refused.body)).toMatch(/restored from a backup or copied/);
      expect(await rows('SELECT count(*) AS n FROM records')).toEqual([{ n: 2 }]);
      expect(await rows('SELECT last_origin_seq FROM devices WHERE id = ?', [dev.deviceId])).toEqual([{ last_origin_seq: 2 }]);
    });

    it('tells a device the highest origin_seq it holds from it', async () => {
      const dev = await t.addDevice({});
      expect((await dev.pull(0)).body.lastOriginSeq).toBe(0);
      await dev.push([dev.newAccountOp(), dev.newAccountOp(), dev.newAccountOp()]);
      expect((await dev.pull(0)).body.lastOriginSeq).toBe(3);
    });

    it('keeps the number of an op refused for clock skew: the push stops there, and the number goes through once the clock is right', async () => {
      const dev = await t.addDevice({});
      const ahead = dev.newAccountOp({ name: 'Stamped an hour ahead' });
      const future = encodeHlc({ wall: Date.now() + 60 * 60 * 1000, counter: 0, device: dev.deviceTag });
      const skewed: Op = { ...ahead, fields: Object.fromEntries(Object.entries(ahead.fields).map(([k, v]) => [k, { ...v, hlc: future }])) };
      const behind = dev.newAccountOp({ name: 'Waits behind it' });
      const res = await dev.push([skewed, behind]);
      expect(res.body.results).toEqual([
        { originSeq: 1, status: 'rejected', code: 'clock_skew', message: expect.stringMatching(/future/) as unknown, serverTime: expect.any(String) as unknown },
      ]);
      expect(res.body.ackedThrough).toBe(0);
      expect(await rows('SELECT count(*) AS n FROM rejected_ops')).toEqual([{ n: 0 }]);
      // The clock fixed, the same change is stamped again and sent under its number.
      const fixed = await dev.push([{ ...ahead, originSeq: 1 }, behind]);
      expect(fixed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(fixed.body.ackedThrough).toBe(2);
    });

    it('offers the snapshot of an account granted after the device passed its creation, until the device pulls past that answer', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com' });
      const reader = await t.addDevice({ email: 'reader@example.com' });
      const acme = owner.newAccountOp({ name: 'Acme', notes: 'history from before the grant' });
      await owner.push([acme]);
      await owner.push([owner.newAccountOp({ name: 'Not shared' })]);
      // The reader's device is up to date, and sees nothing of Acme.
      const before = await reader.pullAll();
      expect(before.changes).toEqual([]);
      expect(before.cursor).toBe(2);

      await t.store.grant({ type: 'user', id: reader.user.id }, acme.id, 'read');
      await owner.push([owner.op('accounts', acme.id, acme.id, { health: 'red' })]);
      const offered = await reader.pull(before.cursor);
      expect(offered.body.granted).toEqual([acme.id]);
      // The pull alone carries only the later change (health), not the name or the notes.
      expect(offered.body.changes.map((c) => Object.keys(c.fields))).toEqual([['health']]);
      const snap = await reader.snapshot(null, 500, acme.id);
      expect(snap.body.records.map((r) => [r.id, r.fields['notes']?.value, r.fields['name']?.value])).toEqual([[acme.id, 'history from before the grant', 'Acme']]);

      // The answer was lost (the device pulls from the old cursor again): offered again.
      expect((await reader.pull(before.cursor)).body.granted).toEqual([acme.id]);
      // Pulling from the cursor of that answer confirms it: offered no more.
      const after = await reader.pull(offered.body.cursor);
      expect(after.body.granted).toEqual([]);
      expect((await reader.pull(after.body.cursor)).body.granted).toEqual([]);
    });

    it('offers the snapshot again when an account is granted anew after its revocation was processed', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com' });
      const reader = await t.addDevice({ email: 'reader@example.com' });
      const acme = owner.newAccountOp({ name: 'Acme' });
      await owner.push([acme]);
      await t.store.grant({ type: 'user', id: reader.user.id }, acme.id, 'read');
      const first = await reader.pullAll();
      expect(first.changes).toHaveLength(1);
      await t.store.revoke({ type: 'user', id: reader.user.id }, acme.id);
      const revoked = await reader.pull(first.cursor);
      expect(revoked.body.revoked).toEqual([acme.id]);
      // The device purged it and pulls on: the revocation is done and not repeated.
      const done = await reader.pull(revoked.body.cursor);
      expect(done.body.revoked).toEqual([]);
      await t.store.grant({ type: 'user', id: reader.user.id }, acme.id, 'read');
      expect((await reader.pull(done.body.cursor)).body.granted).toEqual([acme.id]);
    });

    it('gives a clearance holder the snapshot of a labelled account once the label is granted', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com', clearances: ['us-secret'] });
      const reader = await t.addDevice({ email: 'reader@example.com' });
      const program = owner.newAccountOp({ name: 'Cleared Program', clearance: 'us-secret' });
      await owner.push([program]);
      await t.store.grant({ type: 'user', id: reader.user.id }, program.id, 'read');
      const before = await reader.pullAll();
      expect(before.changes).toEqual([]);
      await t.store.setClearances(reader.user.id, ['us-secret']);
      expect((await reader.pull(before.cursor)).body.granted).toEqual([program.id]);
    });

    it('serves one account’s snapshot only when it is readable, and only its records', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com' });
      const stranger = await t.addDevice({ email: 'stranger@example.com' });
      const acme = owner.newAccountOp({ name: 'Acme' });
      const globex = owner.newAccountOp({ name: 'Globex' });
      await owner.push([acme, globex]);
      expect((await owner.snapshot(null, 500, acme.id)).body.records.map((r) => r.id)).toEqual([acme.id]);
      expect((await stranger.snapshot(null, 500, acme.id)).body.records).toEqual([]);
      const bad = await owner.snapshot(null, 500, 'a'.repeat(65));
      expect(bad.status).toBe(400);
    });
  });
}

/** Migration 0004 on a database that already holds accounts: each account's first_seq is its creating change. */
export function firstSeqBackfillSuite(backend: Backend): void {
  describe(`migration 0004_sync_safety on ${backend.name}`, () => {
    it('backfills first_seq from the change log', async () => {
      const { location, drop } = await backend.create();
      const db = location.databaseUrl ? openPostgresDriver(location.databaseUrl) : openSqliteDriver(location.dataDir ?? '');
      try {
        await db.query(`CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
        for (const m of SERVER_MIGRATIONS.slice(0, 3)) {
          for (const statement of m.statements) await db.query(statement);
          await db.query(`INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)`, [m.id, new Date().toISOString()]);
        }
        await db.query(`INSERT INTO account_policy (account_id, residency, clearance, created_by) VALUES ('a', 'eu', NULL, 'u'), ('b', 'eu', NULL, 'u')`);
        for (const [seq, account] of [[4, 'a'], [7, 'a'], [9, 'b']] as const) {
          await db.query(`INSERT INTO changes (server_seq, tbl, id, account_id, fields, device_id, origin_seq, user_id, at) VALUES (?, 'accounts', ?, ?, '{}', 'd', ?, 'u', 'now')`, [seq, account, account, seq]);
        }
        expect(await migrateServer(db)).toEqual(SERVER_MIGRATIONS.slice(3).map((m) => m.id));
        expect(await db.query(`SELECT account_id, first_seq FROM account_policy ORDER BY account_id`)).toEqual([
          { account_id: 'a', first_seq: 4 },
          { account_id: 'b', first_seq: 9 },
        ]);
      } finally {
        await db.close();
        await drop();
      }
    });
  });
}
