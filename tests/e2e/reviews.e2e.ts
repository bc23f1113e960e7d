import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { addDays, todayIn } from '../../core/model';
import { HostProcess, coreCall, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();
const TODAY = todayIn('Europe/Paris', new Date());

/**
 * A data folder where Dana already has an overdue item (so the due reminder shows) and another account already
 * asked for SSO (so the portfolio ranks the ask Dana records today across two accounts).
 */
async function seeded(): Promise<{ dir: string; cleanup: () => void }> {
  const data = await preparedDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  const call = coreCall(core);
  await call('accounts.create', { name: 'Contoso Bank', tier: 'premier' });
  const fabrikam = await call('accounts.create', { name: 'Fabrikam Logistics' });
  await call('reviews.create', {
    accountId: fabrikam.id,
    date: addDays(TODAY, -20),
    attendees: [{ name: 'Priya Shah', side: 'customer' }],
    asks: [
      { title: 'SSO via SAML', priority: 'medium', impact: 'high' },
      { title: 'Edge caching', priority: 'low', impact: 'low' },
    ],
  });
  await call('actions.create', { accountId: fabrikam.id, title: 'Send Fabrikam the capacity report', due: addDays(TODAY, -3) });
  core.close();
  return data;
}

async function pdfText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false }).promise;
  const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
  await doc.destroy();
  return text;
}

