import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../core/services';
import { CatalogRepo } from '../../core/store/catalogRepo';
import { openStore } from '../../core/store/store';
import { PERIOD, seedMetrics } from '../core/reportsFixture';
import type { MetricsFixture } from '../core/reportsFixture';
import { HostProcess, SCREENSHOT_DIR, screenshot, seriousA11yViolations, tempDataDir, useChromium } from './harness';
import { renderPdfPages } from './pdfPreview';

const { openApp } = useChromium();

/** The metrics fixture (tests/core/reportsFixture.ts) in a data folder, written with a moving clock. */
async function seeded(): Promise<{ dir: string; cleanup: () => void; fx: MetricsFixture }> {
  const data = tempDataDir();
  let now = new Date('2026-09-01T08:00:00.000Z');
  const store = await openStore({ dataDir: data.dir, now: () => now });
  new CatalogRepo(store).seed();
  const fx = seedMetrics(store, createServices({ store, changed: () => {} }), { set: (iso) => (now = new Date(iso)) });
  store.close();
  return { ...data, fx };
}

/** Sets the period with the date fields, as a person would, and waits for the figures. */
async function choosePeriod(page: Page, accounts: string): Promise<void> {
  await page.getByLabel('From', { exact: true }).fill(PERIOD.from);
  await page.getByLabel('To', { exact: true }).fill(PERIOD.to);
  await page.getByText(`${accounts} · ${PERIOD.from} to ${PERIOD.to}`).waitFor();
}

/** The app scrolls inside its main area: the window is made as tall as the page so the screenshot shows all of it. */
async function fullShot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => Math.max(800, ...Array.from(document.querySelectorAll('main, .main')).map((m) => m.scrollHeight + 40)));
  await page.setViewportSize({ width: 1280, height: Math.min(height, 12_000) });
  await screenshot(page, name);
  // Each section on its own too, at a size a person can read.
  const sections = page.locator('.metrics-section');
  for (let i = 0; i < (await sections.count()); i += 1) await sections.nth(i).screenshot({ path: join(SCREENSHOT_DIR, `${name}-section-${i + 1}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('metrics dashboards, end to end in Chromium', () => {
  it('opens the portfolio and account dashboards on seeded data, drills down from a breach to the incident, and makes the weekly pack', async () => {
    const data = await seeded();
    const host = new HostProcess(data.dir);
    try {
      const url = await host.start();
      const page = await openApp(url);
      await page.getByRole('button', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await choosePeriod(page, '4 accounts');
      const sla = page.getByRole('region', { name: 'SLA attainment' });
      // The hand-computed figures of tests/core/reports.test.ts, as the page shows them.
      await sla.getByText('4 incidents opened · 75 % of decided targets met · 2 breaches · 1 without a contract').waitFor();
      await page.getByRole('region', { name: 'Time to resolve' }).getByText('3 resolved · mean 4 d · median 2 d 23 h').waitFor();
      // Charts are SVG (the chosen renderer) and every chart has its table.
      expect(await page.locator('.metrics-chart__canvas svg').count()).toBeGreaterThanOrEqual(8);
      expect(await page.getByText('Show the numbers as a table').count()).toBe(await page.locator('.metrics-chart').count());
      await fullShot(page, 'metrics-01-dashboard-light');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // The weekly pack of the period's last week: a PDF and a CSV, downloaded.
      const downloads: Array<{ name: string; bytes: Buffer }> = [];
      page.on('download', (d) => {
        void d.path().then((path) => downloads.push({ name: d.suggestedFilename(), bytes: readFileSync(path) }));
      });
      await page.getByRole('button', { name: 'Weekly review pack (2026-W42)' }).click();
      await page.getByText('Saved fieldbook-metrics-2026-W42.pdf and fieldbook-metrics-2026-W42.csv.').waitFor();
      await expect.poll(() => downloads.map((d) => d.name).sort()).toEqual(['fieldbook-metrics-2026-W42.csv', 'fieldbook-metrics-2026-W42.pdf']);
      const pdf = downloads.find((d) => d.name.endsWith('.pdf'));
      expect(pdf?.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(downloads.find((d) => d.name.endsWith('.csv'))?.bytes.toString()).toContain('figure,dimension,detail,measure,value');
      const browser = page.context().browser() as Browser;
      await renderPdfPages(browser, pdf?.bytes ?? Buffer.alloc(0), (n) => join(SCREENSHOT_DIR, `metrics-pack-page-${n}.png`), 4);

      // Drill down: the first breach (Acme's incident manager, 30 min late) opens the incident on the Incidents tab.
      await sla.getByRole('list', { name: 'SLA breaches' }).getByRole('button', { name: /Sev 1 · Checkout down/ }).click();
      await page.getByRole('tab', { name: 'Incidents', selected: true }).waitFor();
      const card = page.locator(`[data-record-id="${data.fx.incidents.i1}"]`);
      await card.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-record-id'))).toBe(data.fx.incidents.i1);
      await screenshot(page, 'metrics-02-breach-to-incident');

      // The account dashboard: Acme's Metrics tab, same period.
      await page.getByRole('tab', { name: 'Metrics' }).click();
      const panel = page.getByRole('region', { name: 'Metrics for Acme' });
      await panel.getByLabel('From', { exact: true }).fill(PERIOD.from);
      await panel.getByLabel('To', { exact: true }).fill(PERIOD.to);
      await panel.getByRole('region', { name: 'SLA attainment' }).getByText('2 incidents opened · 80 % of decided targets met · 1 breach').waitFor();
      await panel.getByRole('region', { name: 'Hours' }).getByText('Burn-down against included hours').waitFor();
      await fullShot(page, 'metrics-03-account-light');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.context().close();

      // Dark theme: both dashboards.
      const dark = await openApp(url, 'dark');
      await dark.getByRole('button', { name: 'Dashboard' }).click();
      await choosePeriod(dark, '4 accounts');
      await dark.getByRole('region', { name: 'SLA attainment' }).getByText(/4 incidents opened/).waitFor();
      await fullShot(dark, 'metrics-04-dashboard-dark');
      expect(await seriousA11yViolations(dark)).toEqual([]);
      await dark.getByRole('region', { name: 'Coverage of sovereign and cleared accounts' }).getByRole('button', { name: /Cobalt · Night/ }).click();
      await dark.getByRole('tab', { name: 'Team', selected: true }).waitFor();
      await dark.getByRole('tab', { name: 'Metrics' }).click();
      const cobalt = dark.getByRole('region', { name: 'Metrics for Cobalt' });
      await cobalt.getByLabel('From', { exact: true }).fill(PERIOD.from);
      await cobalt.getByLabel('To', { exact: true }).fill(PERIOD.to);
      await cobalt.getByRole('region', { name: 'Coverage of sovereign and cleared accounts' }).getByText('1 account · 1 of 2 on-call shifts covered · 1 gap').waitFor();
      await fullShot(dark, 'metrics-05-account-dark');
      expect(await seriousA11yViolations(dark)).toEqual([]);
      await dark.context().close();
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
