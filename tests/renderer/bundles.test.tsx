import { randomBytes } from 'node:crypto';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundleService } from '../../server/bundles';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

/** What the page offered as downloads. jsdom saves no files: the link's blob is kept instead, as a browser would save it. */
interface Download {
  name: string;
  blob: Blob;
}

function captureDownloads(): { downloads: Download[]; restore: () => void } {
  const downloads: Download[] = [];
  const blobs = new Map<string, Blob>();
  const descriptors = {
    create: Object.getOwnPropertyDescriptor(URL, 'createObjectURL'),
    revoke: Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL'),
    click: Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'click'),
  };
  const click = (link: HTMLAnchorElement) => HTMLElement.prototype.click.call(link);
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:fieldbook/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (this.download && blob) downloads.push({ name: this.download, blob });
    else click(this);
  };
  return {
    downloads,
    restore: () => {
      for (const [target, key, descriptor] of [
        [URL, 'createObjectURL', descriptors.create],
        [URL, 'revokeObjectURL', descriptors.revoke],
        [HTMLAnchorElement.prototype, 'click', descriptors.click],
      ] as const) {
        if (descriptor) Object.defineProperty(target, key, descriptor);
        else delete (target as unknown as Record<string, unknown>)[key];
      }
    },
  };
}

// Real servers and whole-app renders: slow on a shared machine, so these get more than the 5 s default.
describe('the Bundles section of the Sync page, against a real server store', { timeout: 30_000 }, () => {
  let t: TestCore;
  let server: TestServer;
  let service: BundleService;
  let capture: ReturnType<typeof captureDownloads>;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
    server = await startTestServer(sqliteBackend);
    service = new BundleService(server.store, { residencies: ['global', 'eu'], maxSkewMs: 300_000, region: 'eu' });
    await server.store.addUser({ email: 'ada@example.com', name: 'Ada', roles: ['tam'], clearances: [], homeRegion: 'uk' });
    capture = captureDownloads();
  });
  afterEach(async () => {
    capture.restore();
    t.close();
    await server.close();
  });

  it('creates keys, trusts a server’s key file, exports a bundle as a download, and imports the answer with what moved', async () => {
    const serverKeys = await service.createKeys('EU enclave', false);
    await t.client.call('accounts.create', { name: 'Contoso Bank', residency: 'eu' });
    const { user } = await renderApp(t);
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Sync' }));
    const section = await screen.findByRole('region', { name: 'Bundles' });
    expect(within(section).getByText(/This device has no bundle keys yet/)).toBeInTheDocument();
    // Nothing to import into before there are keys.
    expect(within(section).getByLabelText('Import a bundle from a server')).toBeDisabled();

    await user.click(within(section).getByRole('button', { name: 'Create bundle keys' }));
    const status = within(section).getAllByRole('status').find((s) => s.classList.contains('bundles__live')) as HTMLElement;
    await waitFor(() => expect(status).toHaveTextContent(/^Bundle keys created\. Fingerprint ([0-9a-f]{4} ){9}[0-9a-f]{4}\./));
    const { device } = await t.client.call('bundles.status', {});
    expect(within(section).getByText(device?.fingerprint.match(/.{4}/g)?.join(' ') ?? '-')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Download public key file' }));
    const [keyDownload] = capture.downloads;
    expect(keyDownload?.name).toMatch(/^fieldbook-device-[0-9a-f]{8}\.keys\.json$/);
    await service.enrol(await (keyDownload as Download).blob.text(), 'ada@example.com');

    await user.upload(within(section).getByLabelText('Trust a server’s key file'), new File([JSON.stringify(serverKeys)], 'eu-enclave.keys.json', { type: 'application/json' }));
    await waitFor(() => expect(status).toHaveTextContent(`Trusted EU enclave. Compare its fingerprint, ${serverKeys.fingerprint.match(/.{4}/g)?.join(' ') ?? ''}, with the one its administrator reads out`));
    const row = within(section).getByRole('listitem', { name: 'EU enclave' });
    expect(row).toHaveTextContent('Waiting to send1 change');
    expect(row).toHaveTextContent('Last exportNever');

    await user.click(within(row).getByRole('button', { name: 'Export bundle' }));
    await waitFor(() => expect(status).toHaveTextContent('Saved bundle #1 for EU enclave as fieldbook-to-eu-enclave-0001.fbbundle: 1 change. Carry it to the server; the changes stay here until its answer is imported.'));
    const bundle = capture.downloads.find((d) => d.name.endsWith('.fbbundle'));
    expect(bundle?.name).toBe('fieldbook-to-eu-enclave-0001.fbbundle');
    const { reply, summary } = await service.importDeviceBundle(Buffer.from(await (bundle as Download).blob.arrayBuffer()));
    expect(summary.received).toMatchObject({ applied: 1 });

    const importer = within(section).getByLabelText('Import a bundle from a server');
    await user.upload(importer, new File([new Uint8Array(reply)], 'answer.fbbundle'));
    await waitFor(() =>
      expect(status).toHaveTextContent('answer.fbbundle: From EU enclave (bundle #1): 1 of your changes was acknowledged, 0 changes received. 0 changes still wait for EU enclave.'),
    );
    expect(within(row).getByText('0 changes')).toBeInTheDocument();
    // The sidebar follows: nothing waits any more.
    await waitFor(() => expect(screen.getByRole('button', { name: /^Sync status:/ })).toHaveTextContent('Bundles — nothing waiting'));

    // Again: nothing changes, and it says so.
    await user.upload(importer, new File([new Uint8Array(reply)], 'answer.fbbundle'));
    await waitFor(() => expect(status).toHaveTextContent(/answer\.fbbundle: This bundle was imported on .*; nothing changed\./));
  });

  it('refuses a changed bundle and a file that is not one, in words, after reading it in pieces', async () => {
    const serverKeys = await service.createKeys('EU enclave', false);
    const keys = await t.client.call('bundles.createKeys', {});
    await t.client.call('bundles.trust', { keyFile: JSON.stringify(serverKeys) });
    await service.enrol(keys.keyFile, 'ada@example.com');
    await t.client.call('accounts.create', { name: 'Contoso Bank' });
    const { targets } = await t.client.call('bundles.status', {});
    const exported = await t.client.call('bundles.export', { targetId: targets[0]?.id ?? '' });
    const { reply } = await service.importDeviceBundle(Buffer.from(exported.data, 'base64'));
    const changed = Buffer.from(reply);
    changed[changed.length - 80] = (changed[changed.length - 80] ?? 0) ^ 0x10;

    const { user } = await renderApp(t);
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Sync' }));
    const section = await screen.findByRole('region', { name: 'Bundles' });
    const importer = await within(section).findByLabelText('Import a bundle from a server');
    await user.upload(importer, new File([new Uint8Array(changed)], 'answer.fbbundle'));
    expect(await within(section).findByRole('alert')).toHaveTextContent(/signature does not match EU enclave .* Nothing was imported\./);
    // Three pieces of 256 KiB go up and are put together again before anything is read.
    await user.upload(importer, new File([new Uint8Array(randomBytes(600 * 1024))], 'renamed-photos.fbbundle'));
    await waitFor(() => expect(within(section).getByRole('alert')).toHaveTextContent('This file is not a Fieldbook bundle.'));
    expect(within(section).getByText('1 change')).toBeInTheDocument();
  });
});
