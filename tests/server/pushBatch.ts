import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import { encodeHlc } from '../../core/protocol/hlc';
import type { Op, OpResult } from '../../core/protocol/wire';
import type { Backend, DeviceClient, TestServer } from './harness';
import { startTestServer } from './harness';
import { TIME_ENTRY } from '../core/recordFixtures';

/**
 * A push is applied set-based (records and policies read once per batch, writes in multi-row statements), so
 * an op must see the ops before it in its batch exactly as if each had been pushed on its own. This suite
 * pushes the same random mix of allowed and refused ops to two servers — as one batch to the first, one op per
 * push to the second — and asks for the same answer per op and the same stored state, down to server_seq.
 */

/** Ids every run shares, so later ops of a batch can name accounts and entries made earlier in it. */
const ACCOUNTS = ['a-granted', 'a-readonly', 'a-secret', 'a-ungranted'];
const NEW_ACCOUNTS = ['n-1', 'n-2', 'n-3'];
const ENTRIES = ['e-1', 'e-2', 'e-approved'];

type Step =
  | { kind: 'create'; id: string; residency: string; clearance: string | null }
  | { kind: 'edit'; id: string; field: 'name' | 'health' | 'residency' | 'clearance'; value: string | null }
  | { kind: 'entry'; id: string; account: string; userId: string; status: string; minutes: number }
  | { kind: 'entryEdit'; id: string; account: string; note: string }
  | { kind: 'unknownField'; id: string }
  | { kind: 'org' }
  | { kind: 'skew'; id: string };

const allAccounts = [...ACCOUNTS, ...NEW_ACCOUNTS];
/** Record ids must be UUIDv7: one per name, fixed for the file. */
const ids = new Map([...allAccounts, ...ENTRIES].map((name) => [name, newId()]));
const idOf = (name: string): string => ids.get(name) ?? name;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    id: fc.constantFrom(...NEW_ACCOUNTS, ...ACCOUNTS),
    residency: fc.constantFrom('eu', 'global', 'us'),
    clearance: fc.constantFrom(null, 'secret'),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    id: fc.constantFrom(...allAccounts),
    field: fc.constantFrom('name' as const, 'health' as const, 'residency' as const, 'clearance' as const),
    value: fc.constantFrom('eu', 'us', 'green', 'red', 'secret', null, 'Renamed'),
  }),
  fc.record({
    kind: fc.constant('entry' as const),
    id: fc.constantFrom(...ENTRIES),
    account: fc.constantFrom(...allAccounts),
    userId: fc.constantFrom('writer@example.com', 'someone.else@example.com'),
    status: fc.constantFrom('draft', 'draft', 'submitted', 'approved'),
    minutes: fc.integer({ min: 15, max: 120 }),
  }),
  fc.record({ kind: fc.constant('entryEdit' as const), id: fc.constantFrom(...ENTRIES), account: fc.constantFrom(...allAccounts), note: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('unknownField' as const), id: fc.constantFrom(...allAccounts) }),
  fc.record({ kind: fc.constant('org' as const) }),
  fc.record({ kind: fc.constant('skew' as const), id: fc.constantFrom(...allAccounts) }),
);

/** The ops of a run, with fixed clocks so both servers receive byte-identical ops. */
function toOps(steps: readonly Step[], base: number): Op[] {
  return steps.map((s, i) => {
    const hlc = encodeHlc({ wall: base + i, counter: 0, device: 'writer' });
    const op = (table: string, id: string, accountId: string, fields: Record<string, unknown>, clock = hlc): Op => ({
      originSeq: i + 1,
      table,
      id: table === 'catalog_items' ? id : idOf(id),
      accountId: accountId === 'org' ? accountId : idOf(accountId),
      fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc: clock }])),
    });
    switch (s.kind) {
      case 'create':
        return op('accounts', s.id, s.id, { name: `Account ${s.id}`, segment: 'enterprise', tier: 'premium', residency: s.residency, clearance: s.clearance, stage: 'production', health: 'green', notes: '' });
      case 'edit':
        return op('accounts', s.id, s.id, { [s.field]: s.value });
      case 'entry':
        return op('time_entries', s.id, s.account, { ...TIME_ENTRY, userId: s.userId, status: s.status, minutes: s.minutes });
      case 'entryEdit':
        return op('time_entries', s.id, s.account, { note: s.note });
      case 'unknownField':
        return op('accounts', s.id, s.id, { colour: 'blue' });
      case 'org':
        return op('catalog_items', newId(), 'org', { kind: 'sku', code: `X${i}`, label: 'x', active: true, sort: 1 });
      case 'skew':
        return op('accounts', s.id, s.id, { name: 'From the future' }, encodeHlc({ wall: Date.now() + 3_600_000, counter: 0, device: 'writer' }));
    }
  });
}

