import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../core/model';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

const EMPTY =
  'No conflicts. When two devices change the same notes at the same time, the version that lost appears here so you can restore it.';
const MINE = 'Kick-off done. Upgrade to 9.2 planned for March.';
const THEIRS = 'Kick-off done. Customer asks for FIPS mode.';
// jsdom drops the spaces around inline elements when it computes names; Chromium (the e2e run) keeps them.
const ACME_NOTES = /^Acme\s*—\s*Notes$/;

describe('the Conflicts section of the Sync page, against a real server and two real cores', () => {
  let a: TestCore;
  let b: TestCore;
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
    a = await startCore();
    b = await startCore();
    await saveProfile(a);
    for (const t of [a, b]) {
      const { token } = await server.addDevice({ email: 'ada@example.com' });
      await t.client.call('sync.register', { url: server.url, token });
    }
  });
  afterEach(async () => {
    a.close();
    b.close();
    await server.close();
  });

  const later = () => new Promise((done) => setTimeout(done, 20));

  /** A and B change the same notes before syncing; B's later edit wins, and A keeps its words as a conflict. */
  async function conflict(name: string, mine: string, theirs: string): Promise<Account> {
    const account = await a.client.call('accounts.create', { name, notes: 'Kick-off done.' });
    await a.client.call('sync.run', {});
    await b.client.call('sync.run', {});
    await a.client.call('accounts.update', { id: account.id, patch: { notes: mine } });
    await later();
    await b.client.call('accounts.update', { id: account.id, patch: { notes: theirs } });
    await a.client.call('sync.run', {});
    await b.client.call('sync.run', {});
    await a.client.call('sync.run', {});
    return account;
  }

  const sidebarStatus = () => screen.getByRole('button', { name: /^Sync status:/ });
  const openSync = async (user: Awaited<ReturnType<typeof renderApp>>['user']) => {
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Sync' }));
    return screen.findByRole('region', { name: 'Conflicts' });
  };

  it('shows the lost notes beside the current ones; Restore my version puts them back and the list empties', async () => {
    const acme = await conflict('Acme', MINE, THEIRS);
    const { user } = await renderApp(a);
    await waitFor(() => expect(sidebarStatus()).toHaveAccessibleName(/^Sync status:\s*Synced just now\s*,\s*1 conflict$/));

    const section = await openSync(user);
    const item = within(section).getByRole('listitem', { name: ACME_NOTES });
    expect(within(item).getByRole('heading', { level: 4, name: 'Your version (not kept)' }).parentElement).toHaveTextContent(MINE);
    expect(within(item).getByRole('heading', { level: 4, name: 'Current version' }).parentElement).toHaveTextContent(THEIRS);
    const restore = within(item).getByRole('button', { name: 'Restore my version' });
    expect(restore).toHaveAccessibleDescription(ACME_NOTES);
    expect(within(item).getByRole('button', { name: 'Keep current' })).toBeInTheDocument();

    await user.click(restore);
    expect(await screen.findByText('Restored your version of the notes of Acme. It is sent with the next sync.')).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByText(EMPTY)).toBeInTheDocument());
    expect(within(section).queryByRole('listitem')).not.toBeInTheDocument();
    // The item's buttons are gone: focus lands on the section's heading, not on the page's body.
    expect(within(section).getByRole('heading', { level: 2, name: 'Conflicts' })).toHaveFocus();
    expect((await a.client.call('accounts.get', { id: acme.id })).notes).toBe(MINE);
    expect(await a.client.call('conflicts.list', {})).toEqual([]);
    await waitFor(() => expect(sidebarStatus()).not.toHaveTextContent(/conflict/));

    // The restore is an ordinary edit: it reaches the other device.
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(screen.getByText(/Last sync: Sent 1, refused 0/)).toBeInTheDocument());
    await b.client.call('sync.run', {});
    expect((await b.client.call('accounts.get', { id: acme.id })).notes).toBe(MINE);
  });

  it('keeps the current version from the keyboard, moving focus to the next conflict', async () => {
    const globex = await conflict('Globex', 'Globex: mine', 'Globex: theirs');
    await conflict('Initech', 'Initech: mine', 'Initech: theirs');
    const { user } = await renderApp(a);
    const section = await openSync(user);
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(2));
    // Newest first.
    const [first, second] = within(section).getAllByRole('listitem');
    expect(first).toHaveAccessibleName(/^Initech\s*—\s*Notes$/);
    expect(second).toHaveAccessibleName(/^Globex\s*—\s*Notes$/);
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('2 conflicts'));

    within(second as HTMLElement).getByRole('button', { name: 'Restore my version' }).focus();
    await user.tab();
    expect(within(second as HTMLElement).getByRole('button', { name: 'Keep current' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Kept the current notes of Globex. Your version was discarded.')).toBeInTheDocument();
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(1));
    expect(within(section).getByRole('listitem', { name: /^Initech\s*—\s*Notes$/ })).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Restore my version' })).toHaveFocus());
    expect((await a.client.call('accounts.get', { id: globex.id })).notes).toBe('Globex: theirs');
    await waitFor(() => expect(sidebarStatus()).toHaveTextContent('1 conflict'));
  });

  it('shows the empty state, and a conflict produced while the page is open appears on data.changed', async () => {
    const { user } = await renderApp(a);
    const section = await openSync(user);
    expect(within(section).getByText(EMPTY)).toBeInTheDocument();
    // Syncs run outside the page (as another window or the CLI would): the page follows the core's data.changed.
    await conflict('Acme', MINE, THEIRS);
    expect(await within(section).findByRole('listitem', { name: ACME_NOTES })).toHaveTextContent(MINE);
  });
});
