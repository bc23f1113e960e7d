import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTEGRITY_MESSAGE } from '../../renderer/src/app/IntegrityBanner';
import type { AppInfo, CoreLink } from '../../core/api/contract';
import { createClient } from '../../renderer/src/api/client';
import { ME, renderApp, rowOf, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

/**
 * Serious and critical axe findings, described well enough to fix from the test output. Colour contrast needs
 * real layout and painting, which jsdom lacks; the Chromium e2e run checks it in both themes.
 */
async function seriousViolations(root: Element): Promise<string[]> {
  // axe takes seconds in jsdom; late renders (the grid settling) land inside act rather than warn.
  const result = await act(() => axe.run(root, { rules: { 'color-contrast': { enabled: false } } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('app shell', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('navigates every area from the sidebar; the dashboard says what to do when there is nothing to show', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const names = within(nav).getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Accounts', 'My items', 'Time', 'Reviews', 'Adoption', 'Lifecycle', 'Dashboard', 'Sync', 'Settings']);

    await user.click(within(nav).getByRole('button', { name: 'Time' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Time' })).toHaveFocus();
    expect(screen.getByRole('region', { name: 'Timer' })).toBeInTheDocument();
    await user.click(within(nav).getByRole('button', { name: 'Dashboard' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toHaveFocus();
    expect(await screen.findByText('No accounts yet')).toBeInTheDocument();
    expect(screen.getByText(/Add an account on Accounts/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Weekly review pack \(\d{4}-W\d{2}\)$/ })).toBeInTheDocument();
    // Sync works: before registering, it explains and asks for a server.
    await user.click(within(nav).getByRole('button', { name: 'Sync' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sync' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Register' })).toBeInTheDocument();
    await user.click(within(nav).getByRole('button', { name: 'Accounts' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeInTheDocument();
    expect(within(nav).getByRole('button', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');
  });

  it('Settings shows app info and saves profile edits to the core', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });

    expect(await screen.findByText(t.dir)).toBeInTheDocument();
    const info = await t.client.call('app.info', {});
    expect(screen.getByText(info.version)).toBeInTheDocument();
    const name = screen.getByLabelText('Your name');
    expect(name).toHaveValue(ME.name);
    await user.clear(name);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(name).toHaveAccessibleDescription('Your name is required.'));

    await user.type(name, 'Ada King');
    await user.selectOptions(screen.getByLabelText('Home region'), 'Australia');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(await t.client.call('profile.get', {})).toMatchObject({ name: 'Ada King', homeRegion: 'au' });
    // The sidebar shows who this device belongs to, and follows the edit.
    expect(screen.getByText('Ada King')).toBeInTheDocument();
  });

  it('shows a failed integrity check as a banner that stays until dismissed', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    // A clean check says nothing.
    act(() => t.core.events.emit('store.integrity', { ok: true, problems: [] }));
    expect(screen.queryByText(INTEGRITY_MESSAGE)).not.toBeInTheDocument();

    act(() =>
      t.core.events.emit('store.integrity', {
        ok: false,
        problems: ['row 12 missing from index accounts_name', 'page 40 is never used'],
      }),
    );
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(INTEGRITY_MESSAGE);
    expect(INTEGRITY_MESSAGE).toMatch(/found damage in its database after an unexpected shutdown/);
    const details = within(banner).getByText('Details').closest('details');
    expect(details).toHaveTextContent('row 12 missing from index accounts_name');
    expect(details).not.toHaveTextContent('page 40');

    // Persistent: moving around the app keeps it.
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    expect(screen.getByText(INTEGRITY_MESSAGE)).toBeInTheDocument();

    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(INTEGRITY_MESSAGE)).not.toBeInTheDocument();
  });

  it('shows a failed integrity check that finished before the window connected', async () => {
    await saveProfile(t);
    // The check's event went out before this window listened; app.info still carries the result.
    const link: CoreLink = {
      async request(method, input) {
        const result = await t.core.link.request(method, input);
        if (method === 'app.info' && result.ok) {
          return { ok: true, data: { ...(result.data as AppInfo), integrity: { ok: false, problems: ['page 7: btree corrupt'] } } };
        }
        return result;
      },
      onEvent: (listener) => t.core.link.onEvent(listener),
    };
    await renderApp(t, createClient(link));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(INTEGRITY_MESSAGE);
    expect(banner).toHaveTextContent('page 7: btree corrupt');
  });

  it('has no serious or critical axe violations on its main screens', async () => {
    const first = await renderApp(t);
    expect(await seriousViolations(document.body)).toEqual([]);
    first.unmount();

    await saveProfile(t);
    await t.client.call('accounts.create', { name: 'Axe Industries', health: 'red' });
    const { user } = await renderApp(t);
    await screen.findByText('Axe Industries');
    act(() => t.core.events.emit('store.integrity', { ok: false, problems: ['row 1 missing from index'] }));
    await screen.findByText(INTEGRITY_MESSAGE);
    expect(await seriousViolations(document.body)).toEqual([]);

    await user.click(rowOf('Axe Industries'));
    await screen.findByRole('button', { name: 'Delete' });
    expect(await seriousViolations(document.body)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    await user.clear(await screen.findByRole('textbox', { name: 'Name' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Name is required.');
    expect(await seriousViolations(document.body)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByText(t.dir);
    expect(await seriousViolations(document.body)).toEqual([]);

    await user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog');
    expect(await seriousViolations(document.body)).toEqual([]);
  }, 60_000);
});
