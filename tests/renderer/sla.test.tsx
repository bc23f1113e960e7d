import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../core/model';
import { ME, renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

/** From the accounts list to one account's page, on a tab. */
async function openAccountTab(user: UserEvent, name: string, tab: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole('row', { name: new RegExp(name) }));
  await user.click(await screen.findByRole('button', { name: 'Open account' }));
  await user.click(await screen.findByRole('tab', { name: tab }));
  return screen.getByRole('tabpanel');
}

/** The error shown next to a control: the text its aria-describedby points at. */
function errorOf(control: HTMLElement): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function clock(label: string): HTMLElement {
  const clocks = screen.getByRole('list', { name: 'SLA clocks' });
  const item = within(clocks).getByText(label).closest('li');
  if (!item) throw new Error(`no clock ${label}`);
  return item;
}

// jsdom has no layout: the virtualized lists get the height a window would give them (as tests/renderer/setup.ts
// does for the accounts grid), so they render the rows in view.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.classList.contains('sla-vlist')) return 360;
      return (clientHeight?.get?.call(this) as number | undefined) ?? 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

vi.setConfig({ testTimeout: 30_000 });

describe('support tiers in Settings', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('shows each problem next to its field, saves nothing until fixed, then saves', async () => {
    await saveProfile(t, { ...ME, role: 'manager' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    // A summary first; the editor opens for the tier chosen, with the keyboard in it.
    await user.click(await screen.findByRole('button', { name: 'Edit the terms of Premier' }));
    const premier = await screen.findByRole('form', { name: 'Premier terms' });
    expect(screen.queryByRole('form', { name: 'Standard terms' })).not.toBeInTheDocument();
    expect(within(premier).getByRole('textbox', { name: 'Description' })).toHaveFocus();

    const sev1 = within(premier).getByRole('textbox', { name: 'Sev 1 first response (minutes)' });
    await user.clear(sev1);
    const dev = within(premier).getByRole('textbox', { name: 'Sev 2 developer engaged (minutes)' });
    await user.clear(dev);
    await user.type(dev, 'soon');
    await user.selectOptions(within(premier).getByRole('combobox', { name: 'SLA clocks run' }), 'Business hours');
    const closes = within(premier).getByLabelText('Closes at');
    await user.clear(closes);
    await user.type(closes, '08:00');
    const rate = within(premier).getByRole('textbox', { name: 'SKU 1 rate per hour' });
    await user.clear(rate);
    await user.click(within(premier).getByRole('button', { name: 'Save terms' }));

    expect(await within(premier).findByRole('alert')).toHaveTextContent('Some values need fixing');
    expect(errorOf(sev1)).toBe('Enter the time to first response, or clear the whole row.');
    expect(errorOf(dev)).toBe('Time to engage must be a number of minutes.');
    expect(errorOf(closes)).toBe('Coverage must end after it starts on the same day.');
    expect(errorOf(rate)).toBe('Enter the hourly rate, like 150.00.');
    // Focus moves to the first problem in the next frame, which a busy machine may not have drawn yet.
    await waitFor(() => expect(sev1).toHaveFocus());
    expect((await t.client.call('tiers.list', {})).find((x) => x.code === 'premier')?.coverage).toEqual({ kind: '24x7' });

    await user.click(within(premier).getByRole('button', { name: 'Reset' }));
    const sev4cadence = within(premier).getByRole('textbox', { name: 'Sev 4 update cadence (minutes)' });
    await user.clear(sev4cadence);
    await user.type(sev4cadence, '720');
    // Holidays belong to business hours: switch, add one, and it is listed.
    await user.selectOptions(within(premier).getByRole('combobox', { name: 'SLA clocks run' }), 'Business hours');
    await user.type(within(premier).getByLabelText('Add a holiday'), '2026-12-25');
    await user.click(within(premier).getByRole('button', { name: 'Add holiday' }));
    expect(within(premier).getByRole('button', { name: 'Remove holiday 2026-12-25' })).toBeInTheDocument();
    await user.selectOptions(within(premier).getByRole('combobox', { name: 'SLA clocks run' }), '24×7');
    await user.click(within(premier).getByRole('button', { name: 'Save terms' }));
    expect(await screen.findByText('Saved the terms of Premier.')).toBeInTheDocument();
    const saved = (await t.client.call('tiers.list', {})).find((x) => x.code === 'premier');
    expect(saved?.slaTargets.find((s) => s.severity === 4)?.updateCadenceMinutes).toBe(720);
    expect(saved?.coverage).toEqual({ kind: '24x7' });
  });

  it('lets a TAM read the terms but not change them', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByText('Only managers and admins can change support tiers; you can read them here.')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'View the terms of Standard' }));
    const form = screen.getByRole('form', { name: 'Standard terms' });
    expect(within(form).getByRole('textbox', { name: 'Sev 1 first response (minutes)' })).toBeDisabled();
    expect(within(form).queryByRole('button', { name: 'Save terms' })).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Close' }));
    expect(form).not.toBeInTheDocument();
  });
});

