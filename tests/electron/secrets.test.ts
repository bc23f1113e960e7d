/**
 * Device tokens in the desktop app (issue 6 item 4): kept through safeStorage by the main process's vault,
 * reached by the core in the utility process over the secret bridge, refusing the plaintext fallback.
 * The vault runs on real files in a temp folder; safeStorage is a reversible stand-in (no Electron here);
 * the core, the utility host and the sync server are the real ones.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';
import type { SyncStatus, SyncTargetInfo } from '../../core/api/contract';
import { BridgedSecretStore, isSecretRequest } from '../../core/host/secretBridge';
import type { SecretResult } from '../../core/host/secretBridge';
import { startUtilityHost } from '../../core/host/utilityProcess';
import type { UtilityHost } from '../../core/host/utilityProcess';
import { NO_SECURE_STORAGE, PLAINTEXT_BACKEND, SecretVault, secureStorageRefusal } from '../../electron/secretVault';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { createFakeSafeStorage } from './electronMock';
import { connect, fakeParent } from './utilityHarness';

let dir: string;
let safe: ReturnType<typeof createFakeSafeStorage>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-secrets-'));
  safe = createFakeSafeStorage();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const vault = (platform: NodeJS.Platform = 'linux') => new SecretVault({ dataDir: dir, safeStorage: safe, platform });
const request = (id: number, op: 'get' | 'set' | 'delete', key: string, value?: string) =>
  ({ kind: 'secret', id, op, key, ...(value !== undefined ? { value } : {}) }) as const;

describe('secureStorageRefusal', () => {
  it('accepts a real keyring and the OS stores of Windows and macOS', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      safe.state.backend = backend;
      expect(await secureStorageRefusal(safe, 'linux')).toBeNull();
    }
    // getSelectedStorageBackend is Linux-only: elsewhere its answer does not matter.
    safe.state.backend = 'basic_text';
    expect(await secureStorageRefusal(safe, 'win32')).toBeNull();
    expect(await secureStorageRefusal(safe, 'darwin')).toBeNull();
  });

  it('refuses when encryption is not available at all', async () => {
    safe.state.available = false;
    expect(await secureStorageRefusal(safe, 'win32')).toBe(NO_SECURE_STORAGE);
    safe.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('boom'));
    safe.state.available = true;
    expect(await secureStorageRefusal(safe, 'darwin')).toBe(NO_SECURE_STORAGE);
  });

  it("refuses Linux's plaintext basic_text backend (and the unknown one before ready), with a clear message", async () => {
    safe.state.backend = 'basic_text';
    expect(await secureStorageRefusal(safe, 'linux')).toBe(PLAINTEXT_BACKEND);
    expect(PLAINTEXT_BACKEND).toMatch(/plain text.*basic_text.*Nothing was stored/s);
    safe.state.backend = 'unknown';
    expect(await secureStorageRefusal(safe, 'linux')).toBe(PLAINTEXT_BACKEND);
  });
});

describe('SecretVault', () => {
  it('stores only ciphertext, readable by the user alone, and reads it back', async () => {
    const v = vault();
    expect(await v.handle(request(1, 'set', 'target-a', 'fbd_supersecret'))).toEqual({ kind: 'secret-result', id: 1, ok: true, value: null });
    const file = join(dir, 'secrets', 'target-a.safe');
    expect(readFileSync(file).toString('latin1')).not.toContain('fbd_supersecret');
    if (process.platform !== 'win32') expect(readdirSync(join(dir, 'secrets')).length).toBe(1);
    expect(await v.handle(request(2, 'get', 'target-a'))).toEqual({ kind: 'secret-result', id: 2, ok: true, value: 'fbd_supersecret' });
    expect(await v.handle(request(3, 'get', 'target-missing'))).toEqual({ kind: 'secret-result', id: 3, ok: true, value: null });
    expect(await v.handle(request(4, 'delete', 'target-a'))).toMatchObject({ ok: true });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses to store or read through the plaintext fallback, and writes nothing', async () => {
    const v = vault('linux');
    await v.handle(request(1, 'set', 'target-a', 'fbd_before'));
    safe.state.backend = 'basic_text';
    expect(await v.handle(request(2, 'set', 'target-b', 'fbd_secret'))).toEqual({ kind: 'secret-result', id: 2, ok: false, message: PLAINTEXT_BACKEND });
    expect(existsSync(join(dir, 'secrets', 'target-b.safe'))).toBe(false);
    expect(safe.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(await v.handle(request(3, 'get', 'target-a'))).toEqual({ kind: 'secret-result', id: 3, ok: false, message: PLAINTEXT_BACKEND });
    // Removing a token never needs the key.
    expect(await v.handle(request(4, 'delete', 'target-a'))).toMatchObject({ ok: true });
  });

  it('says what to do when a token was stored by another user or machine', async () => {
    await vault().handle(request(1, 'set', 'target-a', 'fbd_x'));
    safe.decryptStringAsync.mockRejectedValueOnce(new Error('Error while decrypting the ciphertext'));
    const result = await vault().handle(request(2, 'get', 'target-a'));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/could not be decrypted.*Register this device/) as unknown });
  });

  it('refuses names that could leave the secrets folder', async () => {
    expect(await vault().handle(request(1, 'set', '../escape', 'x'))).toMatchObject({ ok: false });
    expect(existsSync(join(dir, 'escape.safe'))).toBe(false);
  });
});

describe('BridgedSecretStore', () => {
  it('matches answers to requests and reports refusals as unavailable errors', async () => {
    const sent: unknown[] = [];
    const store = new BridgedSecretStore((message) => sent.push(message));
    const got = store.get('target-a');
    const set = store.set('target-b', 'v');
    expect(sent).toEqual([request(1, 'get', 'target-a'), request(2, 'set', 'target-b', 'v')]);
    expect(sent.every(isSecretRequest)).toBe(true);
    store.receive({ kind: 'secret-result', id: 2, ok: false, message: 'no keyring' });
    store.receive({ kind: 'secret-result', id: 99, ok: true, value: 'stray' });
    store.receive({ kind: 'secret-result', id: 1, ok: true, value: 'token' });
    await expect(got).resolves.toBe('token');
    await expect(set).rejects.toMatchObject({ code: 'unavailable', message: 'no keyring' });
  });

  it('fails a request the main process never answers, and every waiting one on close', async () => {
    vi.useFakeTimers();
    try {
      const store = new BridgedSecretStore(() => {}, 1000);
      const late = store.get('target-a');
      const assertion = expect(late).rejects.toMatchObject({ code: 'unavailable' });
      vi.advanceTimersByTime(1000);
      await assertion;
      const pending = store.delete('target-b');
      store.close();
      await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
      await expect(store.get('target-c')).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the desktop core registers and syncs through the bridge', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    await server.close();
  });

  /** A core as the utility process runs it, its secrets answered by the vault as the main process does. */
  async function desktopCore(): Promise<Core> {
    const v = vault();
    let store: BridgedSecretStore | null = null;
    store = new BridgedSecretStore((message) => void v.handle(message).then((result: SecretResult) => store?.receive(result)));
    return openCore({ dataDir: dir, host: 'electron', watchIntervalMs: 0, backgroundSync: { debounceMs: 3_600_000, intervalMs: 3_600_000, maxBackoffMs: 3_600_000 }, secrets: store });
  }

  it('registers as a desktop target, keeps the token only as ciphertext, and syncs', async () => {
    const core = await desktopCore();
    try {
      const { token } = await server.addDevice({ email: 'dana@example.com' });
      await core.link.request('accounts.create', { name: 'Acme' });
      const registered = await core.link.request('sync.register', { url: server.url, token });
      expect(registered).toMatchObject({ ok: true, data: { url: server.url, registeredFrom: 'desktop' } });
      const target = (registered as { data: SyncTargetInfo }).data;
      const file = join(dir, 'secrets', `target-${target.id}.safe`);
      expect(readFileSync(file).toString('latin1')).not.toContain(token);
      expect(existsSync(join(dir, 'secrets', `target-${target.id}.secret`))).toBe(false);

      const run = await core.link.request('sync.run', {});
      expect(run).toMatchObject({ ok: true, data: [{ target: server.url, pushed: 1, note: null }] });
      const status = (await core.link.request('sync.status', {})) as { data: SyncStatus };
      expect(status.data).toMatchObject({ unsent: 0, unavailable: null });
    } finally {
      core.close();
    }
  });

  it('refuses registration without secure storage: a clear message, nothing registered, nothing written', async () => {
    safe.state.backend = 'basic_text';
    const core = await desktopCore();
    try {
      const { token } = await server.addDevice({});
      const result = await core.link.request('sync.register', { url: server.url, token });
      expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: PLAINTEXT_BACKEND } });
      expect(await core.link.request('sync.status', {})).toMatchObject({ ok: true, data: { targets: [] } });
      expect(existsSync(join(dir, 'secrets'))).toBe(false);
    } finally {
      core.close();
    }
  });

  it('makes a later pass fail with the refusal on the target, keeping the changes', async () => {
    const core = await desktopCore();
    try {
      await core.link.request('sync.register', { url: server.url, token: (await server.addDevice({})).token });
      await core.link.request('accounts.create', { name: 'Kept' });
      safe.state.available = false;
      expect(await core.link.request('sync.run', {})).toEqual({ ok: false, error: { code: 'unavailable', message: NO_SECURE_STORAGE } });
      const status = (await core.link.request('sync.status', {})) as { data: SyncStatus };
      expect(status.data.unsent).toBe(1);
      expect(status.data.targets[0]?.lastError).toBe(NO_SECURE_STORAGE);
    } finally {
      core.close();
    }
  });
});

