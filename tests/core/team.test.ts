import { afterEach, describe, expect, it } from 'vitest';
import { coverageRequirement, rotationCoverage, whoAnswers } from '../../core/model';
import type { PersonFields, RotationFields } from '../../core/model';
import { TeamRepo } from '../../core/store/teamRepo';
import { testCore } from './helpers';
import { MANAGER, TAM, clockedServices, refusal } from './teamHelpers';
import type { ClockedServices } from './teamHelpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
async function open(start: string): Promise<ClockedServices> {
  const services = await clockedServices(start);
  cleanups.push(() => services.close());
  return services;
}

const person = (over: Partial<PersonFields>): PersonFields => ({
  name: 'Quinn Cleared',
  email: 'quinn@example.com',
  roles: ['escalation_engineer'],
  clearances: ['us-secret'],
  homeRegion: 'us',
  timeZone: 'America/Chicago',
  ...over,
});

describe('the people directory', () => {
  it('lists "me" from the profile until a directory entry carries my email', async () => {
    const t = await open('2026-05-04T12:00:00Z');
    const { team, profile } = t.services;
    expect(team.directory()).toEqual([]);
    profile.save(MANAGER);
    expect(team.directory()).toEqual([
      { id: null, isMe: true, name: 'Morgan Lead', email: 'morgan@example.com', roles: ['manager'], clearances: [], homeRegion: 'us', timeZone: 'America/New_York' },
    ]);
    const saved = team.savePerson({ fields: person({ name: 'Morgan Lead', email: 'MORGAN@example.com', roles: ['manager', 'tam'] }) });
    expect(team.directory()).toEqual([expect.objectContaining({ id: saved.id, isMe: true, roles: ['manager', 'tam'], clearances: ['us-secret'] })]);
  });

  it('is changed by managers only, with catalog-checked clearances and regions and unique emails', async () => {
    const t = await open('2026-05-04T12:00:00Z');
    const { team, profile } = t.services;
    profile.save(TAM);
    expect(refusal(() => team.savePerson({ fields: person({}) }))).toMatchObject({ code: 'forbidden' });
    profile.save(MANAGER);
    expect(refusal(() => team.savePerson({ fields: person({ clearances: ['top-secret'] }) })).details?.fields?.['clearances']).toMatch(/"top-secret" is not a known clearance label/);
    expect(refusal(() => team.savePerson({ fields: person({ homeRegion: 'global' }) })).details?.fields?.['homeRegion']).toMatch(/not a region/);
    const quinn = team.savePerson({ fields: person({}) });
    expect(refusal(() => team.savePerson({ fields: person({ name: 'Other', email: 'Quinn@Example.com' }) })).details?.fields).toEqual({ email: 'Quinn Cleared already has the email quinn@example.com.' });
    expect(team.savePerson({ id: quinn.id, fields: person({ timeZone: 'Europe/Berlin' }) }).timeZone).toBe('Europe/Berlin');
    expect(t.count('people')).toBe(1);
    team.deletePerson(quinn.id);
    expect(team.directory().filter((p) => !p.isMe)).toEqual([]);
    expect(team.restorePerson(quinn.id).name).toBe('Quinn Cleared');
  });
});

