import { readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../renderer/src/features/import/store';
import { listedNames, renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { withScrollHeight } from './layout';

withScrollHeight(['import-rows__scroll'], 320);

const csv = () => new File([readFileSync('tests/fixtures/import/accounts.csv')], 'accounts.csv', { type: 'text/csv' });

async function openWithFile(user: Awaited<ReturnType<typeof renderApp>>['user'], file: File): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Import…' }));
  const dialog = screen.getByRole('dialog', { name: 'Import accounts' });
  await user.upload(within(dialog).getByLabelText('Spreadsheet file'), file);
  await within(dialog).findByRole('heading', { name: 'Columns' });
  return dialog;
}

describe('import dialog', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('maps columns, previews every row with its problems, writes nothing until Import, then imports the valid rows', async () => {
    const { user } = await renderApp(t);
    const dialog = await openWithFile(user, csv());

    expect(within(dialog).getByText('accounts.csv')).toBeInTheDocument();
    expect(within(dialog).getByRole('combobox', { name: 'Import column Support Level as' })).toHaveValue('tier');
    expect(within(dialog).getByRole('combobox', { name: 'Import column Region as' })).toHaveValue('residency');
    expect(await within(dialog).findByText('3 new')).toBeInTheDocument();
    expect(within(dialog).getByText('4 with problems')).toBeInTheDocument();
    const rows = within(dialog).getByRole('list', { name: 'Rows' });
    expect(within(rows).getByText('Support Level: "Gold" is not a known support tier. Use one of: Standard, Premium, Premier.')).toBeInTheDocument();
    expect(within(rows).getByText('Account Name: Name is required for a new account.')).toBeInTheDocument();
    expect(within(rows).getByText('Row 2 already imports this account; only the first row for it is imported.')).toBeInTheDocument();
    expect(within(dialog).getByText('Nothing is saved until you import.')).toBeInTheDocument();
    expect(await t.client.call('accounts.list', {})).toEqual([]);

    await user.click(within(dialog).getByRole('checkbox', { name: 'Only rows with problems' }));
    expect(within(rows).getAllByRole('listitem').map((li) => li.querySelector('.import-row__number')?.textContent)).toEqual(['Row 4', 'Row 5', 'Row 6', 'Row 7']);
    await user.click(within(dialog).getByRole('checkbox', { name: 'Only rows with problems' }));

    // Leaving the Region column out clears its problem on row 5; Health's remains.
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import column Region as' }), 'Do not import');
    await waitFor(() => expect(within(rows).queryByText(/"mars" is not a known residency/)).not.toBeInTheDocument());
    expect(within(rows).getByText('Health: "purple" is not a health. Use green, amber or red.')).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import column Region as' }), 'Residency');
    await within(rows).findByText(/"mars" is not a known residency/);

    await user.click(within(dialog).getByRole('button', { name: 'Import 3 accounts' }));
    expect(await screen.findByText('Imported 3 accounts: 3 new, 0 updated. 4 rows with problems were left out.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(listedNames()).toEqual(['Contoso Federal', 'Northwind Traders', 'Woodgrove Bank']));
  });

  it('a second import of the same file has nothing to write', async () => {
    const { user } = await renderApp(t);
    let dialog = await openWithFile(user, csv());
    await user.click(await within(dialog).findByRole('button', { name: 'Import 3 accounts' }));
    await screen.findByText(/^Imported 3 accounts/);

    dialog = await openWithFile(user, csv());
    expect(await within(dialog).findByText('3 up to date')).toBeInTheDocument();
    expect(within(dialog).getByText('Nothing to import: every row is up to date or has problems.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Import 0 accounts' })).toBeDisabled();
    expect(within(within(dialog).getByRole('list', { name: 'Rows' })).getAllByText('Same as Northwind Traders')).toHaveLength(1);
  });

  it('blocks the import while the mapping has a problem, and says how to fix it', async () => {
    const { user } = await renderApp(t);
    const dialog = await openWithFile(user, csv());
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import column Account Name as' }), 'Do not import');
    expect(await within(dialog).findByText('No column is mapped to Name. Choose the column that holds it.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /^Import \d/ })).toBeDisabled();
    // Choosing Name for another column takes it from the column that had it: one column per field.
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import column Notes as' }), 'Name (required)');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Import column Account Name as' }), 'Name (required)');
    expect(within(dialog).getByRole('combobox', { name: 'Import column Notes as' })).toHaveValue('');
    await waitFor(() => expect(within(dialog).queryByText(/No column is mapped to Name/)).not.toBeInTheDocument());
  });

  it('explains a file it cannot read and lets you choose another; Escape closes and returns focus', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import accounts' });
    await user.upload(within(dialog).getByLabelText('Spreadsheet file'), new File(['not really a workbook'], 'broken.xlsx'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This file is named .xlsx but is not an Excel workbook. Save it again from your spreadsheet app.');
    expect(within(dialog).getByLabelText('Spreadsheet file')).toBeEnabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Import…' })).toHaveFocus());
    expect(await t.client.call('accounts.list', {})).toEqual([]);
  });

  it('opens from the command palette, from any area', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'import');
    await user.click(within(screen.getByRole('group', { name: 'Commands' })).getByRole('option', { name: 'Import accounts from a spreadsheet…' }));
    expect(await screen.findByRole('dialog', { name: 'Import accounts' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Accounts', hidden: true })).toBeInTheDocument();
  });

  it('imports contacts: the type is chosen in the dialog, problems show per row, Import writes the valid ones', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Corp' });
    await t.client.call('accounts.create', { name: 'Globex' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Import…' }));
    await user.selectOptions(within(screen.getByRole('dialog', { name: 'Import accounts' })).getByRole('combobox', { name: 'What the file holds' }), 'Contacts');
    const dialog = screen.getByRole('dialog', { name: 'Import contacts' });
    const file = new File([readFileSync('tests/fixtures/import/contacts.csv')], 'contacts.csv', { type: 'text/csv' });
    await user.upload(within(dialog).getByLabelText('Spreadsheet file'), file);
    await within(dialog).findByRole('heading', { name: 'Columns' });
    expect(within(dialog).getByRole('combobox', { name: 'Import column Company as' })).toHaveValue('account');
    expect(await within(dialog).findByText('3 new')).toBeInTheDocument();
    const rows = within(dialog).getByRole('list', { name: 'Rows' });
    expect(within(rows).getByText('Company: No account is named "Initech". Import or create the account first.')).toBeInTheDocument();
    expect(within(rows).getByText('E-mail: Enter an email address like name@example.com.')).toBeInTheDocument();
    expect(await t.client.call('contacts.list', { accountId: acme.id })).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Import 3 contacts' }));
    expect(await screen.findByText('Imported 3 contacts: 3 new, 0 updated. 5 rows with problems were left out.')).toBeInTheDocument();
    expect((await t.client.call('contacts.list', { accountId: acme.id })).map((c) => c.name)).toEqual(['Ines Ortega', 'Raj Patel']);
  });

  it('encodes bytes as base64 in slices', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