describe('the utility host asks the main process for secrets', () => {
  let host: UtilityHost;
  let parent: ReturnType<typeof fakeParent>;
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
    const v = vault();
    // The fake main process answers secret requests with the vault, as CoreProcess does.
    parent = fakeParent((message, reply) => {
      if (message.kind === 'secret') void v.handle(message).then(reply);
    });
    host = startUtilityHost(parent.parentPort, { exit: () => {}, watchIntervalMs: 0 });
  });
  afterEach(async () => {
    host.close();
    parent.close();
    await server.close();
  });

  it('with secrets: true, registration travels to the vault and back', async () => {
    parent.send({ kind: 'init', dataDir: dir, nativeBinding: null, secrets: true });
    await host.ready;
    const renderer = connect(parent);
    try {
      const result = await renderer.request('sync.register', { url: server.url, token: (await server.addDevice({})).token });
      expect(result).toMatchObject({ ok: true, data: { registeredFrom: 'desktop' } });
      expect(parent.fromHost.filter((m) => m.kind === 'secret').map((m) => m.kind === 'secret' && m.op)).toEqual(['set']);
      expect(readdirSync(join(dir, 'secrets')).every((name) => name.endsWith('.safe'))).toBe(true);
    } finally {
      renderer.renderer.close();
    }
  });

  it('without the bridge, the desktop core still refuses to register rather than keep a plaintext file', async () => {
    parent.send({ kind: 'init', dataDir: dir, nativeBinding: null });
    await host.ready;
    const renderer = connect(parent);
    try {
      const result = await renderer.request('sync.register', { url: server.url, token: (await server.addDevice({})).token });
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(existsSync(join(dir, 'secrets'))).toBe(false);
    } finally {
      renderer.renderer.close();
    }
  });
});
