import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleService } from '../../server/bundles';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { HostProcess, SCREENSHOT_DIR, preparedDataDir, screenshot, seriousA11yViolations, tempDataDir, useChromium } from './harness';

const { openApp } = useChromium();

async function openSync(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sync' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
}

/** Clicks something that saves a file; returns the saved file's name and bytes. */
async function saved(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

describe('air-gap bundles, end to end: the browser host, a bundle each way, and the server’s administrator in between', () => {
  let server: TestServer;
  let service: BundleService;
  beforeAll(async () => {
    server = await startTestServer(sqliteBackend);
    service = new BundleService(server.store, { residencies: ['global', 'eu'], maxSkewMs: 300_000, region: 'eu' });
    await server.store.addUser({ email: 'dana@example.com', name: 'Dana', roles: ['tam'], clearances: [], homeRegion: 'eu' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates keys, trusts the server, exports a bundle, and imports the answer with what moved', async () => {
    const data = await preparedDataDir('Dana in the enclave');
    const media = tempDataDir();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      const serverKeys = await service.createKeys('EU enclave server', false);
      writeFileSync(join(media.dir, 'eu-enclave.keys.json'), JSON.stringify(serverKeys, null, 2));
      // A colleague's account already on the server, for the answer to bring.
      const colleague = await server.addDevice({ email: 'dana@example.com' });
      await colleague.push([colleague.newAccountOp({ name: 'Woodgrove Bank', residency: 'eu' })]);

      // An account made in the enclave.
      await page.getByRole('button', { name: 'New account' }).first().click();
      await page.getByLabel('Name', { exact: true }).fill('Northwind Traders');
      await page.getByLabel('Residency').selectOption('eu');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row', { name: /Northwind Traders/ }).waitFor();

      await openSync(page);
      const bundles = page.getByRole('region', { name: 'Bundles' });
      await bundles.getByText('This device has no bundle keys yet.', { exact: false }).waitFor();
      await bundles.scrollIntoViewIfNeeded();
      await screenshot(page, '30-bundles-no-keys');
      expect(await seriousA11yViolations(page)).toEqual([]);

      await bundles.getByRole('button', { name: 'Create bundle keys' }).click();
      await bundles.getByText(/^Bundle keys created\./).waitFor();
      await bundles.getByText(/^Dana in the enclave on /).waitFor();
      const keyFile = await saved(page, () => bundles.getByRole('button', { name: 'Download public key file' }).click());
      expect(keyFile.name).toMatch(/^fieldbook-device-[0-9a-f]{8}\.keys\.json$/);
      const enrolled = await service.enrol(keyFile.bytes.toString('utf8'), 'dana@example.com');
      // The administrator reads the fingerprint out; the page shows the same one.
      await bundles.getByText(enrolled.fingerprint.match(/.{4}/g)?.join(' ') ?? '-', { exact: true }).waitFor();

      await bundles.getByLabel('Trust a server’s key file').setInputFiles(join(media.dir, 'eu-enclave.keys.json'));
      await bundles.getByText(/^Trusted EU enclave server\. Compare its fingerprint/).waitFor();
      const target = bundles.getByRole('listitem', { name: 'EU enclave server' });
      await target.getByText('1 change', { exact: true }).waitFor();
      await screenshot(page, '31-bundles-trusted');
      expect(await seriousA11yViolations(page)).toEqual([]);

      const bundle = await saved(page, () => target.getByRole('button', { name: 'Export bundle' }).click());
      expect(bundle.name).toBe('fieldbook-to-eu-enclave-server-0001.fbbundle');
      await bundles.getByText(/^Saved bundle #1 for EU enclave server as fieldbook-to-eu-enclave-server-0001\.fbbundle: 1 change\./).waitFor();
      // Exported is not acknowledged: the change still waits.
      await target.getByText('1 change', { exact: true }).waitFor();

      // The administrator's side of the gap.
      const { reply, summary } = await service.importDeviceBundle(bundle.bytes);
      expect(summary.received).toMatchObject({ ops: 1, applied: 1 });
      writeFileSync(join(media.dir, 'answer.fbbundle'), reply);

      await bundles.getByLabel('Import a bundle from a server').setInputFiles(join(media.dir, 'answer.fbbundle'));
      await bundles
        .getByText('answer.fbbundle: From EU enclave server (bundle #1): 1 of your changes was acknowledged, 1 change received. 0 changes still wait for EU enclave server.')
        .waitFor();
      await target.getByText('0 changes', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Sync status: Bundles — nothing waiting' }).waitFor();
      await bundles.scrollIntoViewIfNeeded();
      await screenshot(page, '32-bundles-imported');
      await bundles.screenshot({ path: join(SCREENSHOT_DIR, '33-bundles-section.png') });
      expect(await seriousA11yViolations(page)).toEqual([]);

      // A damaged copy of the answer: refused in words, nothing changes.
      const damaged = Buffer.from(reply);
      damaged[damaged.length - 100] = (damaged[damaged.length - 100] ?? 0) ^ 0x20;
      writeFileSync(join(media.dir, 'damaged.fbbundle'), damaged);
      await bundles.getByLabel('Import a bundle from a server').setInputFiles(join(media.dir, 'damaged.fbbundle'));
      await bundles.getByRole('alert').getByText(/signature does not match EU enclave server .* Nothing was imported\./).waitFor();
      await screenshot(page, '34-bundles-refused');

      // The colleague's account arrived with the answer.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Accounts' }).click();
      await page.getByRole('row', { name: /Woodgrove Bank/ }).waitFor();
    } finally {
      await host.stop();
      data.cleanup();
      media.cleanup();
    }
  });
});
