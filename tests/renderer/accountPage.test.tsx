import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

describe('account page', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('opens from the details beside the list, shows the Overview tab, moves between tabs by keyboard and goes back', async () => {
    await t.client.call('accounts.create', { name: 'Contoso Bank', tier: 'premier', notes: 'Core banking on-prem.' });
    const { user } = await renderApp(t);

    await user.click(await screen.findByRole('row', { name: /Contoso Bank/ }));
    await user.click(await screen.findByRole('button', { name: 'Open account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Contoso Bank' })).toBeInTheDocument();
    const tabs = screen.getByRole('tablist', { name: 'Contoso Bank records' });
    const overview = within(tabs).getByRole('tab', { name: 'Overview' });
    expect(overview).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByText('Core banking on-prem.')).toBeInTheDocument();
    expect(within(panel).getByText('Premier')).toBeInTheDocument();

    // Arrow keys wrap around the tabs and keep one selected tab.
    overview.focus();
    await user.keyboard('{ArrowRight}');
    const selected = within(tabs).getAllByRole('tab').filter((tab) => tab.getAttribute('aria-selected') === 'true');
    expect(selected).toHaveLength(1);
    // Focus follows in the next frame (the tab it moves to is rendered first).
    await waitFor(() => expect(selected[0]).toHaveFocus());
    await user.keyboard('{Home}');
    expect(overview).toHaveAttribute('aria-selected', 'true');

    await user.click(screen.getByRole('button', { name: '← All accounts' }));
    expect(await screen.findByRole('region', { name: 'Contoso Bank' })).toBeInTheDocument();
  });
});
