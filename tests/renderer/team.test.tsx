import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ME, renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { openAccountTab } from './teamHelpers';

describe('team tab', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('adds role holders and contacts, shows errors next to fields, and undoes a removal', { timeout: 30_000 }, async () => {
    await saveProfile(t);
    const acme = await t.client.call('accounts.create', { name: 'Acme Cloud' });
    const { user } = await renderApp(t);
    const panel = within(await openAccountTab(user, 'Acme Cloud', 'Team'));
    expect(await panel.findByText(/Nobody holds a role on this account yet/)).toBeInTheDocument();

    // "Me" comes from the profile; someone else is typed in.
    const addMember = within(panel.getByRole('form', { name: 'Add to the team' }));
    await user.selectOptions(addMember.getByRole('combobox', { name: 'Person' }), 'Ada Lovelace (me) — ada@example.com');
    await user.click(addMember.getByRole('button', { name: 'Add to team' }));
    expect(await panel.findByRole('row', { name: /Technical account manager Ada Lovelace \(me\)/ })).toBeInTheDocument();
    await user.selectOptions(addMember.getByRole('combobox', { name: 'Role' }), 'Solutions engineer');
    await user.selectOptions(addMember.getByRole('combobox', { name: 'Person' }), 'Someone not in the directory…');
    await user.type(addMember.getByRole('textbox', { name: 'Name' }), 'Sam Okafor');
    await user.type(addMember.getByRole('textbox', { name: 'Email' }), 'sam@');
    await user.click(addMember.getByRole('button', { name: 'Add to team' }));
    expect(await addMember.findByText('Enter an email address like name@example.com.')).toBeInTheDocument();
    await user.clear(addMember.getByRole('textbox', { name: 'Email' }));
    await user.type(addMember.getByRole('textbox', { name: 'Email' }), 'sam@example.com');
    await user.click(addMember.getByRole('button', { name: 'Add to team' }));
    const sam = await panel.findByRole('row', { name: /Solutions engineer Sam Okafor/ });
    expect(within(sam).getByText('Not in the directory')).toBeInTheDocument();

    await user.click(within(sam).getByRole('button', { name: 'Remove Sam Okafor as Solutions engineer' }));
    await waitFor(() => expect(panel.queryByRole('row', { name: /Sam Okafor/ })).not.toBeInTheDocument());
    const undo = await screen.findByRole('button', { name: 'Undo' });
    await waitFor(() => expect(undo).toHaveFocus());
    await user.click(undo);
    expect(await panel.findByRole('row', { name: /Sam Okafor/ })).toBeInTheDocument();
    expect((await t.client.call('team.get', { accountId: acme.id })).members.map((m) => m.name)).toEqual(['Ada Lovelace', 'Sam Okafor']);

    // Contacts.
    const addContact = within(panel.getByRole('form', { name: 'Add a contact' }));
    await user.type(addContact.getByRole('textbox', { name: 'Name' }), 'Pat Morrow');
    await user.type(addContact.getByRole('textbox', { name: 'Title' }), 'Head of platform');
    await user.type(addContact.getByRole('textbox', { name: 'Phone' }), 'call me maybe');
    await user.click(addContact.getByRole('button', { name: 'Add contact' }));
    expect(await addContact.findByText('Phone numbers use digits, spaces and + ( ) - . only.')).toBeInTheDocument();
    expect(addContact.getByRole('textbox', { name: 'Phone' })).toHaveAttribute('aria-invalid', 'true');
    expect(await t.client.call('contacts.list', { accountId: acme.id })).toEqual([]);
    await user.clear(addContact.getByRole('textbox', { name: 'Phone' }));
    await user.type(addContact.getByRole('textbox', { name: 'Phone' }), '+1 202 555 0147');
    await user.click(addContact.getByRole('button', { name: 'Add contact' }));
    const pat = await panel.findByRole('row', { name: /Pat Morrow/ });
    expect(within(pat).getByText('Head of platform')).toBeInTheDocument();
    expect(within(pat).getByText('+1 202 555 0147')).toBeInTheDocument();
    // The form is empty again for the next contact.
    expect(addContact.getByRole('textbox', { name: 'Name' })).toHaveValue('');
  });

  it('sets up an on-call rotation and says who answers, per shift, and whether every shift is covered', { timeout: 30_000 }, async () => {
    // A manager's device: the directory knows who is cleared.
    await saveProfile(t, { ...ME, role: 'manager' });
    const quinn = await t.client.call('people.save', { fields: { name: 'Quinn Reyes', email: 'quinn@example.com', roles: ['escalation_engineer'], clearances: ['uk-sc'], homeRegion: 'uk', timeZone: 'Europe/London' } });
    const acme = await t.client.call('accounts.create', { name: 'Acme Gov', tier: 'premier', residency: 'uk', clearance: 'uk-sc' });
    await t.client.call('team.add', { accountId: acme.id, role: 'escalation_engineer', personId: quinn.id });
    await t.client.call('team.add', { accountId: acme.id, role: 'escalation_engineer', name: 'Riley Unlisted' });
    const { user } = await renderApp(t);
    const panel = within(await openAccountTab(user, 'Acme Gov', 'Team'));
    const onCall = within(await panel.findByRole('region', { name: 'On-call rotation' }));
    await user.click(onCall.getByRole('button', { name: 'Set up the rotation' }));

    const form = within(onCall.getByRole('form', { name: 'Edit the on-call rotation' }));
    await user.selectOptions(form.getByRole('combobox', { name: 'Time zone' }), 'Europe/London');
    await user.clear(form.getByRole('textbox', { name: 'Starts on (YYYY-MM-DD)' }));
    await user.type(form.getByRole('textbox', { name: 'Starts on (YYYY-MM-DD)' }), '2025-01-06');
    await user.click(form.getByRole('button', { name: 'Day and night (two 12-hour shifts)' }));
    await user.selectOptions(form.getByRole('combobox', { name: 'Add to Day' }), 'Quinn Reyes');
    await user.click(form.getAllByRole('button', { name: 'Add to order' })[0] as HTMLElement);
    await user.selectOptions(form.getByRole('combobox', { name: 'Add to Night' }), 'Riley Unlisted');
    await user.click(form.getAllByRole('button', { name: 'Add to order' })[1] as HTMLElement);
    // Overlapping shifts are refused with the reason.
    const nightStart = form.getAllByRole('textbox', { name: 'Starts (HH:MM)' })[1] as HTMLElement;
    await user.clear(nightStart);
    await user.type(nightStart, '19:00');
    await user.click(form.getByRole('button', { name: 'Save rotation' }));
    expect(await form.findByText('Day and Night overlap on Monday 19:00.')).toBeInTheDocument();
    await user.clear(nightStart);
    await user.type(nightStart, '20:00');
    await user.click(form.getByRole('button', { name: 'Save rotation' }));

    expect(await onCall.findByText(/^On call now: (Quinn Reyes|Riley Unlisted)$/)).toBeInTheDocument();
    const week = within(onCall.getByRole('table'));
    expect(week.getByRole('row', { name: /^Day Every day, 08:00–20:00 Quinn Reyes Quinn Reyes$/ })).toBeInTheDocument();
    expect(week.getByRole('row', { name: /^Night Every day, 20:00–08:00 Riley Unlisted Riley Unlisted$/ })).toBeInTheDocument();
    expect(onCall.getByText('Not covered')).toBeInTheDocument();
    expect(onCall.getByText(/Riley Unlisted is not in the people directory/)).toBeInTheDocument();
    const saved = await t.client.call('team.get', { accountId: acme.id });
    expect(saved.rotation?.shifts.map((s) => [s.name, s.start, s.end, s.order.length])).toEqual([
      ['Day', '08:00', '20:00', 1],
      ['Night', '20:00', '08:00', 1],
    ]);
  });

  it('explains that rotations are for premier and dedicated accounts', async () => {
    await saveProfile(t);
    await t.client.call('accounts.create', { name: 'Small Co', tier: 'standard' });
    const { user } = await renderApp(t);
    const panel = within(await openAccountTab(user, 'Small Co', 'Team'));
    expect(await panel.findByText(/On-call rotations are for Premier and Dedicated accounts/)).toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Set up the rotation' })).not.toBeInTheDocument();
  });
});

