import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import { createServices } from '../../core/services';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { openStore } from '../../core/store/store';
import { tempDir } from './helpers';
import { seedMetrics } from './reportsFixture';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** A data folder holding the metrics fixture (tests/core/reportsFixture.ts), written with a moving clock. */
async function seeded(): Promise<string> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  let now = new Date('2026-09-01T08:00:00.000Z');
  const store = await openStore({ dataDir: t.dir, now: () => now });
  new CatalogRepo(store).seed();
  seedMetrics(store, createServices({ store, changed: () => {} }), { set: (iso) => (now = new Date(iso)) });
  store.close();
  return t.dir;
}

async function pdfText(path: string): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i += 1) parts.push((await (await doc.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join('\n') };
}

describe('fieldbook report weekly', () => {
  it('writes the PDF with every figure and a CSV of the numbers', async () => {
    const dir = await seeded();
    const out = join(dir, 'w42.pdf');
    const result = await cli(['--data-dir', dir, 'report', 'weekly', '--week', '2026-W42', '--out', out]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Wrote .*w42\.pdf \([\d,]+ bytes\) and .*w42\.csv/);

    const { pages, text } = await pdfText(out);
    expect(pages).toBeGreaterThan(1);
    for (const heading of ['Weekly metrics review 2026-W42', 'SLA attainment', 'Time to resolve (MTTR)', 'Backlog', 'Hours', 'Adoption', 'Lifecycle', 'Most requested asks', 'Coverage of sovereign and cleared accounts'])
      expect(text).toContain(heading);
    // W42 = 10-12 … 10-18: the only incident opened is I2 (10-18 23:00), still pending at the week's end.
    expect(text).toContain('1 incident opened · overall attainment — · 0 breaches');
    // The burn-down table lists Acme first (97.9 % used), running out on 10-19.
    expect(text).toContain('Burn-down');
    expect(text).toMatch(/Acme .*2026-10-01 – 2026-10-31 .*16 h .*15\.7 h .*98 % .*2026-10-19/);

    const rows = parse<Record<string, string>>(readFileSync(join(dir, 'w42.csv'), 'utf8'), { columns: true });
    const value = (figure: string, dimension: string, measure: string, detail = '') =>
      rows.find((r) => r['figure'] === figure && r['dimension'] === dimension && r['measure'] === measure && r['detail'] === detail)?.['value'];
    // Opened in W42: I2 only (I4 opened 10-09, in W41).
    expect(value('sla', 'all', 'incidents')).toBe('1');
    expect(value('sla', 'all', 'breaches')).toBe('0');
    // Resolved in W42: I4 (71 h = 4,260 min).
    expect(value('mttr', 'week', 'resolved')).toBe('1');
    expect(value('mttr', 'week', 'mean_minutes')).toBe('4260');
    // Hours in W42: Bob 240 + Carl 480 billable, Ann 120 non-billable.
    expect(value('hours', 'all', 'billable_minutes')).toBe('720');
    expect(value('hours', 'all', 'non_billable_minutes')).toBe('120');
    // The eight-week trend ends with W41 (940) and W42 (720).
    expect(value('hours_trend', '2026-W41', 'billable_minutes')).toBe('940');
    expect(value('backlog', 'all', 'overdue_actions')).toBe('1');
    expect(value('coverage', 'all', 'covered_shifts')).toBe('1');
    expect(rows.find((r) => r['figure'] === 'adoption' && r['dimension'] === 'Acme' && r['measure'] === 'score')?.['value']).toBe('31');
  });

  it('refuses a bad week or a missing --out, writing nothing', async () => {
    const dir = await seeded();
    const bad = await cli(['--data-dir', dir, 'report', 'weekly', '--week', '2026-48', '--out', join(dir, 'x.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Weeks are written like 2026-W48.');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    const missing = await cli(['--data-dir', dir, 'report', 'weekly', '--week', '2026-W42']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('report weekly needs --week YYYY-Www and --out FILE.pdf.');
    expect((await cli(['--data-dir', dir, 'report', 'monthly'])).err).toContain('Unknown command "report monthly".');
  });
});
