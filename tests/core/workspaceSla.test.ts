import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIER_TERMS, FieldbookError } from '../../core/model';
import type { Account, Profile, TierTermsFields } from '../../core/model';
import { tierTermsId } from '../../core/store/tierTermsRepo';
import { testCore } from './helpers';

type T = Awaited<ReturnType<typeof testCore>>;

const MANAGER: Profile = { name: 'Mia Manager', email: 'mia@example.com', role: 'manager', homeRegion: 'eu', timeZone: 'Europe/Berlin' };

async function failure(promise: Promise<unknown>): Promise<FieldbookError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldbookError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function outboxCount(t: T, table: string): number {
  return t.core.store.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE tbl = ?').get(table)?.n ?? 0;
}

const premier = DEFAULT_TIER_TERMS.find((x) => x.code === 'premier') as TierTermsFields;
const standard = DEFAULT_TIER_TERMS.find((x) => x.code === 'standard') as TierTermsFields;

describe('support tiers', () => {
  let t: T;
  beforeEach(async () => {
    t = await testCore();
  });
  afterEach(() => t.close());

  it('seeds Standard, Premium, Premier and the sovereign add-on with the same ids on every device, locally only', async () => {
    const tiers = await t.call('tiers.list', {});
    expect(tiers.map((x) => [x.code, x.addOn])).toEqual([
      ['standard', false],
      ['premium', false],
      ['premier', false],
      ['sovereign', true],
    ]);
    expect(tiers.find((x) => x.code === 'sovereign')?.label).toBe('Cleared / sovereign coverage');
    const p = tiers.find((x) => x.code === 'premier');
    expect(p?.coverage).toEqual({ kind: '24x7' });
    for (const target of p?.slaTargets ?? []) {
      expect(target).toMatchObject({ firstResponseMinutes: 15, engageMinutes: { support_engineer: 15, developer: 15, incident_manager: 15 } });
    }
    expect(p?.id).toBe(tierTermsId('premier'));
    expect(outboxCount(t, 'tier_terms')).toBe(0);

    const other = await testCore();
    try {
      expect((await other.call('tiers.list', {})).map((x) => x.id)).toEqual(tiers.map((x) => x.id));
    } finally {
      other.close();
    }
  });

  it('lets only managers and admins change terms', async () => {
    const noProfile = await failure(t.call('tiers.save', { terms: { ...premier, includedHours: 80 } }));
    expect(noProfile.code).toBe('forbidden');
    await t.call('profile.save', { ...MANAGER, role: 'tam' });
    const tam = await failure(t.call('tiers.save', { terms: { ...premier, includedHours: 80 } }));
    expect(tam.message).toBe('Only managers and admins change support tiers. Your role is technical account manager.');
    expect(outboxCount(t, 'tier_terms')).toBe(0);

    await t.call('profile.save', MANAGER);
    const saved = await t.call('tiers.save', { terms: { ...premier, includedHours: 80 } });
    expect(saved.includedHours).toBe(80);
    // Only the changed field travels.
    const sent = t.core.store.db.prepare<[], { fields: string }>("SELECT fields FROM outbox WHERE tbl = 'tier_terms'").all();
    expect(sent.map((r) => Object.keys(JSON.parse(r.fields) as object))).toEqual([['includedHours']]);
  });

  it('refuses bad terms with the field named, and writes nothing', async () => {
    await t.call('profile.save', MANAGER);
    const overnight = await failure(
      t.call('tiers.save', { terms: { ...standard, coverage: { kind: 'business_hours', timeZone: 'Europe/Berlin', days: [1, 2], start: '17:00', end: '09:00', holidays: [] } } }),
    );
    expect(overnight.code).toBe('invalid');
    expect(overnight.message).toBe('Coverage must end after it starts on the same day.');
    const zone = await failure(t.call('tiers.save', { terms: { ...standard, coverage: { kind: 'business_hours', timeZone: 'Mars/Base', days: [1], start: '09:00', end: '17:00', holidays: [] } } }));
    expect(zone.message).toMatch(/"Mars\/Base" is not a time zone/);
    const twice = await failure(t.call('tiers.save', { terms: { ...standard, slaTargets: [standard.slaTargets[0], standard.slaTargets[0]] as TierTermsFields['slaTargets'] } }));
    expect(twice.message).toBe('Severity 1 has two rows of targets; keep one.');
    const unknown = await failure(t.call('tiers.save', { terms: { ...standard, code: 'gold' } }));
    expect(unknown.details?.fields?.['code']).toMatch(/"gold" is not a known support tier/);
    const clash = await failure(t.call('tiers.save', { terms: { ...standard, addOn: true } }));
    expect(clash.details?.fields?.['code']).toBe('"standard" is a support tier; give the add-on a code of its own.');
    expect(outboxCount(t, 'tier_terms')).toBe(0);
    expect((await t.call('tiers.list', {})).find((x) => x.code === 'standard')).toMatchObject({ coverage: standard.coverage, slaTargets: standard.slaTargets });
  });

  it('adds a new add-on, deletes it and brings it back', async () => {
    await t.call('profile.save', MANAGER);
    const addOn = { ...DEFAULT_TIER_TERMS[3], code: 'onsite-247', label: 'Onsite engineer 24×7', skus: [{ code: 'ONS-247', label: 'Onsite hour', rate: 40_000, currency: 'EUR', billable: true }] } as TierTermsFields;
    await t.call('tiers.save', { terms: addOn });
    expect((await t.call('tiers.list', {})).map((x) => x.code)).toContain('onsite-247');
    await t.call('tiers.delete', { code: 'onsite-247' });
    expect((await t.call('tiers.list', {})).map((x) => x.code)).not.toContain('onsite-247');
    expect((await t.call('tiers.restore', { code: 'onsite-247' })).label).toBe('Onsite engineer 24×7');
  });
});

