import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { addDays, todayIn } from '../../core/model';
import { HostProcess, coreCall, localInput, minutesLeft, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();
const TODAY = todayIn('Europe/Paris', new Date());

/** A premier account with a contract in force (so incidents get SLA clocks), and a second account beside it. */
async function seeded(): Promise<{ dir: string; cleanup: () => void }> {
  const data = await preparedDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  const call = coreCall(core);
  const northwind = await call('accounts.create', { name: 'Northwind Traders', tier: 'premier', residency: 'eu', stage: 'production' });
  await call('contracts.create', { accountId: northwind.id, tier: 'premier', startsOn: addDays(TODAY, -30), endsOn: addDays(TODAY, 335) });
  await call('accounts.create', { name: 'Contoso Bank', tier: 'premium' });
  core.close();
  return data;
}

describe('a TAM’s day, end to end in Chromium', () => {
  it('call, roadmap review, follow-up, adoption, incident with a live SLA clock, and search back to the review', async () => {
    const data = await seeded();
    const host = new HostProcess(data.dir);
    const shots: string[] = [];
    const step = async (page: Page, name: string) => {
      shots.push(await screenshot(page, `tamday-${String(shots.length + 1).padStart(2, '0')}-${name}`));
      expect(await seriousA11yViolations(page)).toEqual([]);
    };
    try {
      const page = await openApp(await host.start());
      // The page's clock is Playwright's, so the SLA clock can be moved on instead of waiting minutes.
      await page.clock.install();
      await page.reload();
      await page.setViewportSize({ width: 1280, height: 1000 });

      // Open the account: select its row, Enter moves to its details, then Open account.
      await page.getByRole('row', { name: /Northwind Traders/ }).click();
      await page.getByRole('button', { name: 'Open account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Northwind Traders' }).waitFor();
      await page.getByRole('region', { name: 'Contract and SLA' }).waitFor();
      await step(page, 'account-overview');

      // Log the weekly call.
      await page.getByRole('tab', { name: 'Engagements' }).click();
      await page.getByRole('button', { name: 'Log an engagement' }).click();
      const callForm = page.getByRole('form', { name: 'Log an engagement' });
      await callForm.getByLabel('Kind').selectOption('weekly_call');
      await callForm.getByRole('textbox', { name: 'Title' }).fill('Weekly call with the platform team');
      await callForm.getByRole('textbox', { name: 'Attendees' }).fill('Ana Ruiz (customer), Dana Field');
      await callForm.getByRole('textbox', { name: 'Notes', exact: true }).fill('Agreed to hold the roadmap review on Thursday.');
      await callForm.getByRole('button', { name: 'Log engagement' }).click();
      await page.getByRole('article', { name: 'Weekly call with the platform team' }).waitFor();
      await step(page, 'weekly-call-logged');

      // A roadmap review with two asks and a commitment, typed mostly from the keyboard.
      await page.getByRole('tab', { name: 'Reviews' }).click();
      await page.getByRole('button', { name: 'New review' }).click();
      const form = page.getByRole('form', { name: /roadmap review/i });
      await form.getByLabel('Title').fill('Q3 roadmap review');
      await form.getByLabel('Agenda').fill('1. Observability roadmap\n2. Data residency');
      await form.getByRole('button', { name: '+ Add ask' }).click();
      await page.keyboard.type('Telemetry sampling per tenant');
      await form.getByLabel('Priority of ask 1').selectOption('high');
      await form.getByLabel('Business impact of ask 1').selectOption('high');
      await form.getByRole('button', { name: '+ Add ask' }).click();
      await page.keyboard.type('EU-only support staff');
      await form.getByLabel('Priority of ask 2').selectOption('critical');
      await form.getByRole('button', { name: '+ Add commitment' }).click();
      await page.keyboard.type('Share the sampling design');
      await form.getByLabel('Due date of commitment 1').fill(addDays(TODAY, 7));
      await form.getByLabel('Notes').fill('They run a heliograph dashboard for every tenant; sampling would cut their bill.');
      await page.keyboard.press('Control+Enter');
      await page.getByText(/Recorded the review of/).waitFor();
      await form.getByText('All changes saved').waitFor();
      await step(page, 'review-recorded');

      // The commitment becomes an action item in one step.
      await page.getByRole('button', { name: 'Create action item from commitment 1: Share the sampling design' }).click();
      await page.getByText(/Action item created for Dana Field, due/).waitFor();
      await step(page, 'follow-up-action');
      await page.getByRole('button', { name: '← All reviews' }).click();
      await page.getByRole('button', { name: 'Q3 roadmap review' }).waitFor();
      await page.getByRole('tab', { name: 'Action items' }).click();
      await page.getByRole('grid', { name: 'Northwind Traders action items' }).getByRole('row', { name: /Share the sampling design/ }).waitFor();
      // Toasts leave after 8 s; the test is faster than that, so move the page's clock on for a clean view.
      await page.clock.runFor(9_000);
      await step(page, 'action-items-tab');

      // Mark a capability adopted.
      await page.getByRole('tab', { name: 'Adoption' }).click();
      await page.getByRole('button', { name: 'Update Kubernetes operator' }).click();
      const editor = page.getByRole('form', { name: 'Update Kubernetes operator' });
      await editor.getByLabel('Status').selectOption('adopted');
      await editor.getByLabel('Note', { exact: true }).fill('All production clusters run the operator.');
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Kubernetes operator: Adopted.').waitFor();
      await page.getByRole('row', { name: /Kubernetes operator/ }).getByText('Adopted').waitFor();
      await page.clock.runFor(9_000);
      await step(page, 'capability-adopted');

      // A Sev 1 reported ten minutes ago: its SLA clocks show the time left and count down.
      await page.getByRole('tab', { name: 'Incidents' }).click();
      await page.getByRole('button', { name: 'Open an incident' }).click();
      await page.getByLabel('Opened').fill(localInput(Date.now() - 10 * 60_000));
      await page.getByRole('textbox', { name: 'Summary' }).fill('Checkout API returns 502 for EU tenants');
      await page.getByRole('button', { name: 'Open incident' }).click();
      await page.getByRole('article', { name: 'Checkout API returns 502 for EU tenants' }).waitFor();
      const left = await minutesLeft(page, 'Developer engaged');
      expect(left).toBeGreaterThanOrEqual(4);
      expect(left).toBeLessThanOrEqual(5);
      await step(page, 'incident-opened');
      await page.clock.fastForward('02:00');
      await expect.poll(() => minutesLeft(page, 'Developer engaged')).toBe(left - 2);
      await step(page, 'sla-clock-counting-down');

      // Search for a word from the review's notes from the palette, and land on the review itself.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('heliograph');
      const records = page.getByRole('group', { name: 'Records' });
      const hit = records.getByRole('option', { name: /Q3 roadmap review/ });
      await hit.waitFor();
      expect(await records.locator('mark').allTextContents()).toEqual(['heliograph']);
      await step(page, 'palette-search');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => hit.getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: 'Reviews', selected: true }).waitFor();
      const opened = page.getByRole('form', { name: /Q3 roadmap review/ });
      await opened.waitFor();
      expect(await opened.getByLabel('Notes').inputValue()).toContain('heliograph dashboard');
      await step(page, 'landed-on-review');

      // An ask is found too, and opens the review it belongs to.
      await page.getByRole('button', { name: '← All reviews' }).click();
      await page.getByRole('tab', { name: 'Incidents' }).click();
      await page.keyboard.press('Control+k');
      await page.keyboard.type('telemetry sampling');
      const ask = page.getByRole('group', { name: 'Records' }).getByRole('option', { name: /Ask: Telemetry sampling per tenant/ });
      await ask.click();
      await page.getByRole('form', { name: /Q3 roadmap review/ }).waitFor();

      // The timeline tells the day's story, newest first.
      await page.getByRole('tab', { name: 'Timeline' }).click();
      for (const text of ['Weekly call · Agreed to hold the roadmap review on Thursday.', 'Q3 roadmap review', 'Kubernetes operator: adopted', 'Share the sampling design']) {
        await page.getByRole('list').filter({ hasText: text }).first().waitFor();
      }
      await step(page, 'timeline');

      // Settings, where tiers and their SKUs are read: every table that scrolls can be reached by keyboard.
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('region', { name: 'Tiers and add-ons' }).scrollIntoViewIfNeeded();
      await step(page, 'settings');
      // A TAM reads a tier's terms (read only): its targets and SKUs tables still scroll from the keyboard.
      await page.getByRole('button', { name: 'View the terms of Premier' }).click();
      const skus = page.getByRole('region', { name: 'SKUs' });
      await skus.scrollIntoViewIfNeeded();
      await step(page, 'settings-tier-read-only');
      await skus.focus();
      await expect.poll(() => skus.evaluate((el) => el === document.activeElement)).toBe(true);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