describe('the account page: contracts, incidents and engagements', () => {
  let t: TestCore;
  let account: Account;
  beforeEach(async () => {
    // Only Date is faked (in the page and in the in-process core alike): timers stay real, so the app, its
    // one-second minute check and Testing Library run as usual, and moving the clock makes the SLA clocks tick.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T10:00:00Z') });
    t = await startCore();
    await saveProfile(t);
    account = await t.client.call('accounts.create', { name: 'Contoso Bank', tier: 'premium' });
  });
  afterEach(() => {
    t.close();
    vi.useRealTimers();
  });

  it('adds a contract from a tier, shows the tier mismatch and the Overview, ends it early, deletes it with undo', async () => {
    const { user } = await renderApp(t);
    const panel = await openAccountTab(user, 'Contoso Bank', 'Contracts');
    expect(await within(panel).findByText('No contracts yet')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'New contract' }));
    const form = within(panel).getByRole('form', { name: 'New contract' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Support tier' }), 'Premier');
    await user.click(within(form).getByRole('checkbox', { name: 'Cleared / sovereign coverage' }));
    const ends = within(form).getByLabelText('Ends on');
    await user.clear(ends);
    await user.type(ends, '2025-01-01');
    await user.click(within(form).getByRole('button', { name: 'Add contract' }));
    expect(errorOf(within(form).getByLabelText('Ends on'))).toBe('The contract must end on or after the day it starts.');
    expect(await t.client.call('contracts.list', { accountId: account.id })).toEqual([]);

    await user.clear(within(form).getByLabelText('Ends on'));
    await user.type(within(form).getByLabelText('Ends on'), '2026-12-31');
    await user.click(within(form).getByRole('button', { name: 'Add contract' }));
    const card = await within(panel).findByRole('article', { name: 'Premier + Cleared / sovereign coverage' });
    expect(within(card).getByText('In force')).toBeInTheDocument();
    expect(within(card).getByText('40 h per month')).toBeInTheDocument();
    expect(within(panel).getByRole('note')).toHaveTextContent('The account is on Premium, but its contract in force is for Premier.');

    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    const overview = await screen.findByRole('region', { name: 'Contract and SLA' });
    expect(within(overview).getByText('40 h included per month')).toBeInTheDocument();
    expect(within(overview).getByRole('table', { name: /SLA targets/ })).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Contracts' }));
    await user.click(await screen.findByRole('button', { name: 'End early…' }));
    const end = screen.getByLabelText('Last day in force');
    await user.clear(end);
    await user.type(end, '2027-06-30');
    await user.click(screen.getByRole('button', { name: 'End contract' }));
    expect(errorOf(screen.getByLabelText('Last day in force'))).toBe('The contract already ends on 2026-12-31. To extend it, edit its end date.');
    await user.clear(screen.getByLabelText('Last day in force'));
    await user.type(screen.getByLabelText('Last day in force'), '2026-09-30');
    await user.click(screen.getByRole('button', { name: 'End contract' }));
    await waitFor(async () => expect((await t.client.call('contracts.list', { accountId: account.id }))[0]?.endsOn).toBe('2026-09-30'));

    await user.click(screen.getByRole('button', { name: /^Delete the Premier/ }));
    expect(await screen.findByText('No contracts yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('article', { name: 'Premier + Cleared / sovereign coverage' })).toBeInTheDocument();
  });

  it('opens an incident, shows its SLA clocks ticking each minute, and records the first response', async () => {
    await t.client.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const { user } = await renderApp(t);
    const panel = await openAccountTab(user, 'Contoso Bank', 'Incidents');
    expect(await within(panel).findByText('No open incidents')).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Open an incident' }));
    const form = within(panel).getByRole('form', { name: 'Open an incident' });
    await waitFor(() => expect(within(form).getByRole('combobox', { name: 'Severity' })).toHaveFocus());
    await user.type(within(form).getByLabelText('Opened'), '2026-06-02T09:00');
    await user.click(within(form).getByRole('button', { name: 'Open incident' }));
    expect(errorOf(within(form).getByLabelText('Opened'))).toBe('An incident cannot open in the future.');

    await user.clear(within(form).getByLabelText('Opened'));
    await user.type(within(form).getByRole('textbox', { name: 'Summary' }), 'Payments API down');
    await user.click(within(form).getByRole('button', { name: 'Open incident' }));
    const card = await within(panel).findByRole('article', { name: 'Payments API down' });
    // Premier: every role within 15 minutes.
    expect(within(clock('First response')).getByText('15 min left')).toBeInTheDocument();
    expect(within(clock('Developer engaged')).getByText('15 min left')).toBeInTheDocument();

    vi.setSystemTime(Date.now() + 10 * 60_000);
    await waitFor(() => expect(within(clock('First response')).getByText('5 min left')).toBeInTheDocument(), { timeout: 3000 });
    expect(clock('First response')).toHaveClass('sla-clock--running');
    vi.setSystemTime(Date.now() + 6 * 60_000);
    await waitFor(() => expect(within(clock('First response')).getByText('Breached by 1 min')).toBeInTheDocument(), { timeout: 3000 });
    expect(clock('First response')).toHaveClass('sla-clock--breached');

    await user.click(within(card).getByRole('button', { name: 'Record first response' }));
    await waitFor(() => expect(within(clock('First response')).getByText('Breached by 1 min')).toBeInTheDocument());
    expect(within(clock('First response')).getByText(/stopped/)).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Record first response' })).not.toBeInTheDocument();
    // Undo takes the response back.
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(await within(card).findByRole('button', { name: 'Record first response' })).toBeInTheDocument();

    // A time entered before the incident opened is refused next to the When field.
    const when = within(card).getByLabelText('When');
    await user.type(when, '2026-06-01T09:00');
    await user.click(within(card).getByRole('button', { name: 'Engage developer' }));
    expect(await within(card).findByText('The developer engaged cannot be before the incident opened.')).toBeInTheDocument();
    expect(errorOf(within(card).getByLabelText('When'))).toBe('The developer engaged cannot be before the incident opened.');

    await user.clear(within(card).getByLabelText('When'));
    await user.click(within(card).getByRole('button', { name: 'Resolve' }));
    expect(await within(panel).findByRole('region', { name: 'Resolved incidents' })).toBeInTheDocument();
    expect(within(panel).getByText(/resolved in 16 min · 4 targets breached/)).toBeInTheDocument();
    expect(within(panel).getByText(/MTTR 16 min over 1 resolved/)).toBeInTheDocument();
  });

  it('logs a weekly call, refusing an empty title next to the field, and deletes it with undo', async () => {
    const { user } = await renderApp(t);
    const panel = await openAccountTab(user, 'Contoso Bank', 'Engagements');
    expect(await within(panel).findByText('No engagements yet')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Log an engagement' }));
    const form = within(panel).getByRole('form', { name: 'Log an engagement' });
    await user.click(within(form).getByRole('button', { name: 'Log engagement' }));
    expect(errorOf(within(form).getByRole('textbox', { name: 'Title' }))).toBe('Enter a title.');
    await waitFor(() => expect(within(form).getByRole('textbox', { name: 'Title' })).toHaveFocus());

    await user.type(within(form).getByRole('textbox', { name: 'Title' }), 'Weekly sync');
    await user.type(within(form).getByRole('textbox', { name: 'Attendees' }), 'Ana Ruiz, Bo Chen');
    await user.type(within(form).getByRole('textbox', { name: 'Notes' }), 'Upgrade to 7.2 planned for July.');
    await user.click(within(form).getByRole('button', { name: 'Log engagement' }));
    const list = await within(panel).findByRole('region', { name: 'Engagements, newest first' });
    expect(within(list).getByText('Weekly sync')).toBeInTheDocument();
    const detail = within(panel).getByRole('article', { name: 'Weekly sync' });
    expect(within(detail).getByText('Upgrade to 7.2 planned for July.')).toBeInTheDocument();
    const [stored] = await t.client.call('engagements.list', { accountId: account.id });
    expect(stored).toMatchObject({ kind: 'weekly_call', title: 'Weekly sync', attendees: 'Ana Ruiz, Bo Chen', occurredAt: '2026-06-01T10:00:00.000Z' });

    await user.click(within(detail).getByRole('button', { name: 'Delete Weekly sync' }));
    expect(await within(panel).findByText('No engagements yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await within(panel).findByText('Weekly sync')).toBeInTheDocument();
  });
});
