import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../core/model';
import { ME, renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

/** Today for the test profile (Europe/London): due dates are days on the owner's calendar. */
const TODAY = todayIn(ME.timeZone, new Date());

describe('roadmap reviews in the account page', { timeout: 30_000 }, () => {
  let t: TestCore;
  let accountId: string;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
    accountId = (await t.client.call('accounts.create', { name: 'Contoso Bank' })).id;
  });
  afterEach(() => t.close());

  async function openReviewsTab() {
    const rendered = await renderApp(t);
    const { user } = rendered;
    await user.click(await screen.findByRole('row', { name: /Contoso Bank/ }));
    await user.click(await screen.findByRole('button', { name: 'Open account' }));
    await user.click(await screen.findByRole('tab', { name: 'Reviews' }));
    return rendered;
  }

  it('shows each problem next to its field, moves the cursor to the first, and records nothing', async () => {
    const { user } = await openReviewsTab();
    expect(await screen.findByText('No roadmap reviews yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New review' }));
    const form = await screen.findByRole('form', { name: 'New roadmap review' });
    // You are among the attendees already; the cursor starts in the first field.
    expect(within(form).getByRole('textbox', { name: 'Attendee 1 name' })).toHaveValue(ME.name);
    expect(within(form).getByLabelText('Date')).toHaveFocus();

    await user.clear(within(form).getByRole('textbox', { name: 'Title' }));
    await user.click(within(form).getByRole('button', { name: '+ Add ask' }));
    // Adding a row puts the cursor in it.
    expect(within(form).getByRole('textbox', { name: 'Ask 1' })).toHaveFocus();
    await user.click(within(form).getByRole('button', { name: '+ Add commitment' }));
    await user.type(within(form).getByRole('textbox', { name: 'Commitment 1' }), 'Send the runbook');
    await user.clear(within(form).getByRole('textbox', { name: 'Owner of commitment 1' }));
    await user.click(within(form).getByRole('button', { name: 'Save review' }));

    const title = within(form).getByRole('textbox', { name: 'Title' });
    const ask = within(form).getByRole('textbox', { name: 'Ask 1' });
    const owner = within(form).getByRole('textbox', { name: 'Owner of commitment 1' });
    expect(title).toHaveAccessibleDescription('Title is required.');
    expect(ask).toHaveAccessibleDescription('Ask is required.');
    expect(owner).toHaveAccessibleDescription('Owner is required.');
    for (const field of [title, ask, owner]) expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByRole('textbox', { name: 'Commitment 1' })).not.toHaveAttribute('aria-invalid');
    await waitFor(() => expect(title).toHaveFocus());
    expect(within(form).getByRole('alert')).toHaveTextContent('Some fields need attention before the review can be saved.');
    expect(await t.client.call('reviews.list', { accountId })).toEqual([]);

    // Fixed, it saves: the form says so and the review is in the core with its rows.
    await user.type(title, 'Q2 roadmap review');
    await user.type(ask, 'SSO via SAML');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Priority of ask 1' }), 'High');
    await user.type(owner, 'Jane Doe');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText('All changes saved')).toBeInTheDocument();
    // Saving keeps the form and the cursor where they were: the same field of the same row.
    expect(owner).toBeInTheDocument();
    expect(owner).toHaveFocus();
    expect(form).toHaveAccessibleName(/^Q2 roadmap review, /);
    const [saved] = await t.client.call('reviews.list', { accountId });
    const review = await t.client.call('reviews.get', { id: saved!.id });
    expect(review).toMatchObject({ title: 'Q2 roadmap review', attendees: [{ name: ME.name, side: 'vendor' }] });
    expect(review.asks.map((a) => [a.title, a.priority, a.impact])).toEqual([['SSO via SAML', 'high', 'medium']]);
    expect(review.commitments.map((c) => [c.title, c.owner])).toEqual([['Send the runbook', 'Jane Doe']]);
  });

  it('turns a commitment into an action item with one press, and shows the link instead of the button', async () => {
    const review = await t.client.call('reviews.create', {
      accountId,
      date: '2026-03-12',
      asks: [{ title: 'Audit log export', priority: 'medium', impact: 'high' }],
      commitments: [{ title: 'Send the migration runbook', owner: 'Jane Doe', due: '2026-03-20' }],
    });
    const { user } = await openReviewsTab();
    await user.click(await screen.findByRole('button', { name: 'Roadmap review' }));
    await screen.findByRole('form', { name: /Roadmap review/ });

    await user.click(await screen.findByRole('button', { name: 'Create action item from commitment 1: Send the migration runbook' }));
    expect(await screen.findByText(/Action item created for Jane Doe, due/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'commitment 1: Send the migration runbook has an action item: show it' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Create action item from commitment 1/ })).not.toBeInTheDocument();

    const [item] = await t.client.call('actions.list', { accountId });
    expect(item).toMatchObject({ title: 'Send the migration runbook', owner: 'Jane Doe', due: '2026-03-20', source: { table: 'review_items', id: review.commitments[0]!.id } });
  });

  it('saves a new row first when its follow-up is pressed, so one press is still enough', async () => {
    await t.client.call('reviews.create', { accountId, date: '2026-03-12' });
    const { user } = await openReviewsTab();
    await user.click(await screen.findByRole('button', { name: 'Roadmap review' }));
    const form = await screen.findByRole('form', { name: /Roadmap review/ });
    await user.click(within(form).getByRole('button', { name: '+ Add ask' }));
    await user.type(within(form).getByRole('textbox', { name: 'Ask 1' }), 'Dark mode');
    await user.click(within(form).getByRole('button', { name: 'Create action item from ask 1: Dark mode' }));

    expect(await screen.findByText(/Action item created for Ada Lovelace, due/)).toBeInTheDocument();
    const [item] = await t.client.call('actions.list', { mine: true });
    expect(item).toMatchObject({ title: 'Follow up on ask: Dark mode', due: addDays(TODAY, 14) });
    expect(within(form).getByText('All changes saved')).toBeInTheDocument();
  });

  it('asks before Escape throws away unsaved changes', async () => {
    const { user } = await openReviewsTab();
    await user.click(await screen.findByRole('button', { name: 'New review' }));
    const form = await screen.findByRole('form', { name: 'New roadmap review' });
    await user.type(within(form).getByRole('textbox', { name: 'Agenda' }), 'Roadmap H2');
    await user.keyboard('{Escape}');
    const confirm = await screen.findByRole('alertdialog', { name: 'Unsaved changes' });
    await waitFor(() => expect(within(confirm).getByRole('button', { name: 'Keep editing' })).toHaveFocus());
    await user.click(within(confirm).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByText('No roadmap reviews yet.')).toBeInTheDocument();
  });
});

