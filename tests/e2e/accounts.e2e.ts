import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { HostProcess, preparedDataDir, screenshot, seriousA11yViolations, tempDataDir, useChromium } from './harness';

const { openApp } = useChromium();

describe('accounts, end to end in Chromium', () => {
  it('first run, create an account, restart the host, find it again', async () => {
    const data = tempDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());

      // First run: the local profile.
      await page.getByLabel('Your name').fill('Dana Field');
      await page.getByLabel('Email').fill('dana@example.com');
      await page.getByLabel('Role').selectOption('tam');
      await page.getByLabel('Home region').selectOption('eu');
      await screenshot(page, '01-first-run');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Get started' }).click();

      // Empty accounts screen, then a new account.
      await page.getByRole('button', { name: 'New account' }).first().waitFor();
      await screenshot(page, '02-accounts-empty');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'New account' }).first().click();
      await page.getByLabel('Name', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Name is required.').waitFor();
      await screenshot(page, '03-account-form-error');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByLabel('Name', { exact: true }).fill('Northwind Sovereign Cloud');
      await page.getByLabel('Support tier').selectOption('premier');
      await page.getByLabel('Residency').selectOption('eu');
      await page.getByLabel('Health').selectOption('amber');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Northwind Sovereign Cloud').first().waitFor();
      await screenshot(page, '04-account-created');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // A reload keeps access: the token left the URL but stays with this tab.
      expect(page.url()).not.toContain('token=');
      await page.reload();
      await page.getByText('Northwind Sovereign Cloud').first().waitFor();

      // Restart the host: new port, new token, same data.
      await host.stop();
      const again = await openApp(await host.start());
      await again.getByText('Northwind Sovereign Cloud').first().waitFor();
      expect(await again.getByLabel('Your name').count()).toBe(0);
      await screenshot(again, '05-after-restart');
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('works from the keyboard in the dark theme: palette, new account, delete and undo', async () => {
    const data = await preparedDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.getByRole('button', { name: 'New account' }).first().waitFor();
      // Ctrl+K opens the palette; typing filters; Enter runs "New account".
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Type a command' }).waitFor();
      await screenshot(page, '08-palette-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.keyboard.type('new account');
      await page.keyboard.press('Enter');
      await page.getByLabel('Name', { exact: true }).waitFor();
      await page.keyboard.type('Contoso Federal');
      await page.getByLabel('Segment').selectOption('federal');
      await page.getByLabel('Clearance').selectOption('us-secret');
      await page.getByRole('button', { name: 'Save' }).press('Enter');
      await page.getByRole('row', { name: /Contoso Federal/ }).waitFor();
      await screenshot(page, '09-created-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Undo' }).waitFor();
      expect(await page.getByRole('row', { name: /Contoso Federal/ }).count()).toBe(0);
      await screenshot(page, '10-deleted-undo-dark');
      await page.keyboard.press('Enter');
      await page.getByRole('row', { name: /Contoso Federal/ }).waitFor();
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('refuses a page with a wrong token and says what to do', async () => {
    const data = tempDataDir();
    const host = new HostProcess(data.dir);
    try {
      const url = await host.start();
      const page = await openApp(url.replace(/#token=.*/, '#token=wrong'));
      await page.getByText(/token is wrong/i).waitFor();
      await screenshot(page, '06-bad-token');
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('keeps only the visible rows of 10,000 accounts in the DOM', async () => {
    const data = await preparedDataDir();
    const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
    for (let i = 0; i < 10_000; i += 1) {
      const result = await core.dispatcher.dispatch('accounts.create', { name: `Account ${String(i).padStart(5, '0')}` });
      if (!result.ok) throw new Error(result.error.message);
    }
    core.close();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await page.getByText('Account 00000').first().waitFor();
      const rows = await page.getByRole('row').count();
      expect(rows).toBeGreaterThan(5);
      expect(rows).toBeLessThan(200);
      // The first screenful paints first; the count shows once the whole list is in.
      await page.getByText('10,000 accounts').waitFor();
      await screenshot(page, '07-ten-thousand');
      expect(await seriousA11yViolations(page)).toEqual([]);
      // The last account is reachable by scrolling the virtual list.
      await page.getByText('Account 00000').first().click();
      await page.keyboard.press('End');
      await page.getByText('Account 09999').first().waitFor({ timeout: 10_000 });
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