describe('the account team and contacts', () => {
  it('adds role holders from the directory, as "me", or by name; refuses the same person twice in one role', async () => {
    const t = await open('2026-05-04T12:00:00Z');
    const { accounts, team, profile } = t.services;
    profile.save(MANAGER);
    const quinn = team.savePerson({ fields: person({}) });
    profile.save(TAM);
    const acme = accounts.create({ name: 'Acme', tier: 'premier' });

    expect(team.addMember({ accountId: acme.id, role: 'escalation_engineer', name: 'quinn@example.com' })).toMatchObject({ personId: quinn.id, name: 'Quinn Cleared' });
    expect(team.addMember({ accountId: acme.id, role: 'tam', me: true })).toMatchObject({ personId: null, name: 'Dana Field', email: 'dana@example.com' });
    expect(team.addMember({ accountId: acme.id, role: 'ae', name: 'Alex Deal', email: 'alex@example.com' })).toMatchObject({ personId: null, name: 'Alex Deal' });
    expect(refusal(() => team.addMember({ accountId: acme.id, role: 'tam', name: 'dana field' }))).toMatchObject({ code: 'conflict', message: 'Dana Field is already the Technical account manager on this account.' });
    expect(refusal(() => team.addMember({ accountId: acme.id, role: 'csm', name: '  ' })).details?.fields).toHaveProperty('name');

    const got = team.team(acme.id);
    expect(got.members.map((m) => [m.role, m.name])).toEqual([
      ['tam', 'Dana Field'],
      ['ae', 'Alex Deal'],
      ['escalation_engineer', 'Quinn Cleared'],
    ]);
    // Members resolve to directory entries (by id, or by email for "me"); Alex is not in the directory.
    const byName = Object.fromEntries(got.members.map((m) => [m.name, got.people[m.id]?.isMe ?? null]));
    expect(byName).toEqual({ 'Dana Field': true, 'Alex Deal': null, 'Quinn Cleared': false });
    expect(got.rotationApplies).toBe(true);

    const alex = got.members[1];
    team.removeMember(alex?.id ?? '');
    expect(team.team(acme.id).members).toHaveLength(2);
    team.restoreMember(alex?.id ?? '');
    expect(team.team(acme.id).members).toHaveLength(3);
  });

  it('keeps contacts, refusing bad input next to its field and writing nothing (through the API)', async () => {
    const core = await testCore();
    try {
      const acme = await core.call('accounts.create', { name: 'Acme' });
      const outbox = () => (core.core.store.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
      const before = outbox();
      const bad = await core.call('contacts.create', { accountId: acme.id, name: 'Pat', email: 'not-an-email', phone: 'call me' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'invalid', details: { fields: { email: 'Enter an email address like name@example.com.', phone: 'Phone numbers use digits, spaces and + ( ) - . only.' } } });
      expect(outbox()).toBe(before);

      const pat = await core.call('contacts.create', { accountId: acme.id, name: 'Pat Ops', title: 'Head of platform', phone: '+44 20 7946 0000 ext. 12', email: 'pat@acme.example' });
      expect(pat).toMatchObject({ name: 'Pat Ops', title: 'Head of platform', notes: '' });
      expect((await core.call('contacts.update', { id: pat.id, patch: { notes: 'Prefers Thursday calls.' } })).notes).toBe('Prefers Thursday calls.');
      await core.call('contacts.delete', { id: pat.id });
      expect(await core.call('contacts.list', { accountId: acme.id })).toEqual([]);
      expect(await core.call('contacts.update', { id: pat.id, patch: { title: 'x' } }).catch((e: unknown) => e)).toMatchObject({ code: 'not_found' });
      await core.call('contacts.restore', { id: pat.id });
      expect((await core.call('contacts.list', { accountId: acme.id })).map((c) => c.name)).toEqual(['Pat Ops']);
    } finally {
      core.close();
    }
  });
});

describe('the on-call rotation', () => {
  const rotation = (order: string[][]): RotationFields => ({
    timeZone: 'America/New_York',
    startsOn: '2026-05-04',
    handoffDay: 1,
    handoffTime: '09:00',
    shifts: [
      { id: 'day', name: 'Day', start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7], order: order[0] ?? [] },
      { id: 'night', name: 'Night', start: '20:00', end: '08:00', days: [1, 2, 3, 4, 5, 6, 7], order: order[1] ?? [] },
    ],
  });

  it('is saved for premier accounts only, with members of the team and shifts that do not overlap', async () => {
    const t = await open('2026-05-04T12:00:00Z');
    const { accounts, team, profile } = t.services;
    profile.save(MANAGER);
    const quinn = team.savePerson({ fields: person({}) });
    const standard = accounts.create({ name: 'Small Co', tier: 'standard' });
    expect(refusal(() => team.saveRotation({ accountId: standard.id, fields: rotation([]) })).message).toBe(
      'On-call rotations are for Premier and Dedicated accounts; Small Co is on standard.',
    );

    const federal = accounts.create({ name: 'Federal Co', tier: 'premier', residency: 'us', clearance: 'us-secret' });
    const q = team.addMember({ accountId: federal.id, role: 'escalation_engineer', personId: quinn.id });
    const me = team.addMember({ accountId: federal.id, role: 'tam', me: true });
    const outsider = team.addMember({ accountId: standard.id, role: 'tam', me: true });

    expect(refusal(() => team.saveRotation({ accountId: federal.id, fields: rotation([[q.id], [outsider.id]]) })).details?.fields?.['shifts']).toMatch(/Night lists someone who is not on this account's team/);
    const overlapping = rotation([[q.id], [me.id]]);
    overlapping.shifts[1] = { ...overlapping.shifts[1]!, start: '19:00' };
    expect(refusal(() => team.saveRotation({ accountId: federal.id, fields: overlapping })).details?.fields?.['shifts']).toBe('Day and Night overlap on Monday 19:00.');

    const saved = team.saveRotation({ accountId: federal.id, fields: rotation([[q.id, me.id], [q.id]]) });
    expect(saved.id).toBe(TeamRepo.rotationId(federal.id));
    // Saving again updates the same record: one rotation per account, on every device.
    team.saveRotation({ accountId: federal.id, fields: rotation([[q.id], [q.id, me.id]]) });
    expect(t.count('on_call_rotations')).toBe(1);

    // Who answers, and is every shift covered by someone cleared in the region? Read back through the service.
    const got = team.team(federal.id);
    const fields = got.rotation!;
    // Tuesday 5 May 2026, 23:00 in New York (03:00Z on the 6th): the night shift, week 0.
    expect(whoAnswers(fields, new Date('2026-05-06T03:00:00Z'))).toMatchObject({ status: 'on_call', shiftName: 'Night', memberId: q.id });
    // Week 1: the night order's second person, me.
    expect(whoAnswers(fields, new Date('2026-05-13T03:00:00Z'))).toMatchObject({ memberId: me.id });
    const members = new Map(got.members.map((m) => [m.id, { name: m.name, person: got.people[m.id] ?? null }]));
    const coverage = rotationCoverage(fields, coverageRequirement(federal), (id) => members.get(id) ?? null);
    expect(coverage.shifts.map((s) => [s.shiftName, s.covered])).toEqual([
      ['Day', true],
      ['Night', false],
    ]);
    // "Me" is in the directory only through the profile, which carries no clearances.
    expect(coverage.shifts[1]?.slots[1]?.problems).toEqual([{ kind: 'lacks_clearance', clearance: 'us-secret' }]);

    team.deleteRotation(federal.id);
    expect(team.team(federal.id).rotation).toBeNull();
    expect(team.saveRotation({ accountId: federal.id, fields: rotation([[q.id], [q.id]]) }).id).toBe(saved.id);
  });
});
