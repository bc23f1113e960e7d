import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import { adminMain } from '../../server/admin';
import { openServerStore } from '../../server/open';
import { REPO_ROOT, cleanEnv } from '../server/spawnServer';
import { tempDir } from './helpers';

interface Run {
  code: number;
  out: string;
  err: string;
}

const TIMEOUT = 30_000;

/** Both commands in-process, as their bins run them, over a real SQLite server folder and a real device folder. */
describe('bundles from the command line: fieldbook and fieldbook-server', () => {
  let serverDir: ReturnType<typeof tempDir>;
  let deviceDir: ReturnType<typeof tempDir>;
  let media: ReturnType<typeof tempDir>;
  beforeEach(() => {
    serverDir = tempDir('fieldbook-bundle-server-');
    deviceDir = tempDir('fieldbook-bundle-device-');
    media = tempDir('fieldbook-usb-stick-');
  });
  afterEach(() => {
    serverDir.cleanup();
    deviceDir.cleanup();
    media.cleanup();
  });

  async function admin(...args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await adminMain(['--data-dir', serverDir.dir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  async function fieldbook(...args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', deviceDir.dir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const file = (name: string) => join(media.dir, name);
  const fingerprintIn = (text: string) => /fingerprint: ((?:[0-9a-f]{4} ){9}[0-9a-f]{4})/.exec(text)?.[1];

  it('exchanges keys with fingerprints to compare, then changes both ways, and says what moved', async () => {
    expect((await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam')).code).toBe(0);
    // The server's keys: the public key file goes to the device on the stick; the fingerprint is read out.
    const serverKeys = await admin('bundle', 'keys', 'create', '--name', 'EU enclave', '--residency', 'eu', '--residency', 'global', '--region', 'eu', '--out', file('server.keys.json'));
    expect(serverKeys).toMatchObject({ code: 0, err: '' });
    const serverPrint = fingerprintIn(serverKeys.out);
    expect(serverPrint).toBeDefined();
    expect(serverKeys.out).toMatch(/may hold: eu, global/);
    expect(readFileSync(file('server.keys.json'), 'utf8')).not.toMatch(/"d"/);
    expect((await admin('bundle', 'keys', 'create', '--name', 'Again')).err).toMatch(/already has bundle keys .* pass --replace/);

    // The device's keys, and trusting the server's file: both sides print the fingerprints to compare.
    const deviceKeys = await fieldbook('bundle', 'keys', 'create', '--name', 'Dana laptop', '--out', file('device.keys.json'));
    expect(deviceKeys.code).toBe(0);
    const devicePrint = fingerprintIn(deviceKeys.out);
    const trusted = await fieldbook('bundle', 'keys', 'trust', file('server.keys.json'));
    expect(trusted.code).toBe(0);
    expect(trusted.out).toContain(`Its fingerprint: ${serverPrint}`);
    const enrol = await admin('bundle', 'keys', 'enrol', file('device.keys.json'), '--email', 'dana@example.com');
    expect(enrol.code).toBe(0);
    expect(enrol.out).toContain(devicePrint);
    expect((await admin('bundle', 'devices')).out).toContain('Dana laptop (bundles)');

    // Changes out: two accounts, one of a residency this server may not hold.
    expect((await fieldbook('accounts', 'add', '--name', 'Contoso Bank', '--residency', 'eu')).code).toBe(0);
    expect((await fieldbook('accounts', 'add', '--name', 'Singapore Sovereign', '--residency', 'sg')).code).toBe(0);
    const exported = await fieldbook('bundle', 'export', '--target', 'EU enclave', '--out', file('to-server.fbbundle'));
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(exported.out).toMatch(/Wrote bundle #1 for EU enclave to .*to-server\.fbbundle: 1 change\(s\)\. They stay here until the server’s answer is imported\./);
    expect((await fieldbook('bundle', 'list')).out).toMatch(/EU enclave \(.*\), may hold eu, global: 1 change\(s\) waiting; last import never/);

    const imported = await admin('bundle', 'import', file('to-server.fbbundle'), '--out', file('answer.fbbundle'), '--residency', 'eu', '--residency', 'global');
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toMatch(/From Dana laptop \(bundles\) \(dana@example\.com\): bundle #1 with 1 change\(s\): applied 1, already here 0, refused 0\./);
    expect(imported.out).toMatch(/Answer #1 written to .*answer\.fbbundle: acknowledges through 1; carries 1 change\(s\)/);

    const answer = await fieldbook('bundle', 'import', file('answer.fbbundle'));
    expect(answer).toMatchObject({ code: 0, err: '' });
    expect(answer.out).toMatch(/^From EU enclave \(bundle #1\): 1 of your change\(s\) acknowledged; received 0 change\(s\)\.\n0 change\(s\) still wait for EU enclave\.$/);
    // Imported twice: nothing changes, and it says so.
    expect((await fieldbook('bundle', 'import', file('answer.fbbundle'))).out).toMatch(/was imported on .*; nothing changed/);
    const status = JSON.parse((await fieldbook('sync', '--status', '--json')).out) as { unsent: number; targets: Array<{ kind: string; pending: number }> };
    expect(status).toMatchObject({ unsent: 1, targets: [{ kind: 'bundle', pending: 0 }] });

    const store = await openServerStore({ dataDir: serverDir.dir });
    try {
      const records = JSON.stringify(await store.db.query('SELECT fields FROM records'));
      expect(records).toContain('Contoso Bank');
      expect(records).not.toContain('Singapore Sovereign');
    } finally {
      await store.close();
    }
  }, TIMEOUT);

  it('refuses a damaged or foreign file with a clear message and a failing exit code, changing nothing', async () => {
    await admin('user', 'add', '--email', 'dana@example.com', '--name', 'Dana', '--role', 'tam');
    await admin('bundle', 'keys', 'create', '--name', 'EU enclave', '--out', file('server.keys.json'));
    await fieldbook('bundle', 'keys', 'create', '--out', file('device.keys.json'));
    await fieldbook('bundle', 'keys', 'trust', file('server.keys.json'));
    await admin('bundle', 'keys', 'enrol', file('device.keys.json'), '--email', 'dana@example.com');
    await fieldbook('accounts', 'add', '--name', 'Contoso Bank');
    await fieldbook('bundle', 'export', '--target', 'EU enclave', '--out', file('to-server.fbbundle'));
    const bytes = readFileSync(file('to-server.fbbundle'));
    writeFileSync(file('cut.fbbundle'), bytes.subarray(0, bytes.length - 30));
    const changed = Buffer.from(bytes);
    changed[changed.length - 90] = (changed[changed.length - 90] ?? 0) ^ 0xff;
    writeFileSync(file('changed.fbbundle'), changed);

    const cut = await admin('bundle', 'import', file('cut.fbbundle'), '--out', file('answer.fbbundle'));
    expect(cut).toMatchObject({ code: 1, out: '' });
    expect(cut.err).toMatch(/^fieldbook-server: This bundle is cut short: \d+ of \d+ bytes\. Copy it again from the original\.$/);
    const tampered = await admin('bundle', 'import', file('changed.fbbundle'), '--out', file('answer.fbbundle'));
    expect(tampered.err).toMatch(/signature does not match .* Nothing was imported\./);
    expect(() => readFileSync(file('answer.fbbundle'))).toThrow();
    // The device's own bundle given back to it.
    const own = await fieldbook('bundle', 'import', file('to-server.fbbundle'));
    expect(own.code).toBe(1);
    expect(own.err).toMatch(/^fieldbook: This bundle is addressed to EU enclave .*, not to this device/);
    expect((await fieldbook('bundle', 'import', file('missing.fbbundle'))).err).toMatch(/Cannot read .*missing\.fbbundle: no such file/);
    expect((await fieldbook('bundle', 'export', '--target', 'nowhere', '--out', file('x')))).toMatchObject({ code: 1, err: expect.stringMatching(/No bundle server matches "nowhere"\. Known: EU enclave\./) as unknown });
    expect((await fieldbook('bundle', 'export', '--out', file('x'))).code).toBe(2);
    const store = await openServerStore({ dataDir: serverDir.dir });
    try {
      expect(await store.db.query('SELECT count(*) AS n FROM records')).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  }, TIMEOUT);

  it('runs from the installed bin: fieldbook-server bundle keys show prints the key file and its fingerprint', async () => {
    await admin('bundle', 'keys', 'create', '--name', 'EU enclave');
    const run = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile('node', [join(REPO_ROOT, 'bin', 'fieldbook-server.mjs'), '--data-dir', serverDir.dir, 'bundle', 'keys', 'show'], { env: cleanEnv(), cwd: REPO_ROOT }, (error, stdout) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/"format": "fieldbook-bundle-keys"/);
    expect(run.out).toMatch(/fingerprint: ([0-9a-f]{4} ){9}[0-9a-f]{4}/);
  }, TIMEOUT);
});
