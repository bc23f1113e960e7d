import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import { SyncStateRepo } from '../../core/store/syncState';
import { SyncError, registerTarget, syncTarget } from '../../core/sync/engine';
import { FileSecretStore } from '../../core/sync/secrets';
import { hashToken, newDeviceToken } from '../../server/auth';
import { openServerStore } from '../../server/open';
import type { ServerStore } from '../../server/storage/serverStore';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { REPO_ROOT, cleanEnv, spawnServer } from '../server/spawnServer';
import type { Exit, ServerProcess } from '../server/spawnServer';
import { seededRandom } from '../fixtures/seededRandom';
import { startCuttingProxy } from './cuttingProxy';
import type { CuttingProxy } from './cuttingProxy';
import { testCore } from './helpers';
import { device } from './syncDevices';

const TIMEOUT = 40_000;
const CLI = join(REPO_ROOT, 'bin', 'fieldbook.mjs');

/** Every account this test created on the client, by id. */
type Created = Map<string, string>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Opens the client's data folder, creates the named accounts, and closes it again (as one CLI call would). */
async function addAccounts(dir: string, prefix: string, count: number, created: Created): Promise<void> {
  const client = await testCore(dir);
  try {
    for (let i = 0; i < count; i += 1) {
      const name = `${prefix}-${String(created.size).padStart(5, '0')}`;
      const account = await client.call('accounts.create', { name });
      created.set(account.id, name);
    }
  } finally {
    client.core.close();
  }
}

/** What the server holds: each (device, origin_seq) once, and every account created with its name. */
async function expectExactlyOnce(db: ServerStore['db'], deviceId: string, created: Created): Promise<void> {
  const duplicates = await db.query<{ device_id: string; origin_seq: number; n: number }>(
    'SELECT device_id, origin_seq, count(*) AS n FROM changes GROUP BY device_id, origin_seq HAVING count(*) > 1',
  );
  expect(duplicates).toEqual([]);
  const [seqs] = await db.query<{ n: number; distinct_n: number; low: number; high: number }>(
    'SELECT count(*) AS n, count(DISTINCT origin_seq) AS distinct_n, min(origin_seq) AS low, max(origin_seq) AS high FROM changes WHERE device_id = ?',
    [deviceId],
  );
  // One op per account created: origin_seq 1..N, each once, none missing.
  expect(seqs).toEqual({ n: created.size, distinct_n: created.size, low: 1, high: created.size });
  const [device] = await db.query<{ last_origin_seq: number }>('SELECT last_origin_seq FROM devices WHERE id = ?', [deviceId]);
  expect(Number(device?.last_origin_seq)).toBe(created.size);
  const records = await db.query<{ id: string; fields: string }>(`SELECT id, fields FROM records WHERE tbl = 'accounts'`);
  const onServer = new Map(records.map((r) => [r.id, (JSON.parse(r.fields) as { name?: { value: unknown } }).name?.value]));
  expect(onServer.size).toBe(created.size);
  const wrong = [...created].filter(([id, name]) => onServer.get(id) !== name);
  expect(wrong).toEqual([]);
}

/** After a final clean sync the client holds nothing unsent, nothing queued and nothing refused. */
async function expectClientDrained(dir: string): Promise<void> {
  const client = await testCore(dir);
  try {
    const repo = new SyncStateRepo(client.core.store);
    const [target] = repo.listTargets();
    expect(target).toBeDefined();
    expect(repo.unsentCount()).toBe(0);
    expect(repo.pendingCount(target?.id ?? '')).toBe(0);
    expect(repo.rejections()).toEqual([]);
    expect(target?.lastError).toBeNull();
  } finally {
    client.core.close();
  }
}

interface CliRun {
  exited: Promise<Exit>;
  kill(): void;
  stdout(): string;
  stderr(): string;
}

function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    stdout: () => out,
    stderr: () => err,
  };
}

