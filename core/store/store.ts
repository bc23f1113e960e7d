import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FieldbookError } from '../model';
import { decodeHlc, encodeHlc, receive, tick } from '../protocol/hlc';
import type { Hlc } from '../protocol/hlc';
import { BACKUP_DIR, DATABASE_FILE, RUN_DIR } from './dataDir';
import { BACKSTOP_PAGES, Checkpointer } from './checkpointer';
import { runIntegrityCheck } from './integrity';
import type { IntegrityResult } from './integrity';
import { migrate } from './migrate';
import type { MigrationReport } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import { checkDeviceIdentity, resetDeviceIdentity } from './deviceIdentity';
import type { IdentityReset } from './deviceIdentity';

/** 'FBK1': marks a SQLite file as ours, so a foreign SQLite file is refused rather than migrated. */
export const APPLICATION_ID = 0x46424b31;
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenStoreOptions {
  dataDir: string;
  /** Path to a better-sqlite3 build for another ABI (the Electron utility process). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  now?: () => Date;
  /** WAL size that asks the checkpoint worker to run (tests use a small one). */
  checkpointAfterBytes?: number;
}

export interface Store {
  readonly db: Database.Database;
  readonly dataDir: string;
  readonly path: string;
  /** The device part of every clock stamped here; a new one after a restore or copy (core/store/deviceIdentity.ts). */
  readonly deviceId: string;
  /** The last time this database got a new device id, and why; null if never. */
  readonly identityReset: IdentityReset | null;
  /** Gives this database a new device id and suspends its sync targets (the server saw it reuse numbers). */
  resetIdentity(why: string): void;
  readonly migrations: MigrationReport;
  /** True when a process that had this database open ended without closing it. */
  readonly uncleanShutdown: boolean;
  /** Resolves when the full integrity check (run only after an unclean shutdown) finished; null if not needed. */
  readonly integrity: Promise<IntegrityResult> | null;
  /** Moves WAL checkpoints off the write path (checkpointer.ts). */
  readonly checkpointer: Checkpointer;
  now(): Date;
  /** The next hybrid-logical-clock value; call inside the write transaction so processes never reuse one. */
  nextClock(): string;
  /** Moves the local clock past a clock received from elsewhere (a pulled change), inside a write. */
  observeClock(remote: string): void;
  /** Runs `fn` in one IMMEDIATE transaction: the writer lock is taken up front, so no upgrade deadlocks. */
  write<T>(fn: () => T): T;
  close(): void;
}

function notOurs(path: string, why: string): FieldbookError {
  // 'unavailable', not 'invalid': the request was fine, the data folder cannot serve it.
  return new FieldbookError(
    'unavailable',
    `The file ${path} is not a usable Fieldbook database (${why}). Nothing was changed. Move it aside or choose another data folder.`,
    { path },
  );
}