interface World {
  server: TestServer;
  writer: DeviceClient;
}

/** Both servers start alike: an admin made the shared accounts and an approved entry, and granted the writer. */
async function world(backend: Backend, base: number): Promise<World> {
  const server = await startTestServer(backend);
  const admin = await server.addDevice({ email: 'admin@example.com', roles: ['admin'], clearances: ['secret'] });
  const writer = await server.addDevice({ email: 'writer@example.com' });
  let seq = 0;
  const op = (table: string, id: string, accountId: string, fields: Record<string, unknown>): Op => {
    seq += 1;
    const hlc = encodeHlc({ wall: base - 10_000 + seq, counter: 0, device: 'admin' });
    return { originSeq: seq, table, id: idOf(id), accountId: idOf(accountId), fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])) };
  };
  const account = (id: string, clearance: string | null) =>
    op('accounts', id, id, { name: id, segment: 'enterprise', tier: 'premium', residency: 'eu', clearance, stage: 'production', health: 'green', notes: '' });
  const setup = await admin.push([
    account('a-granted', null),
    account('a-readonly', null),
    account('a-secret', 'secret'),
    account('a-ungranted', null),
    op('time_entries', 'e-approved', 'a-granted', { ...TIME_ENTRY, userId: 'writer@example.com', status: 'approved' }),
  ]);
  expect(setup.body.results.every((r) => r.status === 'applied')).toBe(true);
  const user = { type: 'user' as const, id: writer.user.id };
  await server.store.grant(user, idOf('a-granted'), 'write');
  await server.store.grant(user, idOf('a-readonly'), 'read');
  await server.store.grant(user, idOf('a-secret'), 'write');
  return { server, writer };
}

type Row = Record<string, unknown>;
async function state(server: TestServer): Promise<Record<string, Row[]>> {
  const q = (sql: string) => server.store.db.query<Row>(sql);
  return {
    records: await q('SELECT tbl, id, account_id, fields, server_seq FROM records ORDER BY tbl, id'),
    changes: await q('SELECT server_seq, tbl, id, account_id, fields, origin_seq FROM changes ORDER BY server_seq'),
    policies: await q('SELECT account_id, residency, clearance, first_seq FROM account_policy ORDER BY account_id'),
    grants: await q(`SELECT subject_type, account_id, access FROM grants ORDER BY subject_type, account_id, access`),
    rejected: await q('SELECT origin_seq, code, message FROM rejected_ops ORDER BY origin_seq'),
    counter: await q('SELECT value FROM seq_counter'),
    devices: await q('SELECT name, last_origin_seq FROM devices ORDER BY name'),
  };
}

/** One op per push, stopping where a batch would stop (a clock_skew refusal ends a push). */
async function oneByOne(writer: DeviceClient, ops: readonly Op[]): Promise<{ results: OpResult[]; acked: number }> {
  const results: OpResult[] = [];
  let acked = 0;
  for (const op of ops) {
    const { status, body } = await writer.push([op]);
    expect(status).toBe(200);
    results.push(...body.results);
    acked = body.ackedThrough;
    if (body.results.some((r) => r.status === 'rejected' && r.code === 'clock_skew')) break;
  }
  return { results, acked };
}

