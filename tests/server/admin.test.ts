import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSON_ROLES } from '../../core/model';
import { adminMain } from '../../server/admin';
import { hashToken } from '../../server/auth';
import { serverConfigSchema } from '../../server/config';
import { startHttpServer } from '../../server/http';
import { openServerStore } from '../../server/open';
import type { ServerStore } from '../../server/storage/serverStore';
import { REPO_ROOT, cleanEnv } from './spawnServer';

const TIMEOUT = 30_000;

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('the admin command (fieldbook-server) on SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-admin-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one admin command in-process, as the bin does; the environment is empty so DATABASE_URL plays no part. */
  async function admin(...args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await adminMain(['--data-dir', dir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const json = <T>(run: Run): T => JSON.parse(run.out) as T;
  /** A second connection to the same database, to check what the command stored. */
  async function withStore<T>(fn: (store: ServerStore) => Promise<T>): Promise<T> {
    const store = await openServerStore({ dataDir: dir });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  it('adds a user; refuses a duplicate email, an unknown role, a bad email or label with exit 2 and a clear message', async () => {
    const added = await admin('user', 'add', '--email', 'Dana@Example.com', '--name', 'Dana Scully', '--role', 'tam', '--role', 'manager', '--clearance', 'us-secret');
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(json(added)).toMatchObject({ email: 'dana@example.com', name: 'Dana Scully', roles: ['tam', 'manager'], clearances: ['us-secret'], homeRegion: 'global' });

    const duplicate = await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Other Dana', '--role', 'tam');
    expect(duplicate.code).toBe(2);
    expect(duplicate.err).toMatch(/^fieldbook-server: A user with email dana@example.com already exists\./);

    const badRole = await admin('user', 'add', '--email', 'fox@example.com', '--name', 'Fox', '--role', 'wizard');
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain(`Unknown role "wizard". Roles: ${PERSON_ROLES.join(', ')}.`);

    const refusals: Array<[string[], RegExp]> = [
      [['user', 'add', '--email', 'not-an-email', '--name', 'X', '--role', 'tam'], /Give a valid --email/],
      [['user', 'add', '--email', 'x@example.com', '--name', 'X'], /Give at least one --role/],
      [['user', 'add', '--email', 'x@example.com', '--role', 'tam'], /Missing --name\./],
      [['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'tam', '--clearance', 'US Secret'], /Bad clearance label "US Secret"/],
      [['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'tam', '--colour', 'red'], /Unknown option '--colour'/],
    ];
    for (const [args, message] of refusals) {
      const run = await admin(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.err).toMatch(message);
      expect(run.err).toContain('Usage: fieldbook-server');
    }
    // Nothing refused was stored.
    const list = await admin('user', 'list');
    expect(list.code).toBe(0);
    expect(json<Array<{ email: string }>>(list).map((u) => u.email)).toEqual(['dana@example.com']);
  });

  it('adds teams and members; grants and revokes by user or team; names an unknown user or team', async () => {
    await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam');
    expect(await admin('team', 'add', 'emea')).toMatchObject({ code: 0 });
    expect(await admin('team', 'add', 'emea')).toMatchObject({ code: 2, err: expect.stringMatching(/A team named emea already exists\./) as unknown });
    expect(await admin('team', 'member', '--team', 'emea', '--email', 'dana@example.com')).toMatchObject({ code: 0 });
    expect(await admin('team', 'member', '--team', 'apac', '--email', 'dana@example.com')).toMatchObject({ code: 2, err: expect.stringMatching(/No team named apac\./) as unknown });
    expect(await admin('team', 'member', '--team', 'emea', '--email', 'nobody@example.com')).toMatchObject({ code: 2, err: expect.stringMatching(/No user with email nobody@example.com\./) as unknown });

    expect(await admin('grant', '--email', 'dana@example.com', '--account', 'acc-1', '--access', 'write')).toMatchObject({ code: 0 });
    expect(await admin('grant', '--team', 'emea', '--account', 'acc-2', '--access', 'read')).toMatchObject({ code: 0 });
    const dana = await withStore(async (s) => {
      const user = await s.userByEmail('dana@example.com');
      return user ? { user, grants: Object.fromEntries(await s.grantsOf(user.id)) } : null;
    });
    expect(dana?.grants).toEqual({ 'acc-1': 'write', 'acc-2': 'read' });

    const refusals: Array<[string[], RegExp]> = [
      [['grant', '--email', 'nobody@example.com', '--account', 'acc-1', '--access', 'read'], /No user with email nobody@example.com\./],
      [['grant', '--team', 'apac', '--account', 'acc-1', '--access', 'read'], /No team named apac\./],
      [['grant', '--email', 'dana@example.com', '--account', 'acc-1', '--access', 'admin'], /Give --access read or --access write\./],
      [['grant', '--email', 'dana@example.com', '--access', 'read'], /Missing --account\./],
      [['grant', '--email', 'dana@example.com', '--team', 'emea', '--account', 'acc-1', '--access', 'read'], /Give either --email or --team, not both\./],
      [['revoke', '--email', 'nobody@example.com', '--account', 'acc-1'], /No user with email nobody@example.com\./],
    ];
    for (const [args, message] of refusals) {
      const run = await admin(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.err).toMatch(message);
    }

    expect(await admin('revoke', '--email', 'dana@example.com', '--account', 'acc-1')).toMatchObject({ code: 0 });
    expect(await admin('revoke', '--email', 'dana@example.com', '--account', 'acc-1')).toMatchObject({ code: 2, err: expect.stringMatching(/There was no such grant; nothing changed\./) as unknown });
    expect(await admin('revoke', '--team', 'emea', '--account', 'acc-2')).toMatchObject({ code: 0 });
    expect(await withStore(async (s) => Object.fromEntries(await s.grantsOf(dana?.user.id ?? '')))).toEqual({});
  });

  it(
    'issues a device token once, stores only its hash; the token works against a running server until the device is revoked',
    async () => {
      await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam');
      const issued = await admin('device', 'issue', '--email', 'dana@example.com', '--name', 'laptop');
      expect(issued.code).toBe(0);
      const { deviceId, token } = json<{ deviceId: string; token: string }>(issued);
      expect(token).toMatch(/^fbd_[A-Za-z0-9_-]{43}$/);
      expect(issued.out).toMatch(/shown only now/);

      // Only the SHA-256 of the token is stored: no column of the devices table holds the token.
      const rows = await withStore((s) => s.db.query<Record<string, unknown>>('SELECT * FROM devices'));
      expect(rows).toHaveLength(1);
      for (const value of Object.values(rows[0] ?? {})) expect(String(value)).not.toContain(token);
      expect(rows[0]).toMatchObject({ id: deviceId, name: 'laptop', token_hash: hashToken(token), revoked_at: null });
      expect(await withStore((s) => s.deviceByTokenHash(hashToken(token)))).toMatchObject({ id: deviceId, revokedAt: null });
      // A second device gets a different token.
      const second = json<{ token: string }>(await admin('device', 'issue', '--email', 'dana@example.com', '--name', 'phone'));
      expect(second.token).not.toBe(token);

      const config = serverConfigSchema.parse({ port: 0, dataDir: dir });
      const store = await openServerStore(config);
      const server = await startHttpServer(config, store, pino({ level: 'silent' }));
      try {
        const pull = () => fetch(`${server.url}/v1/pull`, { headers: { Authorization: `Bearer ${token}` } });
        expect((await pull()).status).toBe(200);

        expect(await admin('device', 'revoke', deviceId)).toMatchObject({ code: 0 });
        const refused = await pull();
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringMatching(/revoked/) as unknown } });
        // The other device is untouched.
        expect((await fetch(`${server.url}/v1/pull`, { headers: { Authorization: `Bearer ${second.token}` } })).status).toBe(200);
      } finally {
        await server.close();
        await store.close();
      }

      expect(await admin('device', 'revoke', deviceId)).toMatchObject({ code: 2, err: expect.stringMatching(/No active device with id/) as unknown });
      expect(await admin('device', 'revoke', 'no-such-device')).toMatchObject({ code: 2, err: expect.stringMatching(/No active device with id no-such-device\./) as unknown });
      expect(await admin('device', 'issue', '--email', 'nobody@example.com', '--name', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/No user with email nobody@example.com\./) as unknown });
      expect(await admin('device', 'issue', '--email', 'dana@example.com')).toMatchObject({ code: 2, err: expect.stringMatching(/Missing --name\./) as unknown });
    },
    TIMEOUT,
  );

  it('adds and removes clearances, refusing a bad label', async () => {
    await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam');
    const added = await admin('clearance', 'add', '--email', 'dana@example.com', '--label', 'us-secret');
    expect(added.code).toBe(0);
    expect(json(added)).toEqual({ user: 'dana@example.com', clearances: ['us-secret'] });
    expect(json(await admin('clearance', 'add', '--email', 'dana@example.com', '--label', 'eu-restricted'))).toMatchObject({ clearances: ['eu-restricted', 'us-secret'] });
    // Adding twice changes nothing.
    expect(json(await admin('clearance', 'add', '--email', 'dana@example.com', '--label', 'us-secret'))).toMatchObject({ clearances: ['eu-restricted', 'us-secret'] });
    expect(await withStore(async (s) => (await s.userByEmail('dana@example.com'))?.clearances)).toEqual(['eu-restricted', 'us-secret']);

    expect(json(await admin('clearance', 'remove', '--email', 'dana@example.com', '--label', 'us-secret'))).toMatchObject({ clearances: ['eu-restricted'] });
    expect(await withStore(async (s) => (await s.userByEmail('dana@example.com'))?.clearances)).toEqual(['eu-restricted']);

    expect(await admin('clearance', 'add', '--email', 'dana@example.com', '--label', 'Top Secret')).toMatchObject({ code: 2, err: expect.stringMatching(/Give --label, lower-case letters/) as unknown });
    expect(await admin('clearance', 'add', '--email', 'dana@example.com')).toMatchObject({ code: 2 });
    expect(await admin('clearance', 'add', '--email', 'nobody@example.com', '--label', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/No user with email nobody@example.com\./) as unknown });
    expect(await withStore(async (s) => (await s.userByEmail('dana@example.com'))?.clearances)).toEqual(['eu-restricted']);
  });

  it('prints the usage, and refuses a missing database or an unknown command', async () => {
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
    };
    const help = io();
    expect(await adminMain(['--help'], help.io, {})).toBe(0);
    expect(help.out.join('')).toMatch(/^Usage: fieldbook-server/);
    const none = io();
    expect(await adminMain([], none.io, {})).toBe(2);
    expect(none.out.join('')).toMatch(/^Usage: fieldbook-server/);
    const noDb = io();
    expect(await adminMain(['user', 'list'], noDb.io, {})).toBe(2);
    expect(noDb.err.join('')).toMatch(/Give --data-dir DIR \(SQLite\) or --database-url URL \(PostgreSQL\)\./);
    expect(await admin('user', 'delete')).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown command "user delete"\./) as unknown });
    expect(await admin('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown command "frobnicate"\./) as unknown });
  });

  it(
    'runs as a process through bin/fieldbook-server.mjs, with exit codes and messages on the right streams',
    async () => {
      const bin = (...args: string[]) =>
        new Promise<Run>((resolve) => {
          execFile(process.execPath, ['bin/fieldbook-server.mjs', '--data-dir', dir, ...args], { cwd: REPO_ROOT, env: cleanEnv() }, (error, stdout, stderr) => {
            resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr });
          });
        });
      const [added, usage] = await Promise.all([bin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam'), bin('--help')]);
      expect(added, added.err).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(added.out)).toMatchObject({ email: 'dana@example.com', roles: ['tam'] });
      expect(usage).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: fieldbook-server/) as unknown });

      const [duplicate, issued] = await Promise.all([
        bin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam'),
        bin('device', 'issue', '--email', 'dana@example.com', '--name', 'laptop'),
      ]);
      expect(duplicate).toMatchObject({ code: 2, out: '' });
      expect(duplicate.err).toMatch(/^fieldbook-server: A user with email dana@example.com already exists\./);
      expect(issued.code, issued.err).toBe(0);
      const { token, deviceId } = JSON.parse(issued.out) as { token: string; deviceId: string };
      expect(await withStore((s) => s.deviceByTokenHash(hashToken(token)))).toMatchObject({ id: deviceId, revokedAt: null });
    },
    TIMEOUT,
  );
});
