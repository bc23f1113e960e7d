import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import type { TimelineItem } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { SyncedTable } from '../../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../../core/store/timeTables';
import { testCore } from './helpers';
import type { TypedCall } from './helpers';
import { CONTRACT, TIME_ENTRY } from './recordFixtures';

type Core = Awaited<ReturnType<typeof testCore>>;
const tick = () => new Promise((done) => setTimeout(done, 5));

function addContract(t: Core, accountId: string, startsOn: string, notes = ''): string {
  const id = newId();
  t.core.store.write(() => new ContractsRepo(t.core.store).insert(id, accountId, { ...CONTRACT, startsOn, endsOn: `${startsOn.slice(0, 4)}-12-31`, notes }));
  return id;
}

function addTime(t: Core, accountId: string, date: string, note = ''): string {
  const id = newId();
  t.core.store.write(() => new SyncedTable(t.core.store, TIME_ENTRIES_SPEC).insert(id, accountId, { ...TIME_ENTRY, date, note }));
  return id;
}

/** Every page, following the cursor, with the given page size. */
async function walk(call: TypedCall, accountId: string, limit: number, kinds?: string[]): Promise<TimelineItem[]> {
  const all: TimelineItem[] = [];
  let after: { at: string; key: string } | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await call('timeline.list', { accountId, limit, ...(kinds ? { kinds } : {}), ...(after ? { after } : {}) });
    all.push(...page.entries);
    if (!page.next) return all;
    expect(page.entries).toHaveLength(limit);
    after = page.next;
  }
  throw new Error('the timeline never ended');
}

