import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

// Real servers and whole-app renders: slow on a shared machine, so these get more than the 5 s default.
describe('the Sync page, against a real sync server', { timeout: 30_000 }, () => {
  let t: TestCore;
  let server: TestServer;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    t.close();
    await server.close();
  });

  const sidebarStatus = () => screen.getByRole('button', { name: /^Sync status:/ });

  it('explains, registers, sends a created account with Sync now, and lists a refused change with what to do', async () => {
    await t.client.call('accounts.create', { name: 'Contoso Bank', residency: 'eu' });
    await t.client.call('accounts.create', { name: 'Cleared Program', clearance: 'us-secret' });
    const { user } = await renderApp(t);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Offline — 2 changes waiting'));

    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Sync' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sync' })).toBeInTheDocument();
    expect(screen.getByText(/Fieldbook works fully offline\. Register this device with your team’s sync server to share accounts/)).toBeInTheDocument();
    expect(screen.getByText('2 local changes not sent yet.')).toBeInTheDocument();
    const address = screen.getByLabelText('Server address');
    const token = screen.getByLabelText('Device token');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'off');

    // An address that is not http(s): the core's words, next to the field.
    await user.type(address, 'ftp://example.com');
    await user.type(token, 'whatever');
    await user.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(address).toHaveAccessibleDescription(/The server address must start with https:\/\//));
    await waitFor(() => expect(address).toHaveFocus());

    // A token the server does not know: said next to the token.
    await user.clear(address);
    await user.type(address, server.url);
    await user.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(token).toHaveAccessibleDescription(/did not accept this device token/));
    expect(address).not.toHaveAttribute('aria-invalid');

    const device = await server.addDevice({ email: 'ada@example.com' });
    await user.clear(token);
    await user.type(token, device.token);
    await user.click(screen.getByRole('button', { name: 'Register' }));
    const card = await screen.findByRole('region', { name: server.url });
    expect(within(card).getByText('Never')).toBeInTheDocument();
    // The sovereign-free account may go; the one with a clearance label may too (the server decides).
    expect(within(card).getByText('2 changes')).toBeInTheDocument();
    expect(screen.queryByLabelText('Device token')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sync now' })).toHaveFocus());

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByText(/Last sync: Sent 1, refused 1, received 0\./)).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveFocus();
    expect(within(card).getByText('0 changes')).toBeInTheDocument();
    expect(within(card).getByText('just now')).toHaveAttribute('title');
    expect(JSON.stringify(await server.store.db.query('SELECT * FROM records'))).toContain('Contoso Bank');

    const refused = screen.getByRole('region', { name: 'Refused changes' });
    const row = within(refused).getByRole('row', { name: /Cleared Program/ });
    expect(row).toHaveTextContent(/No access/);
    expect(row).toHaveTextContent(/clearance/);
    expect(row).toHaveTextContent('Ask an administrator for access.');
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Synced just now'));
  });

  it('shows a failed sync in the user’s words, on the page and in the sidebar', async () => {
    const device = await server.addDevice({ email: 'ada@example.com' });
    await t.client.call('sync.register', { url: server.url, token: device.token });
    await t.client.call('accounts.create', { name: 'Contoso Bank' });
    await server.close();
    const { user } = await renderApp(t);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Not synced yet — 1 change waiting'));
    await user.click(sidebarStatus());
    await user.click(await screen.findByRole('button', { name: 'Sync now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Cannot reach .* Your changes are kept and will be sent later\./);
    const card = screen.getByRole('region', { name: server.url });
    expect(within(card).getByText(/Last sync failed:/)).toBeInTheDocument();
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('Sync error'));
    server = await startTestServer(sqliteBackend);
  });

  it('asks a restored or copied data folder to register again, and does so with a new token', async () => {
    const first = await server.addDevice({ email: 'ada@example.com' });
    await t.client.call('sync.register', { url: server.url, token: first.token });
    await t.client.call('accounts.create', { name: 'Contoso Bank' });
    await t.client.call('sync.run', {});
    await t.client.call('accounts.create', { name: 'Fabrikam' });
    // What opening a copied database does (core/store/deviceIdentity.ts), said the same way.
    t.core.store.resetIdentity('This data folder’s database was restored from a backup or copied from elsewhere, so it now counts as a new device.');
    const { user } = await renderApp(t);
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Sync' }));
    const card = await screen.findByRole('region', { name: server.url });
    expect(card).toHaveTextContent(/Register again before this device syncs: .*copied from elsewhere, so it now counts as a new device\. Register it again before it syncs/);
    const form = within(card).getByRole('form', { name: `Register again with ${server.url}` });
    const token = within(form).getByLabelText('Device token');
    // The old token belongs to the device this folder was copied from.
    await user.type(token, first.token);
    await user.click(within(form).getByRole('button', { name: 'Register again' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(/This device token was already used by another device .* Ask an administrator for a new device token\./);
    const second = await server.addDevice({ email: 'ada@example.com' });
    await user.clear(token);
    await user.type(token, second.token);
    await user.click(within(form).getByRole('button', { name: 'Register again' }));
    await waitFor(() => expect(within(card).queryByText(/Register again before this device syncs/)).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    // Sent as a new device of the server: the change that never reached it.
    await waitFor(() => expect(screen.getByText(/Last sync: Sent 1, refused 0, received 0\./)).toBeInTheDocument());
    expect(JSON.stringify(await server.store.db.query('SELECT fields FROM records'))).toContain('Fabrikam');
  });
});
