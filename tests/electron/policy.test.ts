/**
 * The administrator's policy file: where it is looked for, the environment override, a good, a bad and a
 * missing file, and what the core enforces and shows from it (app.policy, locked sync servers).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../core/api/core';
import type { ManagedSettings } from '../../core/api/contract';
import { loadPolicy, managedSettings, parsePolicy, POLICY_ENV, PolicyError, standardPolicyPath } from '../../core/host/policy';
import { sqliteBackend, startTestServer } from '../server/harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-policy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FULL = {
  version: 1,
  sync: {
    servers: [
      { url: 'https://sync-eu.corp.example/', region: 'eu-west', label: 'EU' },
      { url: 'https://sync-us.corp.example', region: 'us-east' },
    ],
    locked: true,
  },
  timer: { forgottenAfterHours: 10, idleAfterMinutes: 15 },
  updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/' },
};

function writePolicy(content: unknown, name = 'policy.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The error a loader call throws, as a PolicyError. */
function policyError(run: () => unknown): PolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('no PolicyError was thrown');
}

describe('where the policy file is', () => {
  it('uses each OS’s admin-writable location', () => {
    expect(standardPolicyPath('linux', {})).toBe('/etc/fieldbook/policy.json');
    expect(standardPolicyPath('darwin', {})).toBe('/Library/Application Support/Fieldbook/policy.json');
    expect(standardPolicyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Fieldbook\\policy.json');
    expect(standardPolicyPath('win32', {})).toBe('C:\\ProgramData\\Fieldbook\\policy.json');
  });

  it('reads the standard location when present, and manages nothing when it is absent', () => {
    const reads: string[] = [];
    const present = loadPolicy({
      platform: 'linux',
      env: {},
      exists: (path) => path === '/etc/fieldbook/policy.json',
      readFile: (path) => {
        reads.push(path);
        return JSON.stringify({ version: 1, updates: { enabled: false } });
      },
    });
    expect(reads).toEqual(['/etc/fieldbook/policy.json']);
    expect(present).toEqual({ policy: { version: 1, updates: { enabled: false } }, source: '/etc/fieldbook/policy.json' });

    const absent = loadPolicy({ platform: 'linux', env: {}, exists: () => false, readFile: () => 'unused' });
    expect(absent).toEqual({ policy: null, source: null });
    expect(managedSettings(absent)).toEqual({ source: null, sync: null, timer: null, updates: null });
  });

  it(`lets ${POLICY_ENV} name another file, which then must exist`, () => {
    const path = writePolicy(FULL);
    const loaded = loadPolicy({ platform: 'linux', env: { [POLICY_ENV]: path } });
    expect(loaded.source).toBe(path);
    expect(loaded.policy?.sync?.locked).toBe(true);

    const missing = join(dir, 'nope.json');
    const error = policyError(() => loadPolicy({ platform: 'linux', env: { [POLICY_ENV]: missing } }));
    expect(error.path).toBe(missing);
    expect(error.message).toContain(`${POLICY_ENV} names this file, but it does not exist`);
  });
});

describe('a good policy', () => {
  it('becomes the managed settings the app shows and enforces', () => {
    const path = writePolicy(FULL);
    expect(managedSettings(loadPolicy({ platform: 'linux', env: { [POLICY_ENV]: path } }))).toEqual({
      source: path,
      sync: {
        servers: [
          { url: 'https://sync-eu.corp.example', region: 'eu-west', label: 'EU' },
          { url: 'https://sync-us.corp.example', region: 'us-east', label: null },
        ],
        locked: true,
      },
      timer: { forgottenAfterHours: 10, idleAfterMinutes: 15 },
      updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/', checkIntervalHours: 6 },
    } satisfies ManagedSettings);
  });

  it('manages only the parts it names', () => {
    expect(managedSettings({ policy: parsePolicy('{"version":1,"timer":{"forgottenAfterHours":8}}', 'p'), source: 'p' })).toEqual({
      source: 'p',
      sync: null,
      timer: { forgottenAfterHours: 8, idleAfterMinutes: null },
      updates: null,
    });
  });
});

describe('a bad policy', () => {
  it('that is not JSON names the file and says so', () => {
    const path = writePolicy('{ "version": 1, ');
    const error = policyError(() => loadPolicy({ platform: 'linux', env: { [POLICY_ENV]: path } }));
    expect(error.message).toMatch(new RegExp(`policy file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used`));
    expect(error.problems[0]).toMatch(/^it is not valid JSON/);
    expect(error.message).toMatch(/Fieldbook will not start without it/);
  });

  it('lists every problem with where it is', () => {
    const error = policyError(() =>
      parsePolicy(
        JSON.stringify({
          version: 2,
          sync: { servers: [{ url: 'ftp://files.corp.example' }, { url: 'https://user:pw@sync.corp.example' }], locked: 'yes' },
          timer: { forgottenAfterHours: 99 },
          updates: { enabled: true, url: 'http://updates.corp.example/' },
          colour: 'blue',
        }),
        '/etc/fieldbook/policy.json',
      ),
    );
    const text = error.problems.join('\n');
    expect(text).toContain('version: must be 1');
    expect(text).toMatch(/sync\.servers\[0\]\.url: must be an https:\/\/ address/);
    expect(text).toMatch(/sync\.servers\[1\]\.url: .*without a user name or password/);
    expect(text).toMatch(/sync\.locked: /);
    expect(text).toMatch(/timer\.forgottenAfterHours: /);
    expect(text).toMatch(/updates\.url: must be an https:\/\/ address/);
    expect(text).toContain('the file: unknown setting colour');
  });

  it('refuses a lock with no server to sync with, and http except to this machine', () => {
    expect(policyError(() => parsePolicy('{"version":1,"sync":{"servers":[],"locked":true}}', 'p')).problems).toEqual([
      'sync: locks registration but lists no server',
    ]);
    expect(parsePolicy('{"version":1,"sync":{"servers":[{"url":"http://127.0.0.1:4790"}]}}', 'p').sync?.servers[0]?.url).toBe('http://127.0.0.1:4790');
    expect(() => parsePolicy('{"version":1,"sync":{"servers":[{"url":"http://sync.corp.example"}]}}', 'p')).toThrow(PolicyError);
  });

  it('that is huge or unreadable is refused before parsing', () => {
    const huge = writePolicy(`{"version":1,"pad":"${'x'.repeat(300 * 1024)}"}`);
    expect(policyError(() => loadPolicy({ platform: 'linux', env: { [POLICY_ENV]: huge } })).problems[0]).toMatch(/larger than 256 KiB/);
    const unreadable = policyError(() =>
      loadPolicy({
        platform: 'linux',
        env: {},
        exists: () => true,
        readFile: () => {
          throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        },
      }),
    );
    expect(unreadable.problems).toEqual(['it cannot be read (EACCES)']);
  });
});

describe('the core with managed settings', () => {
  const managed = (): ManagedSettings =>
    managedSettings({ policy: parsePolicy(JSON.stringify({ ...FULL, sync: { servers: [{ url: 'https://sync.corp.example', region: 'eu-west' }], locked: true } }), 'p'), source: 'p' });

  it('answers app.policy with them, and with nothing managed when there is no policy', async () => {
    const withPolicy = await openCore({ dataDir: join(dir, 'a'), host: 'in-process', watchIntervalMs: 0, policy: managed() });
    const without = await openCore({ dataDir: join(dir, 'b'), host: 'in-process', watchIntervalMs: 0 });
    try {
      expect(await withPolicy.link.request('app.policy', {})).toEqual({ ok: true, data: managed() });
      expect(await without.link.request('app.policy', {})).toEqual({ ok: true, data: { source: null, sync: null, timer: null, updates: null } });
    } finally {
      withPolicy.close();
      without.close();
    }
  });

  it('refuses to register with a server the locked policy does not list, naming the allowed ones', async () => {
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0, policy: managed() });
    try {
      expect(await core.link.request('sync.register', { url: 'https://elsewhere.example', token: 'fbd_x' })).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Your administrator allows this device to sync only with: https://sync.corp.example.',
          details: { allowed: ['https://sync.corp.example'] },
        },
      });
    } finally {
      core.close();
    }
  });

  it('registers with a listed server only when it reports the region the policy expects', async () => {
    const server = await startTestServer(sqliteBackend);
    const policyFor = (region: string): ManagedSettings => ({
      source: 'p',
      sync: { servers: [{ url: server.url, region, label: null }], locked: true },
      timer: null,
      updates: null,
    });
    const health = (await (await fetch(`${server.url}/v1/health`)).json()) as { region: string };
    const wrong = await openCore({ dataDir: join(dir, 'wrong'), host: 'in-process', watchIntervalMs: 0, policy: policyFor('somewhere-else') });
    const right = await openCore({ dataDir: join(dir, 'right'), host: 'in-process', watchIntervalMs: 0, policy: policyFor(health.region) });
    try {
      const refused = await wrong.link.request('sync.register', { url: `${server.url}/`, token: (await server.addDevice({})).token });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/set it up for "somewhere-else"\. Nothing was registered/) as unknown } });
      expect(await wrong.link.request('sync.status', {})).toMatchObject({ ok: true, data: { targets: [] } });
      const accepted = await right.link.request('sync.register', { url: server.url, token: (await server.addDevice({})).token });
      expect(accepted).toMatchObject({ ok: true, data: { url: server.url, region: health.region } });
    } finally {
      wrong.close();
      right.close();
      await server.close();
    }
  });
});
