import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('navigates every area from the sidebar; unfinished areas say honestly what they will hold', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const names = within(nav).getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Accounts', 'Time', 'Reviews', 'Dashboard', 'Sync', 'Settings']);

    for (const area of ['Time', 'Reviews', 'Dashboard', 'Sync']) {
      await user.click(within(nav).getByRole('button', { name: area }));
      expect(await screen.findByRole('heading', { level: 1, name: area })).toHaveFocus();
      expect(screen.getByText(/Coming in a later release:/)).toBeInTheDocument();
      expect(within(screen.getByRole('main')).queryAllByRole('button')).toHaveLength(0);
    }
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

  it('has no serious or critical axe violations on its main screens', async () => {
    const first = await renderApp(t);
    expect(await seriousViolations(document.body)).toEqual([]);
    first.unmount();

    await saveProfile(t);
    await t.client.call('accounts.create', { name: 'Axe Industries', health: 'red' });
    const { user } = await renderApp(t);
    await screen.findByText('Axe Industries');
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