describe('contracts', () => {
  let t: T;
  let account: Account;
  beforeEach(async () => {
    t = await testCore();
    account = await t.call('accounts.create', { name: 'Contoso', tier: 'premier' });
  });
  afterEach(() => t.close());

  it('copies the tier terms when sold; later tier edits leave the contract as sold', async () => {
    const contract = await t.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(contract).toMatchObject({ tier: 'premier', includedHours: 40, hoursPeriod: 'month', coverage: { kind: '24x7' }, slaTargets: premier.slaTargets, skus: premier.skus });

    await t.call('profile.save', MANAGER);
    await t.call('tiers.save', { terms: { ...premier, slaTargets: premier.slaTargets.map((s) => ({ ...s, firstResponseMinutes: 5 })) } });
    expect((await t.call('contracts.get', { id: contract.id })).slaTargets).toEqual(premier.slaTargets);
    // Time tracking reads the contract in force through the repository.
    expect(t.core.store.db.prepare('SELECT id FROM contracts WHERE account_id = ?').all(account.id)).toHaveLength(1);
  });

  it('applies an add-on: its coverage, its SKUs after the tier’s, and the customer’s time zone for business hours', async () => {
    const sold = await t.call('contracts.create', {
      accountId: account.id,
      tier: 'standard',
      addOns: ['sovereign'],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      includedHours: 10,
      hoursPeriod: 'quarter',
    });
    expect(sold.coverage).toEqual({ kind: '24x7' });
    expect(sold.skus.map((s) => s.code)).toEqual(['STD-SUPPORT', 'SOV-CLEARED']);
    expect(sold).toMatchObject({ includedHours: 10, hoursPeriod: 'quarter' });
    const overview = await t.call('contracts.overview', { accountId: account.id, on: '2026-06-01' });
    expect(overview.addOns).toEqual(['Cleared / sovereign coverage']);
    expect(overview.mismatch).toBe('The account is on Premier, but its contract in force is for Standard.');

    const zoned = await t.call('contracts.create', { accountId: account.id, tier: 'standard', startsOn: '2027-01-01', endsOn: '2027-12-31', timeZone: 'Asia/Singapore' });
    expect(zoned.coverage).toMatchObject({ kind: 'business_hours', timeZone: 'Asia/Singapore', start: '09:00', end: '17:00' });
  });

  it('refuses bad contracts with a clear message and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ tier: 'gold' }, /"gold" is not a known support tier/],
      [{ addOns: ['premier'] }, /"premier" is not a known add-on\. Choose one of: sovereign\./],
      [{ endsOn: '2025-12-31' }, /must end on or after the day it starts/],
      [{ startsOn: '2026-02-30' }, /The start is a date like 2026-01-31\./],
      [{ timeZone: 'Nowhere/City', tier: 'standard' }, /"Nowhere\/City" is not a time zone/],
      [{ timeZone: 'Europe/Berlin' }, /covers 24×7/],
    ];
    for (const [patch, message] of cases) {
      const error = await failure(t.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2026-01-01', endsOn: '2026-12-31', ...patch }));
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(message);
    }
    expect(await t.call('contracts.list', { accountId: account.id })).toEqual([]);
    expect(outboxCount(t, 'contracts')).toBe(0);
  });

  it('edits, ends early, deletes and restores; the overview follows', async () => {
    const c = await t.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const next = await t.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2027-01-01', endsOn: '2027-12-31' });
    expect(await t.call('contracts.overview', { accountId: account.id, on: '2026-05-01' })).toMatchObject({ active: { id: c.id }, next: { id: next.id }, mismatch: null, addOns: [] });

    const edited = await t.call('contracts.update', { id: c.id, patch: { includedHours: 60, dedicatedStaff: ['Ana Ruiz'] } });
    expect(edited).toMatchObject({ includedHours: 60, dedicatedStaff: ['Ana Ruiz'] });
    const badEdit = await failure(t.call('contracts.update', { id: c.id, patch: { endsOn: '2025-01-01' } }));
    expect(badEdit.message).toBe('The contract must end on or after the day it starts.');

    expect((await t.call('contracts.end', { id: c.id, on: '2026-04-30' })).endsOn).toBe('2026-04-30');
    expect((await t.call('contracts.overview', { accountId: account.id, on: '2026-05-01' })).active).toBeNull();
    expect((await failure(t.call('contracts.end', { id: c.id, on: '2026-06-30' }))).message).toBe('The contract already ends on 2026-04-30. To extend it, edit its end date.');
    expect((await failure(t.call('contracts.end', { id: c.id, on: '2025-06-30' }))).message).toBe('The contract starts on 2026-01-01; it cannot end before that.');

    await t.call('contracts.delete', { id: c.id });
    expect((await t.call('contracts.list', { accountId: account.id })).map((x) => x.id)).toEqual([next.id]);
    await t.call('contracts.restore', { id: c.id });
    expect((await t.call('contracts.list', { accountId: account.id })).map((x) => x.id)).toEqual([next.id, c.id]);
  });
});