describe('roadmap reviews and action items, end to end in Chromium', () => {
  it('records a review with two asks and a commitment, turns the commitment into an action item, and finds it in My items', async () => {
    const data = await seeded();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      // Tall enough that a whole review fits on one screenshot (the page scrolls inside the shell).
      await page.setViewportSize({ width: 1280, height: 1500 });

      // The overdue item is announced when the window opens.
      await page.getByText('1 of your action items is overdue.').waitFor();
      await screenshot(page, 'reviews-01-reminder-notice');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Dismiss' }).click();

      // Open the account and its Reviews tab.
      await page.getByRole('row', { name: /Contoso Bank/ }).click();
      await page.getByRole('button', { name: 'Open account' }).click();
      await page.getByRole('tab', { name: 'Reviews' }).click();
      await page.getByText('No roadmap reviews yet.').waitFor();
      await screenshot(page, 'reviews-02-empty-tab');
      await page.getByRole('button', { name: 'New review' }).click();

      // The form: Dana is already an attendee; add the customer, the agenda, two asks and a commitment.
      await page.getByRole('form', { name: 'New roadmap review' }).waitFor();
      // Its name follows the title once saved.
      const form = page.getByRole('form', { name: /roadmap review/i });
      await form.getByLabel('Title').fill('Q2 roadmap review');
      await form.getByRole('button', { name: '+ Add attendee' }).click();
      await page.keyboard.type('Jane Doe');
      await form.getByLabel('Agenda').fill('1. H2 roadmap\n2. Identity and audit');
      await form.getByRole('button', { name: '+ Add ask' }).click();
      await page.keyboard.type('SSO via SAML');
      await form.getByLabel('Priority of ask 1').selectOption('high');
      await form.getByLabel('Business impact of ask 1').selectOption('critical');
      await form.getByLabel('Details of ask 1').fill('Needed before the June audit.');
      await form.getByRole('button', { name: '+ Add ask' }).click();
      await form.getByRole('button', { name: '+ Add commitment' }).click();
      await page.keyboard.type('Send the migration runbook');
      await form.getByLabel('Due date of commitment 1').fill(addDays(TODAY, 7));

      // The second ask has no title yet: saving says so next to it, and nothing is recorded.
      await page.keyboard.press('Control+Enter');
      await form.getByText('Ask is required.').waitFor();
      expect(await form.getByLabel('Ask 2', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'reviews-03-form-error');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await form.getByLabel('Ask 2', { exact: true }).fill('Audit log export');
      await form.getByLabel('Status of ask 2').selectOption('under_review');
      await page.keyboard.press('Control+Enter');
      await page.getByText(/Recorded the review of/).waitFor();
      await form.getByText('All changes saved').waitFor();
      await screenshot(page, 'reviews-04-saved');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // One press turns the commitment into an action item with its owner and due date.
      await page.getByRole('button', { name: 'Create action item from commitment 1: Send the migration runbook' }).click();
      await page.getByText(/Action item created for Dana Field, due/).waitFor();
      await page.getByRole('button', { name: 'commitment 1: Send the migration runbook has an action item: show it' }).waitFor();
      await screenshot(page, 'reviews-05-follow-up');

      // Export to share: Markdown and PDF download from the browser host.
      const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
      expect(md.suggestedFilename()).toBe(`roadmap-review-contoso-bank-${TODAY}.md`);
      const markdown = readFileSync((await md.path()) ?? '', 'utf8');
      expect(markdown).toContain('| 1 | SSO via SAML | High | Critical | Open |');
      expect(markdown).toContain('| 2 | Audit log export | Medium | Medium | Under review |');
      expect(markdown).toContain('| 1 | Send the migration runbook | Dana Field |');
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
      expect(pdf.suggestedFilename()).toBe(`roadmap-review-contoso-bank-${TODAY}.pdf`);
      const text = await pdfText((await pdf.path()) ?? '');
      for (const expected of ['Q2 roadmap review: Contoso Bank', 'SSO via SAML', 'Audit log export', 'Send the migration runbook', 'Jane Doe']) expect(text).toContain(expected);

      // My items: the overdue item first, then the new one; status from the keyboard.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My items' }).click();
      const grid = page.getByRole('grid', { name: 'My items' });
      await grid.getByRole('row', { name: /Send the migration runbook/ }).waitFor();
      const rows = grid.getByRole('row');
      expect(await rows.nth(1).textContent()).toContain('Send Fabrikam the capacity report');
      expect(await rows.nth(1).textContent()).toContain('Overdue');
      expect(await rows.nth(2).textContent()).toContain('Send the migration runbook');
      expect(await rows.nth(2).textContent()).toContain('Commitment from Q2 roadmap review');
      await screenshot(page, 'reviews-06-my-items');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await rows.nth(1).focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('p');
      await expect.poll(() => grid.getByLabel('Status of Send the migration runbook').inputValue()).toBe('in_progress');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('d');
      await page.getByText('Done: Send Fabrikam the capacity report').waitFor();
      await expect.poll(() => grid.getByRole('row', { name: /capacity report/ }).count()).toBe(0);
      await screenshot(page, 'reviews-07-my-items-after-keys');

      // Enter on the item goes back to the review it came from.
      await grid.getByRole('row', { name: /Send the migration runbook/ }).press('Enter');
      await page.getByRole('form', { name: /Q2 roadmap review/ }).waitFor();

      // The portfolio ranks SSO first: two accounts ask for it.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reviews' }).click();
      const ranking = page.getByRole('list', { name: 'Asks ranked across accounts' });
      await ranking.getByText('SSO via SAML', { exact: true }).waitFor();
      expect(await ranking.getByRole('listitem').first().textContent()).toContain('2 accounts · highest priority high · highest business impact critical');
      await ranking.getByRole('button', { name: 'Show accounts asking for SSO via SAML' }).click();
      await page.getByRole('table', { name: 'Accounts asking for SSO via SAML' }).waitFor();
      await screenshot(page, 'reviews-08-portfolio');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('shows the account’s action items and adds one from the keyboard, in the dark theme', async () => {
    const data = await seeded();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.setViewportSize({ width: 1280, height: 1100 });
      await page.getByRole('row', { name: /Fabrikam Logistics/ }).click();
      await page.getByRole('button', { name: 'Open account' }).click();
      await page.getByRole('tab', { name: 'Action items' }).click();
      const form = page.getByRole('form', { name: 'Add an action item' });
      await form.getByLabel('Due').fill(addDays(TODAY, 1));
      await form.getByRole('button', { name: 'Add' }).click();
      await form.getByText('Title is required.').waitFor();
      await expect.poll(() => form.getByLabel('New action item').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('Book the QBR room');
      await page.keyboard.press('Enter');
      await page.getByRole('grid', { name: 'Fabrikam Logistics action items' }).getByRole('row', { name: /Book the QBR room/ }).waitFor();
      await screenshot(page, 'reviews-09-account-actions-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await page.getByRole('tab', { name: 'Reviews' }).click();
      await page.getByRole('button', { name: 'Roadmap review' }).click();
      await page.getByRole('form', { name: /Roadmap review/ }).waitFor();
      await screenshot(page, 'reviews-10-review-dark');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});
