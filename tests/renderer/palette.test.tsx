import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

describe('command palette', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('opens on Ctrl+K, filters, moves with the arrows and runs with Enter', async () => {
    const { user } = await renderApp(t);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.keyboard('{Control>}k{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Command palette' });
    const input = screen.getByRole('combobox', { name: 'Type a command' });
    expect(input).toHaveFocus();
    expect(dialog).toHaveAttribute('aria-modal', 'true');

    await user.type(input, 'go to');
    const options = within(dialog).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'Go to Accounts',
      'Go to My items',
      'Go to Time',
      'Go to Reviews',
      'Go to Adoption',
      'Go to Lifecycle',
      'Go to Dashboard',
      'Go to Sync',
      'Go to Settings',
    ]);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('option', { name: 'Go to Sync' })).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', screen.getByRole('option', { name: 'Go to Sync' }).id);
    await user.keyboard('{ArrowUp}{Enter}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('group', { name: 'Period' })).toBeInTheDocument();
  });

  it('runs "New account" and opens the form; Escape closes and returns focus', async () => {
    const { user } = await renderApp(t);
    const newAccount = screen.getByRole('button', { name: 'New account' });
    newAccount.focus();

    await user.keyboard('{Meta>}k{/Meta}');
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(newAccount).toHaveFocus());

    // From another area, the command still lands on the accounts form.
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'new acc');
    const dialog = screen.getByRole('dialog', { name: 'Command palette' });
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual(['New account']);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'New account' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeInTheDocument();
  });

  it('says so when nothing matches, and keeps the page behind it inert', async () => {
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'xyzzy');
    expect(within(screen.getByRole('dialog')).queryAllByRole('option')).toHaveLength(0);
    expect(await screen.findByText('No command or record matches “xyzzy”.')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main', hidden: true }).closest('.shell')).toHaveAttribute('inert');
    await user.keyboard('{Tab}');
    expect(screen.getByRole('combobox', { name: 'Type a command' })).toHaveFocus();
  });
});