describe('incidents', () => {
  let t: T;
  let account: Account;
  beforeEach(async () => {
    t = await testCore();
    account = await t.call('accounts.create', { name: 'Fabrikam', tier: 'standard' });
    // Standard on Berlin business hours in 2026; Premier from 2027.
    await t.call('contracts.create', { accountId: account.id, tier: 'standard', startsOn: '2026-01-01', endsOn: '2026-12-31', timeZone: 'Europe/Berlin' });
    await t.call('contracts.create', { accountId: account.id, tier: 'premier', startsOn: '2027-01-01', endsOn: '2027-12-31' });
  });
  afterEach(() => t.close());

  it('times its clocks by the contract in force when it opened (Friday 17:30 Berlin → due Monday 10:00)', async () => {
    const view = await t.call('incidents.open', { accountId: account.id, severity: 1, openedAt: '2026-03-27T17:30:00+01:00', summary: 'Checkout down' });
    expect(view.incident.openedAt).toBe('2026-03-27T16:30:00.000Z');
    expect(view.tier).toBe('standard');
    const fr = view.sla?.targets.find((s) => s.key === 'first_response');
    // No holiday in this contract: Monday 30 March 09:00 CEST = 07:00Z, plus 60 min.
    expect(fr?.dueAt).toBe('2026-03-30T08:00:00.000Z');
    expect(view.sla?.targets.map((s) => s.key)).toEqual(['first_response', 'engage:support_engineer', 'update']);
  });

  it('records the first response, engagements, updates, a pause and the resolution; MTTR follows', async () => {
    const opened = await t.call('incidents.open', { accountId: account.id, severity: 2, openedAt: '2026-06-01T08:00:00Z' });
    const id = opened.incident.id;
    await t.call('incidents.respond', { id, at: '2026-06-01T08:30:00Z' });
    const again = await failure(t.call('incidents.respond', { id, at: '2026-06-01T08:40:00Z' }));
    expect(again.code).toBe('conflict');
    await t.call('incidents.engage', { id, role: 'support_engineer', at: '2026-06-01T08:45:00Z', name: 'Sam Support' });
    await t.call('incidents.pause', { id, at: '2026-06-01T09:00:00Z' });
    expect((await failure(t.call('incidents.pause', { id, at: '2026-06-01T09:10:00Z' }))).message).toBe('The incident is already waiting on the customer.');
    await t.call('incidents.resume', { id, at: '2026-06-01T10:00:00Z' });
    await t.call('incidents.postUpdate', { id, at: '2026-06-01T11:00:00Z' });
    await t.call('incidents.pause', { id, at: '2026-06-01T12:00:00Z' });
    const resolved = await t.call('incidents.resolve', { id, at: '2026-06-01T14:00:00Z', summary: 'Certificate renewed' });
    expect(resolved.incident).toMatchObject({
      firstResponseAt: '2026-06-01T08:30:00.000Z',
      supportEngineerAt: '2026-06-01T08:45:00.000Z',
      supportEngineerName: 'Sam Support',
      updates: ['2026-06-01T11:00:00.000Z'],
      pauses: [
        { start: '2026-06-01T09:00:00.000Z', end: '2026-06-01T10:00:00.000Z' },
        { start: '2026-06-01T12:00:00.000Z', end: '2026-06-01T14:00:00.000Z' },
      ],
      resolvedAt: '2026-06-01T14:00:00.000Z',
      summary: 'Certificate renewed',
    });
    // Standard Sev 2: first response 240 min (met in 30), updates every 480: kept.
    expect(resolved.sla?.targets.map((s) => [s.key, s.state])).toEqual([
      ['first_response', 'met'],
      ['engage:support_engineer', 'met'],
      ['update', 'met'],
    ]);

    const second = await t.call('incidents.open', { accountId: account.id, severity: 3, openedAt: '2026-06-02T08:00:00Z' });
    await t.call('incidents.resolve', { id: second.incident.id, at: '2026-06-02T10:00:00Z' });
    await t.call('incidents.open', { accountId: account.id, severity: 4, openedAt: '2026-06-03T08:00:00Z' });
    // (6 h + 2 h) / 2 = 4 h.
    expect(await t.call('incidents.stats', { accountId: account.id })).toEqual({ accountId: account.id, open: 1, resolved: 2, mttrMinutes: 240 });
    expect((await t.call('incidents.list', { accountId: account.id })).map((v) => v.incident.severity)).toEqual([4, 3, 2]);
    expect((await t.call('incidents.list', { open: true })).map((v) => v.incident.severity)).toEqual([4]);
  });

  it('refuses times that make no sense and leaves the incident as it was', async () => {
    const { incident } = await t.call('incidents.open', { accountId: account.id, severity: 1, openedAt: '2026-06-01T08:00:00Z' });
    const before = outboxCount(t, 'incidents');
    const early = await failure(t.call('incidents.respond', { id: incident.id, at: '2026-06-01T07:00:00Z' }));
    expect(early).toMatchObject({ code: 'invalid', message: 'The first response cannot be before the incident opened.' });
    expect(early.details?.fields).toEqual({ firstResponseAt: 'The first response cannot be before the incident opened.' });
    const future = await failure(t.call('incidents.open', { accountId: account.id, severity: 1, openedAt: '2999-01-01T00:00:00Z' }));
    expect(future.message).toBe('An incident cannot open in the future.');
    await t.call('incidents.resolve', { id: incident.id, at: '2026-06-01T09:00:00Z' });
    const afterResolution = await failure(t.call('incidents.engage', { id: incident.id, role: 'developer', at: '2026-06-01T10:00:00Z' }));
    expect(afterResolution.message).toBe('The developer engaged cannot be after the incident was resolved.');
    const moved = await failure(t.call('incidents.update', { id: incident.id, patch: { openedAt: '2026-06-01T09:30:00Z' } }));
    expect(moved.message).toBe('Resolved cannot be before the incident opened.');
    expect((await failure(t.call('incidents.open', { accountId: account.id, severity: 7 }))).message).toBe('Severity is 1, 2, 3 or 4.');
    expect(outboxCount(t, 'incidents')).toBe(before + 1);
    expect((await t.call('incidents.get', { id: incident.id })).incident).toMatchObject({ openedAt: '2026-06-01T08:00:00.000Z', firstResponseAt: null, developerAt: null });
  });

  it('corrects a recorded time, reopens, deletes with undo; no contract means no clocks', async () => {
    const { incident } = await t.call('incidents.open', { accountId: account.id, severity: 2, openedAt: '2026-06-01T08:00:00Z' });
    await t.call('incidents.respond', { id: incident.id, at: '2026-06-01T08:30:00Z' });
    expect((await t.call('incidents.update', { id: incident.id, patch: { firstResponseAt: null } })).incident.firstResponseAt).toBeNull();
    await t.call('incidents.resolve', { id: incident.id, at: '2026-06-01T09:00:00Z' });
    expect((await t.call('incidents.reopen', { id: incident.id })).incident.resolvedAt).toBeNull();
    await t.call('incidents.delete', { id: incident.id });
    expect(await t.call('incidents.list', { accountId: account.id })).toEqual([]);
    await t.call('incidents.restore', { id: incident.id });
    expect(await t.call('incidents.list', { accountId: account.id })).toHaveLength(1);

    const before = await t.call('incidents.open', { accountId: account.id, severity: 1, openedAt: '2025-06-01T08:00:00Z' });
    expect(before).toMatchObject({ contractId: null, sla: null, terms: null });
  });
});