/** The server's time in a clock_skew refusal differs between two pushes; the rest of the answer must not. */
const withoutTime = (r: OpResult): OpResult => (r.status === 'rejected' ? { ...r, serverTime: undefined } : r);

export function pushBatchSuite(backend: Backend, runs: number): void {
  describe(`set-based push on ${backend.name}`, () => {
    it('answers and stores a batch exactly as the same ops pushed one by one', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 24 }), async (steps) => {
          const base = Date.now() - 60_000;
          const ops = toOps(steps, base);
          const batched = await world(backend, base);
          const single = await world(backend, base);
          try {
            const answer = await batched.writer.push(ops);
            expect(answer.status).toBe(200);
            const expected = await oneByOne(single.writer, ops);
            expect(answer.body.results.map(withoutTime)).toEqual(expected.results.map(withoutTime));
            expect(answer.body.ackedThrough).toBe(expected.acked);
            expect(await state(batched.server)).toEqual(await state(single.server));
          } finally {
            await batched.server.close();
            await single.server.close();
          }
        }),
        { numRuns: runs },
      );
    });

    it('keeps refusing exactly the refused ops of a mixed batch, and applies the rest once', async () => {
      const base = Date.now() - 60_000;
      const { server, writer } = await world(backend, base);
      try {
        const ops = toOps(
          [
            { kind: 'create', id: 'n-1', residency: 'eu', clearance: null },
            { kind: 'edit', id: 'n-1', field: 'name', value: 'Renamed' },
            { kind: 'create', id: 'n-2', residency: 'us', clearance: null },
            { kind: 'edit', id: 'n-2', field: 'name', value: 'Renamed' },
            { kind: 'edit', id: 'a-readonly', field: 'health', value: 'red' },
            { kind: 'entry', id: 'e-1', account: 'n-1', userId: 'writer@example.com', status: 'draft', minutes: 30 },
            { kind: 'entryEdit', id: 'e-1', account: 'n-1', note: 'first' },
            { kind: 'entryEdit', id: 'e-approved', account: 'a-granted', note: 'late' },
            { kind: 'edit', id: 'n-1', field: 'residency', value: 'us' },
            { kind: 'entry', id: 'e-2', account: 'a-granted', userId: 'writer@example.com', status: 'approved', minutes: 30 },
          ],
          base,
        );
        const { body } = await writer.push(ops);
        expect(body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
          'applied', 'applied', 'forbidden', 'invalid', 'forbidden', 'applied', 'applied', 'locked', 'forbidden', 'forbidden',
        ]);
        // Four changes, numbered in op order with no gap.
        const mine = await server.store.db.query<{ server_seq: number; origin_seq: number }>('SELECT server_seq, origin_seq FROM changes WHERE device_id = ? ORDER BY server_seq', [writer.deviceId]);
        expect(mine.map((c) => Number(c.origin_seq))).toEqual([1, 2, 6, 7]);
        const seqs = mine.map((c) => Number(c.server_seq));
        const first = seqs[0] ?? 0;
        expect(seqs).toEqual([first, first + 1, first + 2, first + 3]);
        // The record holds both edits of the batch; the account's policy was written once and kept its first change.
        const [record] = await server.store.db.query<{ fields: string }>('SELECT fields FROM records WHERE tbl = ? AND id = ?', ['accounts', idOf('n-1')]);
        expect((JSON.parse(record?.fields ?? '{}') as Record<string, { value: unknown }>)['name']?.value).toBe('Renamed');
        expect(await server.store.db.query('SELECT residency, first_seq FROM account_policy WHERE account_id = ?', [idOf('n-1')])).toEqual([{ residency: 'eu', first_seq: first }]);
        // Resent, the refusals are said again and nothing is applied twice.
        const again = await writer.push(ops);
        expect(again.body.results.map((r) => r.status)).toEqual(body.results.map((r) => (r.status === 'rejected' ? 'rejected' : 'duplicate')));
        expect(await server.store.db.query('SELECT count(*) AS n FROM changes')).toEqual([{ n: 5 + 4 }]);
      } finally {
        await server.close();
      }
    });
  });
}