/** Cheap checks before SQLite touches the file: a non-SQLite file must become a clear error, not a crash. */
function checkHeader(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const read = readSync(fd, buf, 0, 16, 0);
    if (read < 16 || buf.toString('latin1') !== SQLITE_HEADER) throw notOurs(path, 'it is not an SQLite file');
  } finally {
    closeSync(fd);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Registers this process as a user of the database; reports whether a dead process left its marker behind. */
function claimRunMarker(dataDir: string): { unclean: boolean; release: () => void } {
  const runDir = join(dataDir, RUN_DIR);
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  let unclean = false;
  for (const name of readdirSync(runDir)) {
    const pid = Number(/^(\d+)\.open$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (!pidAlive(pid)) {
      unclean = true;
      rmSync(join(runDir, name), { force: true });
    }
  }
  const mine = join(runDir, `${process.pid}.open`);
  writeFileSync(mine, new Date().toISOString(), { mode: 0o600 });
  return { unclean, release: () => rmSync(mine, { force: true }) };
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { dataDir } = options;
  const now = options.now ?? (() => new Date());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  checkHeader(path);

  let db: Database.Database;
  try {
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw notOurs(path, (error as Error).message);
  }
  try {
    // Reading the schema is the cheapest operation that walks page 1 and the schema table.
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      .all()
      .map((t) => t.name);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) throw notOurs(path, 'it belongs to another application');
    if (appId === 0 && tables.length > 0) throw notOurs(path, 'it belongs to another application');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Checkpoints run in a worker (checkpointer.ts); this connection's own is only the backstop.
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    if (appId === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  } catch (error) {
    db.close();
    if (error instanceof FieldbookError) throw error;
    throw notOurs(path, (error as Error).message);
  }

  // The database holds customer data: readable by this user alone (SQLite gives -wal/-shm the same mode).
  if (process.platform !== 'win32') chmodSync(path, 0o600);

  let report: MigrationReport;
  try {
    report = await migrate(db, options.migrations ?? MIGRATIONS, join(dataDir, BACKUP_DIR), now);
  } catch (error) {
    db.close();
    if (error instanceof FieldbookError) throw error;
    throw new FieldbookError('internal', `Upgrading the database failed and was rolled back: ${(error as Error).message}`);
  }

  const meta = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?'),
    set: db.prepare<[string, string]>(
      'INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
  // The clock of the open write: read once from local_meta at its first stamp, saved once at its end. The
  // IMMEDIATE lock keeps other processes (the CLI) from stamping meanwhile, and they read the saved value after
  // our commit; a batch of 1,000 mutations then costs two statements for its clocks instead of 2,000.
  let depth = 0;
  let pending: Hlc | null = null;
  // The last clock handed out here, even by a write that rolled back: never handed out twice.
  let issued: Hlc = { wall: 0, counter: 0, device: '' };
  const later = (a: Hlc, b: Hlc): Hlc => (a.wall > b.wall || (a.wall === b.wall && a.counter >= b.counter) ? a : b);
  const storedClock = (): Hlc => {
    const stored = meta.get.get('hlc')?.value;
    return later(stored ? decodeHlc(stored) : { wall: 0, counter: 0, device: deviceId }, issued);
  };
  const keepClock = (clock: Hlc): void => {
    issued = clock;
    if (depth > 0) pending = clock;
    else meta.set.run('hlc', encodeHlc(clock));
  };
  let checkpointer: Checkpointer | null = null;
  const write = <T>(fn: () => T): T => {
    const outermost = depth === 0;
    const value = db
      .transaction(() => {
        const outer = depth === 0;
        depth += 1;
        try {
          const result = fn();
          if (outer && pending) meta.set.run('hlc', encodeHlc(pending));
          return result;
        } finally {
          depth -= 1;
          if (outer) pending = null;
        }
      })
      .immediate();
    if (outermost) checkpointer?.afterCommit();
    return value;
  };
  // A restored or copied database gets a new device id here, before any clock is stamped or anything syncs.
  let identity: { deviceId: string; reset: IdentityReset | null };
  try {
    identity = checkDeviceIdentity(db, dataDir, path, now());
  } catch (error) {
    db.close();
    throw new FieldbookError('unavailable', `The device marker of ${dataDir} could not be read or written: ${(error as Error).message}`);
  }
  let deviceId = identity.deviceId;

  const nextClock = (): string => {
    const last = pending ?? storedClock();
    const next = tick({ ...last, device: deviceId }, now().getTime());
    keepClock(next);
    return encodeHlc(next);
  };

  const observeClock = (remote: string): void => {
    const last = pending ?? storedClock();
    try {
      keepClock(receive({ ...last, device: deviceId }, decodeHlc(remote), now().getTime()));
    } catch {
      // A clock far in the future is not adopted: the server refuses such changes, and so do we for our clock.
    }
  };

  const marker = claimRunMarker(dataDir);
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const integrity = marker.unclean ? runIntegrityCheck(path, sqliteModule, options.nativeBinding) : null;
  checkpointer = new Checkpointer({ path, sqliteModule, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), ...(options.checkpointAfterBytes ? { afterBytes: options.checkpointAfterBytes } : {}) });

  let closed = false;
  return {
    db,
    dataDir,
    path,
    get deviceId() {
      return deviceId;
    },
    get identityReset() {
      return identity.reset;
    },
    resetIdentity(why) {
      identity = resetDeviceIdentity(db, dataDir, path, why, now());
      deviceId = identity.deviceId;
    },
    migrations: report,
    uncleanShutdown: marker.unclean,
    integrity,
    checkpointer,
    now,
    nextClock,
    observeClock,
    write,
    close: () => {
      if (closed) return;
      closed = true;
      checkpointer?.close();
      db.close();
      marker.release();
    },
  };
}