describe('settings for the directory, checklists and capabilities', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('lets a manager add a capability and a checklist item, with errors next to the field', { timeout: 30_000 }, async () => {
    await saveProfile(t, { ...ME, role: 'manager' });
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const catalog = within(await screen.findByRole('region', { name: 'Capability catalog' }));
    await user.click(await catalog.findByRole('button', { name: 'Add a capability' }));
    const form = within(catalog.getByRole('form', { name: 'Add a capability' }));
    await user.type(form.getByRole('textbox', { name: 'Name' }), 'GPU pools');
    await user.type(form.getByRole('textbox', { name: 'Code' }), 'GPU pools');
    await user.click(form.getByRole('button', { name: 'Save capability' }));
    expect(await form.findByText('Capability codes use lower-case letters, digits and dashes, like private-networking.')).toBeInTheDocument();
    await user.clear(form.getByRole('textbox', { name: 'Code' }));
    await user.type(form.getByRole('textbox', { name: 'Code' }), 'gpu-pools');
    await user.selectOptions(form.getByRole('combobox', { name: 'Weight in the score' }), '4');
    await user.click(form.getByRole('button', { name: 'Save capability' }));
    expect(await catalog.findByText('GPU pools')).toBeInTheDocument();
    expect((await t.client.call('adoption.capabilities', {})).at(-1)).toMatchObject({ code: 'gpu-pools', weight: 4 });

    const checklists = within(screen.getByRole('region', { name: 'Hand-off checklists' }));
    await user.selectOptions(checklists.getByRole('combobox', { name: 'Stage' }), 'Production');
    await user.type(checklists.getByRole('textbox', { name: 'New item for Production' }), 'Pen-test report shared');
    await user.click(checklists.getByRole('button', { name: 'Add item' }));
    expect(await checklists.findByText('Pen-test report shared')).toBeInTheDocument();
  });

  it('shows a TAM the lists without edit controls', async () => {
    await saveProfile(t);
    const { user } = await renderApp(t);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const catalog = within(await screen.findByRole('region', { name: 'Capability catalog' }));
    expect(await catalog.findByText('Single sign-on (SAML / OIDC)')).toBeInTheDocument();
    expect(catalog.queryByRole('button', { name: 'Add a capability' })).not.toBeInTheDocument();
    expect(catalog.getByText(/Managers and admins change this list/)).toBeInTheDocument();
    const checklists = within(screen.getByRole('region', { name: 'Hand-off checklists' }));
    expect(checklists.queryByRole('button', { name: 'Add item' })).not.toBeInTheDocument();
  });
});
