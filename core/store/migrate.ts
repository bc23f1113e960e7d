import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FieldbookError } from '../model';
import type { Migration } from './migrations';

export interface MigrationReport {
  applied: string[];
  backupPath: string | null;
}

/**
 * Applies pending migrations in order, each in its own transaction. Before the first pending migration of a
 * database that already holds data, takes one online backup. Refuses a database that has a migration this
 * build does not know: it was written by a newer Fieldbook.
 */
export async function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  backupDir: string,
  now: () => Date = () => new Date(),
): Promise<MigrationReport> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM schema_migrations')
      .all()
      .map((r) => r.id),
  );
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...applied].filter((id) => !known.has(id)).sort();
  if (unknown.length > 0) {
    throw new FieldbookError(
      'upgrade_required',
      `This data folder was last used by a newer version of Fieldbook (it has migration ${unknown.join(', ')}). Update Fieldbook to open it; nothing was changed.`,
      { unknownMigrations: unknown },
    );
  }
  const pending = migrations.filter((m) => !applied.has(m.id));
  if (pending.length === 0) return { applied: [], backupPath: null };

  let backupPath: string | null = null;
  if (applied.size > 0) {
    mkdirSync(backupDir, { recursive: true, mode: 0o700 });
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    backupPath = join(backupDir, `fieldbook-${stamp}-before-${pending[0]?.id ?? 'migration'}.db`);
    await db.backup(backupPath);
  }

  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const m of pending) {
    db.transaction(() => {
      m.up(db);
      record.run(m.id, now().toISOString());
    }).immediate();
    done.push(m.id);
  }
  return { applied: done, backupPath };
}