describe('account timeline', () => {
  let close: () => void = () => {};
  afterEach(() => close());

  it('lists every record of the account, newest first, with kind labels and notes', async () => {
    const t = await testCore();
    close = t.close;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const other = await t.call('accounts.create', { name: 'Other' });
    addContract(t, acme.id, '2025-01-01', 'First year');
    addContract(t, acme.id, '2026-01-01');
    addTime(t, acme.id, '2026-02-10', 'Kickoff workshop');
    addTime(t, acme.id, '2025-06-01');
    addTime(t, other.id, '2026-03-01', 'not ours');
    await tick();
    await t.call('accounts.update', { id: acme.id, patch: { health: 'amber' } });

    const page = await t.call('timeline.list', { accountId: acme.id });
    expect(page.entries.map((e) => [e.label, e.event, e.title])).toEqual([
      ['Account', 'Updated', 'Acme'],
      ['Account', 'Created', 'Acme'],
      ['Time entry', null, '1 h 30 min, onsite'],
      ['Contract', null, 'Contract 2026-01-01 to 2026-12-31'],
      ['Time entry', null, '1 h 30 min, onsite'],
      ['Contract', null, 'Contract 2025-01-01 to 2025-12-31'],
    ]);
    expect(page.entries[2]?.detail).toBe('Kickoff workshop');
    expect(page.entries[4]?.detail).toBeNull();
    expect(page.next).toBeNull();
    expect(page.kinds.slice(0, 3)).toEqual([
      { kind: 'account', label: 'Account' },
      { kind: 'contract', label: 'Contract' },
      { kind: 'time_entry', label: 'Time entry' },
    ]);
  });

  it('shows the engagement workspace: incidents opened and resolved, engagements, reviews, hand-offs, adoption, contacts, action items', async () => {
    const t = await testCore();
    close = t.close;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const incident = await t.call('incidents.open', { accountId: acme.id, severity: 2, summary: 'Login errors', openedAt: '2026-03-01T09:00:00Z' });
    await t.call('incidents.resolve', { id: incident.incident.id, at: '2026-03-01T11:00:00Z' });
    await t.call('engagements.create', { accountId: acme.id, kind: 'weekly_call', occurredAt: '2026-03-02T15:00:00Z', title: 'Weekly sync', notes: 'Agreed next steps' });
    await t.call('reviews.create', { accountId: acme.id, date: '2026-03-03', title: 'Spring roadmap', notes: 'Asked for SSO' });
    await t.call('adoption.set', { accountId: acme.id, capability: 'k8s-operator', status: 'piloting', note: 'Two clusters', on: '2026-03-04' });
    await t.call('contacts.create', { accountId: acme.id, name: 'Ines Ortega', title: 'CTO' });
    await t.call('actions.create', { accountId: acme.id, title: 'Send the SSO design', owner: 'Dana', notes: 'By Friday' });
    await t.call('lifecycle.move', { accountId: acme.id, to: 'onboarding', note: 'Kick-off done' });

    const entries = (await t.call('timeline.list', { accountId: acme.id, limit: 200 })).entries;
    const of = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => [e.label, e.event, e.title, e.detail]);
    expect(of('incident')).toEqual([
      ['Incident', 'Resolved', 'Sev 2: Login errors', null],
      ['Incident', 'Opened', 'Sev 2: Login errors', null],
    ]);
    expect(of('engagement')).toEqual([['Engagement', null, 'Weekly sync', 'Weekly call · Agreed next steps']]);
    expect(of('review')).toEqual([['Roadmap review', null, 'Spring roadmap', 'Asked for SSO']]);
    expect(of('adoption_note')).toEqual([['Adoption', null, 'Kubernetes operator: piloting', 'Two clusters']]);
    expect(of('contact')).toEqual([['Contact', 'Added', 'Ines Ortega', 'CTO']]);
    expect(of('action_item')).toEqual([['Action item', 'Added', 'Send the SSO design', 'By Friday']]);
    expect(of('handoff')).toEqual([['Hand-off', null, 'Hand-off: pre sales → onboarding', 'Kick-off done']]);
    // Dated records sit at their date among the rest, newest first.
    const dated = entries.filter((e) => ['incident', 'engagement', 'review', 'adoption_note'].includes(e.kind)).map((e) => e.kind);
    expect(dated).toEqual(['adoption_note', 'review', 'engagement', 'incident', 'incident']);
    const kinds = (await t.call('timeline.list', { accountId: acme.id, kinds: ['engagement', 'review'] })).entries.map((e) => e.kind);
    expect(kinds).toEqual(['review', 'engagement']);
  });

  it('filters by kind and leaves deleted records out', async () => {
    const t = await testCore();
    close = t.close;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const gone = addContract(t, acme.id, '2024-01-01');
    addContract(t, acme.id, '2025-01-01');
    addTime(t, acme.id, '2025-03-03');
    t.core.store.write(() => new ContractsRepo(t.core.store).table.setDeleted(gone, true));
    const contracts = await t.call('timeline.list', { accountId: acme.id, kinds: ['contract'] });
    expect(contracts.entries.map((e) => e.title)).toEqual(['Contract 2025-01-01 to 2025-12-31']);
    const two = await t.call('timeline.list', { accountId: acme.id, kinds: ['contract', 'time_entry'] });
    expect(two.entries.map((e) => e.kind)).toEqual(['time_entry', 'contract']);
    expect((await t.call('timeline.list', { accountId: acme.id, kinds: ['incident'] })).entries).toEqual([]);
  });

  it('pages with a keyset cursor: every entry once, in order, even when newer entries arrive between pages', async () => {
    const t = await testCore();
    close = t.close;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    // Many entries share a date: the key breaks ties, so no page boundary loses or repeats one.
    for (let i = 0; i < 23; i += 1) addTime(t, acme.id, `2025-0${(i % 3) + 1}-15`, `entry ${i}`);
    const whole = (await t.call('timeline.list', { accountId: acme.id, limit: 200 })).entries;
    expect(whole).toHaveLength(24);
    const sorted = [...whole].sort((a, b) => (a.at === b.at ? (a.key < b.key ? 1 : -1) : a.at < b.at ? 1 : -1));
    expect(whole.map((e) => e.key)).toEqual(sorted.map((e) => e.key));
    for (const size of [1, 5, 7, 24]) expect((await walk(t.call, acme.id, size)).map((e) => e.key)).toEqual(whole.map((e) => e.key));

    const first = await t.call('timeline.list', { accountId: acme.id, limit: 5 });
    addTime(t, acme.id, '2030-01-01', 'arrived after the first page');
    const second = await t.call('timeline.list', { accountId: acme.id, limit: 5, after: first.next ?? undefined });
    expect(second.entries.map((e) => e.key)).toEqual(whole.slice(5, 10).map((e) => e.key));
  });

  it('makes the first page long enough to show a record opened from search', async () => {
    const t = await testCore();
    close = t.close;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const old = addTime(t, acme.id, '2020-01-01', 'the old one');
    for (let i = 0; i < 30; i += 1) addTime(t, acme.id, `2025-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const plain = await t.call('timeline.list', { accountId: acme.id, limit: 10 });
    expect(plain.entries.some((e) => e.id === old)).toBe(false);
    const page = await t.call('timeline.list', { accountId: acme.id, limit: 10, through: old });
    expect(page.entries.some((e) => e.id === old)).toBe(true);
    // It is the oldest entry here, so the page ends with it and nothing follows.
    expect(page.entries.at(-1)?.id).toBe(old);
    expect(page.next).toBeNull();
    const unknown = await t.call('timeline.list', { accountId: acme.id, limit: 10, through: newId() });
    expect(unknown.entries).toHaveLength(10);
  });

  it('refuses an unknown account and a malformed cursor in plain words', async () => {
    const t = await testCore();
    close = t.close;
    await expect(t.call('timeline.list', { accountId: newId() })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/account does not exist/) as unknown });
    await expect(t.call('timeline.list', { accountId: 'nope' })).rejects.toMatchObject({ code: 'invalid' });
    const acme = await t.call('accounts.create', { name: 'Acme' });
    await expect(t.call('timeline.list', { accountId: acme.id, after: { at: '', key: 'x' } })).rejects.toMatchObject({ code: 'invalid' });
    await expect(t.call('timeline.list', { accountId: acme.id, limit: 0 })).rejects.toMatchObject({ code: 'invalid' });
  });
});
