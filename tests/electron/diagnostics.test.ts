/**
 * Logs and "Copy diagnostics": rotating files in the data folder with no record content, and a support
 * report with versions, settings, policy, sync servers and recent log lines, holding no secret and no
 * record content. Real files in a temp folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedSettings, SyncStatus } from '../../core/api/contract';
import { aboutLines, formatDiagnostics } from '../../electron/diagnostics';
import type { DiagnosticsInput } from '../../electron/diagnostics';
import { RotatingLog } from '../../electron/logFile';
import { redactSecrets, scrubLogMessage } from '../../electron/redact';

const TOKEN = 'fbd_Zx8Kq3vR7mN2pL5sT9wY1bC4dF6gH0jA';
const ACCOUNT = 'Contoso Nuclear Fuel Holdings';
const NOTE = 'Customer plans to decommission reactor 2 in Q3';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('redaction', () => {
  it('removes tokens, credentials and keys', () => {
    expect(redactSecrets(`token ${TOKEN} sent`)).toBe('token fbd_‹redacted› sent');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer ‹redacted›');
    expect(redactSecrets('https://dana:hunter2@sync.corp.example/v1')).toBe('https://‹redacted›@sync.corp.example/v1');
    expect(redactSecrets('https://feed.example/latest.yml?token=abc123&x=1')).toBe('https://feed.example/latest.yml?token=‹redacted›&x=1');
    expect(redactSecrets('password: "p a s s"')).toBe('password: ‹redacted›');
    expect(redactSecrets('key 3f9a8c7e6d5b4a39281706f5e4d3c2b1a0998877')).toBe('key ‹redacted›');
  });

  it('leaves paths, words and versions alone', () => {
    const text = '/home/dana/.config/Fieldbook/fieldbook.db Electron 45.5.0 SQLite 3.50.4 better_sqlite3_electron_module_cache_directory';
    expect(redactSecrets(text)).toBe(text);
  });

  it('takes quoted text and e-mail addresses out of log messages, on one line', () => {
    expect(scrubLogMessage(`An account named "${ACCOUNT}" already exists.`)).toBe('An account named "…" already exists.');
    expect(scrubLogMessage(`Note ‘${NOTE}’ and 'x' for dana@corp.example`)).toBe('Note ‘…’ and \'…\' for ‹e-mail›');
    expect(scrubLogMessage('it\'s fine\nsecond line')).toBe("it's fine ⏎ second line");
    expect(scrubLogMessage('x'.repeat(900))).toHaveLength(501);
  });
});

describe('RotatingLog', () => {
  it('writes scrubbed lines into logs/ readable by the user alone', () => {
    const log = new RotatingLog({ dir: join(dir, 'logs'), now: () => new Date('2026-03-02T10:00:00Z') });
    log.write('error', 'accounts.create', `SqliteError: UNIQUE constraint failed for "${ACCOUNT}" (${TOKEN})`);
    const text = readFileSync(log.file(), 'utf8');
    expect(text).toBe('2026-03-02T10:00:00.000Z ERROR accounts.create: SqliteError: UNIQUE constraint failed for "…" (fbd_‹redacted›)\n');
    if (process.platform !== 'win32') expect(statSync(log.file()).mode & 0o777).toBe(0o600);
  });

  it('rotates by size, keeps a bounded number of files, and tails across them', () => {
    const log = new RotatingLog({ dir: join(dir, 'logs'), maxBytes: 200, keep: 2 });
    for (let index = 0; index < 30; index += 1) log.write('info', 'test', `line ${String(index).padStart(2, '0')}`);
    expect(existsSync(log.file(1))).toBe(true);
    expect(existsSync(log.file(2))).toBe(true);
    expect(existsSync(log.file(3))).toBe(false);
    for (const index of [0, 1, 2]) expect(statSync(log.file(index)).size).toBeLessThanOrEqual(200);
    const tail = log.tail(5);
    expect(tail.map((line) => line.slice(-7))).toEqual(['line 25', 'line 26', 'line 27', 'line 28', 'line 29']);
    // More than the current file holds: older files fill in, oldest first.
    const more = log.tail(8);
    expect(more.map((line) => line.slice(-2))).toEqual(['22', '23', '24', '25', '26', '27', '28', '29']);
  });

  it('never throws, even when the folder cannot be created', () => {
    const blocked = join(dir, 'file');
    new RotatingLog({ dir: blocked }).write('info', 'x', 'first');
    expect(() => new RotatingLog({ dir: join(blocked, 'logs') }).write('info', 'x', 'y')).not.toThrow();
  });
});

describe('diagnostics', () => {
  const runtime = { electron: '45.5.0', chrome: '140.0.7339.80', node: '22.19.0', v8: '14.0.365', platform: 'linux', arch: 'x64', osRelease: '6.8.0' };
  const core = { app: '0.1.0', sqlite: '3.50.4', schema: '0004_contracts_time', migrations: 4 };
  const policy: ManagedSettings = {
    source: '/etc/fieldbook/policy.json',
    sync: { servers: [{ url: 'https://svc:s3cret@sync.corp.example', region: 'eu-west', label: 'EU' }], locked: true },
    timer: { forgottenAfterHours: 10, idleAfterMinutes: null },
    updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/?token=abc', checkIntervalHours: 6 },
  };
  const sync: SyncStatus = {
    unsent: 3,
    targets: [
      {
        id: 't1',
        url: 'https://sync.corp.example',
        region: 'eu-west',
        residencies: ['eu', 'global'],
        pending: 3,
        lastSyncAt: '2026-03-02T09:00:00Z',
        lastError: `Refused: account "${ACCOUNT}" is locked`,
        registeredFrom: 'desktop',
        suspended: null,
      },
    ],
    rejections: [{ id: 1, table: 'accounts', rowId: 'r1', accountId: 'a1', label: ACCOUNT, code: 'forbidden', message: NOTE, at: '2026-03-02T09:00:00Z' }],
    bundleTargets: 0,
    unavailable: null,
  };

  function input(overrides: Partial<DiagnosticsInput> = {}): DiagnosticsInput {
    const log = new RotatingLog({ dir: join(dir, 'logs') });
    log.write('error', 'accounts.update', `note "${NOTE}" rejected; token ${TOKEN}`);
    log.write('info', 'sync', 'pass finished');
    return {
      appName: 'Fieldbook',
      appVersion: '0.1.0',
      runtime,
      core,
      packaged: true,
      dataDir: '/home/dana/.config/Fieldbook',
      settings: { theme: 'dark', dataDir: null, windowBounds: null, trayRecent: [{ accountId: 'a1', category: 'onsite', sku: null, accountName: ACCOUNT }], deviceToken: TOKEN },
      policy,
      updates: 'on, from https://updates.corp.example/fieldbook/ every 6 h',
      sync,
      logLines: log.tail(200),
      generatedAt: new Date('2026-03-02T10:00:00Z'),
      ...overrides,
    };
  }

  it('carries the app, Electron, Node, SQLite and schema versions', () => {
    expect(aboutLines({ appName: 'Fieldbook', appVersion: '0.1.0', runtime, core })).toEqual([
      'Fieldbook 0.1.0',
      'Electron 45.5.0 (Chromium 140.0.7339.80)',
      'Node.js 22.19.0, V8 14.0.365',
      'SQLite 3.50.4',
      'Database schema 0004_contracts_time (4 migrations)',
      'linux x64 6.8.0',
    ]);
    expect(aboutLines({ appName: 'Fieldbook', appVersion: '0.1.0', runtime, core: null })).toContain('SQLite: unknown (the core is not running)');
  });

  it('gathers versions, settings, policy, updates, sync servers and log lines', () => {
    const text = formatDiagnostics(input());
    for (const expected of [
      'Fieldbook diagnostics, 2026-03-02T10:00:00.000Z',
      'Electron 45.5.0',
      'SQLite 3.50.4',
      'Database schema 0004_contracts_time',
      'packaged: yes',
      '/home/dana/.config/Fieldbook',
      '"theme": "dark"',
      '"source": "/etc/fieldbook/policy.json"',
      'on, from https://updates.corp.example/fieldbook/ every 6 h',
      'https://sync.corp.example region=eu-west residencies=eu,global from=desktop pending=3',
      'refused changes: 1',
      'INFO sync: pass finished',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('holds no secret and no record content', () => {
    const text = formatDiagnostics(input());
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/fbd_[A-Za-z0-9]/);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('token=abc');
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toContain(NOTE);
    // The shape of what went wrong is still there.
    expect(text).toContain('ERROR accounts.update: note "…" rejected');
    expect(text).toContain('error=Refused: account "…" is locked');
    expect(text).toContain('"trayRecent": "1 entries (not shown)"');
    expect(text).toContain('"deviceToken": "‹redacted›"');
  });

  it('says so when the core could not answer or no policy applies', () => {
    const text = formatDiagnostics(input({ sync: null, core: null, policy: { source: null, sync: null, timer: null, updates: null } }));
    expect(text).toContain('(the core could not answer)');
    expect(text).toContain('nothing (no policy file)');
    expect(text).toContain('Database schema: unknown');
  });
});
