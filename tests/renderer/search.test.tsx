import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import { SyncedTable } from '../../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../../core/store/timeTables';
import { TIME_ENTRY } from '../core/recordFixtures';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { withScrollHeight } from './layout';

withScrollHeight(['timeline__scroll']);

function addTime(t: TestCore, accountId: string, date: string, note: string): string {
  const id = newId();
  t.core.store.write(() => new SyncedTable(t.core.store, TIME_ENTRIES_SPEC).insert(id, accountId, { ...TIME_ENTRY, date, note }));
  return id;
}

describe('records in the command palette', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('shows matching records in a Records group with the matched words marked, and opens one with Enter', async () => {
    await t.client.call('accounts.create', { name: 'Contoso Bank', notes: 'Kubernetes upgrade blocked by the change freeze' });
    await t.client.call('accounts.create', { name: 'Fabrikam', notes: 'Nothing to see' });
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'kubern');

    const records = await screen.findByRole('group', { name: 'Records' });
    const hits = within(records).getAllByRole('option');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toHaveTextContent('Account');
    expect(hits[0]).toHaveTextContent('Contoso Bank');
    expect([...(hits[0]?.querySelectorAll('mark') ?? [])].map((m) => m.textContent)).toEqual(['Kubernetes']);
    // No command matched, so the first record is the active option.
    expect(hits[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Contoso Bank' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  });

  it('lists commands first, then records; arrows move across both groups', async () => {
    await t.client.call('accounts.create', { name: 'Settings Migration Co', notes: 'settings export' });
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'settings');
    const records = await screen.findByRole('group', { name: 'Records' });
    const commands = screen.getByRole('group', { name: 'Commands' });
    expect(within(commands).getAllByRole('option').map((o) => o.textContent)).toEqual(['Go to Settings']);
    expect(within(records).getAllByRole('option')).toHaveLength(1);
    await user.keyboard('{ArrowDown}');
    expect(within(records).getByRole('option')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings Migration Co' })).toBeInTheDocument();
  });

  it('marks a match in the name on the title itself', async () => {
    await t.client.call('accounts.create', { name: 'Initech Holdings', notes: 'TPS reports' });
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'initech');
    const hit = within(await screen.findByRole('group', { name: 'Records' })).getByRole('option');
    expect(hit.querySelector('.search-hit__title mark')?.textContent).toBe('Initech');
    expect(hit.querySelector('.search-hit__snippet')).toBeNull();
  });

  it('shows what a note says as text, never as markup', async () => {
    await t.client.call('accounts.create', { name: 'Hostile', notes: 'payload <img src=x onerror="alert(1)"> <b>bold</b> escalation' });
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'escalation');
    const records = await screen.findByRole('group', { name: 'Records' });
    const hit = within(records).getByRole('option');
    expect(hit.querySelector('img')).toBeNull();
    expect(hit.querySelector('b')).toBeNull();
    expect(hit).toHaveTextContent('<img src=x onerror="alert(1)"> <b>bold</b>');
    expect(hit.querySelector('mark')?.textContent).toBe('escalation');
  });

  it('says when nothing matches, and does not search on one letter', async () => {
    await t.client.call('accounts.create', { name: 'Quokka', notes: 'q' });
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    const input = screen.getByRole('combobox', { name: 'Type a command' });
    await user.type(input, 'q');
    expect(screen.getByText('No command matches “q”.')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Records' })).not.toBeInTheDocument();
    await user.type(input, 'zzz');
    expect(await screen.findByText('No command or record matches “qzzz”.')).toBeInTheDocument();
  });

  it('opens a time entry found by its note on the Timeline tab, scrolled to it and focused', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme' });
    for (let i = 0; i < 80; i += 1) addTime(t, acme.id, `2026-0${(i % 9) + 1}-10`, `routine entry ${i}`);
    addTime(t, acme.id, '2019-05-05', 'Datacenter walkthrough with the facilities team');
    const { user } = await renderApp(t);
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), 'walkthrough');
    const hit = within(await screen.findByRole('group', { name: 'Records' })).getByRole('option');
    expect(hit).toHaveTextContent('Time entry');
    expect(hit).toHaveTextContent('Acme');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Acme' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
    // The oldest of 82 entries: the first page reached down to it, and it is in view and focused.
    const focused = await screen.findByText('Datacenter walkthrough with the facilities team');
    const entry = focused.closest('li');
    expect(entry).toHaveAttribute('aria-current', 'true');
    expect(entry).toHaveAttribute('aria-posinset', '82');
    await waitFor(() => expect(entry).toHaveFocus());
  });
});

