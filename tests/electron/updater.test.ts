/**
 * Updates: the one gate (off by default, on only by policy, never in development, never on Windows without
 * a publisher to verify against), the feed configuration the app writes for electron-updater, and the
 * Windows signature check that fails closed.
 */
import { EventEmitter } from 'node:events';
import type { ManagedSettings } from '../../core/api/contract';
import { decideUpdates, failClosedVerifier, judgeAuthenticode, parseDistinguishedName, startUpdates, updateConfig } from '../../electron/updater';
import type { UpdateDecision, UpdaterLike } from '../../electron/updater';

const FEED = { enabled: true, url: 'https://updates.corp.example/fieldbook/', checkIntervalHours: 6 } as const;
const PUBLISHER = 'CN=Example Corp, O=Example Corp, L=Springfield, C=US';

function gate(policy: ManagedSettings['updates'], overrides: Partial<Parameters<typeof decideUpdates>[0]> = {}): UpdateDecision {
  return decideUpdates({ policy, isPackaged: true, platform: 'linux', publisherNames: [PUBLISHER], ...overrides });
}

describe('the update gate', () => {
  it('is off without a policy, and when the policy turns updates off', () => {
    expect(gate(null)).toEqual({ enabled: false, reason: 'Updates are off: no administrator policy turns them on.' });
    expect(gate({ enabled: false })).toEqual({ enabled: false, reason: 'Your administrator turned updates off.' });
  });

  it('is on, from the policy’s feed, only in an installed build', () => {
    expect(gate(FEED, { isPackaged: false })).toMatchObject({ enabled: false, reason: expect.stringMatching(/only to an installed build/) as unknown });
    expect(gate(FEED)).toEqual({ enabled: true, feedUrl: FEED.url, checkIntervalHours: 6, publisherNames: [PUBLISHER] });
    expect(gate(FEED, { platform: 'darwin', publisherNames: [] })).toMatchObject({ enabled: true });
  });

  it('stays off on Windows when the build names no publisher to verify installers against', () => {
    expect(gate(FEED, { platform: 'win32', publisherNames: [] })).toMatchObject({ enabled: false, reason: expect.stringMatching(/names no Windows publisher/) as unknown });
    expect(gate(FEED, { platform: 'win32' })).toMatchObject({ enabled: true, publisherNames: [PUBLISHER] });
  });

  it('writes a generic-provider feed configuration carrying the publisher names', () => {
    const decision = gate(FEED);
    if (!decision.enabled) throw new Error('expected updates on');
    expect(updateConfig(decision)).toEqual({ provider: 'generic', url: FEED.url, updaterCacheDirName: 'fieldbook-updater', publisherName: [PUBLISHER] });
    expect(updateConfig({ ...decision, publisherNames: [] })).not.toHaveProperty('publisherName');
  });
});

