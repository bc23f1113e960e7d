import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES, newId } from '../../core/model';
import { ACCOUNT_FIELDS } from '../../core/model/account';
import { decodeHlc, encodeHlc } from '../../core/protocol/hlc';
import { SYNCED_TABLE_NAMES } from '../../core/protocol/tables';
import { SERVER_MIGRATIONS } from '../../server/storage/migrations';
import type { Backend, DeviceClient, TestServer } from './harness';
import { startTestServer } from './harness';

type Row = Record<string, unknown>;

/** What a hostile request may get back. */
type Expectation =
  /** A 4xx with the error envelope, and nothing else. */
  | 'error'
  /** A well-formed push: 200 with every op rejected (or a duplicate), or a 4xx envelope. */
  | 'push'
  /** A syntactically valid read (pull/snapshot): 200, or a 4xx envelope. */
  | 'read';

/** A push op whose originSeq is resolved when it is sent: 'next' follows the device's acknowledged seq. */
interface GenOp {
  seq: number | 'next';
  table: string;
  id: string;
  accountId: string;
  fields: Record<string, { value: unknown; hlc: string }>;
}

type Body =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  /** Sent as bytes, so fetch adds no Content-Type. */
  | { kind: 'bytes'; text: string }
  | { kind: 'ops'; ops: GenOp[] };

interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Body;
  expect: Expectation;
  /** The error code the server must answer with, when only one is right. */
  code?: string;
}

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const FIELD_NAMES = [...ACCOUNT_FIELDS, 'deleted', 'kind', 'code', 'label', 'sort'];
/**
 * Every table of the schema but audit_log, rejected_ops and device_ops, which record the attempts, their
 * refusals and what each consumed number carried.
 */
const ATTEMPT_TABLES = ['audit_log', 'rejected_ops', 'device_ops'];
const DIGEST_TABLES = SERVER_MIGRATIONS.flatMap((m) => m.statements)
  .map((sql) => /^CREATE TABLE (\w+)/.exec(sql)?.[1])
  .filter((table): table is string => table !== undefined && !ATTEMPT_TABLES.includes(table));

/** The rows of every table, in a stable order; devices without last_origin_seq. */
export async function databaseDigest(t: TestServer): Promise<Record<string, string[]>> {
  const digest: Record<string, string[]> = {};
  for (const table of [...DIGEST_TABLES, 'schema_migrations']) {
    const rows = await t.store.db.query<Row>(`SELECT * FROM ${table}`);
    // A well-formed op that is rejected consumes its origin_seq by design: last_origin_seq may move.
    if (table === 'devices') for (const row of rows) delete row['last_origin_seq'];
    digest[table] = rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))).sort();
  }
  return digest;
}

function isErrorEnvelope(json: unknown): json is { error: { code: string; message: string } } {
  if (typeof json !== 'object' || json === null || !('error' in json)) return false;
  const error: unknown = json.error;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return false;
  return typeof error.code === 'string' && ERROR_CODE_SET.has(error.code) && typeof error.message === 'string' && error.message.length > 0;
}

// ── arbitraries that need nothing from the server ──────────────────────────

const printable = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u202E', '\uFEFF', 'é', '"', '\\', '\n') }));
const hugeString = fc.integer({ min: 65, max: 200_000 }).chain((n) => fc.constantFrom('x', '\u0000', 'é', '\uD83D\uDE00').map((c) => c.repeat(n)));

const validHlc = fc
  .record({ wall: fc.integer({ min: 0, max: Date.now() }), counter: fc.integer({ min: 0, max: 0xfffff }), device: printable(1, 40) })
  .map((c) => encodeHlc(c));
const futureHlc = fc.integer({ min: 60 * 60 * 1000, max: 10 ** 12 }).map((ahead) => encodeHlc({ wall: Date.now() + ahead, counter: 0, device: 'future' }));
const badHlc = fc
  .oneof(
    anyText,
    fc.constantFrom('', '1-2-3', '0000000000000001-00000-d', '000000000000001-0000G-d', '000000000000001-00000-', 'NaN', '999999999999999-fffff'),
    validHlc.map((h) => h.toUpperCase().replace('-', '_')),
    validHlc.map((h) => `${h}${'x'.repeat(80)}`),
  )
  .filter((h) => {
    if (h.length > 80) return true;
    try {
      decodeHlc(h);
      return false;
    } catch {
      return true;
    }
  });

