import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_VALUES, LIFECYCLE_STAGES, newId } from '../../core/model';
import { encodeHlc } from '../../core/protocol/hlc';
import type { FieldMap } from '../../core/protocol/merge';
import type { Op, PulledChange, PushResponse } from '../../core/protocol/wire';
import { hashToken, newDeviceToken } from '../../server/auth';
import { openServerStore } from '../../server/open';
import { SERVER_MIGRATIONS } from '../../server/storage/migrations';
import type { ServerStore, User } from '../../server/storage/serverStore';
import { DeviceClient, postgresBackend } from './harness';
import { spawnServer } from './spawnServer';
import type { ServerProcess } from './spawnServer';
import { seededRandom } from '../fixtures/seededRandom';

const WRITERS = 6;
const OPS_PER_WRITER = 200;
const BATCH = 20;
const SEED = Number(process.env['FIELDBOOK_TEST_SEED'] ?? 20260611);


interface Writer {
  user: User;
  deviceId: string;
  tag: string;
  /** One client per server process, sharing the device's token. */
  clients: DeviceClient[];
  ops: Op[];
}

/** Last-writer-wins, computed here from every op sent: the highest clock per field of each record. */
function lastWriterWins(ops: readonly Op[]): Map<string, FieldMap> {
  const records = new Map<string, FieldMap>();
  for (const op of ops) {
    const fields = records.get(op.id) ?? {};
    for (const [name, change] of Object.entries(op.fields)) {
      const current = fields[name];
      if (!current || change.hlc > current.hlc) fields[name] = change;
    }
    records.set(op.id, fields);
  }
  return records;
}