describe('engagements', () => {
  let t: T;
  let account: Account;
  beforeEach(async () => {
    t = await testCore();
    account = await t.call('accounts.create', { name: 'Northwind' });
  });
  afterEach(() => t.close());

  it('logs, lists newest first, edits, deletes and restores', async () => {
    const call = await t.call('engagements.create', { accountId: account.id, kind: 'weekly_call', occurredAt: '2026-06-01T10:00:00+02:00', title: 'Weekly sync', attendees: 'Ana, Bo' });
    expect(call).toMatchObject({ occurredAt: '2026-06-01T08:00:00.000Z', notes: '', minutes: '' });
    const qbr = await t.call('engagements.create', { accountId: account.id, kind: 'qbr', occurredAt: '2026-06-15T09:00:00Z', title: 'Q2 review', minutes: 'Agreed the roadmap.' });
    expect((await t.call('engagements.list', { accountId: account.id })).map((e) => e.id)).toEqual([qbr.id, call.id]);
    expect((await t.call('engagements.update', { id: call.id, patch: { notes: 'Upgrade planned.' } })).notes).toBe('Upgrade planned.');
    await t.call('engagements.delete', { id: qbr.id });
    expect((await t.call('engagements.list', { accountId: account.id })).map((e) => e.id)).toEqual([call.id]);
    await t.call('engagements.restore', { id: qbr.id });
    expect(await t.call('engagements.list', { accountId: account.id })).toHaveLength(2);
  });

  it('refuses a missing title or an unknown kind, writing nothing', async () => {
    const noTitle = await failure(t.call('engagements.create', { accountId: account.id, kind: 'email', occurredAt: '2026-06-01T10:00:00Z', title: '  ' }));
    expect(noTitle.details?.fields).toEqual({ title: 'Enter a title.' });
    const kind = await failure(t.call('engagements.create', { accountId: account.id, kind: 'lunch', occurredAt: '2026-06-01T10:00:00Z', title: 'x' } as never));
    expect(kind.message).toMatch(/Choose a kind/);
    expect(await t.call('engagements.list', { accountId: account.id })).toEqual([]);
    expect(outboxCount(t, 'engagements')).toBe(0);
  });
});
