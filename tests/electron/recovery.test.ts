/**
 * Recovery from a damaged database: the automatic backups the migration runner writes, restoring one
 * (real SQLite files in a temp folder, made by the real store), and the dialog that offers it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { openCore } from '../../core/api/core';
import type { Account } from '../../core/model';
import { listBackups, restoreBackup } from '../../core/host/backups';
import { openStore } from '../../core/store/store';
import { MIGRATIONS } from '../../core/store/migrations';
import { offerRestore, OFFERED_BACKUPS, restoreOffer } from '../../electron/recovery';
import type { RecoveryContext } from '../../electron/recovery';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-recovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A data folder with an account "Before", upgraded once so the migration runner took a real backup. */
async function folderWithBackup(): Promise<void> {
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  await core.link.request('accounts.create', { name: 'Before' });
  core.close();
  const upgraded = await openStore({
    dataDir: dir,
    migrations: [...MIGRATIONS, { id: '9001_extra', up: (db) => db.exec('CREATE TABLE extra (x TEXT) STRICT') }],
    now: () => new Date('2026-03-01T08:15:30.250Z'),
  });
  upgraded.close();
}

async function accountNames(): Promise<string[]> {
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const result = await core.link.request('accounts.list', {});
    return result.ok ? (result.data as Account[]).map((a) => a.name) : [];
  } finally {
    core.close();
  }
}

describe('backups', () => {
  it('lists the migration runner’s backups with when they were taken and before which upgrade', async () => {
    await folderWithBackup();
    const [backup, ...rest] = listBackups(dir);
    expect(rest).toEqual([]);
    expect(backup).toMatchObject({
      name: 'fieldbook-2026-03-01T08-15-30-250Z-before-9001_extra.db',
      takenAt: '2026-03-01T08:15:30.250Z',
      beforeMigration: '9001_extra',
    });
    expect(backup?.bytes).toBeGreaterThan(0);
  });

  it('lists newest first, dates unnamed copies by their file time, and skips other files', () => {
    mkdirSync(join(dir, 'backups'));
    writeFileSync(join(dir, 'backups', 'fieldbook-2026-01-01T00-00-00-000Z-before-0002_x.db'), 'SQLite format 3\0');
    writeFileSync(join(dir, 'backups', 'fieldbook-2026-02-01T00-00-00-000Z-before-0003_y.db'), 'SQLite format 3\0');
    writeFileSync(join(dir, 'backups', 'copied-by-hand.db'), 'SQLite format 3\0');
    utimesSync(join(dir, 'backups', 'copied-by-hand.db'), new Date('2025-12-24T12:00:00Z'), new Date('2025-12-24T12:00:00Z'));
    writeFileSync(join(dir, 'backups', 'notes.txt'), 'x');
    expect(listBackups(dir).map((b) => [b.name, b.takenAt, b.beforeMigration])).toEqual([
      ['fieldbook-2026-02-01T00-00-00-000Z-before-0003_y.db', '2026-02-01T00:00:00.000Z', '0003_y'],
      ['fieldbook-2026-01-01T00-00-00-000Z-before-0002_x.db', '2026-01-01T00:00:00.000Z', '0002_x'],
      ['copied-by-hand.db', '2025-12-24T12:00:00.000Z', null],
    ]);
    expect(listBackups(join(dir, 'nowhere'))).toEqual([]);
  });

  it('restores a backup over a damaged database, keeping the damaged files aside', async () => {
    await folderWithBackup();
    // Damage: garbage in the middle of the file, and a stray WAL.
    const database = join(dir, 'fieldbook.db');
    const bytes = readFileSync(database);
    bytes.fill(0xab, 4096, 8192);
    writeFileSync(database, bytes);
    writeFileSync(`${database}-wal`, 'stray wal');

    const [backup] = listBackups(dir);
    const result = restoreBackup(dir, backup?.name ?? '', new Date('2026-03-02T10:00:00Z'));
    expect(result.keptIn).toBe(join(dir, 'damaged', '2026-03-02T10-00-00-000Z'));
    expect(readdirSync(result.keptIn ?? '').sort()).toEqual(['fieldbook.db', 'fieldbook.db-wal']);
    expect(readFileSync(join(result.keptIn ?? '', 'fieldbook.db')).equals(bytes)).toBe(true);
    // The backup itself stays, and the restored database opens with what it held.
    expect(existsSync(backup?.path ?? '')).toBe(true);
    expect(existsSync(`${database}-wal`)).toBe(false);
    expect(await accountNames()).toEqual(['Before']);
  });

  it('changes nothing for an unknown name or a backup that is not a database', async () => {
    await folderWithBackup();
    const before = readFileSync(join(dir, 'fieldbook.db'));
    expect(() => restoreBackup(dir, '../fieldbook.db')).toThrow(/no backup named/);
    writeFileSync(join(dir, 'backups', 'broken.db'), 'not sqlite at all');
    expect(() => restoreBackup(dir, 'broken.db')).toThrow(/not a database file; nothing was changed/);
    expect(readFileSync(join(dir, 'fieldbook.db')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'damaged'))).toBe(false);
  });
});

