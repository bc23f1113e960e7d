import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDate, newId, weekDays, weekOf } from '../../core/model';
import type { RunningTimer } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { TimeRepo } from '../../core/store/timeRepo';
import { ME, renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const today = () => localDate(new Date(), zone);
const thisWeek = () => weekOf(today());

async function accountWithContract(t: TestCore, name: string): Promise<string> {
  const account = await t.client.call('accounts.create', { name });
  const year = today().slice(0, 4);
  const contracts = new ContractsRepo(t.core.store);
  t.core.store.write(() =>
    contracts.insert(newId(), account.id, {
      tier: 'premier',
      startsOn: `${Number(year) - 1}-01-01`,
      endsOn: `${Number(year) + 1}-12-31`,
      includedHours: 40,
      hoursPeriod: 'month',
      skus: [{ code: 'TAM-ONSITE', label: 'Onsite TAM', rate: 20_000, currency: 'EUR', billable: true }],
      slaTargets: [],
      coverage: { kind: '24x7' },
      dedicatedStaff: [],
      notes: '',
    }),
  );
  return account.id;
}

async function openTime(t: TestCore) {
  const view = await renderApp(t);
  await view.user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Time' }));
  await screen.findByRole('heading', { level: 1, name: 'Time' });
  return view;
}

const gridCell = (label: RegExp) => within(screen.getByRole('grid')).getByRole('gridcell', { name: label });

describe('the weekly grid', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('is filled from the keyboard like a spreadsheet, with totals per row, day and week', { timeout: 30_000 }, async () => {
    await accountWithContract(t, 'Contoso');
    await accountWithContract(t, 'Fabrikam');
    const { user } = await openTime(t);
    expect(await screen.findByText('No time this week yet')).toBeInTheDocument();

    const addRow = screen.getByRole('form', { name: 'Add a row' });
    await user.selectOptions(within(addRow).getByRole('combobox', { name: 'Account' }), 'Contoso');
    await waitFor(() => expect(within(addRow).getByRole('combobox', { name: 'SKU' })).toHaveValue('TAM-ONSITE'));
    await user.click(within(addRow).getByRole('button', { name: 'Add row' }));
    await user.selectOptions(within(addRow).getByRole('combobox', { name: 'Account' }), 'Fabrikam');
    await user.selectOptions(within(addRow).getByRole('combobox', { name: 'SKU' }), 'No SKU (not billable)');
    await user.click(within(addRow).getByRole('button', { name: 'Add row' }));

    // Monday of Contoso: typing starts an edit, Tab saves and moves right.
    await user.click(gridCell(/^Contoso, TAM-ONSITE, Monday/));
    await user.keyboard('2h{Tab}');
    await waitFor(() => expect(gridCell(/^Contoso, TAM-ONSITE, Monday/)).toHaveTextContent('2:00'));
    expect(gridCell(/^Contoso, TAM-ONSITE, Tuesday/)).toHaveFocus();
    await user.keyboard('1:30{Enter}');
    // Enter saves and moves down to Fabrikam's Tuesday.
    await waitFor(() => expect(gridCell(/^Fabrikam, no SKU, Tuesday/)).toHaveFocus());
    await user.keyboard('90m{Enter}');
    await waitFor(() => expect(gridCell(/^Fabrikam, no SKU, Tuesday[^:]*: 1:30/)).toBeInTheDocument());

    expect(gridCell(/^Contoso, TAM-ONSITE, week total/)).toHaveTextContent('3:30');
    expect(gridCell(/^Tuesday.* total/)).toHaveTextContent('3:00');
    expect(gridCell(/^Week total/)).toHaveTextContent('5:00');

    // Arrows move; Enter edits with the value selected; Escape cancels and keeps it.
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(gridCell(/^Contoso, TAM-ONSITE, Monday/)).toHaveFocus();
    await user.keyboard('{Enter}');
    const editor = screen.getByRole('textbox', { name: /Contoso TAM-ONSITE, Monday/ });
    expect(editor).toHaveValue('2:00');
    await user.keyboard('7{Escape}');
    expect(gridCell(/^Contoso, TAM-ONSITE, Monday[^:]*: 2:00/)).toHaveFocus();

    // A duration that is not one keeps the editor open with the reason.
    await user.keyboard('soon{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('"soon" is not a duration. Write a duration like 1h30, 90m, 1.5 or 1:30.');
    expect(screen.getByRole('textbox', { name: /Contoso TAM-ONSITE, Monday/ })).toHaveAttribute('aria-invalid', 'true');
    await user.keyboard('{Escape}');

    // Delete clears a cell.
    await user.keyboard('{ArrowRight}{Delete}');
    await waitFor(() => expect(gridCell(/^Contoso, TAM-ONSITE, week total/)).toHaveTextContent('2:00'));

    const [monday, tuesday] = weekDays(thisWeek());
    const stored = await t.client.call('time.week', { week: thisWeek() });
    expect(stored.entries.map((e) => [e.date, e.minutes, e.sku, e.billable]).sort()).toEqual(
      [
        [monday, 120, 'TAM-ONSITE', true],
        [tuesday, 90, null, false],
      ].sort(),
    );
  });

  it('refuses to change approved time and offers a linked adjustment instead', async () => {
    const account = await accountWithContract(t, 'Contoso');
    const [monday] = weekDays(thisWeek());
    const entry = await t.client.call('time.add', { accountId: account, date: monday!, minutes: 120, category: 'onsite', sku: 'TAM-ONSITE' });
    await saveProfile(t, { ...ME, role: 'manager' });
    await t.client.call('timesheet.submit', { week: thisWeek() });
    await t.client.call('timesheet.approve', { userId: 'ada@example.com', week: thisWeek() });
    const { user } = await openTime(t);

    await user.click(await screen.findByRole('gridcell', { name: /^Contoso, TAM-ONSITE, Monday[^:]*: 2:00, locked/ }));
    await user.keyboard('1h30{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Create an adjustment' });
    expect(screen.getByRole('alert')).toHaveTextContent(/approved and can no longer change.*adjustment/);
    expect(within(dialog).getByRole('textbox', { name: 'Corrected duration' })).toHaveValue('1:30');
    await user.type(within(dialog).getByRole('textbox', { name: 'Why (note)' }), 'Left at noon');
    await user.click(within(dialog).getByRole('button', { name: 'Create adjustment' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText(/Adjustment created: 2:00 → 1:30/)).toBeInTheDocument();

    const stored = await t.client.call('time.week', { week: thisWeek() });
    expect(stored.entries.find((e) => e.id === entry.id)).toMatchObject({ minutes: 120, status: 'approved' });
    expect(stored.entries.find((e) => e.adjustsId === entry.id)).toMatchObject({ minutes: 90, note: 'Left at noon', status: 'submitted' });
    // The grid counts the correction in place of the original.
    await waitFor(() => expect(gridCell(/^Week total/)).toHaveTextContent('1:30'));
  });
});

describe('the timer bar', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('starts, switches and stops; the window title and the sidebar show the running timer', async () => {
    await accountWithContract(t, 'Contoso');
    await accountWithContract(t, 'Fabrikam');
    const { user } = await openTime(t);
    const bar = screen.getByRole('region', { name: 'Timer' });
    await user.click(within(bar).getByRole('button', { name: 'Start timer' }));
    expect(within(bar).getByRole('alert')).toHaveTextContent('Choose an account for the timer.');

    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Account' }), 'Contoso');
    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Category' }), 'Onsite');
    await waitFor(() => expect(within(bar).getByRole('combobox', { name: 'SKU' })).toHaveValue('TAM-ONSITE'));
    await user.click(within(bar).getByRole('button', { name: 'Start timer' }));
    await waitFor(() => expect(within(bar).getByRole('button', { name: 'Stop' })).toHaveFocus());
    expect(within(bar).getByText('Contoso', { selector: 'strong' })).toBeInTheDocument();
    expect(document.title).toMatch(/^▶ 0:00 Contoso — Fieldbook$/);
    expect(screen.getByRole('button', { name: /Timer running: 0:00 Contoso/ })).toBeInTheDocument();
    expect(await t.client.call('timer.get', {})).toMatchObject({ category: 'onsite', sku: 'TAM-ONSITE' });

    await user.selectOptions(within(bar).getByRole('combobox', { name: 'Account' }), 'Fabrikam');
    await user.click(within(bar).getByRole('button', { name: 'Switch' }));
    expect(await screen.findByText('Timer switched to Fabrikam.')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toMatch(/Fabrikam/));

    await user.click(within(bar).getByRole('button', { name: 'Stop' }));
    expect(await screen.findByText('Timer stopped. Under a minute: nothing was logged.')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Fieldbook'));
    expect(screen.queryByRole('button', { name: /Timer running/ })).not.toBeInTheDocument();
    expect(await t.client.call('timer.get', {})).toBeNull();
  });

  it('asks about idle time when the desktop shell reports it, and splits it into its own entry', async () => {
    const contoso = await accountWithContract(t, 'Contoso');
    await accountWithContract(t, 'Fabrikam');
    // A timer that has run for an hour (the local state the core keeps across restarts).
    const startedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    const running: RunningTimer = { accountId: contoso, category: 'onsite', sku: 'TAM-ONSITE', note: '', startedAt, timeZone: zone };
    new TimeRepo(t.core.store).setLocal('timer', running);
    const { user } = await openTime(t);
    await screen.findByRole('button', { name: 'Stop' });

    act(() => t.core.events.emit('app.command', { command: 'timer.idle', idleSince: new Date(Date.now() - 30 * 60_000).toISOString() }));
    const dialog = await screen.findByRole('dialog', { name: 'You were away' });
    expect(within(dialog).getByRole('button', { name: 'Keep it' })).toHaveFocus();
    expect(dialog).toHaveTextContent(/\(0:30\)/);
    await user.click(within(dialog).getByRole('button', { name: 'Split it off…' }));
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Account' }), 'Fabrikam');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'Travel');
    await user.click(within(dialog).getByRole('button', { name: 'Log it separately' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const entries = await t.client.call('time.list', {});
    expect(entries.map((e) => [e.category, e.minutes, e.source])).toEqual([
      ['onsite', 30, 'timer'],
      ['travel', 30, 'timer'],
    ]);
    expect(await t.client.call('timer.get', {})).toMatchObject({ accountId: contoso });
  });

  it('asks after the forgotten-timer guard stopped a timer at the limit, and saves the real duration', async () => {
    const contoso = await accountWithContract(t, 'Contoso');
    const startedAt = new Date(Date.now() - 11 * 60 * 60_000).toISOString();
    new TimeRepo(t.core.store).setLocal('timer', { accountId: contoso, category: 'remote', sku: null, note: '', startedAt, timeZone: zone } satisfies RunningTimer);
    const { user } = await openTime(t);
    const dialog = await screen.findByRole('dialog', { name: 'Timer stopped at the limit' });
    expect(dialog).toHaveTextContent(/more than 10:00, so it was stopped/);
    await user.click(within(dialog).getByRole('button', { name: 'Save duration' }));
    expect(within(dialog).getByText(/Enter a duration/)).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Real duration' }), '8h15');
    await user.click(within(dialog).getByRole('button', { name: 'Save duration' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // A timer that ran past midnight is one entry per day; together they hold the real duration.
    const entries = await t.client.call('time.list', { everyone: true });
    expect(entries.every((e) => e.source === 'timer')).toBe(true);
    expect(entries.reduce((sum, e) => sum + e.minutes, 0)).toBe(495);
    expect(await t.client.call('timer.get', {})).toBeNull();
  });
});

describe('quick entry, submission and approvals', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('logs a typed duration, shows the core’s rule errors next to the field, submits the week', async () => {
    await accountWithContract(t, 'Contoso');
    const { user } = await openTime(t);
    const quick = screen.getByRole('region', { name: 'Quick entry' });
    await user.click(within(quick).getByRole('button', { name: 'Log time' }));
    expect(within(quick).getByText(/Enter a duration/)).toBeInTheDocument();
    expect(within(quick).getByText('Choose an account.')).toBeInTheDocument();

    await user.type(within(quick).getByRole('textbox', { name: 'Duration' }), '1.5');
    expect(within(quick).getByText('= 1:30')).toBeInTheDocument();
    await user.selectOptions(within(quick).getByRole('combobox', { name: 'Account' }), 'Contoso');
    await user.click(within(quick).getByRole('button', { name: 'Log time' }));
    expect(await screen.findByText('Logged 1:30 on Contoso.')).toBeInTheDocument();
    await waitFor(() => expect(gridCell(/^Week total/)).toHaveTextContent('1:30'));

    await user.type(within(quick).getByRole('textbox', { name: 'Duration' }), '23h');
    await user.click(within(quick).getByRole('button', { name: 'Log time' }));
    expect(await within(quick).findByText(/a day holds no more than 24 hours/)).toBeInTheDocument();
    expect(within(quick).getByRole('textbox', { name: 'Duration' })).toHaveAttribute('aria-invalid', 'true');

    await user.click(screen.getByRole('button', { name: 'Submit week' }));
    expect(await screen.findByText(/submitted \(1:30\)/)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Withdraw' })).toBeInTheDocument();
    expect((await t.client.call('timesheet.get', { week: thisWeek() })).status).toBe('submitted');
    // The contract hours panel counts the billable time.
    expect(screen.getByRole('meter', { name: 'Contoso' })).toHaveAttribute('aria-valuetext', expect.stringMatching(/^\d+ % of included hours used$/) as string);
  });

  it('offers approvals to a manager only; rejecting needs a reason, which the person then sees', async () => {
    const account = await accountWithContract(t, 'Contoso');
    const [monday] = weekDays(thisWeek());
    await t.client.call('time.add', { accountId: account, date: monday!, minutes: 60, category: 'qbr' });
    await t.client.call('timesheet.submit', { week: thisWeek() });
    const { user, unmount } = await openTime(t);
    expect(screen.queryByRole('button', { name: 'Approvals' })).not.toBeInTheDocument();
    unmount();

    await saveProfile(t, { ...ME, role: 'manager' });
    const again = await openTime(t);
    await again.user.click(screen.getByRole('button', { name: 'Approvals' }));
    const item = await screen.findByRole('listitem', { name: `ada@example.com, week ${thisWeek()}` });
    expect(item).toHaveTextContent('1:00 in 1 entry, 0:00 billable');
    await again.user.click(within(item).getByRole('button', { name: 'Reject…' }));
    await again.user.click(within(item).getByRole('button', { name: 'Reject week' }));
    expect(within(item).getByText('Say why, so it can be fixed.')).toBeInTheDocument();
    await again.user.type(within(item).getByRole('textbox', { name: 'Reason' }), 'Which QBR was this?');
    await again.user.click(within(item).getByRole('button', { name: 'Reject week' }));
    expect(await screen.findByText('Nothing waits for your approval')).toBeInTheDocument();

    await again.user.click(screen.getByRole('button', { name: 'My week' }));
    expect(await screen.findByRole('note')).toHaveTextContent('Rejected by ada@example.com: Which QBR was this? Fix the week and submit it again.');
    void user;
  });
});
