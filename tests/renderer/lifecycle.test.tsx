import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HANDOFF_TEMPLATES } from '../../core/model';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { openAccountTab } from './teamHelpers';

describe('lifecycle and hand-offs', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('changes the stage walking the checklist; open items stay visible and can be ticked later', { timeout: 30_000 }, async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud', tier: 'premier' });
    await t.client.call('team.add', { accountId: acme.id, role: 'se', name: 'Sam Okafor' });
    await t.client.call('team.add', { accountId: acme.id, role: 'csm', name: 'Casey Lind' });
    const { user } = await renderApp(t);
    const panel = await openAccountTab(user, 'Acme Cloud', 'Lifecycle');

    const now = within(await within(panel).findByRole('region', { name: 'Current stage' }));
    expect(now.getByText('Pre-sales')).toBeInTheDocument();
    expect(now.getByText('Sam Okafor')).toBeInTheDocument();
    await user.click(now.getByRole('button', { name: 'Change stage' }));

    const form = within(await screen.findByRole('form', { name: 'Change stage' }));
    // The next stage is offered first; owners come from the team's role holders.
    expect(form.getByRole('combobox', { name: 'Move to' })).toHaveFocus();
    expect(form.getByRole('combobox', { name: 'Move to' })).toHaveValue('onboarding');
    expect(form.getByRole('textbox', { name: 'From owner' })).toHaveValue('Sam Okafor');
    expect(form.getByRole('textbox', { name: 'To owner' })).toHaveValue('Casey Lind');
    const boxes = await form.findAllByRole('checkbox');
    expect(boxes.map((b) => b.closest('label')?.textContent)).toEqual(DEFAULT_HANDOFF_TEMPLATES.onboarding);
    await user.click(form.getByRole('checkbox', { name: 'Kickoff call scheduled' }));
    await user.click(form.getByRole('checkbox', { name: 'Success criteria agreed with the customer' }));
    expect(form.getByText('2 of 5 done')).toBeInTheDocument();
    await user.type(form.getByRole('textbox', { name: 'Note' }), 'Signed on Friday.');
    await user.click(form.getByRole('button', { name: 'Move to Onboarding' }));

    expect(await screen.findByText('Acme Cloud moved to Onboarding. 3 checklist items still open.')).toBeInTheDocument();
    expect((await t.client.call('accounts.get', { id: acme.id })).stage).toBe('onboarding');
    // The form closes and focus returns to the button that opened it.
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Change stage' })).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change stage' })).toHaveFocus());

    const history = within(screen.getByRole('region', { name: 'Hand-offs' }));
    expect(await history.findByText('3 of 5 open')).toBeInTheDocument();
    expect(history.getByText('Sam Okafor handed over to Casey Lind')).toBeInTheDocument();
    expect(history.getByText('Signed on Friday.')).toBeInTheDocument();
    expect(history.getByRole('checkbox', { name: /Kickoff call scheduled/ })).toBeChecked();
    await user.click(history.getByRole('checkbox', { name: 'Customer contacts and escalation path recorded' }));
    expect(await history.findByText('2 of 5 open')).toBeInTheDocument();
    const stored = await t.client.call('lifecycle.get', { accountId: acme.id });
    expect(stored.events[0]?.items.filter((i) => i.done).map((i) => i.text)).toEqual([
      'Success criteria agreed with the customer',
      'Kickoff call scheduled',
      'Customer contacts and escalation path recorded',
    ]);
    // The current stage says the owner and how many items are open.
    expect(within(screen.getByRole('region', { name: 'Current stage' })).getByText('2 open')).toBeInTheDocument();
  });

  it('shows the core’s refusal next to the date, and moves nothing', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud' });
    const { user } = await renderApp(t);
    await openAccountTab(user, 'Acme Cloud', 'Lifecycle');
    await user.click(await screen.findByRole('button', { name: 'Change stage' }));
    const form = within(await screen.findByRole('form', { name: 'Change stage' }));
    fireEvent.change(form.getByLabelText('Date of the hand-off'), { target: { value: '2999-01-01' } });
    await user.click(form.getByRole('button', { name: 'Move to Onboarding' }));
    expect(await form.findByText('A hand-off cannot be dated in the future.')).toBeInTheDocument();
    expect(form.getByLabelText('Date of the hand-off')).toHaveAttribute('aria-invalid', 'true');
    expect((await t.client.call('accounts.get', { id: acme.id })).stage).toBe('pre_sales');
    // Escape closes the form.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Change stage' })).not.toBeInTheDocument();
  });

  it('puts stage, time in stage and owner on the Overview', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud' });
    await t.client.call('team.add', { accountId: acme.id, role: 'se', name: 'Sam Okafor' });
    const { user } = await renderApp(t);
    await openAccountTab(user, 'Acme Cloud', 'Overview');
    const section = within(await screen.findByRole('region', { name: 'Lifecycle' }));
    expect(await section.findByText('Sam Okafor')).toBeInTheDocument();
    expect(section.getByText('less than an hour')).toBeInTheDocument();
    await user.click(section.getByRole('button', { name: 'Lifecycle and hand-offs' }));
    expect(screen.getByRole('tab', { name: 'Lifecycle' })).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the stages as a flow with owners and accounts, and the hand-offs left incomplete', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud' });
    await t.client.call('accounts.create', { name: 'Bolt Bank' });
    await t.client.call('lifecycle.move', { accountId: acme.id, to: 'onboarding' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Lifecycle' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Lifecycle' })).toBeInTheDocument();
    const flow = screen.getByRole('list', { name: 'Lifecycle stages in order' });
    const steps = within(flow).getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(steps).toEqual(['Pre-sales', 'Onboarding', 'Production', 'Steady state', 'Expansion / renewal']);
    const onboarding = within(screen.getByRole('region', { name: 'Onboarding' }));
    expect(onboarding.getByText('Owner: Customer success manager')).toBeInTheDocument();
    expect(onboarding.getByRole('button', { name: 'Acme Cloud' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Pre-sales' })).getByRole('button', { name: 'Bolt Bank' })).toBeInTheDocument();

    const incomplete = within(screen.getByRole('region', { name: 'Hand-offs with open checklist items' }));
    expect(incomplete.getByRole('row', { name: /Acme Cloud Pre-sales → Onboarding .* 5 of 5 open/ })).toBeInTheDocument();
    await user.click(incomplete.getByRole('button', { name: 'Acme Cloud' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Cloud' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Lifecycle' })).toHaveAttribute('aria-selected', 'true');
  });
});
