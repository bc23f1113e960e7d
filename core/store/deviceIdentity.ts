import type Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Restored or copied databases (DESIGN.md §5). A device numbers its changes for each server (origin_seq) and
 * stamps its clocks with its device id. A database restored from a backup, or copied to another folder or
 * computer, would number changes the server already holds and stamp clocks another device also uses: the server
 * would take new changes for old ones, and equal clocks would leave two devices disagreeing forever.
 *
 * So the data folder keeps a marker next to the database: which database it belongs to (a random instance id
 * kept inside the database), which file it was (inode and birth time), and how many times it was opened (an
 * epoch counted in both, the database first). A copied file is a new file; a database moved without its marker
 * has none; a backup copied over the live file is the same file but remembers fewer opens than its marker. Any
 * of these gives the database a new device id, and suspends every sync target until the device is registered
 * again. (A restore the marker cannot see, like a file-system snapshot rolled back with its marker, is caught
 * by the server: it refuses a different change under a number it already holds.)
 */
export const DEVICE_MARKER_FILE = 'device-marker.json';

const markerSchema = z.object({
  deviceId: z.string(),
  instance: z.string(),
  epoch: z.number().int().nonnegative(),
  ino: z.string(),
  birthtimeMs: z.number(),
});
type Marker = z.infer<typeof markerSchema>;

export interface IdentityReset {
  at: string;
  previousDeviceId: string;
  /** Why, in the user's words. */
  why: string;
}

export const RESTORED_WHY = 'This data folder’s database was restored from a backup or copied from elsewhere, so it now counts as a new device.';

/** What a suspended target tells the user to do. */
export function suspensionMessage(why: string): string {
  return `${why} Register it again before it syncs (a new device token, or new bundle keys enrolled on the server); its unsent changes are kept.`;
}

function fileIdentity(path: string): { ino: string; birthtimeMs: number } {
  const stat = statSync(path, { bigint: true });
  return { ino: stat.ino.toString(), birthtimeMs: Number(stat.birthtimeMs) };
}

function readMarker(dataDir: string): Marker | null {
  try {
    const parsed = markerSchema.safeParse(JSON.parse(readFileSync(join(dataDir, DEVICE_MARKER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeMarker(dataDir: string, marker: Marker): void {
  const path = join(dataDir, DEVICE_MARKER_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(marker), { mode: 0o600 });
  renameSync(temp, path);
}

/** A short random id: the device part of every clock this database stamps. */
export const newDeviceId = (): string => randomUUID().replace(/-/g, '').slice(0, 16);

interface Meta {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

function metaOf(db: Database.Database): Meta {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?');
  const set = db.prepare<[string, string]>('INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return { get: (key) => get.get(key)?.value, set: (key, value) => void set.run(key, value) };
}

/**
 * Gives the database a new device id and instance, suspends every sync target with `why`, and writes the
 * marker. Runs in one transaction: a crash leaves either the old identity or the whole new one.
 */
export function resetDeviceIdentity(db: Database.Database, dataDir: string, dbPath: string, why: string, now: Date): { deviceId: string; reset: IdentityReset } {
  const meta = metaOf(db);
  const result = db
    .transaction(() => {
      const previousDeviceId = meta.get('device_id') ?? '';
      const deviceId = newDeviceId();
      const instance = randomBytes(16).toString('hex');
      const reset: IdentityReset = { at: now.toISOString(), previousDeviceId, why };
      const epoch = Number(meta.get('open_epoch') ?? 0) + 1;
      meta.set('device_id', deviceId);
      meta.set('instance', instance);
      meta.set('open_epoch', String(epoch));
      meta.set('identity_reset', JSON.stringify(reset));
      const hasTargets = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('sync_targets') WHERE name = 'suspended'`).get();
      if (hasTargets) db.prepare('UPDATE sync_targets SET suspended = ?').run(suspensionMessage(why));
      return { deviceId, instance, epoch, reset };
    })
    .immediate();
  writeMarker(dataDir, { deviceId: result.deviceId, instance: result.instance, epoch: result.epoch, ...fileIdentity(dbPath) });
  return { deviceId: result.deviceId, reset: result.reset };
}

/**
 * Run when the store opens, after migrations: returns the device id to use, resetting it when the database is
 * not the one its marker names. Counts this open in the database, then in the marker.
 */
export function checkDeviceIdentity(db: Database.Database, dataDir: string, dbPath: string, now: Date): { deviceId: string; reset: IdentityReset | null } {
  const meta = metaOf(db);
  // The marker first: every open writes the database before the marker, so another process opening at the same
  // time can only make the database look newer than the marker read here, never older.
  const marker = readMarker(dataDir);
  const stored = meta.get('identity_reset');
  const lastReset = stored ? (JSON.parse(stored) as IdentityReset) : null;
  const deviceId = meta.get('device_id');
  const instance = meta.get('instance');
  if (deviceId !== undefined && instance !== undefined) {
    const file = fileIdentity(dbPath);
    // Some file systems (FAT) renumber files on each mount, but keep their birth time.
    const sameFile = marker !== null && (marker.ino === file.ino || (marker.birthtimeMs !== 0 && marker.birthtimeMs === file.birthtimeMs));
    const epoch = Number(meta.get('open_epoch') ?? 0);
    if (marker === null || marker.instance !== instance || marker.deviceId !== deviceId || !sameFile || epoch < marker.epoch) {
      return resetDeviceIdentity(db, dataDir, dbPath, RESTORED_WHY, now);
    }
  }
  // A new database, or one from before markers (it starts being watched now), or a known one: count this open.
  const next = db
    .transaction(() => {
      const current = { deviceId: meta.get('device_id') ?? newDeviceId(), instance: meta.get('instance') ?? randomBytes(16).toString('hex') };
      const epoch = Number(meta.get('open_epoch') ?? 0) + 1;
      meta.set('device_id', current.deviceId);
      meta.set('instance', current.instance);
      meta.set('open_epoch', String(epoch));
      return { ...current, epoch };
    })
    .immediate();
  writeMarker(dataDir, { ...next, ...fileIdentity(dbPath) });
  return { deviceId: next.deviceId, reset: lastReset };
}