describe('My items', { timeout: 30_000 }, () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('lists your items across accounts overdue first, then by due date, and changes status from the keyboard with undo', async () => {
    const contoso = (await t.client.call('accounts.create', { name: 'Contoso Bank' })).id;
    const fabrikam = (await t.client.call('accounts.create', { name: 'Fabrikam' })).id;
    const add = (accountId: string, title: string, due: string | null, owner?: string) =>
      t.client.call('actions.create', { accountId, title, due, ...(owner ? { owner } : {}) });
    await add(contoso, 'No date', null);
    await add(fabrikam, 'Next week', addDays(TODAY, 7));
    await add(contoso, 'Long overdue', addDays(TODAY, -30));
    await add(fabrikam, 'Due today', TODAY);
    await add(contoso, 'Yesterday', addDays(TODAY, -1));
    await add(contoso, 'Jane’s item', addDays(TODAY, -60), 'Jane Doe');

    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'My items' }));
    const grid = await screen.findByRole('grid', { name: 'My items' });
    const titles = () => within(grid).queryAllByRole('row').slice(1).map((r) => r.querySelector('.actions-grid__title')?.textContent);
    await waitFor(() => expect(titles()).toEqual(['Long overdue', 'Yesterday', 'Due today', 'Next week', 'No date']));
    const rows = within(grid).getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('Overdue')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Today')).toBeInTheDocument();
    expect(screen.getByText('5 open, 2 overdue')).toBeInTheDocument();

    // One Tab stop; arrows move; P sets "in progress" on the focused item.
    rows[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard('p');
    await waitFor(() => expect(within(grid).getByRole('combobox', { name: 'Status of Yesterday' })).toHaveValue('in_progress'));

    // D marks it done: it leaves the list, focus stays in place, and Undo brings it back.
    await user.keyboard('d');
    await waitFor(() => expect(titles()).toEqual(['Long overdue', 'Due today', 'Next week', 'No date']));
    await waitFor(() => expect(within(grid).getAllByRole('row')[2]).toHaveFocus());
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titles()).toEqual(['Long overdue', 'Yesterday', 'Due today', 'Next week', 'No date']));
    expect(within(grid).getByRole('combobox', { name: 'Status of Yesterday' })).toHaveValue('in_progress');

    // X drops it; done and dropped items come back on request.
    within(grid).getByRole('row', { name: /Yesterday/ }).focus();
    await user.keyboard('x');
    await waitFor(() => expect(titles()).not.toContain('Yesterday'));
    await user.click(screen.getByRole('checkbox', { name: 'Show done and dropped' }));
    await waitFor(() => expect(titles()).toContain('Yesterday'));
    expect(within(grid).getByRole('combobox', { name: 'Status of Yesterday' })).toHaveValue('dropped');
  });

  it('says what to do when there is nothing on the list', async () => {
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'My items' }));
    expect(await screen.findByText('Nothing on your list right now.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to Accounts' })).toBeInTheDocument();
  });

  it('reminds you of items due today or overdue when the window opens, and drops an item once it is done', async () => {
    const contoso = (await t.client.call('accounts.create', { name: 'Contoso Bank' })).id;
    const overdue = await t.client.call('actions.create', { accountId: contoso, title: 'Send the runbook', due: addDays(TODAY, -2) });
    await t.client.call('actions.create', { accountId: contoso, title: 'Call Jane', due: TODAY });
    await t.client.call('actions.create', { accountId: contoso, title: 'Later', due: addDays(TODAY, 3) });

    await renderApp(t);
    const summary = await screen.findByText(/2 of your action items are due \(1 overdue\)/);
    const notice = summary.closest<HTMLElement>('[role="status"]')!;
    expect(within(notice).getByText('Send the runbook')).toBeInTheDocument();
    expect(within(notice).getByText('Call Jane')).toBeInTheDocument();
    expect(within(notice).queryByText('Later')).not.toBeInTheDocument();

    await t.client.call('actions.setStatus', { id: overdue.id, status: 'done' });
    expect(await screen.findByText(/1 of your action items is due today/)).toBeInTheDocument();

    // A reminder the core announces later joins the notice; Dismiss puts it away.
    const later = await t.client.call('actions.create', { accountId: contoso, title: 'New today', due: TODAY });
    t.core.events.emit('reminders.due', { items: [{ id: later.id, title: later.title, accountId: contoso, accountName: 'Contoso Bank', due: TODAY, overdue: false }] });
    expect(await screen.findByText(/2 of your action items are due today/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/of your action items/)).not.toBeInTheDocument();
  });
});

