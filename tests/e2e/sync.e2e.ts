import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openCore } from '../../core/api/core';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { HostProcess, launchChromium, screenshot, seriousA11yViolations, tempDataDir } from './harness';

let browser: Browser;
let closeBrowser: () => Promise<void>;
/** Uncaught errors in any page of the current test: each test must end with none. */
let pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors;
  pageErrors = [];
  expect(errors).toEqual([]);
});

beforeAll(async () => {
  ({ browser, cleanup: closeBrowser } = await launchChromium());
});
afterAll(async () => {
  await closeBrowser();
});

async function openApp(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return page;
}

/** A data folder with a saved profile, so the host opens on Accounts. */
async function preparedDataDir(name: string): Promise<{ dir: string; cleanup: () => void }> {
  const data = tempDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  await core.dispatcher.dispatch('profile.save', { name, email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
  core.close();
  return data;
}

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
});
