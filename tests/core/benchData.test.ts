import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/data/generate';
import { openCore } from '../../core/api/core';
import { tempDir } from './helpers';

const TABLES = [
  'accounts', 'contracts', 'time_entries', 'incidents', 'roadmap_reviews', 'review_items', 'engagements', 'adoption', 'adoption_notes',
  'action_items', 'lifecycle_events', 'handoff_items', 'people', 'team_roles', 'on_call_rotations',
];

/** A digest of every synced row, in id order: equal digests mean equal data. */
function digest(dbPath: string): Record<string, string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return Object.fromEntries(
      TABLES.map((table) => {
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
    expect(digest(join(a, 'fieldbook.db')).incidents).not.toEqual(digest(join(c, 'fieldbook.db')).incidents);
    // Scale 0.003 of 50,000 incidents, 20,000 reviews and 100,000 engagements and adoption notes together.
    expect(summary.workspace).toMatchObject({ incidents: 150, reviews: 60 });
    expect(summary.workspace.engagements + summary.workspace.adoptionNotes).toBe(300);
  });

  it('writes incidents, reviews, adoption, hand-offs and teams the app reads back, and the reports compute on them', async () => {
    const dir = folder();
    const summary = await generateDataset(dir, { scale: 0.004, seed: 3 });
    const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
    try {
      const call = async (method: string, input: unknown): Promise<unknown> => {
        const result = await core.link.request(method, input);
        if (!result.ok) throw new Error(result.error.message);
        return result.data;
      };
      const incidents = (await call('incidents.list', {})) as Array<{ incident: { openedAt: string; resolvedAt: string | null }; sla: unknown }>;
      expect(incidents).toHaveLength(summary.workspace.incidents);
      // Every incident is consistent: resolved after it opened, and it has SLA clocks from its contract.
      expect(incidents.every((v) => v.incident.resolvedAt === null || v.incident.resolvedAt >= v.incident.openedAt)).toBe(true);
      expect(incidents.filter((v) => v.sla !== null).length).toBeGreaterThan(incidents.length / 2);
      const asks = (await call('reviews.rankAsks', {})) as Array<{ accountCount: number }>;
      expect(asks.length).toBeGreaterThan(0);
      const report = (await call('reports.metrics', { from: '2026-01-01', to: '2026-11-27' })) as { accounts: number; sla: { incidents: number; breachCount: number }; mttr: { resolved: number }; hours: { billableMinutes: number }; lifecycle: { handoffs: number } };
      expect(report.accounts).toBe(summary.accounts);
      expect(report.sla.incidents).toBeGreaterThan(0);
      expect(report.sla.breachCount).toBeGreaterThan(0);
      expect(report.mttr.resolved).toBeGreaterThan(0);
      expect(report.hours.billableMinutes).toBeGreaterThan(0);
      const people = (await call('people.list', {})) as unknown[];
      expect(people.length).toBeGreaterThanOrEqual(summary.users);
    } finally {
      core.close();
    }
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
