import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { HostProcess, SCREENSHOT_DIR, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();

async function openSync(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
}

async function register(page: Page, url: string, token: string): Promise<void> {
  await page.getByLabel('Server address').fill(url);
  await page.getByLabel('Device token').fill(token);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('region', { name: url }).waitFor();
}

async function syncNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByText(/Last sync: Sent \d+, refused \d+, received \d+\./).waitFor();
}

/** Another pass, when the page already shows an earlier one: the button reads "Syncing…" until this one ends. */
async function syncAgain(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(Sync now|Syncing…)$/ }).click();
  await page.getByRole('button', { name: 'Sync now', exact: true }).and(page.locator(':enabled')).waitFor();
}

async function openAccounts(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
}

/** Opens the account's details from the list and waits for these notes in them. */
async function expectNotes(page: Page, name: string, notes: string): Promise<void> {
  await openAccounts(page);
  await page.getByRole('row', { name: new RegExp(name) }).click();
  await page.getByRole('region', { name }).getByText(notes, { exact: true }).waitFor();
}

/** Edits the account's notes through the form and waits until the details show them. */
async function editNotes(page: Page, name: string, notes: string): Promise<void> {
  await openAccounts(page);
  await page.getByRole('row', { name: new RegExp(name) }).click();
  await page.getByRole('region', { name }).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('region', { name }).getByText(notes, { exact: true }).waitFor();
}