/** Stands in for electron-updater's autoUpdater: records what the module sets. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  updateConfigPath: string | null = null;
  logger: UpdaterLike['logger'] = null;
  verifyUpdateCodeSignature?: (publisherNames: string[], path: string) => Promise<string | null>;
  disableWebInstaller?: boolean;
  readonly checkForUpdates = vi.fn(() => Promise.resolve(null));
}

describe('startUpdates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function start(platform: NodeJS.Platform) {
    const decision = gate(FEED, { platform });
    if (!decision.enabled) throw new Error('expected updates on');
    const updater = new FakeUpdater();
    const written: Array<[string, string]> = [];
    const ready: string[] = [];
    const logged: string[] = [];
    const running = startUpdates({
      decision,
      updater,
      platform,
      configPath: '/user/fieldbook-update.yml',
      writeFile: (path, text) => written.push([path, text]),
      onReady: (version) => ready.push(version),
      log: (level, message) => logged.push(`${level}: ${message}`),
      firstCheckMs: 1000,
    });
    return { updater, written, ready, logged, running };
  }

  it('points electron-updater at the feed the app wrote, downloads automatically, never downgrades', () => {
    const { updater, written, running } = start('linux');
    expect(written).toEqual([['/user/fieldbook-update.yml', `${JSON.stringify(updateConfig(gate(FEED) as Extract<UpdateDecision, { enabled: true }>), null, 2)}\n`]]);
    expect(updater).toMatchObject({ updateConfigPath: '/user/fieldbook-update.yml', autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: false });
    // Only Windows installers get the Authenticode check.
    expect(updater.verifyUpdateCodeSignature).toBeUndefined();
    running.stop();
  });

  it('checks after the first delay and then on the policy’s interval, and says when an update is ready', async () => {
    const { updater, ready, running } = start('linux');
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(6 * 3_600_000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(ready).toEqual(['0.2.0']);
    running.stop();
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('logs a failed check instead of throwing', async () => {
    const { updater, logged, running } = start('linux');
    updater.checkForUpdates.mockRejectedValueOnce(new Error('feed unreachable'));
    await running.check();
    updater.emit('error', new Error('bad yml'));
    expect(logged).toEqual(['warn: update check failed: feed unreachable', 'warn: update check failed: bad yml']);
  });

  it('on Windows, installs the fail-closed verifier and refuses web installers', async () => {
    const { updater, running } = start('win32');
    expect(updater.disableWebInstaller).toBe(true);
    expect(typeof updater.verifyUpdateCodeSignature).toBe('function');
    // No PowerShell here: the check errors, and an error is a refusal.
    await expect(updater.verifyUpdateCodeSignature?.([PUBLISHER], 'C:\\Temp\\Fieldbook-Setup.exe')).resolves.toMatch(/could not be checked/);
    running.stop();
  });
});

describe('the Windows signature check', () => {
  const file = 'C:\\Users\\dana\\AppData\\Local\\fieldbook-updater\\pending\\Fieldbook-Setup-0.2.0.exe';
  const signed = (subject: string, status = 0, path = file) => JSON.stringify({ Status: status, StatusMessage: 'Signature verified.', Path: path, SignerCertificate: { Subject: subject } });

  it('accepts a valid signature by the configured publisher (full DN or common name)', () => {
    expect(judgeAuthenticode(signed('CN=Example Corp, O=Example Corp, L=Springfield, C=US'), file, [PUBLISHER])).toBeNull();
    expect(judgeAuthenticode(signed('CN=Example Corp, O=Example Corp, C=US'), file, ['Example Corp'])).toBeNull();
    expect(judgeAuthenticode(signed('CN="Example, Corp", O=Example Corp'), file, ['CN="Example, Corp"'])).toBeNull();
  });

  it('rejects unsigned, tampered, wrongly signed and unreadable answers', () => {
    expect(judgeAuthenticode(JSON.stringify({ Status: 2, StatusMessage: 'The file is not digitally signed.', Path: file, SignerCertificate: null }), file, [PUBLISHER])).toMatch(/not validly signed \(The file is not digitally signed\.\)/);
    expect(judgeAuthenticode(signed(PUBLISHER, 1), file, [PUBLISHER])).toMatch(/not validly signed/);
    expect(judgeAuthenticode(signed('CN=Evil Corp, O=Evil Corp, L=Springfield, C=US'), file, [PUBLISHER])).toMatch(/signed by "CN=Evil Corp/);
    expect(judgeAuthenticode(signed('CN=Example Corp, O=Other Org, L=Springfield, C=US'), file, [PUBLISHER])).toMatch(/not by/);
    expect(judgeAuthenticode(JSON.stringify({ Status: 0, Path: file }), file, [PUBLISHER])).toMatch(/no signer certificate/);
    expect(judgeAuthenticode(signed(PUBLISHER, 0, 'C:\\other.exe'), file, [PUBLISHER])).toMatch(/another file/);
    expect(judgeAuthenticode('not json', file, [PUBLISHER])).toMatch(/no readable answer/);
    expect(judgeAuthenticode('null', file, [PUBLISHER])).toMatch(/no readable answer/);
    expect(judgeAuthenticode(signed(PUBLISHER), file, [])).toMatch(/no publisher is configured/);
  });

  it('fails closed when PowerShell fails, and passes the right file to it', async () => {
    const run = vi.fn((_file: string) => Promise.reject(new Error('powershell.exe not found')));
    expect(await failClosedVerifier([PUBLISHER], run)([PUBLISHER], file)).toBe('the signature could not be checked (powershell.exe not found)');
    expect(run).toHaveBeenCalledWith(file);
    const ok = vi.fn((_file: string) => Promise.resolve(signed(PUBLISHER)));
    // The names this build was made with decide, not the ones electron-updater read from disk.
    expect(await failClosedVerifier([PUBLISHER], ok)(['CN=Anyone'], file)).toBeNull();
    expect(await failClosedVerifier(['CN=Someone Else'], ok)([PUBLISHER], file)).toMatch(/not by CN=Someone Else/);
  });

  it('parses distinguished names with quoted commas', () => {
    expect([...parseDistinguishedName('CN="Example, Corp", O=Example Corp, c=US')]).toEqual([
      ['CN', 'Example, Corp'],
      ['O', 'Example Corp'],
      ['C', 'US'],
    ]);
  });
});
