import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { newId } from '../../core/model';
import type { Account } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { SyncedTable } from '../../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../../core/store/timeTables';
import { CONTRACT, TIME_ENTRY } from '../core/recordFixtures';
import { HostProcess, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();

/** Records no screen writes yet (contracts, time): added beside the running app, as the CLI or sync would. */
async function addHistory(dataDir: string, accountName: string): Promise<void> {
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const found = await core.dispatcher.dispatch('accounts.list', { search: accountName });
    const account = (found.ok ? (found.data as Account[]) : [])[0];
    if (!account) throw new Error(`${accountName} was not imported`);
    core.store.write(() => {
      new ContractsRepo(core.store).insert(newId(), account.id, { ...CONTRACT, startsOn: '2026-01-01', endsOn: '2026-12-31', notes: 'Premier with a dedicated escalation engineer' });
      const time = new SyncedTable(core.store, TIME_ENTRIES_SPEC);
      for (let i = 0; i < 40; i += 1) {
        time.insert(newId(), account.id, { ...TIME_ENTRY, date: `2026-${String((i % 9) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`, minutes: 30 + i, note: `Weekly call ${i + 1}` });
      }
      time.insert(newId(), account.id, { ...TIME_ENTRY, date: '2025-11-03', minutes: 240, category: 'onsite', note: 'Onsite capacity planning workshop with the storage team' });
    });
  } finally {
    core.close();
  }
}

describe('search, timeline and import, end to end in Chromium', () => {
  it('imports accounts from a CSV, finds one by a word of its notes from the palette, and shows its timeline', async () => {
    const data = await preparedDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await page.getByRole('button', { name: 'Import…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import accounts' });
      await dialog.getByText('Choose a CSV or Excel (.xlsx) file').waitFor();
      await screenshot(page, 'search-01-import-choose');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await dialog.getByLabel('Spreadsheet file').setInputFiles('tests/fixtures/import/accounts.csv');
      await dialog.getByText('3 new').waitFor();
      await dialog.getByText('Support Level: "Gold" is not a known support tier.', { exact: false }).waitFor();
      await screenshot(page, 'search-02-import-preview');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await dialog.getByRole('button', { name: 'Import 3 accounts' }).click();
      await page.getByText('Imported 3 accounts: 3 new, 0 updated. 4 rows with problems were left out.').waitFor();
      await page.getByRole('row', { name: /Northwind Traders/ }).waitFor();
      await screenshot(page, 'search-03-imported');

      // Search a word from an account's notes.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('kubernetes');
      const records = page.getByRole('group', { name: 'Records' });
      await records.getByRole('option', { name: /Northwind Traders/ }).waitFor();
      expect(await records.locator('mark').allTextContents()).toEqual(['Kubernetes']);
      await screenshot(page, 'search-04-palette-records');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Northwind Traders' }).waitFor();
      await page.getByText('Weekly call on Tuesdays; migrating the data platform to Kubernetes').waitFor();
      await screenshot(page, 'search-05-jumped-to-account');

      // Its history, written beside the app (as sync or the CLI would): the app notices and shows it.
      await addHistory(data.dir, 'Northwind Traders');
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByText('43 entries, newest first').waitFor();
      await page.getByText('Weekly call 9', { exact: true }).waitFor();
      await screenshot(page, 'search-06-timeline');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // A time entry far down the timeline, found by its note: the tab opens scrolled to it, focused.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('capacity plan');
      await page.getByRole('group', { name: 'Records' }).getByRole('option', { name: /Time entry/ }).waitFor();
      await screenshot(page, 'search-07-palette-time-entry');
      await page.keyboard.press('Enter');
      const focused = page.locator('.timeline__entry--focused');
      await focused.waitFor();
      expect(await focused.textContent()).toContain('Onsite capacity planning workshop with the storage team');
      await expect.poll(() => focused.evaluate((el) => el === document.activeElement)).toBe(true);
      await screenshot(page, 'search-08-timeline-focused');

      await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Contract' });
      await page.getByText('1 entry, newest first').waitFor();
      await page.getByText('Premier with a dedicated escalation engineer').waitFor();
      await screenshot(page, 'search-09-timeline-contracts');
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('palette records in the dark theme', async () => {
    const data = await preparedDataDir();
    const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
    await core.dispatcher.dispatch('accounts.create', { name: 'Contoso Federal', notes: 'Air-gapped site: bundle sync only, change window on Fridays' });
    await core.dispatcher.dispatch('accounts.create', { name: 'Air Logistics', notes: 'Fleet telemetry' });
    core.close();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.getByRole('row', { name: /Contoso Federal/ }).waitFor();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('air');
      await page.getByRole('group', { name: 'Records' }).getByRole('option').nth(1).waitFor();
      await screenshot(page, 'search-10-palette-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