describe('the restore offer', () => {
  const backups = [0, 1, 2, 3].map((i) => ({
    name: `b${i}.db`,
    path: `/d/backups/b${i}.db`,
    takenAt: `2026-03-0${4 - i}T10:00:00.000Z`,
    beforeMigration: null,
    bytes: 1,
  }));
  const format = (iso: string) => iso.slice(0, 10);

  it('after a failed integrity check: the first problem, the newest backups, and what is kept', () => {
    const offer = restoreOffer({ kind: 'integrity', problems: ['Tree 5 page 12: btreeInitPage() returns error code 11', 'more'] }, backups, '/d', format);
    expect(offer.options.message).toBe('Fieldbook found damage in its database.');
    expect(offer.options.detail).toContain('btreeInitPage() returns error code 11');
    expect(offer.options.detail).toContain('/d/damaged/ and nothing is deleted');
    expect(offer.options.buttons).toEqual(['Restore the backup of 2026-03-04', 'Restore the backup of 2026-03-03', 'Restore the backup of 2026-03-02', 'Not now']);
    expect(offer.choices.map((c) => c?.name ?? null)).toEqual(['b0.db', 'b1.db', 'b2.db', null]);
    expect(offer.choices).toHaveLength(OFFERED_BACKUPS + 1);
    expect(offer.options).toMatchObject({ type: 'error', defaultId: 0, cancelId: 3 });
  });

  it('from the menu, defaults to Not now; with no backup, says so and offers nothing', () => {
    expect(restoreOffer({ kind: 'menu' }, backups.slice(0, 1), '/d', format).options).toMatchObject({ defaultId: 1, cancelId: 1 });
    const none = restoreOffer({ kind: 'unopenable', message: 'The file is not a usable Fieldbook database.' }, [], '/d', format);
    expect(none.options.buttons).toEqual(['OK']);
    expect(none.options.detail).toMatch(/^The file is not a usable Fieldbook database\.\n\nThere is no automatic backup to restore yet/);
    expect(none.choices).toEqual([null]);
  });
});

describe('offerRestore', () => {
  function context(response: number) {
    const shown: MessageBoxOptions[] = [];
    const events: string[] = [];
    const ctx: RecoveryContext = {
      dataDir: dir,
      showMessageBox: (options) => {
        shown.push(options);
        return Promise.resolve({ response: shown.length === 1 ? response : 0 });
      },
      restartCore: (whileStopped) => {
        events.push('stop');
        try {
          whileStopped();
        } finally {
          events.push('start');
        }
        return Promise.resolve();
      },
      notify: (message) => events.push(`notify: ${message}`),
      log: (message) => events.push(`log: ${message}`),
      now: () => new Date('2026-03-02T10:00:00Z'),
      format: (iso) => iso.slice(0, 10),
    };
    return { ctx, shown, events };
  }

  it('restores the chosen backup while the core is stopped, then tells the user', async () => {
    await folderWithBackup();
    const { ctx, events } = context(0);
    const outcome = await offerRestore(ctx, { kind: 'integrity', problems: ['bad page'] });
    expect(outcome.kind).toBe('restored');
    expect(events[0]).toBe('stop');
    expect(events[1]).toBe('start');
    expect(events).toContain(`notify: Fieldbook restored the backup of 2026-03-01. The damaged database was kept in ${join(dir, 'damaged', '2026-03-02T10-00-00-000Z')}.`);
    expect(existsSync(join(dir, 'damaged'))).toBe(true);
  });

  it('does nothing when the user says Not now', async () => {
    await folderWithBackup();
    const { ctx, events } = context(1);
    expect(await offerRestore(ctx, { kind: 'menu' })).toEqual({ kind: 'declined' });
    expect(events).toEqual([]);
  });

  it('starts the core again and says why when the restore fails', async () => {
    await folderWithBackup();
    const { ctx, shown, events } = context(0);
    // The backup vanishes between the offer and the restore.
    const original = ctx.restartCore;
    ctx.restartCore = (whileStopped) => {
      rmSync(join(dir, 'backups'), { recursive: true, force: true });
      return original(whileStopped);
    };
    const outcome = await offerRestore(ctx, { kind: 'menu' });
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/no backup named/) as unknown });
    expect(events.slice(0, 2)).toEqual(['stop', 'start']);
    expect(shown[1]).toMatchObject({ type: 'error', message: 'The backup could not be restored.' });
    expect(existsSync(join(dir, 'fieldbook.db'))).toBe(true);
  });
});
