import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldbookError } from '../../core/model';
import { DATABASE_FILE, RUN_DIR } from '../../core/store/dataDir';
import { MIGRATIONS } from '../../core/store/migrations';
import type { Migration } from '../../core/store/migrations';
import { BACKSTOP_PAGES } from '../../core/store/checkpointer';
import { encodeHlc } from '../../core/protocol/hlc';
import { APPLICATION_ID, openStore } from '../../core/store/store';
import { tempDir } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function openError(options: Parameters<typeof openStore>[0]): Promise<FieldbookError> {
  try {
    const store = await openStore(options);
    store.close();
  } catch (error) {
    if (error instanceof FieldbookError) return error;
    throw error;
  }
  throw new Error('openStore succeeded but should have failed');
}

describe('openStore', () => {
  it('creates the database with WAL, foreign keys, our application id and every migration', async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const applied = store.db.prepare('SELECT id FROM schema_migrations ORDER BY id').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
    expect(store.migrations.backupPath).toBeNull();
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
    store.close();
  });

  it('every synced table carries the sync columns from its first migration', async () => {
    const store = await openStore({ dataDir: dir() });
    for (const table of ['accounts', 'catalog_entries']) {
      const cols = store.db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name);
      expect(cols).toEqual(expect.arrayContaining(['id', 'account_id', 'clocks', 'deleted', 'created_at', 'updated_at', 'server_seq']));
    }
    store.close();
  });

  it('turns a corrupted (non-SQLite) file into a clear error and leaves it untouched', async () => {
    const d = dir();
    const path = join(d, DATABASE_FILE);
    writeFileSync(path, randomBytes(8192));
    const before = sha(path);
    const error = await openError({ dataDir: d });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/not a usable Fieldbook database.*not an SQLite file/);
    expect(sha(path)).toBe(before);
  });

  it('turns a damaged SQLite file (valid header, garbage pages) into a clear error', async () => {
    const d = dir();
    const path = join(d, DATABASE_FILE);
    const good = new Database(path);
    good.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    good.close();
    const bytes = readFileSync(path);
    randomBytes(bytes.length - 100).copy(bytes, 100);
    writeFileSync(path, bytes);
    const before = sha(path);
    const error = await openError({ dataDir: d });
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/not a usable Fieldbook database/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a SQLite file of another application', async () => {
    const d = dir();
    const path = join(d, DATABASE_FILE);
    const other = new Database(path);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    other.close();
    const error = await openError({ dataDir: d });
    expect(error.message).toMatch(/belongs to another application/);
    const reopened = new Database(path);
    expect(reopened.pragma('application_id', { simple: true })).toBe(0);
    reopened.close();
  });

  it('refuses a database written by a newer build and changes nothing', async () => {
    const d = dir();
    const store = await openStore({ dataDir: d });
    store.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run('9999_future', 'x');
    store.close();
    const error = await openError({ dataDir: d });
    expect(error.code).toBe('upgrade_required');
    expect(error.message).toMatch(/newer version of Fieldbook.*9999_future/);
  });

  it('backs up once before pending migrations and applies each in its own transaction', async () => {
    const d = dir();
    const first = await openStore({ dataDir: d });
    first.db.prepare(`INSERT INTO local_meta (key, value) VALUES ('marker', 'before')`).run();
    first.close();

    const extra: Migration[] = [
      { id: '9001_add_a', up: (db) => db.exec('CREATE TABLE extra_a (x TEXT) STRICT') },
      { id: '9002_add_b', up: (db) => db.exec('CREATE TABLE extra_b (x TEXT) STRICT') },
    ];
    const second = await openStore({ dataDir: d, migrations: [...MIGRATIONS, ...extra] });
    expect(second.migrations.applied).toEqual(['9001_add_a', '9002_add_b']);
    const backupPath = second.migrations.backupPath;
    expect(backupPath).not.toBeNull();
    second.close();
    expect(readdirSync(join(d, 'backups'))).toHaveLength(1);
    const backup = new Database(backupPath ?? '', { readonly: true });
    expect(backup.prepare(`SELECT value FROM local_meta WHERE key = 'marker'`).get()).toEqual({ value: 'before' });
    expect(backup.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra_a'`).get()).toEqual({ n: 0 });
    backup.close();
  });

  it('rolls back a failing migration and keeps the ones before it', async () => {
    const d = dir();
    (await openStore({ dataDir: d })).close();
    const broken: Migration[] = [
      { id: '9001_ok', up: (db) => db.exec('CREATE TABLE ok_table (x TEXT) STRICT') },
      {
        id: '9002_broken',
        up: (db) => {
          db.exec('CREATE TABLE half_done (x TEXT) STRICT');
          db.exec('THIS IS NOT SQL');
        },
      },
    ];
    const error = await openError({ dataDir: d, migrations: [...MIGRATIONS, ...broken] });
    expect(error.message).toMatch(/rolled back/);
    const db = new Database(join(d, DATABASE_FILE), { readonly: true });
    const names = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r) => r.name);
    expect(names).toContain('ok_table');
    expect(names).not.toContain('half_done');
    expect(db.prepare(`SELECT id FROM schema_migrations WHERE id LIKE '900%'`).all()).toEqual([{ id: '9001_ok' }]);
    db.close();
  });

  it('notices an unclean shutdown and runs the full integrity check in the background', async () => {
    const d = dir();
    (await openStore({ dataDir: d })).close();
    expect(existsSync(join(d, RUN_DIR))).toBe(true);
    expect(readdirSync(join(d, RUN_DIR))).toEqual([]);
    // A process id that cannot be alive: the marker of a crashed process.
    mkdirSync(join(d, RUN_DIR), { recursive: true });
    writeFileSync(join(d, RUN_DIR, '2147483646.open'), 'x');
    const store = await openStore({ dataDir: d });
    expect(store.uncleanShutdown).toBe(true);
    await expect(store.integrity).resolves.toEqual({ ok: true, problems: [] });
    store.close();
    expect(readdirSync(join(d, RUN_DIR))).toEqual([]);
  });

  it('does not run the integrity check after a clean shutdown', async () => {
    const d = dir();
    (await openStore({ dataDir: d })).close();
    const store = await openStore({ dataDir: d });
    expect(store.uncleanShutdown).toBe(false);
    expect(store.integrity).toBeNull();
    store.close();
  });

  it('keeps the device id across restarts and issues strictly increasing clocks', async () => {
    const d = dir();
    const a = await openStore({ dataDir: d });
    const id = a.deviceId;
    const clocks = a.write(() => [a.nextClock(), a.nextClock(), a.nextClock()]);
    a.close();
    const b = await openStore({ dataDir: d });
    expect(b.deviceId).toBe(id);
    const later = b.write(() => b.nextClock());
    b.close();
    const all = [...clocks, later];
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('saves the clock of a write once at its end, and a second connection stamping meanwhile is never overtaken', async () => {
    const d = dir();
    let wall = Date.parse('2026-03-01T10:00:00Z');
    const store = await openStore({ dataDir: d, now: () => new Date(wall) });
    cleanups.push(() => store.close());
    const stored = () => (store.db.prepare(`SELECT value FROM local_meta WHERE key = 'hlc'`).get() as { value: string }).value;
    const batch = store.write(() => Array.from({ length: 50 }, () => store.nextClock()));
    expect(new Set(batch).size).toBe(50);
    expect([...batch].sort()).toEqual(batch);
    expect(stored()).toBe(batch[49]);
    // Another process (the CLI) on the same file stamps a clock ahead of ours between two of our writes.
    const other = new Database(join(d, DATABASE_FILE));
    const ahead = encodeHlc({ wall: wall + 60_000, counter: 7, device: store.deviceId });
    other.prepare(`UPDATE local_meta SET value = ? WHERE key = 'hlc'`).run(ahead);
    other.close();
    const next = store.write(() => store.nextClock());
    expect(next > ahead).toBe(true);
    // A write that fails keeps nothing, and the next clock still never repeats one handed out.
    const lost: string[] = [];
    expect(() =>
      store.write(() => {
        lost.push(store.nextClock());
        throw new Error('no');
      }),
    ).toThrow('no');
    wall -= 1000;
    const after = store.write(() => store.nextClock());
    expect(after > next).toBe(true);
    expect(after).not.toBe(lost[0]);
  });

  it('checkpoints the WAL from a worker thread, not in the commit of a write', async () => {
    const d = dir();
    const store = await openStore({ dataDir: d, checkpointAfterBytes: 64 * 1024 });
    cleanups.push(() => store.close());
    // The writing connection's own automatic checkpoint is only a far-away backstop.
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    store.db.exec('CREATE TABLE filler (x TEXT)');
    const before = statSync(join(d, DATABASE_FILE)).size;
    const done = store.checkpointer.next();
    for (let i = 0; i < 64; i += 1) store.write(() => store.db.prepare('INSERT INTO filler VALUES (?)').run(randomBytes(4096).toString('hex')));
    await done;
    expect(store.checkpointer.lastError).toBeNull();
    expect(store.checkpointer.done).toBeGreaterThan(0);
    // The pages reached the database file itself, and the writing connection did not copy them there.
    expect(statSync(join(d, DATABASE_FILE)).size).toBeGreaterThan(before + 64 * 4096);
    // The checkpointed WAL is reused from its start and keeps its size: small writes after it do not ask for
    // another checkpoint at every look, only after enough of them (or once the file grows again).
    const asked = store.checkpointer.requested;
    const small = () => store.write(() => store.db.prepare('INSERT INTO filler VALUES (?)').run('x'));
    for (let i = 0; i < 64; i += 1) small();
    expect(store.checkpointer.requested).toBe(asked);
    for (let i = 0; i < 128; i += 1) small();
    expect(store.checkpointer.requested).toBe(asked + 1);
    await store.checkpointer.next();
    expect(store.checkpointer.lastError).toBeNull();
  });

  it('does not keep a process alive once its work is done, even with a checkpoint worker started', () => {
    const d = dir();
    const script = join(d, 'run.mts');
    writeFileSync(
      script,
      `import { randomBytes } from 'node:crypto';
import { openStore } from ${JSON.stringify(join(process.cwd(), 'core/store/store.ts'))};
const store = await openStore({ dataDir: ${JSON.stringify(join(d, 'data'))}, checkpointAfterBytes: 64 * 1024 });
store.db.exec('CREATE TABLE filler (x TEXT)');
for (let i = 0; i < 64; i += 1) store.write(() => store.db.prepare('INSERT INTO filler VALUES (?)').run(randomBytes(4096).toString('hex')));
process.stdout.write(String(store.checkpointer.done + (store.checkpointer.lastError === null ? 1 : 0)));
`,
    );
    // The store is never closed: the process must still end by itself (a forgotten close must not hang a CLI).
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('1');
  }, 90_000);
});