const notAUuidV7 = fc.oneof(
  anyText,
  fc.uuid({ version: [1, 4, 5, 8] }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'org', '../../etc/passwd', "1' OR '1'='1"),
  fc.uuid({ version: 7 }).map((u) => `${u} `),
  fc.uuid({ version: 7 }).map((u) => u.replace(/-/g, '')),
);

const wrongType = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
const badOriginSeq = fc.oneof(
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true }),
  fc.constantFrom(1e99, -1e99, 2 ** 53, Number.MAX_VALUE, 1.5, -0.5),
  fc.constantFrom('1', 'NaN', 'Infinity', '-1', ''),
  wrongType.filter((v) => typeof v !== 'number'),
);

/** Percent-encodes UTF-8 bytes but the unreserved ones (lone surrogates become U+FFFD, where encodeURIComponent throws). */
function percentEncode(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
}

/** JSON text with a key spliced in at the start of an object: how a hostile client sends `__proto__`. */
function withRawKey(json: string, key: string, value: string): string {
  return `{${JSON.stringify(key)}:${value}${json === '{}' ? '' : `,${json.slice(1)}`}`;
}

// ── the suite ──────────────────────────────────────────────────────────────

/**
 * Throws malformed and hostile requests at a running server (fast-check, ~2000 in all): each gets a 4xx with
 * the error envelope, or, for a well-formed push from a device that may write nothing, a 200 rejecting every
 * op. Nothing is stored: the database is the same afterwards, but for the audit log and last_origin_seq.
 */