describe('sync under faults: every change reaches the server exactly once', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  it(
    'survives the client process being SIGKILLed at random points of a sync',
    async () => {
      const random = seededRandom(0x5eed01);
      const server: TestServer = await startTestServer(sqliteBackend);
      cleanups.push(() => server.close());
      // A pass-through proxy: it only tells when the client starts talking, so kills land inside the pass.
      const proxy: CuttingProxy = await startCuttingProxy({ target: server.url, seed: 1 });
      cleanups.push(() => proxy.close());
      const registered = await server.addDevice({ email: 'killed@example.com' });
      const dir = tempDir('fieldbook-faults-kill-');
      const created: Created = new Map();
      await addAccounts(dir, 'Killed', 1500, created);
      const said: string[] = [];
      const io = { out: (text: string) => said.push(text), err: (text: string) => said.push(text) };
      expect(await main(['--data-dir', dir, 'device', 'register', '--server', proxy.url, '--token', registered.token], io), said.join('\n')).toBe(0);

      let killedMidPass = 0;
      for (let round = 0; round < 7; round += 1) {
        const connected = proxy.nextConnection().then(() => 'connected' as const);
        const run = runCli(['--data-dir', dir, 'sync']);
        cleanups.push(() => run.kill());
        const first = await Promise.race([connected, run.exited.then(() => 'exited' as const)]);
        if (first === 'connected') {
          await sleep(Math.floor(random() * 300));
          run.kill();
        }
        const exit = await run.exited;
        if (exit.signal === 'SIGKILL') killedMidPass += 1;
        else expect(exit, run.stderr()).toEqual({ code: 0, signal: null });
        // Sometimes a handful, sometimes most of a batch: later kills land in pushes as well as in pulls.
        await addAccounts(dir, 'Killed', 1 + Math.floor(random() * (random() < 0.5 ? 5 : 400)), created);
      }
      expect(killedMidPass).toBeGreaterThan(0);

      const last = runCli(['--data-dir', dir, 'sync']);
      cleanups.push(() => last.kill());
      expect(await last.exited, last.stderr()).toEqual({ code: 0, signal: null });
      expect(last.stdout()).toMatch(/sent \d+, refused 0/);
      await expectExactlyOnce(server.store.db, registered.deviceId, created);
      await expectClientDrained(dir);
    },
    TIMEOUT,
  );

  it(
    'survives connections cut at random byte offsets, mid-request and mid-response',
    async () => {
      const random = seededRandom(0x5eed02);
      const server = await startTestServer(sqliteBackend);
      cleanups.push(() => server.close());
      const proxy = await startCuttingProxy({
        target: server.url,
        seed: 0x5eed03,
        cutProbability: 1,
        // About the size of the traffic of the first pass (a push of 500 ops is ~0.4 MB): cuts land inside it.
        maxRequestBytes: 800_000,
        maxResponseBytes: 1_200_000,
      });
      cleanups.push(() => proxy.close());
      const registered = await server.addDevice({ email: 'cut@example.com' });
      const dir = tempDir('fieldbook-faults-cut-');
      const created: Created = new Map();
      await addAccounts(dir, 'Cut', 800, created);
      const client = await testCore(dir);
      cleanups.push(() => client.core.close());
      const secrets = new FileSecretStore(dir);
      const store = client.core.store;

      proxy.setCutting(false);
      await registerTarget(store, secrets, { url: proxy.url, token: registered.token, from: 'cli' });
      proxy.setCutting(true);
      const target = () => {
        const [t] = new SyncStateRepo(store).listTargets();
        if (!t) throw new Error('not registered');
        return t;
      };

      const ROUNDS = 20;
      const failures: string[] = [];
      let successes = 0;
      let unacknowledged = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i += 1) {
          const name = `Cut-${String(created.size).padStart(5, '0')}`;
          const account = await client.call('accounts.create', { name });
          created.set(account.id, name);
        }
        try {
          await syncTarget(store, secrets, target());
          successes += 1;
        } catch (error) {
          // A cut is an unavailable server to the client, never another kind of failure.
          expect(error, String(error)).toBeInstanceOf(SyncError);
          expect((error as SyncError).code).toBe('unavailable');
          failures.push((error as Error).message);
          // A push the server committed but whose answer was cut: the client must resend it as a duplicate.
          const [held] = await server.store.db.query<{ last_origin_seq: number }>('SELECT last_origin_seq FROM devices WHERE id = ?', [registered.deviceId]);
          if (Number(held?.last_origin_seq) > target().ackedThrough) unacknowledged += 1;
        }
      }
      // Both kinds of cut happened: requests the server never read whole, and answers lost after it committed.
      expect(proxy.cuts.request, JSON.stringify(proxy.cuts)).toBeGreaterThan(0);
      expect(proxy.cuts.response, JSON.stringify(proxy.cuts)).toBeGreaterThan(0);
      expect(failures.length).toBeGreaterThan(0);
      expect(successes, failures.join('\n')).toBeGreaterThan(0);
      expect(unacknowledged).toBeGreaterThan(0);

      proxy.setCutting(false);
      expect(await syncTarget(store, secrets, target())).toMatchObject({ rejected: 0, pending: 0 });
      await expectExactlyOnce(server.store.db, registered.deviceId, created);
      client.core.close();
      cleanups.pop();
      await expectClientDrained(dir);
      expect(successes + failures.length).toBe(ROUNDS);
    },
    TIMEOUT,
  );

  it(
    'survives the server process being SIGKILLed mid-batch and restarted on the same data',
    async () => {
      const random = seededRandom(0x5eed04);
      const serverDir = tempDir('fieldbook-faults-server-');
      const admin = await openServerStore({ dataDir: serverDir });
      const user = await admin.addUser({ email: 'restart@example.com', name: 'Restart', roles: ['tam'], clearances: [], homeRegion: 'eu' });
      const token = newDeviceToken();
      const device = await admin.addDevice(user.id, 'restart laptop', hashToken(token));
      await admin.close();

      const servers: ServerProcess[] = [];
      cleanups.push(async () => {
        for (const s of servers) await s.stop('SIGKILL');
      });
      const start = (port: number) => {
        const s = spawnServer(['--port', String(port), '--data-dir', serverDir, '--residency', 'global', '--residency', 'eu']);
        servers.push(s);
        return s;
      };
      const first = start(0);
      const url = await first.listening;
      const port = Number(new URL(url).port);

      const dir = tempDir('fieldbook-faults-restart-');
      const created: Created = new Map();
      await addAccounts(dir, 'Restart', 3000, created);
      const client = await testCore(dir);
      cleanups.push(() => client.core.close());
      const secrets = new FileSecretStore(dir);
      const store = client.core.store;
      await registerTarget(store, secrets, { url, token, from: 'cli' });

      // The server dies a little after the second batch was sent: the pass is under way, a batch likely mid-transaction.
      let pushes = 0;
      const killing: typeof fetch = (input, init) => {
        if (String(input instanceof Request ? input.url : input).includes('/v1/push')) {
          pushes += 1;
          if (pushes === 2) setTimeout(() => first.child.kill('SIGKILL'), Math.floor(random() * 100));
        }
        return fetch(input, init);
      };
      const [target] = new SyncStateRepo(store).listTargets();
      if (!target) throw new Error('not registered');
      await expect(syncTarget(store, secrets, target, killing)).rejects.toMatchObject({ code: 'unavailable' });
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const repo = new SyncStateRepo(store);
      expect(repo.pendingCount(target.id)).toBeGreaterThan(0);

      // Start again on the same data; on the same port when it is free, else on a new one the client is told about.
      let second = start(port);
      let restartedUrl = await second.listening.catch(() => null);
      if (restartedUrl === null) {
        second = start(0);
        restartedUrl = await second.listening;
        store.db.prepare('UPDATE sync_targets SET url = ? WHERE id = ?').run(restartedUrl, target.id);
      }
      for (let i = 0; i < 3; i += 1) {
        const name = `Restart-${String(created.size).padStart(5, '0')}`;
        const account = await client.call('accounts.create', { name });
        created.set(account.id, name);
      }
      const [moved] = repo.listTargets();
      if (!moved) throw new Error('not registered');
      expect(await syncTarget(store, secrets, moved)).toMatchObject({ rejected: 0, pending: 0 });
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      const check = await openServerStore({ dataDir: serverDir });
      try {
        await expectExactlyOnce(check.db, device.id, created);
      } finally {
        await check.close();
      }
      client.core.close();
      cleanups.pop();
      await expectClientDrained(dir);
    },
    TIMEOUT,
  );
});

