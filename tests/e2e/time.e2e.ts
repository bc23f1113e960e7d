import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { newId } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { HostProcess, coreCall, screenshot, seriousA11yViolations, tempDataDir, useChromium } from './harness';

const { openApp } = useChromium();

/** A TAM's data folder with two accounts under contract. */
async function timeDataDir(): Promise<{ dir: string; cleanup: () => void }> {
  const data = tempDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  const call = coreCall(core);
  await call('profile.save', { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
  const year = new Date().getUTCFullYear();
  const contracts = new ContractsRepo(core.store);
  for (const [name, included] of [
    ['Contoso Bank', 40],
    ['Fabrikam Energy', 4],
  ] as const) {
    const account = await call('accounts.create', { name, tier: 'premier' });
    core.store.write(() =>
      contracts.insert(newId(), account.id, {
        tier: 'premier',
        startsOn: `${year - 1}-01-01`,
        endsOn: `${year + 1}-12-31`,
        includedHours: included,
        hoursPeriod: 'month',
        skus: [
          { code: 'TAM-ONSITE', label: 'Onsite TAM', rate: 20_000, currency: 'EUR', billable: true },
          { code: 'TAM-REMOTE', label: 'Remote TAM', rate: 15_000, currency: 'EUR', billable: true },
        ],
        slaTargets: [],
        coverage: { kind: '24x7' },
        dedicatedStaff: [],
        notes: '',
      }),
    );
  }
  core.close();
  return data;
}

describe('time tracking, end to end in Chromium', () => {
  it('timer, keyboard grid, submit, approve as a manager, and a refused edit that offers an adjustment', async () => {
    const data = await timeDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Time' }).click();
      await page.getByRole('heading', { level: 1, name: 'Time' }).waitFor();

      // Start a timer on Contoso, onsite.
      const timer = page.getByRole('region', { name: 'Timer' });
      await timer.getByLabel('Account').selectOption({ label: 'Contoso Bank' });
      await timer.getByLabel('Category').selectOption('onsite');
      await expect.poll(() => timer.getByLabel('SKU').inputValue()).toBe('TAM-ONSITE');
      await timer.getByRole('button', { name: 'Start timer' }).click();
      await timer.getByRole('button', { name: 'Stop' }).waitFor();
      await expect.poll(() => page.title()).toMatch(/^▶ 0:\d\d Contoso Bank — Fieldbook$/);
      await page.getByRole('button', { name: /Timer running: 0:\d\d Contoso Bank/ }).waitFor();
      await screenshot(page, 'time-01-timer-running');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Switch it to Fabrikam, remote.
      await timer.getByLabel('Account').selectOption({ label: 'Fabrikam Energy' });
      await timer.getByLabel('Category').selectOption('remote');
      await timer.getByRole('button', { name: 'Switch' }).click();
      await page.getByText('Timer switched to Fabrikam Energy.').waitFor();
      await expect.poll(() => page.title()).toMatch(/Fabrikam Energy — Fieldbook$/);
      await timer.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => page.title()).toBe('Fieldbook');

      // Fill Monday and Tuesday of Contoso from the keyboard.
      const addRow = page.getByRole('form', { name: 'Add a row' });
      await addRow.getByLabel('Account').selectOption({ label: 'Contoso Bank' });
      await expect.poll(() => addRow.getByLabel('SKU').inputValue()).toBe('TAM-ONSITE');
      await addRow.getByLabel('Category').selectOption('onsite');
      await addRow.getByRole('button', { name: 'Add row' }).click();
      const grid = page.getByRole('grid');
      await grid.getByRole('gridcell', { name: /^Contoso Bank, TAM-ONSITE, Monday/ }).click();
      await page.keyboard.type('2h');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1h30');
      await page.keyboard.press('Enter');
      await grid.getByRole('gridcell', { name: /^Contoso Bank, TAM-ONSITE, Tuesday[^:]*: 1:30/ }).waitFor();
      await expect.poll(() => grid.getByRole('gridcell', { name: /^Week total/ }).textContent()).toBe('3:30');
      await screenshot(page, 'time-02-grid-filled');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Submit the week.
      await page.getByRole('button', { name: 'Submit week' }).click();
      await page.getByRole('button', { name: 'Withdraw' }).waitFor();
      await screenshot(page, 'time-03-submitted');

      // Become a manager in Settings, then approve the week in Approvals.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Role').selectOption('manager');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Profile saved.').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Time' }).click();
      await page.getByRole('button', { name: 'Approvals' }).click();
      const pending = page.getByRole('listitem', { name: /^dana@example.com, week / });
      await pending.getByText('3:30 in 2 entries, 3:30 billable').waitFor();
      await screenshot(page, 'time-04-approvals');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await pending.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Nothing waits for your approval').waitFor();

      // Back on the week: it is approved and locked; editing Monday is refused with an adjustment offer.
      await page.getByRole('button', { name: 'My week' }).click();
      await page.getByText(/by dana@example.com, .*Locked: correct time with an adjustment\./).waitFor();
      await grid.getByRole('gridcell', { name: /^Contoso Bank, TAM-ONSITE, Monday[^:]*: 2:00, locked/ }).click();
      await page.keyboard.type('1h45');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Create an adjustment' });
      await dialog.waitFor();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/approved and can no longer change\. Record the correction as an adjustment/);
      expect(await dialog.getByLabel('Corrected duration').inputValue()).toBe('1:45');
      await dialog.getByLabel('Why (note)').fill('Left before lunch');
      await screenshot(page, 'time-05-adjustment-offer');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Create adjustment' }).click();
      await page.getByText(/Adjustment created: 2:00 → 1:45/).waitFor();
      await expect.poll(() => grid.getByRole('gridcell', { name: /^Week total/ }).textContent()).toBe('3:15');
      await screenshot(page, 'time-06-adjusted');

      // The adjustment waits in Approvals as its own item.
      await page.getByRole('button', { name: 'Approvals' }).click();
      await page.getByRole('listitem', { name: 'Adjustment of dana@example.com' }).getByText(/2:00 → 1:45/).waitFor();
      await screenshot(page, 'time-07-adjustment-pending', );
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('keeps a running timer across a restart of the host and shows contract hours with warnings, in the dark theme', async () => {
    const data = await timeDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Time' }).click();
      const quick = page.getByRole('region', { name: 'Quick entry' });
      await quick.getByLabel('Duration').fill('3h30');
      await quick.getByLabel('Account').selectOption({ label: 'Fabrikam Energy' });
      await expect.poll(() => quick.getByLabel('SKU').inputValue()).toBe('TAM-ONSITE');
      await quick.getByRole('button', { name: 'Log time' }).click();
      await page.getByText('Logged 3:30 on Fabrikam Energy.').waitFor();
      // 3.5 of 4 included hours: the 80 % warning.
      await page.getByText('Over 80 % of the included hours are used.').waitFor();
      const timer = page.getByRole('region', { name: 'Timer' });
      await timer.getByLabel('Account').selectOption({ label: 'Contoso Bank' });
      await timer.getByRole('button', { name: 'Start timer' }).click();
      await timer.getByRole('button', { name: 'Stop' }).waitFor();
      await screenshot(page, 'time-08-dark-warning');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await host.stop();
      const again = await openApp(await host.start(), 'dark');
      await again.getByRole('button', { name: /Timer running: 0:\d\d Contoso Bank/ }).waitFor();
      await expect.poll(() => again.title()).toMatch(/Contoso Bank — Fieldbook$/);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
