import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { HostProcess, localInput, minutesLeft, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();

const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('incidents and engagements, end to end in Chromium', () => {
  it('opens an account, logs a weekly call, opens an incident and watches its SLA clock', async () => {
    const data = await preparedDataDir();
    const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
    const created = await core.dispatcher.dispatch('accounts.create', { name: 'Northwind Sovereign Cloud', tier: 'premier', residency: 'eu' });
    if (!created.ok) throw new Error(created.error.message);
    const accountId = (created.data as { id: string }).id;
    const contract = await core.dispatcher.dispatch('contracts.create', { accountId, tier: 'premier', addOns: ['sovereign'], startsOn: day(-30), endsOn: day(335) });
    if (!contract.ok) throw new Error(contract.error.message);
    core.close();

    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      // The page's clock is Playwright's, so the test can move it forward instead of waiting for minutes to pass.
      await page.clock.install();
      await page.reload();

      await page.getByRole('row', { name: /Northwind Sovereign Cloud/ }).click();
      await page.getByRole('button', { name: 'Open account' }).click();
      await page.getByRole('region', { name: 'Contract and SLA' }).getByText('40 h included per month').waitFor();
      await screenshot(page, 'sla-01-overview');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Log the weekly call.
      await page.getByRole('tab', { name: 'Engagements' }).click();
      await page.getByRole('button', { name: 'Log an engagement' }).click();
      await page.getByRole('button', { name: 'Log engagement' }).click();
      await page.getByText('Enter a title.').waitFor();
      await screenshot(page, 'sla-02-engagement-error');
      await page.getByRole('textbox', { name: 'Title' }).fill('Weekly sync with the platform team');
      await page.getByRole('textbox', { name: 'Attendees' }).fill('Ana Ruiz (customer), Dana Field');
      await page.getByRole('textbox', { name: 'Notes' }).fill('Upgrade to 7.2 planned for July; needs a maintenance window.');
      await page.getByRole('button', { name: 'Log engagement' }).click();
      await page.getByRole('article', { name: 'Weekly sync with the platform team' }).waitFor();
      await screenshot(page, 'sla-03-engagement-logged');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // A Sev 1 reported ten minutes ago: opened at that time (this machine's local time, as the form asks).
      await page.getByRole('tab', { name: 'Incidents' }).click();
      await page.getByRole('button', { name: 'Open an incident' }).click();
      await page.getByLabel('Opened').fill(localInput(Date.now() - 10 * 60_000));
      await page.getByRole('textbox', { name: 'Summary' }).fill('Object storage returns 503 in eu-central');
      await page.getByRole('button', { name: 'Open incident' }).click();
      const card = page.getByRole('article', { name: 'Object storage returns 503 in eu-central' });
      await card.waitFor();
      const left = await minutesLeft(page, 'Developer engaged');
      expect(left).toBeGreaterThanOrEqual(4);
      expect(left).toBeLessThanOrEqual(5);
      await screenshot(page, 'sla-04-incident-opened');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // Respond and engage the support engineer now: those clocks stop, met.
      await card.getByRole('button', { name: 'Record first response' }).click();
      await page.locator('.sla-clock', { hasText: 'First response' }).getByText(/^Met in \d+ min$/).waitFor();
      await card.getByRole('textbox', { name: 'Responder name' }).fill('Sam Support');
      await card.getByRole('button', { name: 'Engage support engineer' }).click();
      await page.locator('.sla-clock', { hasText: 'Support engineer engaged' }).getByText(/^Met in \d+ min$/).waitFor();
      await screenshot(page, 'sla-05-responded');

      // The remaining clocks tick on their own, minute by minute.
      await page.clock.fastForward('02:00');
      await expect.poll(() => minutesLeft(page, 'Developer engaged')).toBe(left - 2);
      await page.clock.fastForward('05:00');
      await page.locator('.sla-clock', { hasText: 'Developer engaged' }).getByText(/^Breached by \d+ min$/).waitFor();
      expect(await page.locator('.sla-clock--breached').count()).toBe(2);
      await screenshot(page, 'sla-06-breached');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.getByRole('tab', { name: 'Contracts' }).click();
      await page.getByRole('article', { name: 'Premier + Cleared / sovereign coverage' }).getByText('SLA targets', { exact: true }).click();
      await screenshot(page, 'sla-07-contracts');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('a manager edits the Premium tier in Settings: a bad value is refused next to its cell, then saved', async () => {
    const data = await preparedDataDir();
    const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
    await core.dispatcher.dispatch('profile.save', { name: 'Mia Manager', email: 'mia@example.com', role: 'manager', homeRegion: 'eu', timeZone: 'Europe/Paris' });
    core.close();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('region', { name: 'Tiers and add-ons' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'sla-08-tiers-summary-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Edit the terms of Premium' }).click();
      const form = page.getByRole('form', { name: 'Premium terms' });
      await form.getByRole('textbox', { name: 'Sev 2 developer engaged (minutes)' }).fill('0');
      await form.getByRole('combobox', { name: 'SLA clocks run' }).selectOption('business_hours');
      await form.getByLabel('Time zone').fill('Europe/Berlin');
      await form.getByLabel('Add a holiday').fill('2026-12-25');
      await form.getByRole('button', { name: 'Add holiday' }).click();
      await form.getByRole('button', { name: 'Save terms' }).click();
      await form.getByText('Time to engage must be at least 1 minute.').waitFor();
      await screenshot(page, 'sla-09-tier-error-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await form.getByRole('textbox', { name: 'Sev 2 developer engaged (minutes)' }).fill('240');
      await form.getByRole('button', { name: 'Save terms' }).click();
      await page.getByText('Saved the terms of Premium.').waitFor();
      await screenshot(page, 'sla-10-tier-saved-dark');
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
