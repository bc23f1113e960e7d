import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { openStore } from '../../core/store/store';
import { addContract, addEntries, approveWeek, ME, pdfText } from '../core/timeIoSeed';
import { HostProcess, preparedDataDir, screenshot, SCREENSHOT_DIR, seriousA11yViolations, tempDataDir, useChromium } from './harness';
import { renderPdfPages } from './pdfPreview';

const { openApp } = useChromium();

/** Dana's data folder: two customers with contracts, March's time (approved, one week still submitted). */
async function seededDataDir() {
  const data = await preparedDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  const contoso = await core.dispatcher.dispatch('accounts.create', { name: 'Contoso' });
  const northwind = await core.dispatcher.dispatch('accounts.create', { name: 'Northwind Traders' });
  if (!contoso.ok || !northwind.ok) throw new Error('accounts not created');
  const contosoId = (contoso.data as { id: string }).id;
  const northwindId = (northwind.data as { id: string }).id;
  addContract(core.store, contosoId);
  addContract(core.store, northwindId, { skus: [{ code: 'NW-TAM', label: 'Northwind TAM hour', rate: 12_000, currency: 'USD', billable: true }] });
  addEntries(core.store, contosoId, [
    { date: '2026-03-02', minutes: 90, note: 'Upgrade planning with the Überwald team' },
    { date: '2026-03-03', minutes: 221, sku: 'TAM-ONSITE', category: 'onsite', startedAt: '2026-03-03T07:30:00Z', endedAt: '2026-03-03T11:11:00Z', timeZone: 'Europe/Paris' },
    { date: '2026-03-05', minutes: 40, note: 'Follow-up, "storage" tickets' },
  ]);
  addEntries(core.store, northwindId, [
    { date: '2026-03-04', minutes: 75, sku: 'NW-TAM', category: 'roadmap_review', note: 'Roadmap review' },
    { date: '2026-03-10', minutes: 30, sku: 'NW-TAM', status: 'submitted', note: 'Escalation call' },
  ]);
  approveWeek(core.store, ME, '2026-W10', 'maria.manager@example.com', '2026-03-09T16:20:00Z');
  core.close();
  return data;
}

/** The accounts the Toggl sample names (not Globex), with contracts, and no time yet. */
async function importDataDir() {
  const data = await preparedDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  for (const name of ['Contoso', 'Northwind Traders', 'Fabrikam']) {
    const created = await core.dispatcher.dispatch('accounts.create', { name });
    if (!created.ok) throw new Error(created.error.message);
    if (name !== 'Fabrikam') addContract(core.store, (created.data as { id: string }).id);
  }
  core.close();
  return data;
}

async function openTime(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Time' }).click();
  await page.getByRole('button', { name: 'Export time…' }).waitFor();
}

async function fillPeriod(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Export time' });
  await dialog.getByLabel('From', { exact: true }).fill('2026-03-01');
  await dialog.getByLabel('To', { exact: true }).fill('2026-03-31');
}