describe('sync under faults: a refused change stays visible', () => {
  it('keeps the refusal when the answer to the push that refused it is lost', async () => {
    const server = await startTestServer(sqliteBackend);
    const client = await device(server, 'lost-answer@example.com');
    try {
      await client.call('accounts.create', { name: 'Open Account' });
      await client.call('accounts.create', { name: 'Cleared Program', clearance: 'us-secret' });
      // The server commits the push (and its refusal); the answer never reaches the client.
      let pushes = 0;
      const losing: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (String(input instanceof Request ? input.url : input).includes('/v1/push') && (pushes += 1) === 1) {
          await res.arrayBuffer();
          throw new TypeError('fetch failed');
        }
        return res;
      };
      const [target] = client.repo.listTargets();
      if (!target) throw new Error('not registered');
      await expect(syncTarget(client.core.store, client.secrets, target, losing)).rejects.toMatchObject({ code: 'unavailable' });
      expect(await client.sync()).toMatchObject({ pending: 0 });
      expect(client.repo.unsentCount()).toBe(0);
      // The change was refused for its clearance: the user must still be told, as when the answer arrives.
      expect(client.repo.rejections()).toEqual([expect.objectContaining({ table: 'accounts', code: 'forbidden' })]);
    } finally {
      client.close();
      await server.close();
    }
  });
});
