import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listedNames, renderApp, rowOf, saveProfile, spyLink, startCore } from './helpers';
import type { TestCore } from './helpers';

describe('accounts', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('creates an account through the form and lists it', async () => {
    const { user } = await renderApp(t);
    expect(screen.getByText(/No accounts yet/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New account' }));
    // The form opens ready to type: the cursor is in Name.
    expect(screen.getByRole('heading', { level: 1, name: 'New account' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus();
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Contoso Bank');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Segment' }), 'Public sector');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Support tier' }), 'Premier');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Residency' }), 'European Union');
    const clearance = screen.getByRole('combobox', { name: 'Clearance' });
    expect(clearance).toHaveDisplayValue('None (unrestricted)');
    await user.selectOptions(clearance, 'UK Security Check');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Lifecycle stage' }), 'Onboarding');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'Amber');
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'Migrating from on-prem.');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    // Back on the list, the new account selected and its details beside it.
    expect(await screen.findByRole('heading', { level: 2, name: 'Contoso Bank' })).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Contoso Bank' });
    expect(within(details).getByText('UK Security Check')).toBeInTheDocument();
    expect(within(details).getByText('Migrating from on-prem.')).toBeInTheDocument();
    const [stored] = await t.client.call('accounts.list', {});
    expect(stored).toMatchObject({
      name: 'Contoso Bank',
      segment: 'public_sector',
      tier: 'premier',
      residency: 'eu',
      clearance: 'uk-sc',
      stage: 'onboarding',
      health: 'amber',
      notes: 'Migrating from on-prem.',
    });

    const row = rowOf('Contoso Bank');
    expect(row).toHaveAttribute('aria-selected', 'true');
    const cells = within(row).getAllByRole('gridcell').map((c) => c.textContent);
    expect(cells.slice(0, 6)).toEqual(['Contoso Bank', 'Premier', 'Onboarding', 'Amber', 'Public sector', 'European Union']);
    expect(screen.getByText('1 account')).toBeInTheDocument();
  });

  it('shows the core’s error next to Name for an empty name, and creates nothing', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'New account' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const name = screen.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription('Name is required.');
    await waitFor(() => expect(name).toHaveFocus());
    expect(screen.getByRole('heading', { level: 1, name: 'New account' })).toBeInTheDocument();
    expect(await t.client.call('accounts.list', {})).toEqual([]);

    // Whitespace is not a name either: the core trims before checking.
    await user.type(name, '   ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(name).toHaveAccessibleDescription('Name is required.'));
    expect(await t.client.call('accounts.list', {})).toEqual([]);
  });

  it('edits an account', async () => {
    const account = await t.client.call('accounts.create', { name: 'Fabrikam', health: 'green' });
    const { user } = await renderApp(t);
    await user.click(rowOf('Fabrikam'));
    await screen.findByRole('heading', { level: 2, name: 'Fabrikam' });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Edit Fabrikam' })).toBeInTheDocument();

    const name = await screen.findByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(name).toHaveValue('Fabrikam'));
    await user.clear(name);
    await user.type(name, 'Fabrikam Holdings');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'Red');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('heading', { level: 2, name: 'Fabrikam Holdings' })).toBeInTheDocument();
    expect(listedNames()).toEqual(['Fabrikam Holdings']);
    expect(await t.client.call('accounts.get', { id: account.id })).toMatchObject({ name: 'Fabrikam Holdings', health: 'red' });
  });

  it('says that a stage changed on the form is recorded as a hand-off, and records it', async () => {
    const account = await t.client.call('accounts.create', { name: 'Fabrikam' });
    const { user } = await renderApp(t);
    await user.click(rowOf('Fabrikam'));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const stage = await screen.findByRole('combobox', { name: 'Lifecycle stage' });
    expect(stage).not.toHaveAccessibleDescription();
    await user.selectOptions(stage, 'Production');
    expect(stage).toHaveAccessibleDescription(/Saving records a hand-off with its checklist open/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { level: 2, name: 'Fabrikam' });
    const history = await t.client.call('lifecycle.get', { accountId: account.id });
    expect(history.events).toHaveLength(1);
    expect(history.events[0]).toMatchObject({ fromStage: 'pre_sales', toStage: 'production' });
  });

  it('deletes an account and Undo brings it back', async () => {
    const account = await t.client.call('accounts.create', { name: 'Northwind' });
    await t.client.call('accounts.create', { name: 'Tailspin' });
    const { user } = await renderApp(t);
    await user.click(rowOf('Northwind'));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));

    // Gone from the list and the details close; focus sits on Undo so one key press restores it.
    const undo = await screen.findByRole('button', { name: 'Undo' });
    expect(screen.getByText('Deleted Northwind.')).toBeInTheDocument();
    await waitFor(() => expect(listedNames()).toEqual(['Tailspin']));
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    await expect(t.client.call('accounts.get', { id: account.id })).rejects.toMatchObject({ code: 'not_found' });
    await waitFor(() => expect(undo).toHaveFocus());

    await user.keyboard('{Enter}');
    await waitFor(() => expect(listedNames()).toEqual(['Northwind', 'Tailspin']));
    expect(await t.client.call('accounts.get', { id: account.id })).toMatchObject({ name: 'Northwind' });
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    expect(await screen.findByText('Restored Northwind.')).toBeInTheDocument();
  });

  it('filters and sorts the list through the core', async () => {
    await t.client.call('accounts.create', { name: 'Bravo', health: 'red', tier: 'premium', stage: 'production' });
    await t.client.call('accounts.create', { name: 'alpha', health: 'green', tier: 'standard', stage: 'onboarding' });
    await t.client.call('accounts.create', { name: 'Charlie', health: 'red', tier: 'premier', stage: 'pre_sales' });
    await t.client.call('accounts.create', { name: 'Delta', health: 'amber', tier: 'premium', stage: 'churned', notes: 'renewal at risk' });
    const { user } = await renderApp(t);
    await waitFor(() => expect(listedNames()).toEqual(['alpha', 'Bravo', 'Charlie', 'Delta']));

    const nameHeader = screen.getByRole('columnheader', { name: /Name/ });
    expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await user.click(within(nameHeader).getByRole('button'));
    await waitFor(() => expect(listedNames()).toEqual(['Delta', 'Charlie', 'Bravo', 'alpha']));
    expect(nameHeader).toHaveAttribute('aria-sort', 'descending');

    // Stage sorts by lifecycle order, not alphabetically.
    const stageHeader = screen.getByRole('columnheader', { name: /Stage/ });
    await user.click(within(stageHeader).getByRole('button'));
    await waitFor(() => expect(listedNames()).toEqual(['Charlie', 'alpha', 'Bravo', 'Delta']));
    expect(stageHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(nameHeader).toHaveAttribute('aria-sort', 'none');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'Red');
    await waitFor(() => expect(listedNames()).toEqual(['Charlie', 'Bravo']));
    await user.click(within(stageHeader).getByRole('button'));
    await waitFor(() => expect(listedNames()).toEqual(['Bravo', 'Charlie']));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'Any health');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tier' }), 'Premium');
    await waitFor(() => expect(listedNames()).toEqual(['Delta', 'Bravo']));

    // Search covers notes too; a search that matches nothing says so and offers a way back.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tier' }), 'All tiers');
    await user.type(screen.getByRole('searchbox', { name: 'Search accounts' }), 'renewal');
    await waitFor(() => expect(listedNames()).toEqual(['Delta']));
    await user.type(screen.getByRole('searchbox', { name: 'Search accounts' }), ' nothing like this');
    expect(await screen.findByText('No accounts match this search and these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear search and filters' }));
    await waitFor(() => expect(listedNames()).toEqual(['Delta', 'Bravo', 'alpha', 'Charlie']));
  });

  it('moves the selection with the keyboard and opens the details with Enter', async () => {
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) await t.client.call('accounts.create', { name });
    const { user } = await renderApp(t);
    await waitFor(() => expect(listedNames()).toHaveLength(4));

    await user.click(within(screen.getByRole('columnheader', { name: /Name/ })).getByRole('button'));
    await waitFor(() => expect(listedNames()).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha']));
    // The grid is one Tab stop: from the last sort button, Tab lands on the first row.
    within(screen.getByRole('columnheader', { name: /Updated/ })).getByRole('button').focus();
    await user.tab();
    expect(rowOf('Delta')).toHaveFocus();

    await user.keyboard('{ArrowDown}');
    expect(rowOf('Charlie')).toHaveFocus();
    expect(rowOf('Charlie')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { level: 2, name: 'Charlie' })).toBeInTheDocument();
    await user.keyboard('{End}');
    expect(rowOf('Alpha')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(rowOf('Delta')).toHaveFocus();
    expect(rowOf('Delta')).toHaveAttribute('tabindex', '0');
    expect(rowOf('Alpha')).toHaveAttribute('tabindex', '-1');

    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Delta' })).toHaveFocus());
    await user.tab();
    expect(screen.getByRole('button', { name: 'Close details' })).toHaveFocus();
  });

  it('refreshes the list when the core reports a change made elsewhere', async () => {
    await renderApp(t);
    expect(screen.getByText(/No accounts yet/)).toBeInTheDocument();
    // Another window or the CLI writing: the list follows the core's data.changed event.
    await t.core.link.request('accounts.create', { name: 'Woodgrove' });
    await waitFor(() => expect(listedNames()).toEqual(['Woodgrove']));
  });

  it('saves only the fields the form changed, so a change made meanwhile elsewhere survives', async () => {
    const account = await t.client.call('accounts.create', { name: 'Litware', health: 'green', notes: 'Before' });
    const { user } = await renderApp(t);
    await user.click(rowOf('Litware'));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const notes = await screen.findByRole('textbox', { name: 'Notes' });
    expect(notes).toHaveValue('Before');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Health' }), 'Red');

    // The CLI or another window edits the notes while this form is open.
    await act(() => t.core.link.request('accounts.update', { id: account.id, patch: { notes: 'Changed elsewhere' } }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved Litware.')).toBeInTheDocument();
    expect(await t.client.call('accounts.get', { id: account.id })).toMatchObject({ health: 'red', notes: 'Changed elsewhere' });
  });

  it('saving an unchanged form makes no call and says there was nothing to save', async () => {
    await t.client.call('accounts.create', { name: 'Proseware' });
    const spy = spyLink(t);
    const { user } = await renderApp(t, spy.client);
    await user.click(rowOf('Proseware'));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Proseware'));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('No changes to save.')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 2, name: 'Proseware' })).toBeInTheDocument();
    expect(spy.requests).not.toContain('accounts.update');
  });

  it('while an edited account loads, shows that it is loading and cannot be saved', async () => {
    await t.client.call('accounts.create', { name: 'Adventure Works', notes: 'Kept' });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const spy = spyLink(t, (method) => (method === 'accounts.get' ? held : undefined));
    const { user } = await renderApp(t, spy.client);
    await user.click(rowOf('Adventure Works'));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Loading account…');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    // No defaults with an empty name on show.
    expect(screen.queryByRole('textbox', { name: 'Name' })).not.toBeInTheDocument();

    act(() => release());
    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Adventure Works');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('Kept');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    await waitFor(() => expect(name).toHaveFocus());
  });

  it('Escape cancels the form, new or edit, and saves nothing', async () => {
    await t.client.call('accounts.create', { name: 'Coho Winery' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'New account' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Not saved');
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeInTheDocument();

    await user.click(rowOf('Coho Winery'));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const health = await screen.findByRole('combobox', { name: 'Health' });
    await user.selectOptions(health, 'Red');
    health.focus();
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeInTheDocument();
    expect(listedNames()).toEqual(['Coho Winery']);
    expect((await t.client.call('accounts.list', {}))[0]).toMatchObject({ name: 'Coho Winery', health: 'green' });
  });

  it('one create fetches the list exactly once, though the core also reports the change', async () => {
    const spy = spyLink(t);
    const { user } = await renderApp(t, spy.client);
    await waitFor(() => expect(spy.requests).toContain('accounts.list'));
    spy.requests.length = 0;

    await user.click(screen.getByRole('button', { name: 'New account' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Once Only');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(listedNames()).toEqual(['Once Only']));
    // Longer than the event refresh's debounce: a second fetch would have started by now.
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(spy.requests.filter((m) => m === 'accounts.list')).toHaveLength(1);
    expect(spy.requests).toContain('accounts.create');

    // A change from elsewhere still refreshes the list.
    await act(() => t.core.link.request('accounts.create', { name: 'From the CLI' }));
    await waitFor(() => expect(listedNames()).toEqual(['From the CLI', 'Once Only']));
  });

  it('the desktop menu’s New Account command opens the form from any area', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });

    act(() => t.core.events.emit('app.command', { command: 'account.new' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'New account' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accounts' })).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Name' })).toHaveFocus());
  });

  it('a clicked due-items notification (the actions.open command) opens My items', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });

    act(() => t.core.events.emit('app.command', { command: 'actions.open' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My items' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'My items' })).toHaveAttribute('aria-current', 'page');
  });
});
