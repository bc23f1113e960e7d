/**
 * The automatic backups of a data folder (taken by the migration runner before each upgrade, see
 * core/store/migrate.ts) and restoring one. Restoring never deletes anything: the damaged database and its
 * WAL files are moved into `damaged/<time>/` first. The core must be stopped while this runs.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BACKUP_DIR, DATABASE_FILE } from '../store/dataDir';

export const DAMAGED_DIR = 'damaged';
const SQLITE_HEADER = 'SQLite format 3\0';

export interface BackupInfo {
  /** The file name inside `backups/`. */
  name: string;
  path: string;
  /** When it was taken (from its name; the file time when the name carries none). */
  takenAt: string;
  /** The migration it was taken before, when the name says. */
  beforeMigration: string | null;
  bytes: number;
}

/** `fieldbook-2026-01-05T10-22-33-123Z-before-0004_contracts_time.db` */
const BACKUP_NAME = /^fieldbook-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-before-([A-Za-z0-9_-]+)\.db$/;

function stampToIso(stamp: string): string {
  // 2026-01-05T10-22-33-123Z → 2026-01-05T10:22:33.123Z
  return stamp.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
}

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** The backups of `dataDir`, newest first; none when the folder has none yet. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  const backups: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.db')) continue;
    const path = join(dir, name);
    const stats = statSync(path);
    if (!stats.isFile()) continue;
    const match = BACKUP_NAME.exec(name);
    backups.push({
      name,
      path,
      takenAt: match?.[1] ? stampToIso(match[1]) : stats.mtime.toISOString(),
      beforeMigration: match?.[2] ?? null,
      bytes: stats.size,
    });
  }
  return backups.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : 0));
}

export interface RestoreResult {
  restored: BackupInfo;
  /** Where the damaged database (and its -wal/-shm) now are; null when there was none. */
  keptIn: string | null;
}

/**
 * Puts backup `name` in place of the database. The current database files move to `damaged/<time>/`; the
 * backup is copied (the backup itself stays). Throws, having changed nothing, for an unknown name or a file
 * that is not SQLite.
 */
export function restoreBackup(dataDir: string, name: string, now: Date = new Date()): RestoreResult {
  const backup = listBackups(dataDir).find((b) => b.name === name);
  if (!backup) throw new Error(`There is no backup named ${name} in ${join(dataDir, BACKUP_DIR)}.`);
  if (!isSqliteFile(backup.path)) throw new Error(`The backup ${name} is not a database file; nothing was changed.`);

  const database = join(dataDir, DATABASE_FILE);
  const present = [database, `${database}-wal`, `${database}-shm`].filter((file) => existsSync(file));
  let keptIn: string | null = null;
  if (present.length > 0) {
    keptIn = join(dataDir, DAMAGED_DIR, now.toISOString().replace(/[:.]/g, '-'));
    mkdirSync(keptIn, { recursive: true, mode: 0o700 });
    for (const file of present) renameSync(file, join(keptIn, basename(file)));
  }
  // Copy to a temporary name first: a copy cut short must not look like a database.
  const partial = `${database}.restoring`;
  copyFileSync(backup.path, partial);
  if (process.platform !== 'win32') chmodSync(partial, 0o600);
  renameSync(partial, database);
  return { restored: backup, keptIn };
}