describe('account timeline tab', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
  });
  afterEach(() => t.close());

  it('lists the records newest first, filters by kind, loads older entries, and follows changes', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme' });
    for (let i = 0; i < 60; i += 1) addTime(t, acme.id, `2025-${String((i % 12) + 1).padStart(2, '0')}-01`, `visit ${i}`);
    const { user } = await renderApp(t);
    await user.click(await screen.findByRole('row', { name: /Acme/ }));
    await user.click(await screen.findByRole('button', { name: 'Open account' }));
    await user.click(await screen.findByRole('tab', { name: 'Timeline' }));

    expect(await screen.findByText('50+ entries, newest first')).toBeInTheDocument();
    const list = within(screen.getByRole('tabpanel')).getByRole('list');
    const first = within(list).getAllByRole('listitem')[0];
    expect(first).toHaveTextContent('Account');
    expect(first).toHaveTextContent('Created');

    await user.click(screen.getByRole('button', { name: 'Show older entries' }));
    expect(await screen.findByText('61 entries, newest first')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show older entries' })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'Account');
    expect(await screen.findByText('1 entry, newest first')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'Contract');
    expect(await screen.findByText('No contract records on this account.')).toBeInTheDocument();

    // A change elsewhere (another window, the CLI, sync) shows up without a reload.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'All records');
    await screen.findByText('50+ entries, newest first');
    await t.client.call('accounts.update', { id: acme.id, patch: { notes: 'changed' } });
    const updated = await screen.findByText('· Updated');
    expect(updated.closest('li')).toHaveTextContent('Acme');
  });

  it('says what to do on an empty timeline', async () => {
    // An account alone has its Created entry; a filter with nothing shows the empty state.
    await t.client.call('accounts.create', { name: 'Quiet' });
    const { user } = await renderApp(t);
    await user.click(await screen.findByRole('row', { name: /Quiet/ }));
    await user.click(await screen.findByRole('button', { name: 'Open account' }));
    await user.click(await screen.findByRole('tab', { name: 'Timeline' }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Show' }), 'Time entry');
    expect(await screen.findByText('No time entry records on this account.')).toBeInTheDocument();
    expect(screen.getByText('Choose “All records” to see everything.')).toBeInTheDocument();
  });

  /** Types in the palette and presses Enter on the record whose option matches `option`. */
  async function jump(user: Awaited<ReturnType<typeof renderApp>>['user'], text: string, option: RegExp): Promise<void> {
    await user.keyboard('{Control>}k{/Control}');
    await user.type(screen.getByRole('combobox', { name: 'Type a command' }), text);
    const hit = await within(await screen.findByRole('group', { name: 'Records' })).findByRole('option', { name: option });
    await user.click(hit);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  }

  it('lands on the record itself: a review opens, an ask opens its review, an incident and a contact get focus', async () => {
    const acme = await t.client.call('accounts.create', { name: 'Acme' });
    await t.client.call('reviews.create', {
      accountId: acme.id,
      date: '2026-03-03',
      title: 'Spring roadmap',
      notes: 'They want zeppelin support',
      asks: [{ title: 'Airship telemetry', priority: 'high', impact: 'high' }],
    });
    const incident = await t.client.call('incidents.open', { accountId: acme.id, severity: 2, summary: 'Gateway brownout' });
    const contact = await t.client.call('contacts.create', { accountId: acme.id, name: 'Ines Ortega', notes: 'quartermaster of budgets' });
    const { user } = await renderApp(t);

    await jump(user, 'zeppelin', /Spring roadmap/);
    expect(await screen.findByRole('tab', { name: 'Reviews', selected: true })).toBeInTheDocument();
    expect(await screen.findByRole('form', { name: /Spring roadmap/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '← All reviews' }));
    await jump(user, 'airship', /Ask: Airship telemetry/);
    expect(await screen.findByRole('form', { name: /Spring roadmap/ })).toBeInTheDocument();

    await jump(user, 'brownout', /Sev 2: Gateway brownout/);
    expect(await screen.findByRole('tab', { name: 'Incidents', selected: true })).toBeInTheDocument();
    const card = await screen.findByRole('article', { name: 'Gateway brownout' });
    await waitFor(() => expect(card).toHaveFocus());
    expect(card).toHaveAttribute('data-record-id', incident.incident.id);

    await jump(user, 'quartermaster', /Ines Ortega/);
    expect(await screen.findByRole('tab', { name: 'Team', selected: true })).toBeInTheDocument();
    const row = await screen.findByRole('row', { name: /Ines Ortega/ });
    await waitFor(() => expect(row).toHaveFocus());
    expect(row).toHaveAttribute('data-record-id', contact.id);

    const moved = await t.client.call('lifecycle.move', { accountId: acme.id, to: 'onboarding', note: 'Kick-off with the albatross team' });
    await jump(user, 'albatross', /Hand-off: pre sales → onboarding/);
    expect(await screen.findByRole('tab', { name: 'Lifecycle', selected: true })).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement?.getAttribute('data-record-id')).toBe(moved.events[0]?.id));
  });
});