describe('the Reviews portfolio', { timeout: 30_000 }, () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('explains the ranking, ranks asks across accounts and drills into the asking accounts', async () => {
    const a = (await t.client.call('accounts.create', { name: 'Alpha' })).id;
    const b = (await t.client.call('accounts.create', { name: 'Bravo' })).id;
    await t.client.call('reviews.create', { accountId: a, date: '2026-03-01', asks: [{ title: 'Dark mode', priority: 'critical', impact: 'critical' }, { title: 'SSO via SAML', priority: 'low', impact: 'low' }] });
    await t.client.call('reviews.create', { accountId: b, date: '2026-03-02', asks: [{ title: 'sso via saml', priority: 'high', impact: 'medium' }] });

    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Reviews' }));
    expect(await screen.findByText(/Asks rank by how many accounts ask, then by the highest priority, then by the highest business impact/)).toBeInTheDocument();
    const ranking = await screen.findByRole('list', { name: 'Asks ranked across accounts' });
    const items = within(ranking).getAllByRole('listitem');
    expect(items.map((i) => i.querySelector('.review-rank__title')?.textContent)).toEqual(['sso via saml', 'Dark mode']);
    expect(items[0]).toHaveTextContent('2 accounts · highest priority high · highest business impact medium');

    const toggle = within(items[0]!).getByRole('button', { name: 'Show accounts asking for sso via saml' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Hide accounts asking for sso via saml');
    const accounts = screen.getByRole('table', { name: 'Accounts asking for sso via saml' });
    expect(within(accounts).getAllByRole('row').slice(1).map((r) => r.firstElementChild?.textContent)).toEqual(['Bravo', 'Alpha']);

    // Opening the review an account asked in lands on its account's Reviews tab, the review open.
    await user.click(within(accounts).getAllByRole('button')[0]!);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bravo' })).toBeInTheDocument();
    expect(await screen.findByRole('form', { name: /Roadmap review/ })).toBeInTheDocument();
  });
});