describe('two server processes on one PostgreSQL database', () => {
  let databaseUrl = '';
  let drop: () => Promise<void> = () => Promise.resolve();
  let servers: ServerProcess[] = [];
  let urls: string[] = [];
  let store: ServerStore | undefined;

  beforeAll(async () => {
    const db = await postgresBackend.create();
    databaseUrl = db.location.databaseUrl ?? '';
    drop = db.drop;
    // Both start on the empty database at once: they race on the migrations (an advisory lock serialises them).
    const args = ['--port', '0', '--database-url', databaseUrl, '--residency', 'global', '--residency', 'eu'];
    servers = [spawnServer(args), spawnServer(args)];
    urls = await Promise.all(servers.map((s) => s.listening));
    store = await openServerStore({ databaseUrl });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await store?.close();
    await drop();
  });

  const db = () => {
    if (!store) throw new Error('no store');
    return store;
  };

  it('both processes migrate the fresh database, and the migrations run exactly once', async () => {
    expect(await db().db.query('SELECT id FROM schema_migrations ORDER BY id')).toEqual(SERVER_MIGRATIONS.map((m) => ({ id: m.id })));
    expect(await db().migrate()).toEqual([]);
    expect(await db().db.query('SELECT value FROM seq_counter')).toEqual([{ value: 0 }]);
    for (const url of urls) {
      const health = await fetch(`${url}/v1/health`);
      expect(await health.json()).toMatchObject({ ok: true, residencies: ['global', 'eu'], serverSeq: 0 });
    }
    expect(new Set(urls).size).toBe(2);
  });

  it('keeps server_seq gap-free, stores each accepted op once and merges last-writer-wins under concurrent writers', async () => {
    const store = db();
    const random = seededRandom(SEED);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const writers: Writer[] = [];
    for (let w = 0; w < WRITERS; w += 1) {
      const user = await store.addUser({ email: `writer${w}@example.com`, name: `Writer ${w}`, roles: ['tam'], clearances: [], homeRegion: 'eu' });
      const token = newDeviceToken();
      const device = await store.addDevice(user.id, `laptop ${w}`, hashToken(token));
      writers.push({ user, deviceId: device.id, tag: `w${w}`, clients: urls.map((url) => new DeviceClient(url, token, user, device.id)), ops: [] });
    }
    const readerUser = await store.addUser({ email: 'reader@example.com', name: 'Reader', roles: ['tam'], clearances: [], homeRegion: 'eu' });
    const readerToken = newDeviceToken();
    const readerDevice = await store.addDevice(readerUser.id, 'reader', hashToken(readerToken));
    const readers = urls.map((url) => new DeviceClient(url, readerToken, readerUser, readerDevice.id));

    // Writer 0 creates the shared accounts; everyone else is granted write on them.
    const base = Date.now() - 120_000;
    const owner = writers[0];
    if (!owner) throw new Error('no writers');
    const accountIds = [newId(), newId()];
    const creations: Op[] = accountIds.map((id, i) => {
      const hlc = encodeHlc({ wall: base, counter: i, device: owner.tag });
      const fields = { name: `Shared ${i}`, segment: 'enterprise', tier: 'premium', residency: i === 0 ? 'eu' : 'global', clearance: null, stage: 'production', health: 'green', notes: '' };
      return { originSeq: i + 1, table: 'accounts', id, accountId: id, fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])) };
    });
    const created = await owner.clients[0]?.push(creations);
    expect(created?.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    owner.ops.push(...creations);
    for (const w of writers.slice(1)) for (const id of accountIds) await store.grant({ type: 'user', id: w.user.id }, id, 'write');
    for (const id of accountIds) await store.grant({ type: 'user', id: readerUser.id }, id, 'read');

    // Each writer's ops: random fields of a random shared account, stamped with interleaving clocks.
    const editable = ['name', 'tier', 'stage', 'health', 'notes', 'deleted'] as const;
    for (const w of writers) {
      const first = w.ops.length + 1;
      for (let i = 0; i < OPS_PER_WRITER; i += 1) {
        const id = pick(accountIds);
        const hlc = encodeHlc({ wall: base + 1 + Math.floor(random() * 100_000), counter: i, device: w.tag });
        const fields: Op['fields'] = {};
        for (const name of editable) {
          if (random() > 0.4) continue;
          const value = { name: `${w.tag}-${i}`, tier: pick(['standard', 'premium', 'enterprise']), stage: pick(LIFECYCLE_STAGES), health: pick(HEALTH_VALUES), notes: `note ${w.tag}/${i}`, deleted: random() < 0.5 }[name];
          fields[name] = { value, hlc };
        }
        if (Object.keys(fields).length === 0) fields['notes'] = { value: `note ${w.tag}/${i}`, hlc };
        w.ops.push({ originSeq: first + i, table: 'accounts', id, accountId: id, fields });
      }
    }

    // All writers at once, each in order, its batches alternating between the two processes.
    const responses = new Map<string, PushResponse>();
    await Promise.all(
      writers.map(async (w, index) => {
        const pending = w.ops.filter((op) => op.originSeq > 2 || w !== owner);
        for (let b = 0; b * BATCH < pending.length; b += 1) {
          const batch = pending.slice(b * BATCH, (b + 1) * BATCH);
          const client = w.clients[(index + b) % 2];
          if (!client) throw new Error('no client');
          const res = await client.push(batch);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          responses.set(`${w.deviceId}:${b}`, res.body);
          expect(res.body.ackedThrough).toBe(batch[batch.length - 1]?.originSeq);
        }
      }),
    );

    // Every op was applied; those that won a field got a server_seq.
    const accepted = new Map<string, number>();
    for (const [key, body] of responses) {
      const deviceId = key.split(':')[0] ?? '';
      for (const r of body.results) {
        expect(r.status, JSON.stringify(r)).toBe('applied');
        if (r.status === 'applied' && r.serverSeq !== null) accepted.set(`${deviceId}:${r.originSeq}`, r.serverSeq);
      }
    }
    accepted.set(`${owner.deviceId}:1`, 1);
    accepted.set(`${owner.deviceId}:2`, 2);

    const changes = await store.db.query<{ server_seq: number; device_id: string; origin_seq: number; id: string; fields: string }>(
      'SELECT server_seq, device_id, origin_seq, id, fields FROM changes ORDER BY server_seq',
    );
    // server_seq is exactly 1..N: no gaps, no duplicates; and the counter agrees.
    expect(changes.map((c) => c.server_seq)).toEqual(Array.from({ length: changes.length }, (_, i) => i + 1));
    expect(await store.currentSeq()).toBe(changes.length);
    // Each accepted op is logged exactly once, with the server_seq its push was answered with.
    const logged = changes.map((c) => `${c.device_id}:${c.origin_seq}`);
    expect(new Set(logged).size).toBe(logged.length);
    expect(new Map(changes.map((c) => [`${c.device_id}:${c.origin_seq}`, c.server_seq]))).toEqual(accepted);
    // A logged change carries only fields of its op, unchanged.
    const opsByKey = new Map(writers.flatMap((w) => w.ops.map((op) => [`${w.deviceId}:${op.originSeq}`, op] as const)));
    for (const c of changes) {
      const op = opsByKey.get(`${c.device_id}:${c.origin_seq}`);
      const fields = JSON.parse(c.fields) as FieldMap;
      for (const [name, change] of Object.entries(fields)) expect(op?.fields[name]).toEqual(change);
    }

    // The stored records are the last-writer-wins result of every op sent, whatever the order of arrival.
    const expected = lastWriterWins(writers.flatMap((w) => w.ops));
    const records = await store.db.query<{ id: string; fields: string }>('SELECT id, fields FROM records ORDER BY id');
    expect(Object.fromEntries(records.map((r) => [r.id, JSON.parse(r.fields) as FieldMap]))).toEqual(Object.fromEntries(expected));

    // A full pull from either process returns the same changes in the same order, and folds to the same state.
    const pulls: PulledChange[][] = [];
    for (const reader of readers) pulls.push((await reader.pullAll(0, 97)).changes);
    expect(pulls[0]?.map((c) => c.serverSeq)).toEqual(changes.map((c) => c.server_seq));
    expect(pulls[1]).toEqual(pulls[0]);
    const folded = new Map<string, FieldMap>();
    for (const c of pulls[0] ?? []) {
      const fields = folded.get(c.id) ?? {};
      for (const [name, change] of Object.entries(c.fields)) if (!fields[name] || change.hlc > (fields[name]?.hlc ?? '')) fields[name] = change;
      folded.set(c.id, fields);
    }
    expect(Object.fromEntries(folded)).toEqual(Object.fromEntries(expected));
    // And a snapshot from either process serves the same, correct records.
    for (const reader of readers) {
      const snap = await reader.snapshot();
      expect(Object.fromEntries(snap.body.records.map((r) => [r.id, r.fields]))).toEqual(Object.fromEntries(expected));
    }
  });

  it('stops both processes with exit 0 on SIGTERM', async () => {
    const exits = await Promise.all(servers.map((s) => s.stop('SIGTERM')));
    expect(exits, servers.map((s) => s.stderr()).join('\n')).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});