describe('time export and import, end to end in Chromium', () => {
  it('exports CSV and a PDF sign-off sheet through the dialog, marking approved time as exported', async () => {
    const data = await seededDataDir();
    const files = tempDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await openTime(page);
      await page.getByRole('button', { name: 'Export time…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export time' });
      await dialog.waitFor();
      await fillPeriod(page);
      await dialog.getByLabel('Add a byte-order mark for Excel').check();
      await screenshot(page, 'time-01-export-dialog');
      expect(await seriousA11yViolations(page)).toEqual([]);

      const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
      expect(csv.suggestedFilename()).toBe('time-2026-03-01-to-2026-03-31.csv');
      const csvPath = join(files.dir, 'march.csv');
      await csv.saveAs(csvPath);
      await page.getByText('Exported 5 entries to time-2026-03-01-to-2026-03-31.csv.').waitFor();
      await screenshot(page, 'time-02-exported-toast');
      const records: Array<Record<string, string>> = parse(readFileSync(csvPath), { columns: true, bom: true });
      expect(records).toHaveLength(5);
      expect(records.reduce((sum, r) => sum + Number(r['Minutes']), 0)).toBe(90 + 221 + 40 + 75 + 30);
      expect(records.find((r) => r['SKU'] === 'TAM-ONSITE')).toMatchObject({ 'Duration (h:mm)': '3:41', Start: '2026-03-03T08:30:00+01:00' });

      // Marking needs every selected entry approved: the dialog says which are not, next to the checkbox's form.
      await page.getByRole('button', { name: 'Export time…' }).click();
      await fillPeriod(page);
      await dialog.getByLabel('PDF sign-off sheet').check();
      await dialog.getByLabel('Rounding').selectOption('15');
      await dialog.getByLabel('Mark the exported entries as exported').check();
      await dialog.getByRole('button', { name: 'Export' }).click();
      await dialog.getByRole('alert').getByText(/1 of the 5 selected entries is not approved yet \(1 submitted\)/).waitFor();
      await screenshot(page, 'time-03-export-refused');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await dialog.getByLabel('Status').selectOption('approved');
      const [pdf] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
      expect(pdf.suggestedFilename()).toBe('time-2026-03-01-to-2026-03-31-approved.pdf');
      const pdfPath = join(files.dir, 'march.pdf');
      await pdf.saveAs(pdfPath);
      await page.getByText('Exported 4 entries to time-2026-03-01-to-2026-03-31-approved.pdf. 4 marked as exported.').waitFor();
      const bytes = readFileSync(pdfPath);
      const pages = await pdfText(bytes);
      // Rounded up to 15 minutes: Contoso 1:30 + 3:45 + 0:45 = 6:00; €225.00 + €676.88 + €112.50.
      expect(pages[0]).toMatch(/Total 3 entries 6:00 6:00 €1,014\.38/);
      expect(pages[0]).toContain('approved by maria.manager@example.com on 2026-03-09');
      expect(pages.join(' ')).toMatch(/Total 1 entry 1:15 1:15 \$150\.00/);
      const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
      try {
        expect(await renderPdfPages(browser, bytes, (n) => join(SCREENSHOT_DIR, `time-04-signoff-page-${n}.png`))).toBe(2);
      } finally {
        await browser.close();
      }
    } finally {
      await host.stop();
    }
    const store = await openStore({ dataDir: data.dir });
    try {
      expect(store.db.prepare(`SELECT status, count(*) AS n FROM time_entries GROUP BY status ORDER BY status`).all()).toEqual([
        { status: 'exported', n: 4 },
        { status: 'submitted', n: 1 },
      ]);
    } finally {
      store.close();
      data.cleanup();
      files.cleanup();
    }
  });

  it('imports a Toggl file: per-row errors block the import, the fixed file imports after a preview', async () => {
    const data = await importDataDir();
    const files = tempDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await openTime(page);
      await page.getByRole('button', { name: 'Import time…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import time' });
      await dialog.getByLabel('File', { exact: true }).setInputFiles('tests/fixtures/time-import/toggl-detailed.csv');
      await dialog.getByText('Toggl Track: 9 rows — 5 ready (9:26), 1 duplicate, 3 with errors').waitFor();
      await dialog.getByText('Row 5, Client: No account is named “Globex”. Create it in Fieldbook, or correct the name in the file.').waitFor();
      expect(await dialog.getByRole('button', { name: 'Import 5 entries' }).isDisabled()).toBe(true);
      expect(await dialog.getByRole('row').count()).toBe(10);
      await screenshot(page, 'time-05-import-errors');
      expect(await seriousA11yViolations(page)).toEqual([]);

      const lines = readFileSync('tests/fixtures/time-import/toggl-detailed.csv', 'utf8').split('\r\n');
      const fixed = join(files.dir, 'toggl-fixed.csv');
      writeFileSync(fixed, lines.filter((_, i) => ![4, 7, 9].includes(i)).join('\r\n'));
      await dialog.getByLabel('File', { exact: true }).setInputFiles(fixed);
      await dialog.getByText('Toggl Track: 6 rows — 5 ready (9:26), 1 duplicate, 0 with errors').waitFor();
      await screenshot(page, 'time-06-import-ready');
      await dialog.getByRole('button', { name: 'Import 5 entries' }).click();
      await page.getByText('Imported 5 entries (9:26) as drafts; skipped 1 duplicate.').waitFor();
      expect(await dialog.count()).toBe(0);
      await screenshot(page, 'time-07-imported');
    } finally {
      await host.stop();
    }
    const store = await openStore({ dataDir: data.dir });
    try {
      expect(store.db.prepare(`SELECT count(*) AS n, sum(minutes) AS m FROM time_entries WHERE source = 'import' AND status = 'draft'`).get()).toEqual({ n: 5, m: 566 });
    } finally {
      store.close();
      data.cleanup();
      files.cleanup();
    }
  });
});