describe('sync, end to end: two browser hosts and one real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('registers two hosts through the UI; an account made on A reaches B', async () => {
    const dataA = await preparedDataDir('Dana on the laptop');
    const dataB = await preparedDataDir('Dana on the desktop');
    const hostA = new HostProcess(dataA.dir);
    const hostB = new HostProcess(dataB.dir);
    try {
      const [urlA, urlB] = await Promise.all([hostA.start(), hostB.start()]);
      const a = await openApp(urlA);
      const b = await openApp(urlB, 'dark');
      const tokenA = (await server.addDevice({ email: 'dana@example.com' })).token;
      const tokenB = (await server.addDevice({ email: 'dana@example.com' })).token;

      // A: an account made offline first; the sidebar says it waits.
      await a.getByRole('button', { name: 'New account' }).first().click();
      await a.getByLabel('Name', { exact: true }).fill('Northwind Traders');
      await a.getByLabel('Residency').selectOption('eu');
      await a.getByRole('button', { name: 'Save' }).click();
      await a.getByRole('row', { name: /Northwind Traders/ }).waitFor();
      await a.getByRole('button', { name: 'Sync status: Offline — 1 change waiting' }).waitFor();

      await openSync(a);
      await screenshot(a, '20-sync-not-registered');
      expect(await seriousA11yViolations(a)).toEqual([]);

      // A wrong token is refused, in words, next to the field.
      await a.getByLabel('Server address').fill(server.url);
      await a.getByLabel('Device token').fill('not-a-token');
      await a.getByRole('button', { name: 'Register' }).click();
      await a.getByText(/did not accept this device token/).waitFor();
      await screenshot(a, '21-sync-bad-token');
      expect(await seriousA11yViolations(a)).toEqual([]);

      await register(a, server.url, tokenA);
      await screenshot(a, '22-sync-registered');
      await syncNow(a);
      await a.getByText(/^Nothing is waiting to be sent\./).waitFor();
      await a.getByRole('button', { name: 'Sync status: Synced just now' }).waitFor();
      await screenshot(a, '23-sync-after-sync');
      expect(await seriousA11yViolations(a)).toEqual([]);

      // B: register, sync, and the account is there.
      await openSync(b);
      await register(b, server.url, tokenB);
      await syncNow(b);
      await screenshot(b, '24-sync-received-dark');
      expect(await seriousA11yViolations(b)).toEqual([]);
      await b.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
      await b.getByRole('row', { name: /Northwind Traders/ }).waitFor();

      // A refused change is listed on A with what to do.
      await a.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
      await a.getByRole('button', { name: 'New account' }).first().click();
      await a.getByLabel('Name', { exact: true }).fill('Cleared Program');
      await a.getByLabel('Clearance').selectOption('us-secret');
      await a.getByRole('button', { name: 'Save' }).click();
      await a.getByRole('row', { name: /Cleared Program/ }).waitFor();
      await openSync(a);
      await syncNow(a);
      const refused = a.getByRole('region', { name: 'Refused changes' });
      await refused.getByRole('row', { name: /Cleared Program/ }).waitFor();
      expect(await refused.getByText('Ask an administrator for access.').count()).toBe(1);
      await screenshot(a, '25-sync-refused');
      expect(await seriousA11yViolations(a)).toEqual([]);
    } finally {
      await hostA.stop();
      await hostB.stop();
      dataA.cleanup();
      dataB.cleanup();
    }
  });

  it('keeps the notes that lost a concurrent edit on the device that wrote them, and restores them', async () => {
    const mine = 'Kick-off done. Upgrade to 9.2 planned for March.';
    const theirs = 'Kick-off done. Customer asks for FIPS mode.';
    const dataA = await preparedDataDir('Dana on the laptop');
    const dataB = await preparedDataDir('Dana on the desktop');
    const hostA = new HostProcess(dataA.dir);
    const hostB = new HostProcess(dataB.dir);
    try {
      const [urlA, urlB] = await Promise.all([hostA.start(), hostB.start()]);
      const a = await openApp(urlA);
      const b = await openApp(urlB);
      await openSync(a);
      await register(a, server.url, (await server.addDevice({ email: 'dana@example.com' })).token);
      await openSync(b);
      await register(b, server.url, (await server.addDevice({ email: 'dana@example.com' })).token);
      // Registered and nothing to resolve: the section explains what would appear in it.
      await a
        .getByRole('region', { name: 'Conflicts' })
        .getByText('No conflicts. When two devices change the same notes at the same time, the version that lost appears here so you can restore it.')
        .waitFor();

      await openAccounts(a);
      await a.getByRole('button', { name: 'New account' }).first().click();
      await a.getByLabel('Name', { exact: true }).fill('Fabrikam');
      await a.getByLabel('Notes').fill('Kick-off done.');
      await a.getByRole('button', { name: 'Save' }).click();
      await a.getByRole('row', { name: /Fabrikam/ }).waitFor();
      await openSync(a);
      await syncNow(a);
      await syncNow(b);
      await expectNotes(b, 'Fabrikam', 'Kick-off done.');

      // Both change the notes before syncing; B's edit is the later one.
      await editNotes(a, 'Fabrikam', mine);
      await new Promise((done) => setTimeout(done, 20));
      await editNotes(b, 'Fabrikam', theirs);
      await openSync(a);
      await syncAgain(a);
      await openSync(b);
      await syncAgain(b);
      await syncAgain(a);

      const conflicts = a.getByRole('region', { name: 'Conflicts' });
      const item = conflicts.getByRole('listitem', { name: 'Fabrikam — Notes', exact: true });
      await item.waitFor();
      expect(await item.getByText(mine, { exact: true }).count()).toBe(1);
      expect(await item.getByText(theirs, { exact: true }).count()).toBe(1);
      // Spoken as "Synced just now, 1 conflict" (Chromium puts a space around the hidden comma).
      await a.getByRole('button', { name: /^Sync status: Synced just now\s*,\s*1 conflict$/ }).waitFor();
      await screenshot(a, '26-sync-conflict');
      await conflicts.screenshot({ path: join(SCREENSHOT_DIR, '27-sync-conflicts-section.png') });
      expect(await seriousA11yViolations(a)).toEqual([]);
      // B won: it has nothing to resolve.
      expect(await b.getByRole('region', { name: 'Conflicts' }).getByRole('listitem').count()).toBe(0);

      // From the keyboard: Tab reaches both buttons; Enter restores.
      await item.getByRole('button', { name: 'Keep current' }).focus();
      await a.keyboard.press('Shift+Tab');
      expect(await item.getByRole('button', { name: 'Restore my version' }).evaluate((el) => el === document.activeElement)).toBe(true);
      await a.keyboard.press('Enter');
      await a.getByText('Restored your version of the notes of Fabrikam. It is sent with the next sync.').waitFor();
      await conflicts.getByText(/^No conflicts\./).waitFor();
      await screenshot(a, '28-sync-conflict-restored');
      expect(await seriousA11yViolations(a)).toEqual([]);

      await syncAgain(a);
      await syncAgain(b);
      await expectNotes(b, 'Fabrikam', mine);
      await expectNotes(a, 'Fabrikam', mine);
    } finally {
      await hostA.stop();
      await hostB.stop();
      dataA.cleanup();
      dataB.cleanup();
    }
  });
});
