import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import type { Backend, TestServer } from './harness';
import { startTestServer } from './harness';

type Row = Record<string, unknown>;

/** The sync protocol conformance suite (DESIGN.md §5), run against each storage backend. */
export function conformanceSuite(backend: Backend): void {
  describe(`sync server conformance on ${backend.name}`, () => {
    let t: TestServer;
    beforeEach(async () => {
      t = await startTestServer(backend);
    });
    afterEach(async () => {
      await t.close();
    });
    const rows = (sql: string, params: unknown[] = []) => t.store.db.query<Row>(sql, params);

    it('accepts a push, assigns gap-free server_seq and returns the changes on pull', async () => {
      const dev = await t.addDevice({});
      const a = dev.newAccountOp({ name: 'Acme' });
      const b = dev.newAccountOp({ name: 'Beta' });
      const push = await dev.push([a, b]);
      expect(push.status).toBe(200);
      expect(push.body).toEqual({
        results: [
          { originSeq: 1, status: 'applied', serverSeq: 1 },
          { originSeq: 2, status: 'applied', serverSeq: 2 },
        ],
        ackedThrough: 2,
      });
      const pulled = await dev.pullAll();
      expect(pulled.changes.map((c) => [c.serverSeq, c.id, c.fields['name']?.value])).toEqual([
        [1, a.id, 'Acme'],
        [2, b.id, 'Beta'],
      ]);
      expect(pulled.cursor).toBe(2);
    });

    it('pages a pull by cursor without skipping or repeating', async () => {
      const dev = await t.addDevice({});
      const ops = Array.from({ length: 7 }, (_, i) => dev.newAccountOp({ name: `A${i}` }));
      await dev.push(ops);
      const first = await dev.pull(0, 3);
      expect(first.body.changes.map((c) => c.serverSeq)).toEqual([1, 2, 3]);
      expect(first.body.hasMore).toBe(true);
      const all = await dev.pullAll(0, 3);
      expect(all.changes.map((c) => c.serverSeq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const again = await dev.pull(all.cursor, 3);
      expect(again.body).toMatchObject({ changes: [], hasMore: false, cursor: 7 });
    });

    it('treats a retried batch as a no-op', async () => {
      const dev = await t.addDevice({});
      const batch = [dev.newAccountOp(), dev.newAccountOp()];
      await dev.push(batch);
      const retry = await dev.push(batch);
      expect(retry.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      expect(await rows('SELECT server_seq FROM changes ORDER BY server_seq')).toEqual([{ server_seq: 1 }, { server_seq: 2 }]);
    });

    it('refuses a gap in origin_seq and stores nothing after it', async () => {
      const dev = await t.addDevice({});
      const first = dev.newAccountOp();
      dev.newAccountOp(); // seq 2, never sent
      const third = dev.newAccountOp();
      const res = await dev.push([first, third]);
      expect(res.body.results[0]).toMatchObject({ status: 'applied' });
      expect(res.body.results[1]).toMatchObject({ status: 'rejected', code: 'conflict' });
      expect(res.body.ackedThrough).toBe(1);
      expect(await rows('SELECT id FROM records')).toEqual([{ id: first.id }]);
    });

    it('merges last-writer-wins per field, in any order of arrival', async () => {
      const a = await t.addDevice({ email: 'a@example.com' });
      const create = a.newAccountOp({ name: 'Acme', health: 'green' });
      await a.push([create]);
      const later = a.op('accounts', create.id, create.id, { health: 'red' }, 2000);
      const earlier = a.op('accounts', create.id, create.id, { health: 'amber', notes: 'early note' }, 1000);
      // The later clock arrives first; the earlier one then loses for health but wins for notes.
      const res = await a.push([later, earlier]);
      expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const [record] = await rows('SELECT fields FROM records WHERE id = ?', [create.id]);
      const fields = JSON.parse(String(record?.['fields'])) as Record<string, { value: unknown }>;
      expect(fields['health']?.value).toBe('red');
      expect(fields['notes']?.value).toBe('early note');
      // A change that wins nothing is acknowledged but not logged.
      const stale = a.op('accounts', create.id, create.id, { health: 'green' }, -5000);
      const staleRes = await a.push([stale]);
      expect(staleRes.body.results[0]).toEqual({ originSeq: stale.originSeq, status: 'applied', serverSeq: null });
    });

    it('carries tombstones in the same ordering as other changes', async () => {
      const dev = await t.addDevice({});
      const create = dev.newAccountOp();
      const del = dev.op('accounts', create.id, create.id, { deleted: true });
      await dev.push([create, del]);
      const { changes } = await dev.pullAll();
      expect(changes.map((c) => Object.keys(c.fields))).toEqual([expect.arrayContaining(['name']), ['deleted']]);
      expect(changes[1]?.fields['deleted']?.value).toBe(true);
    });

    it('checks grants: no write access is forbidden; a read grant pulls but cannot write', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com' });
      const other = await t.addDevice({ email: 'other@example.com' });
      const create = owner.newAccountOp();
      await owner.push([create]);
      expect((await other.pullAll()).changes).toEqual([]);
      const write = other.op('accounts', create.id, create.id, { health: 'red' });
      const denied = await other.push([write]);
      expect(denied.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      // Retried (its first answer lost), the refusal is said again rather than passed off as a duplicate.
      const retried = await other.push([write]);
      expect(retried.body.results[0]).toEqual(denied.body.results[0]);
      await t.store.grant({ type: 'user', id: other.user.id }, create.id, 'read');
      expect((await other.pullAll()).changes.map((c) => c.id)).toEqual([create.id]);
      const stillDenied = await other.push([other.op('accounts', create.id, create.id, { health: 'red' })]);
      expect(stillDenied.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const teamId = await t.store.addTeam('emea');
      await t.store.addTeamMember(teamId, other.user.id);
      await t.store.grant({ type: 'team', id: teamId }, create.id, 'write');
      const viaTeam = await other.push([other.op('accounts', create.id, create.id, { health: 'red' })]);
      expect(viaTeam.body.results[0]).toMatchObject({ status: 'applied' });
    });

    it('lets only managers and admins write the org partition, and everyone read it', async () => {
      const tam = await t.addDevice({ email: 'tam@example.com', roles: ['tam'] });
      const manager = await t.addDevice({ email: 'mgr@example.com', roles: ['manager'] });
      const entry = { kind: 'tier', code: 'dedicated', label: 'Dedicated', sort: 3 };
      const id = newId();
      const denied = await tam.push([tam.op('catalog_entries', id, 'org', entry)]);
      expect(denied.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const ok = await manager.push([manager.op('catalog_entries', id, 'org', entry)]);
      expect(ok.body.results[0]).toMatchObject({ status: 'applied' });
      expect((await tam.pullAll()).changes.map((c) => c.id)).toEqual([id]);
    });

    it('revokes: a pull names an account whose grant was withdrawn and sends none of its changes', async () => {
      const owner = await t.addDevice({ email: 'owner@example.com' });
      const reader = await t.addDevice({ email: 'reader@example.com' });
      const create = owner.newAccountOp();
      await owner.push([create]);
      await t.store.grant({ type: 'user', id: reader.user.id }, create.id, 'read');
      const first = await reader.pullAll();
      expect(first.changes).toHaveLength(1);
      await t.store.revoke({ type: 'user', id: reader.user.id }, create.id);
      await owner.push([owner.op('accounts', create.id, create.id, { notes: 'after revocation' })]);
      const second = await reader.pullAll(first.cursor);
      expect(second.changes).toEqual([]);
      expect(second.revoked).toEqual([create.id]);
    });

    it('refuses and never stores an account whose residency this server may not hold', async () => {
      const dev = await t.addDevice({});
      const sovereign = dev.newAccountOp({ name: 'Singapore Sovereign', residency: 'sg' });
      const res = await dev.push([sovereign]);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden', message: expect.stringMatching(/residency "sg"/) as unknown });
      for (const table of ['records', 'changes', 'account_policy', 'grants']) {
        const found = await rows(`SELECT * FROM ${table}`);
        expect(JSON.stringify(found)).not.toContain(sovereign.id);
      }
      const audit = JSON.stringify(await rows('SELECT * FROM audit_log'));
      expect(audit).not.toContain(sovereign.id);
      expect(audit).not.toContain('Singapore Sovereign');
      // An allowed account cannot be moved out to a residency the server may not hold either.
      const eu = dev.newAccountOp({ residency: 'eu' });
      await dev.push([eu]);
      const move = await dev.push([dev.op('accounts', eu.id, eu.id, { residency: 'sg' })]);
      expect(move.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      expect(await rows(`SELECT residency FROM account_policy WHERE account_id = ?`, [eu.id])).toEqual([{ residency: 'eu' }]);
    });

    it('shows a cleared account only to holders of its label, even with a grant', async () => {
      const cleared = await t.addDevice({ email: 'cleared@example.com', clearances: ['us-secret'] });
      const uncleared = await t.addDevice({ email: 'plain@example.com' });
      const secret = cleared.newAccountOp({ name: 'Cleared Program', residency: 'global', clearance: 'us-secret' });
      const open = cleared.newAccountOp({ name: 'Open Account', residency: 'global' });
      await cleared.push([secret, open]);
      await t.store.grant({ type: 'user', id: uncleared.user.id }, secret.id, 'write');
      await t.store.grant({ type: 'user', id: uncleared.user.id }, open.id, 'read');
      const pulled = await uncleared.pullAll();
      expect(pulled.changes.map((c) => c.id)).toEqual([open.id]);
      expect(JSON.stringify(pulled)).not.toContain('Cleared Program');
      const snap = await uncleared.snapshot();
      expect(snap.body.records.map((r) => r.id)).toEqual([open.id]);
      const write = await uncleared.push([uncleared.op('accounts', secret.id, secret.id, { notes: 'x' })]);
      expect(write.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const create = await uncleared.push([uncleared.newAccountOp({ clearance: 'us-secret' })]);
      expect(create.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    });

    it('locks approved time: edits are refused, an adjustment entry is the way to correct', async () => {
      const tam = await t.addDevice({ email: 'tam@example.com', roles: ['tam'] });
      const manager = await t.addDevice({ email: 'mgr@example.com', roles: ['manager'] });
      const account = tam.newAccountOp();
      await tam.push([account]);
      await t.store.grant({ type: 'user', id: manager.user.id }, account.id, 'write');
      const entryId = newId();
      const entry = {
        userId: tam.user.id,
        date: '2026-11-23',
        minutes: 90,
        startedAt: null,
        endedAt: null,
        timeZone: 'Europe/Paris',
        category: 'onsite',
        sku: 'PS-TAM',
        billable: true,
        rate: 20000,
        currency: 'EUR',
        note: 'Upgrade planning',
        source: 'manual',
        status: 'submitted',
        adjustsId: null,
      };
      expect((await tam.push([tam.op('time_entries', entryId, account.id, entry)])).body.results[0]).toMatchObject({ status: 'applied' });
      // A TAM cannot approve, nor log time for someone else.
      const selfApprove = await tam.push([tam.op('time_entries', entryId, account.id, { status: 'approved' })]);
      expect(selfApprove.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const forOther = await tam.push([tam.op('time_entries', newId(), account.id, { ...entry, userId: manager.user.id })]);
      expect(forOther.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      // The manager approves; from then on the entry is locked, even for the manager, except export.
      expect((await manager.push([manager.op('time_entries', entryId, account.id, { status: 'approved' })])).body.results[0]).toMatchObject({
        status: 'applied',
      });
      const edit = await tam.push([tam.op('time_entries', entryId, account.id, { minutes: 120 })]);
      expect(edit.body.results[0]).toMatchObject({ status: 'rejected', code: 'locked', message: expect.stringMatching(/adjustment/) as unknown });
      const managerEdit = await manager.push([manager.op('time_entries', entryId, account.id, { minutes: 60 })]);
      expect(managerEdit.body.results[0]).toMatchObject({ status: 'rejected', code: 'locked' });
      const exported = await manager.push([manager.op('time_entries', entryId, account.id, { status: 'exported' })]);
      expect(exported.body.results[0]).toMatchObject({ status: 'applied' });
      const adjustment = await tam.push([tam.op('time_entries', newId(), account.id, { ...entry, minutes: 30, adjustsId: entryId })]);
      expect(adjustment.body.results[0]).toMatchObject({ status: 'applied' });
      const [stored] = await rows('SELECT fields FROM records WHERE id = ?', [entryId]);
      expect((JSON.parse(String(stored?.['fields'])) as Record<string, { value: unknown }>)['minutes']?.value).toBe(90);
    });

    it('lets people submit their own timesheet and only managers approve it', async () => {
      const tam = await t.addDevice({ email: 'tam@example.com', roles: ['tam'] });
      const other = await t.addDevice({ email: 'other@example.com', roles: ['csm'] });
      const manager = await t.addDevice({ email: 'mgr@example.com', roles: ['manager'] });
      const sheet = newId();
      const fields = { userId: tam.user.id, week: '2026-W48', status: 'submitted', approvedBy: null, approvedAt: null };
      expect((await tam.push([tam.op('timesheets', sheet, 'org', fields)])).body.results[0]).toMatchObject({ status: 'applied' });
      const notMine = await other.push([other.op('timesheets', sheet, 'org', { status: 'draft' })]);
      expect(notMine.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const selfApproval = await tam.push([tam.op('timesheets', sheet, 'org', { status: 'approved' })]);
      expect(selfApproval.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
      const approval = await manager.push([
        manager.op('timesheets', sheet, 'org', { status: 'approved', approvedBy: manager.user.id, approvedAt: new Date().toISOString() }),
      ]);
      expect(approval.body.results[0]).toMatchObject({ status: 'applied' });
      const reopen = await tam.push([tam.op('timesheets', sheet, 'org', { status: 'draft' })]);
      expect(reopen.body.results[0]).toMatchObject({ status: 'rejected', code: 'locked' });
    });

    it('validates ops: unknown table, unknown field, bad value, wrong partition', async () => {
      const dev = await t.addDevice({});
      const account = dev.newAccountOp();
      await dev.push([account]);
      const cases = [
        dev.op('invoices', newId(), account.id, { total: 1 }),
        dev.op('accounts', account.id, account.id, { colour: 'red' }),
        dev.op('accounts', account.id, account.id, { health: 'purple' }),
        dev.op('accounts', account.id, account.id, { deleted: 'yes' }),
        dev.op('catalog_entries', newId(), account.id, { kind: 'tier', code: 'x', label: 'X', sort: 1 }),
      ];
      const res = await dev.push(cases);
      expect(res.body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
      expect(await rows('SELECT count(*) AS n FROM changes')).toEqual([{ n: 1 }]);
    });

    it('refuses changes stamped too far in the future, with the server time', async () => {
      const dev = await t.addDevice({});
      const id = newId();
      const res = await dev.push([dev.op('accounts', id, id, { name: 'x' }, 60 * 60 * 1000)]);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'clock_skew', serverTime: expect.any(String) as unknown });
    });

    it('authenticates devices: missing, unknown and revoked tokens get 401 with a reason', async () => {
      const dev = await t.addDevice({});
      const none = await fetch(`${t.url}/v1/pull`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
      const wrong = await dev.request('GET', '/v1/pull', undefined, { Authorization: 'Bearer fbd_not-a-real-token-at-all' });
      expect(wrong.status).toBe(401);
      await t.store.revokeDevice(dev.deviceId);
      const revoked = await dev.pull();
      expect(revoked.status).toBe(401);
      expect(JSON.stringify(revoked.body)).toMatch(/revoked/);
    });

    it('answers malformed requests with a 4xx, a code and a message', async () => {
      const dev = await t.addDevice({});
      const cases: Array<[string, string, unknown, Record<string, string>, number]> = [
        ['POST', '/v1/push', '{"protocol":1,"ops":[', {}, 400],
        ['POST', '/v1/push', { protocol: 1, ops: [] }, {}, 400],
        ['POST', '/v1/push', { protocol: 1, ops: [{ originSeq: 1 }] }, {}, 400],
        ['POST', '/v1/push', { protocol: 1, ops: [], extra: true }, {}, 400],
        ['POST', '/v1/push', { protocol: 2, ops: [] }, {}, 426],
        ['POST', '/v1/push', 'x', { 'Content-Type': 'text/plain' }, 415],
        ['GET', '/v1/push', undefined, {}, 405],
        ['GET', '/v1/pull?cursor=-1', undefined, {}, 400],
        ['GET', '/v1/pull?cursor=abc', undefined, {}, 400],
        ['GET', '/v1/nothing', undefined, {}, 404],
      ];
      for (const [method, path, body, headers, status] of cases) {
        const res = await dev.request<{ error: { code: string; message: string } }>(method, path, body, headers);
        expect({ path, body, status: res.status }).toEqual({ path, body, status });
        expect(res.body.error.message.length).toBeGreaterThan(5);
      }
      const huge = await dev.request('POST', '/v1/push', 'x'.repeat(5 * 1024 * 1024));
      expect(huge.status).toBe(413);
      expect(await rows('SELECT count(*) AS n FROM changes')).toEqual([{ n: 0 }]);
    });

    it('asks for a resync when the cursor is ahead of the server', async () => {
      const dev = await t.addDevice({});
      const res = await dev.pull(999);
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ error: { code: 'resync_required' } });
    });

    it('asks devices older than the retained change log to resync from a snapshot', async () => {
      const dev = await t.addDevice({});
      await dev.push([dev.newAccountOp(), dev.newAccountOp()]);
      const pruned = await t.store.pruneChanges(new Date(Date.now() + 60_000).toISOString());
      expect(pruned).toEqual({ removed: 2, floor: 2 });
      expect(await rows('SELECT count(*) AS n FROM changes')).toEqual([{ n: 0 }]);
      const old = await dev.pull(0);
      expect(old.status).toBe(410);
      expect(old.body).toMatchObject({ error: { code: 'resync_required' } });
      const snap = await dev.snapshot();
      expect(snap.body.records).toHaveLength(2);
      const after = await dev.pull(snap.body.asOf);
      expect(after.body).toMatchObject({ changes: [], cursor: 2 });
      await dev.push([dev.newAccountOp()]);
      expect((await dev.pull(snap.body.asOf)).body.changes).toHaveLength(1);
    });

    it('serves a paged snapshot and a cursor to pull from afterwards', async () => {
      const dev = await t.addDevice({});
      const ops = Array.from({ length: 5 }, (_, i) => dev.newAccountOp({ name: `S${i}` }));
      await dev.push(ops);
      const ids: string[] = [];
      let after: string | null = null;
      let asOf = 0;
      do {
        const page = await dev.snapshot(after, 2);
        ids.push(...page.body.records.map((r) => r.id));
        after = page.body.next;
        asOf = Math.max(asOf, page.body.asOf);
      } while (after);
      expect(ids.sort()).toEqual(ops.map((o) => o.id).sort());
      expect(asOf).toBe(5);
    });

    it('reports health and Prometheus metrics', async () => {
      const dev = await t.addDevice({});
      await dev.push([dev.newAccountOp()]);
      const health: unknown = await (await fetch(`${t.url}/v1/health`)).json();
      expect(health).toMatchObject({ ok: true, protocol: 1, residencies: ['global', 'eu'], serverSeq: 1 });
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/fieldbook_ops_total\{outcome="applied"\} 1/);
      expect(metrics).toMatch(/fieldbook_sync_duration_seconds_bucket\{le="[0-9.]+",route="push"\}/);
    });

    it('keeps an audit log of who pushed and pulled which account', async () => {
      const dev = await t.addDevice({});
      const op = dev.newAccountOp();
      await dev.push([op]);
      await dev.pullAll();
      const audit = await rows('SELECT user_id, device_id, action, account_id FROM audit_log ORDER BY at, action DESC');
      expect(audit).toEqual(
        expect.arrayContaining([
          { user_id: dev.user.id, device_id: dev.deviceId, action: 'push', account_id: op.id },
          { user_id: dev.user.id, device_id: dev.deviceId, action: 'pull', account_id: null },
        ]),
      );
    });
  });
}
