import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { moveInGrid } from '../../renderer/src/features/adoption/AdoptionPage';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { giveLayout, openAccountTab } from './teamHelpers';

describe('adoption', () => {
  let restoreLayout: () => void;
  beforeAll(() => {
    restoreLayout = giveLayout('adoption-heatmap', { clientHeight: 600, clientWidth: 1000 });
  });
  afterAll(() => restoreLayout());
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('changes a capability’s status on the Adoption tab, asking for blockers when it is blocked', { timeout: 30_000 }, async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud' });
    const { user } = await renderApp(t);
    const panel = within(await openAccountTab(user, 'Acme Cloud', 'Adoption'));
    expect(await panel.findByText('0 adopted, 0 in progress, 0 blocked of 11 capabilities.')).toBeInTheDocument();

    const update = panel.getByRole('button', { name: 'Update Customer-managed keys (BYOK)' });
    await user.click(update);
    expect(update).toHaveAttribute('aria-expanded', 'true');
    const editor = within(panel.getByRole('form', { name: 'Update Customer-managed keys (BYOK)' }));
    expect(editor.getByRole('combobox', { name: 'Status' })).toHaveFocus();
    await user.selectOptions(editor.getByRole('combobox', { name: 'Status' }), 'Blocked');
    await user.click(editor.getByRole('button', { name: 'Save' }));
    // The core's refusal lands next to the field that needs it, and nothing was recorded.
    const blockers = editor.getByRole('textbox', { name: 'Blockers' });
    expect(await editor.findByText('Say what blocks it: a capability marked Blocked needs its blockers.')).toBeInTheDocument();
    await waitFor(() => expect(blockers).toHaveFocus());
    expect(blockers).toHaveAttribute('aria-invalid', 'true');
    expect((await t.client.call('adoption.get', { accountId: acme.id })).score.blocked).toBe(0);

    await user.type(blockers, 'Waiting for the customer HSM.');
    await user.type(editor.getByRole('textbox', { name: 'Note' }), 'Security review booked.');
    await user.click(editor.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Customer-managed keys (BYOK): Blocked.')).toBeInTheDocument();
    // The editor closes, focus goes back to its button, and the row says what happened.
    await waitFor(() => expect(panel.getByRole('button', { name: 'Update Customer-managed keys (BYOK)' })).toHaveFocus());
    const row = within(panel.getByRole('row', { name: /Customer-managed keys/ }));
    expect(row.getByText('Blocked')).toBeInTheDocument();
    expect(row.getByText('Waiting for the customer HSM.')).toBeInTheDocument();
    expect(row.getByText('Security review booked.')).toBeInTheDocument();

    // Adopted single sign-on (weight 3 of 22): the score follows.
    await user.click(panel.getByRole('button', { name: 'Update Single sign-on (SAML / OIDC)' }));
    const sso = within(panel.getByRole('form', { name: 'Update Single sign-on (SAML / OIDC)' }));
    await user.selectOptions(sso.getByRole('combobox', { name: 'Status' }), 'Adopted');
    await user.click(sso.getByRole('button', { name: 'Save' }));
    expect(await panel.findByText('1 adopted, 0 in progress, 1 blocked of 11 capabilities.')).toBeInTheDocument();
    expect(panel.getByRole('meter', { name: 'Adoption score' })).toHaveAttribute('value', '14');
  });

  it('shows the heat map as a table with words in its cells, navigable by keyboard', { timeout: 30_000 }, async () => {
    const names = ['Acme Cloud', 'Bolt Bank', 'Cirrus Health'];
    const ids: string[] = [];
    for (const name of names) ids.push((await t.client.call('accounts.create', { name })).id);
    await t.client.call('adoption.set', { accountId: ids[0] ?? '', capability: 'sso', status: 'adopted' });
    await t.client.call('adoption.set', { accountId: ids[1] ?? '', capability: 'rbac', status: 'piloting' });
    await t.client.call('adoption.set', { accountId: ids[2] ?? '', capability: 'byok', status: 'blocked', blockers: 'No HSM.' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Adoption' }));

    const grid = await screen.findByRole('grid', { name: 'Adoption by account and capability' });
    expect(grid).toHaveAttribute('aria-rowcount', '4');
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(0, 4)).toEqual(['Account', 'Score', 'Single sign-on (SAML / OIDC)', 'Role-based access control']);
    const acmeRow = within(grid).getByRole('row', { name: /Acme Cloud/ });
    expect(within(acmeRow).getAllByRole('gridcell').slice(0, 3).map((c) => c.textContent)).toEqual(['14', 'Adopted', 'Not started']);

    // One tab stop; arrows, Home and End move focus between cells.
    const first = within(grid).getByRole('rowheader', { name: 'Acme Cloud' });
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toHaveTextContent('Adopted');
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(document.activeElement).toHaveTextContent('Piloting');
    expect(document.activeElement).toHaveAttribute('data-cell', '1:3');
    expect(document.activeElement).toHaveAttribute('tabindex', '0');
    expect(first).toHaveAttribute('tabindex', '-1');
    await user.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toHaveTextContent('Blocked');
    await user.keyboard('{Home}');
    expect(document.activeElement).toHaveTextContent('Cirrus Health');
    await user.keyboard('{ArrowDown}');
    // The edge stops the move.
    expect(document.activeElement).toHaveTextContent('Cirrus Health');
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(document.activeElement).toHaveTextContent('Acme Cloud');
    await user.keyboard('{End}');
    expect(document.activeElement).toHaveAttribute('data-cell', '0:12');
    // Enter opens the account on its Adoption tab.
    await user.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Bolt Bank' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Adoption' })).toHaveAttribute('aria-selected', 'true');
  });

  it('sorts the heat map by score', async () => {
    const low = await t.client.call('accounts.create', { name: 'Aardvark Low' });
    const high = await t.client.call('accounts.create', { name: 'Zebra High' });
    await t.client.call('adoption.set', { accountId: high.id, capability: 'sso', status: 'adopted' });
    await t.client.call('adoption.set', { accountId: low.id, capability: 'sso', status: 'evaluating' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Adoption' }));
    const grid = await screen.findByRole('grid');
    const order = () => within(grid).getAllByRole('rowheader').map((h) => h.textContent);
    expect(order()).toEqual(['Aardvark Low', 'Zebra High']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'Score, highest first');
    expect(order()).toEqual(['Zebra High', 'Aardvark Low']);
  });

  it('moves within the grid’s bounds', () => {
    const at = { row: 2, col: 3 };
    expect(moveInGrid('ArrowUp', false, at, 5, 6, 2)).toEqual({ row: 1, col: 3 });
    expect(moveInGrid('PageDown', false, at, 5, 6, 10)).toEqual({ row: 4, col: 3 });
    expect(moveInGrid('PageUp', false, at, 5, 6, 10)).toEqual({ row: 0, col: 3 });
    expect(moveInGrid('End', true, at, 5, 6, 2)).toEqual({ row: 4, col: 5 });
    expect(moveInGrid('ArrowLeft', false, { row: 0, col: 0 }, 5, 6, 2)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid('a', false, at, 5, 6, 2)).toBeNull();
  });
});
