import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/data/generate';
import { openCore } from '../../core/api/core';
import { tempDir } from './helpers';

/** A digest of every synced row, in id order: equal digests mean equal data. */
function digest(dbPath: string): Record<string, string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return Object.fromEntries(
      ['accounts', 'contracts', 'time_entries'].map((table) => {
        const hash = createHash('sha256');
        for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).iterate()) hash.update(JSON.stringify(row));
        return [table, hash.digest('hex')];
      }),
    );
  } finally {
    db.close();
  }
}

describe('benchmark data generator', () => {
  const temps: Array<() => void> = [];
  afterEach(() => temps.splice(0).forEach((c) => c()));
  const folder = () => {
    const t = tempDir('fieldbook-benchdata-');
    temps.push(t.cleanup);
    return join(t.dir, 'data');
  };

  it('gives the same data for the same seed and scale, and different data for another seed', async () => {
    const [a, b, c] = [folder(), folder(), folder()];
    const summary = await generateDataset(a, { scale: 0.003, seed: 7 });
    await generateDataset(b, { scale: 0.003, seed: 7 });
    await generateDataset(c, { scale: 0.003, seed: 8 });
    expect(summary).toMatchObject({ accounts: 3, timeEntries: 3000 });
    expect(digest(join(a, 'fieldbook.db'))).toEqual(digest(join(b, 'fieldbook.db')));
    expect(digest(join(a, 'fieldbook.db')).time_entries).not.toEqual(digest(join(c, 'fieldbook.db')).time_entries);
  });

  it('writes records the app reads back as valid accounts and contracts, with nothing waiting in the outbox', async () => {
    const dir = folder();
    const summary = await generateDataset(dir, { scale: 0.002, seed: 1 });
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    try {
      const accounts = await core.link.request('accounts.list', {});
      expect(accounts.ok && accounts.data).toHaveLength(summary.accounts);
      const outbox = core.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get();
      expect(outbox?.n).toBe(0);
      const weekdays = core.store.db
        .prepare<[], { n: number }>("SELECT count(*) AS n FROM time_entries WHERE strftime('%w', date) IN ('0', '6')")
        .get();
      expect(weekdays?.n).toBe(0);
    } finally {
      core.close();
    }
  });

  it('refuses a folder that already holds accounts', async () => {
    const dir = folder();
    await generateDataset(dir, { scale: 0.002 });
    await expect(generateDataset(dir, { scale: 0.002 })).rejects.toThrow(/already holds accounts/);
  });
});