export function fuzzSuite(backend: Backend, scale = 1): void {
  describe(`hostile requests against the sync server on ${backend.name}`, () => {
    let t: TestServer;
    let owner: DeviceClient;
    let hostile: DeviceClient;
    let revoked: DeviceClient;
    let ownerNextSeq = 0;
    let hostileAcked = 0;
    const existing: { accountIds: string[]; readable: string; catalogId: string } = { accountIds: [], readable: '', catalogId: '' };
    let before: Record<string, string[]>;
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    let sent = 0;

    const runs = (n: number) => Math.max(10, Math.round(n * scale));
    const timeout = 60_000;

    beforeAll(async () => {
      t = await startTestServer(backend);
      owner = await t.addDevice({ email: 'owner@example.com' });
      const manager = await t.addDevice({ email: 'manager@example.com', roles: ['manager'] });
      hostile = await t.addDevice({ email: 'mallory@example.com', roles: ['tam'] });
      revoked = await t.addDevice({ email: 'revoked@example.com' });
      const accounts = [
        owner.newAccountOp({ name: 'Acme', residency: 'eu' }),
        owner.newAccountOp({ name: 'Globex', residency: 'global' }),
        owner.newAccountOp({ name: 'Initech', residency: 'global' }),
      ];
      const seeded = await owner.push(accounts);
      expect(seeded.body.results.every((r) => r.status === 'applied')).toBe(true);
      ownerNextSeq = seeded.body.ackedThrough + 1;
      existing.accountIds = accounts.map((a) => a.id);
      existing.readable = accounts[0]?.id ?? '';
      existing.catalogId = newId();
      const catalog = await manager.push([manager.op('catalog_entries', existing.catalogId, 'org', { kind: 'tier', code: 'gold', label: 'Gold', sort: 1 })]);
      expect(catalog.body.results[0]).toMatchObject({ status: 'applied' });
      // Mallory may read one account (so every write to it is forbidden rather than unknown) and holds no write grant.
      await t.store.grant({ type: 'user', id: hostile.user.id }, existing.readable, 'read');
      await hostile.pullAll();
      await t.store.revokeDevice(revoked.deviceId);
      before = await databaseDigest(t);
    }, timeout);

    afterAll(async () => {
      await t?.close();
    });

    function resolveOps(ops: GenOp[], next: number): Array<Omit<GenOp, 'seq'> & { originSeq: number }> {
      let n = next;
      return ops.map(({ seq, ...op }) => ({ originSeq: seq === 'next' ? n++ : seq, ...op }));
    }

    async function send(req: HostileRequest): Promise<void> {
      sent += 1;
      const headers = { ...req.headers };
      let body: string | Uint8Array<ArrayBuffer> | undefined;
      if (req.body.kind === 'text') body = req.body.text;
      else if (req.body.kind === 'bytes') body = new TextEncoder().encode(req.body.text);
      else if (req.body.kind === 'ops') body = JSON.stringify({ protocol: 1, ops: resolveOps(req.body.ops, hostileAcked + 1) });
      // A hang fails the run (the abort throws); the status is what is asserted.
      const res = await fetch(`${t.url}${req.path}`, { method: req.method, headers, body: body ?? null, signal: AbortSignal.timeout(20_000) });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const seen = { label: req.label, status: res.status, body: text.slice(0, 300) };
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      if (res.status >= 400) {
        expect(seen.status, JSON.stringify(seen)).toBeLessThan(500);
        expect(isErrorEnvelope(json), JSON.stringify(seen)).toBe(true);
        if (req.code && isErrorEnvelope(json)) expect({ ...seen, code: json.error.code }).toMatchObject({ code: req.code });
        return;
      }
      expect(req.expect, `unexpected ${JSON.stringify(seen)}`).not.toBe('error');
      expect(seen.status, JSON.stringify(seen)).toBe(200);
      if (req.expect === 'push') {
        const result = json as { results: Array<{ status: string }>; ackedThrough: number };
        expect(result.results.length, JSON.stringify(seen)).toBeGreaterThan(0);
        for (const r of result.results) expect(['rejected', 'duplicate'], JSON.stringify(seen)).toContain(r.status);
        hostileAcked = result.ackedThrough;
      }
    }

    const auth = (device: DeviceClient) => ({ Authorization: `Bearer ${device.token}` });
    const jsonHeaders = () => ({ ...auth(hostile), 'Content-Type': 'application/json' });
    /** A push the owner could make: refused for the request's other faults, it would otherwise be stored. */
    const ownerPush = () => {
      const op = owner.newAccountOp({ name: 'Should never be stored' });
      return JSON.stringify({ protocol: 1, ops: [{ ...op, originSeq: ownerNextSeq }] });
    };
    const check = (arb: fc.Arbitrary<HostileRequest>, numRuns: number) =>
      fc.assert(
        fc.asyncProperty(arb, (req) => send(req)),
        { numRuns: runs(numRuns) },
      );

    // A well-formed op Mallory sends: it must be rejected, whatever it says.
    const hostileOp = (): fc.Arbitrary<GenOp> =>
      fc
        .record({
          seq: fc.oneof({ weight: 4, arbitrary: fc.constant<'next'>('next') }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }) }),
          table: fc.oneof(fc.constantFrom(...SYNCED_TABLE_NAMES), printable(1, 64), anyText.filter((s) => s.length >= 1 && s.length <= 64)),
          id: fc.oneof(fc.constantFrom(...existing.accountIds, existing.catalogId), fc.uuid({ version: 7 })),
          accountChoice: fc.constantFrom('same', 'org', 'existing', 'random'),
          randomAccount: fc.oneof(printable(1, 64), anyText.filter((s) => s.length >= 1 && s.length <= 64)),
          existingAccount: fc.constantFrom(...existing.accountIds),
          fields: fc.dictionary(
            fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: printable(1, 64) }),
            fc.record({
              value: fc.oneof(
                fc.constantFrom('eu', 'global', 'sg', ' eu', 'green', 'red', 'production', 'tier', 'x', '', null, true, false, 0, 7),
                fc.jsonValue({ maxDepth: 2 }),
                anyText,
              ),
              hlc: fc.oneof({ weight: 6, arbitrary: validHlc }, { weight: 1, arbitrary: futureHlc }),
            }),
            { minKeys: 1, maxKeys: 6 },
          ),
        })
        .map(({ seq, table, id, accountChoice, randomAccount, existingAccount, fields }) => {
          const accountId = { same: id, org: 'org', existing: existingAccount, random: randomAccount }[accountChoice];
          // The one op a TAM may make: creating an account in a residency the server holds. Move it out of reach.
          const residency = fields['residency'];
          const safe = residency && (residency.value === 'eu' || residency.value === 'global') ? { ...fields, residency: { ...residency, value: 'sg' } } : fields;
          return { seq, table, id, accountId, fields: safe } satisfies GenOp;
        });

    const validShapeOp = () =>
      fc.record({
        originSeq: fc.integer({ min: 1, max: 1000 }),
        table: fc.constantFrom(...SYNCED_TABLE_NAMES),
        id: fc.uuid({ version: 7 }),
        accountId: fc.constantFrom('org', ...existing.accountIds),
        fields: fc.constantFrom<Record<string, unknown>>({ name: { value: 'x', hlc: encodeHlc({ wall: 1, counter: 0, device: 'd' }) } }),
      });

    it(
      'answers random JSON values and random text as push bodies with a 4xx',
      () =>
        check(
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            anyText,
            fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
            fc.jsonValue().map((v) => `\uFEFF${JSON.stringify(v)}`),
            fc.constantFrom('{"protocol":1,"ops":[', '{"protocol":1,"ops":[]}}', '[]', '{}', 'null', '1', '""', '{"protocol":"1","ops":[]}', '{"protocol":1}'),
          ).map<HostileRequest>((text) => ({ label: 'junk body', method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'text', text }, expect: 'error' })),
          350,
        ),
      timeout,
    );

    it(
      'refuses pushes whose ops are malformed: wrong types, huge strings, bad originSeq, unknown keys, bad clocks and ids',
      () => {
        const mutation = fc.oneof(
          badOriginSeq.map((v) => ({ key: 'originSeq', value: v })),
          fc.oneof(wrongType, hugeString, fc.constant('')).map((v) => ({ key: 'table', value: v })),
          fc.oneof(wrongType, notAUuidV7, hugeString).map((v) => ({ key: 'id', value: v })),
          fc.oneof(wrongType, hugeString, fc.constant('')).map((v) => ({ key: 'accountId', value: v })),
          fc.oneof(wrongType.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), fc.constant({})).map((v) => ({ key: 'fields', value: v })),
          badHlc.map((h) => ({ key: 'fields', value: { name: { value: 'x', hlc: h } } })),
          fc.oneof(wrongType, fc.constant(undefined)).map((v) => ({ key: 'fields', value: { name: v === undefined ? { value: 'x' } : v } })),
          fc.oneof(fc.constant(''), hugeString).map((k) => ({ key: 'fields', value: { [k]: { value: 1, hlc: encodeHlc({ wall: 1, counter: 0, device: 'd' }) } } })),
          fc.string({ minLength: 1 }).map((k) => ({ key: 'fields', value: { name: { value: 1, hlc: encodeHlc({ wall: 1, counter: 0, device: 'd' }), [`${k}_extra`]: 1 } } })),
          fc
            .string({ minLength: 1 })
            .filter((k) => !['originSeq', 'table', 'id', 'accountId', 'fields', '__proto__'].includes(k))
            .map((k) => ({ key: k, value: 1 })),
          fc.constantFrom('originSeq', 'table', 'id', 'accountId', 'fields').map((k) => ({ key: k, value: undefined })),
        );
        const request = fc
          .record({ ops: fc.array(validShapeOp(), { minLength: 1, maxLength: 5 }), at: fc.nat(), mutation, topLevel: fc.option(fc.constantFrom('extra', 'protocolMissing', 'opsObject'), { nil: undefined }) })
          .map(({ ops, at, mutation: m, topLevel }) => {
            const mutated: Array<Record<string, unknown>> = ops.map((op) => ({ ...op }));
            const target = mutated[at % mutated.length] ?? {};
            if (m.value === undefined) delete target[m.key];
            else target[m.key] = m.value;
            const push: Record<string, unknown> = { protocol: 1, ops: mutated };
            if (topLevel === 'extra') push['extra'] = true;
            if (topLevel === 'protocolMissing') delete push['protocol'];
            if (topLevel === 'opsObject') push['ops'] = { ...mutated };
            return { label: `malformed op: ${m.key}`, method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'text', text: JSON.stringify(push) }, expect: 'error', code: 'invalid' } satisfies HostileRequest;
          });
        const tooMany = fc.integer({ min: 1001, max: 1100 }).map<HostileRequest>((n) => ({
          label: 'too many ops',
          method: 'POST',
          path: '/v1/push',
          headers: jsonHeaders(),
          body: { kind: 'text', text: JSON.stringify({ protocol: 1, ops: Array.from({ length: n }, (_, i) => ({ originSeq: i + 1, table: 'accounts', id: newId(), accountId: 'org', fields: { name: { value: 'x', hlc: encodeHlc({ wall: 1, counter: 0, device: 'd' }) } } })) }) },
          expect: 'error',
          code: 'invalid',
        }));
        return check(fc.oneof({ weight: 30, arbitrary: request }, { weight: 1, arbitrary: tooMany }), 450);
      },
      timeout,
    );

    it(
      'rejects, op by op, every well-formed push of a device that may write nothing, and stores none of it',
      () =>
        check(
          fc.array(hostileOp(), { minLength: 1, maxLength: 8 }).map<HostileRequest>((ops) => ({ label: 'well-formed hostile push', method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'ops', ops }, expect: 'push' })),
          350,
        ),
      timeout,
    );

    it(
      'does not let prototype keys (__proto__, constructor…) pollute, crash or slip through',
      () => {
        const hlc = encodeHlc({ wall: 1000, counter: 0, device: 'proto' });
        const fieldValue = JSON.stringify({ value: 'polluted', hlc });
        const place = fc.constantFrom('top', 'op', 'fields', 'fieldValue', 'fieldsOnly');
        return check(
          fc.record({ key: fc.constantFrom(...PROTO_KEYS), place, id: fc.constantFrom(...existing.accountIds), fresh: fc.uuid({ version: 7 }), useFresh: fc.boolean() }).map<HostileRequest>(({ key, place: where, id, fresh, useFresh }) => {
            const target = useFresh ? fresh : id;
            const pollution = JSON.stringify({ polluted: true, isAdmin: true });
            const fields = JSON.stringify({ notes: { value: 'x', hlc } });
            const fieldsText =
              where === 'fields' ? withRawKey(fields, key, fieldValue) : where === 'fieldsOnly' ? withRawKey('{}', key, fieldValue) : where === 'fieldValue' ? `{"notes":${withRawKey(fieldValue, key, pollution)}}` : fields;
            let op = `{"originSeq":${hostileAcked + 1},"table":"accounts","id":"${target}","accountId":"${target}","fields":${fieldsText}}`;
            if (where === 'op') op = withRawKey(op, key, pollution);
            let text = `{"protocol":1,"ops":[${op}]}`;
            if (where === 'top') text = withRawKey(text, key, pollution);
            return { label: `prototype key ${key} at ${where}`, method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'text', text }, expect: 'push' };
          }),
          200,
        );
      },
      timeout,
    );

    it(
      'answers wrong methods and unknown paths with 405/404',
      () => {
        const known = fc.record({
          path: fc.constantFrom('/v1/push', '/v1/pull', '/v1/snapshot', '/v1/health', '/metrics'),
          method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        });
        const allowed = (method: string, path: string) => (path === '/v1/push' ? method === 'POST' : method === 'GET');
        const wrongMethod = known
          .filter(({ method, path }) => !allowed(method, path))
          .map<HostileRequest>(({ method, path }) => ({
            label: `${method} ${path}`,
            method,
            path,
            headers: { ...auth(owner), 'Content-Type': 'application/json' },
            body: method === 'GET' ? { kind: 'none' } : { kind: 'text', text: ownerPush() },
            expect: 'error',
          }));
        const unknownPath = fc
          .oneof(
            fc.string({ maxLength: 100 }).map((s) => `/v1/${percentEncode(s)}`),
            fc.constantFrom('/', '/v2/push', '/v1/push/', '/V1/PUSH', '/v1//push', '/v1/push%00', '/v1/../v1/push2', '/%2e%2e/etc/passwd', '/v1/health/x', '/metrics.json'),
          )
          .filter((p) => !['/v1/push', '/v1/pull', '/v1/snapshot', '/v1/health', '/metrics'].includes(new URL(p, 'http://x').pathname))
          .chain((path) => fc.constantFrom('GET', 'POST', 'DELETE').map<HostileRequest>((method) => ({ label: `unknown ${method} ${path}`, method, path, headers: auth(hostile), body: method === 'GET' ? { kind: 'none' } : { kind: 'text', text: '{}' }, expect: 'error', code: 'not_found' })));
        return check(fc.oneof(wrongMethod, unknownPath), 150);
      },
      timeout,
    );

    it(
      'refuses bad query parameters: negative, exponent, NaN, fractional, very long',
      () => {
        const isValidInt = (s: string) => /^\d{1,15}$/.test(s);
        const badNumber = fc
          .oneof(
            fc.constantFrom('-1', '1e99', 'NaN', 'Infinity', '-0', '1.5', '0x10', ' 1', '1 ', '+1', '', '١٢', '9'.repeat(16), '1'.repeat(10_000), '%00'),
            fc.string({ maxLength: 40 }),
            fc.double().map(String),
            fc.integer({ max: -1 }).map(String),
          )
          .filter((s) => !isValidInt(s));
        const badPull = fc.record({ name: fc.constantFrom('cursor', 'limit'), value: badNumber, route: fc.constantFrom('/v1/pull', '/v1/snapshot') })
          .filter(({ name, route }) => route === '/v1/pull' || name === 'limit')
          .map<HostileRequest>(({ name, value, route }) => ({ label: `${route} ${name}=${value.slice(0, 40)}`, method: 'GET', path: `${route}?${name}=${percentEncode(value)}`, headers: auth(hostile), body: { kind: 'none' }, expect: 'error', code: 'invalid' }));
        const ahead = fc.integer({ min: 1000, max: 999_999_999_999_999 }).map<HostileRequest>((cursor) => ({ label: 'cursor ahead', method: 'GET', path: `/v1/pull?cursor=${cursor}`, headers: auth(hostile), body: { kind: 'none' }, expect: 'error', code: 'resync_required' }));
        const after = fc.oneof(anyText, hugeString.map((s) => s.slice(0, 600)), fc.tuple(anyText, anyText).map(([a, b]) => `${a}:${b}`), fc.constantFrom(':', 'a:', ':b', 'accounts:\u0000', "accounts:' OR 1=1 --", 'raw:%FF%FE:%C0%AF', 'raw:%', 'raw:%zz', 'raw:a&after=b:c', 'raw:accounts%3A%00'))
          .map<HostileRequest>((value) => ({ label: `snapshot after=${value.slice(0, 40)}`, method: 'GET', path: `/v1/snapshot?after=${value.startsWith('raw:') ? value.slice(4) : percentEncode(value)}`, headers: auth(hostile), body: { kind: 'none' }, expect: 'read' }));
        return check(fc.oneof(badPull, ahead, after), 250);
      },
      timeout,
    );

    it(
      'refuses missing, garbage, very long and revoked Authorization headers with 401',
      () => {
        const header = fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', `bearer ${owner.token}`, `Bearer  ${owner.token}`, `Bearer ${owner.token}x`, `Bearer ${owner.token.slice(0, -1)}`, `Bearer ${owner.token} ${owner.token}`, `Bearer ${revoked.token}`),
          printable(0, 300),
          printable(10, 200).map((s) => `Bearer ${s}`),
          printable(201, 8000).map((s) => `Bearer ${s}`),
          fc.string({ unit: fc.constantFrom('a', ' ', '\t', 'B'), maxLength: 300 }),
        );
        const route = fc.constantFrom('push', 'pull', 'snapshot');
        return check(
          fc.record({ header, route }).map<HostileRequest>(({ header: h, route: r }) => ({
            label: `auth ${r} ${String(h).slice(0, 60)}`,
            method: r === 'push' ? 'POST' : 'GET',
            path: `/v1/${r}`,
            headers: { ...(h === undefined ? {} : { Authorization: h }), ...(r === 'push' ? { 'Content-Type': 'application/json' } : {}) },
            body: r === 'push' ? { kind: 'text', text: ownerPush() } : { kind: 'none' },
            expect: 'error',
            code: 'unauthenticated',
          })),
          300,
        );
      },
      timeout,
    );

    it(
      'refuses pushes that are not application/json with 415, before reading them',
      () => {
        const contentType = fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/xml', 'text/json', 'application/ json', '*/*'),
          printable(1, 100).filter((s) => !s.startsWith('application/json')),
        );
        return check(
          fc.record({ contentType, asBytes: fc.boolean() }).map<HostileRequest>(({ contentType: ct, asBytes }) => {
            const text = ownerPush();
            return {
              label: `content-type ${String(ct)}`,
              method: 'POST',
              path: '/v1/push',
              headers: { ...auth(owner), ...(ct === undefined ? {} : { 'Content-Type': ct }) },
              // A Uint8Array body is sent with no Content-Type at all; a string gets text/plain from fetch.
              body: asBytes || ct === undefined ? { kind: 'bytes', text } : { kind: 'text', text },
              expect: 'error',
            };
          }),
          150,
        );
      },
      timeout,
    );

    it('rejects fields named after Object.prototype members (constructor, toString…) instead of failing with a 500', async () => {
      const hlc = encodeHlc({ wall: 1000, counter: 0, device: 'proto' });
      for (const field of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        const id = existing.accountIds[1] ?? '';
        await send({ label: `field ${field}`, method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'ops', ops: [{ seq: 'next', table: 'accounts', id, accountId: id, fields: { [field]: { value: 'x', hlc } } }] }, expect: 'push' });
      }
    }, timeout);

    it('refuses U+0000 in account ids and snapshot positions without a 500 (PostgreSQL text cannot hold it)', async () => {
      const hlc = encodeHlc({ wall: 1000, counter: 0, device: 'nul' });
      for (const accountId of ['a\u0000b', '\u0000']) {
        await send({ label: 'NUL accountId', method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'ops', ops: [{ seq: 'next', table: 'notes', id: newId(), accountId, fields: { name: { value: 'x', hlc } } }] }, expect: 'push' });
      }
      await send({ label: 'NUL after', method: 'GET', path: '/v1/snapshot?after=accounts%3Aa%00b', headers: auth(hostile), body: { kind: 'none' }, expect: 'read' });
    }, timeout);

    it('refuses a request body over the limit with 413', async () => {
      await send({ label: 'huge body', method: 'POST', path: '/v1/push', headers: jsonHeaders(), body: { kind: 'text', text: `{"protocol":1,"ops":[${'0,'.repeat(2_200_000)}0]}` }, expect: 'error' });
    }, timeout);

    it('answers a request line or headers over the HTTP parser limit with 431 and the error envelope', async () => {
      // Node's parser refuses more than 16 KiB of headers before any route runs; the client still gets the envelope.
      await send({ label: 'long URL', method: 'GET', path: `/v1/snapshot?after=${'a'.repeat(20_000)}`, headers: auth(hostile), body: { kind: 'none' }, expect: 'error' });
      await send({ label: 'long header', method: 'GET', path: '/v1/pull', headers: { Authorization: `Bearer ${'a'.repeat(20_000)}` }, body: { kind: 'none' }, expect: 'error' });
    }, timeout);

    it('still answers health, and nothing but the audit log and origin_seq changed', async () => {
      expect(sent).toBeGreaterThanOrEqual(Math.round(2000 * scale));
      const health = await fetch(`${t.url}/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, serverSeq: 4 });
      expect(await databaseDigest(t)).toEqual(before);
      // The legitimate device still works after all that.
      const ok = await owner.push([{ ...owner.newAccountOp({ name: 'After the storm' }), originSeq: ownerNextSeq }]);
      expect(ok.body.results[0]).toMatchObject({ status: 'applied', serverSeq: 5 });
    }, timeout);
  });
}
