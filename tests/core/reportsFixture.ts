import { contractCreateSchema, newId, reviewCreateSchema } from '../../core/model';
import type { TimeEntryFields } from '../../core/model';
import type { Services } from '../../core/services';
import type { Store } from '../../core/store/store';
import { TierTermsRepo } from '../../core/store/tierTermsRepo';
import { TimeRepo } from '../../core/store/timeRepo';

/**
 * The metrics fixture: four accounts with every kind of record around one period, 2026-10-05 (Mon) to
 * 2026-10-18 (Sun) = ISO weeks W41 and W42. The expected figures are worked out by hand in
 * tests/core/reports.test.ts, next to each assertion. Written with a moving clock, so created-at times are
 * the times the records were made, as on a real device.
 *
 * - Acme: premium (24×7, 16 h/month from 2026-01-01), enterprise, global. Ann (TAM) on the team.
 * - Borealis: standard (business hours 09–17 UTC, Mon–Fri), contract starting mid-period on 2026-10-08 with
 *   10 h/month, commercial, residency eu (sovereign, no clearance). Bob (SE, works from us) on the team.
 * - Cobalt: premier (24×7, 40 h/month from 2026-01-01), federal, residency uk, clearance uk-sc, with a rotation.
 * - Delta: standard, no contract, no records at all.
 */
export const PERIOD = { from: '2026-10-05', to: '2026-10-18' } as const;

export interface MetricsFixture {
  acme: string;
  borealis: string;
  cobalt: string;
  delta: string;
  incidents: { i1: string; i2: string; i3: string; i4: string; i5: string };
  actions: { x1: string; x2: string; x3: string; x4: string };
  acmeHandoff: string;
  nightShift: string;
}

export function seedMetrics(store: Store, services: Services, clock: { set: (iso: string) => void }): MetricsFixture {
  new TierTermsRepo(store).seed();
  clock.set('2026-09-01T08:00:00.000Z');
  services.profile.save({ name: 'Mia Manager', email: 'mia@vendor.example', role: 'manager', homeRegion: 'uk', timeZone: 'Europe/London' });
  const acme = services.accounts.create({ name: 'Acme', tier: 'premium', segment: 'enterprise', residency: 'global' }).id;
  const borealis = services.accounts.create({ name: 'Borealis', tier: 'standard', segment: 'commercial', residency: 'eu' }).id;
  const cobalt = services.accounts.create({ name: 'Cobalt', tier: 'premier', segment: 'federal', residency: 'uk', clearance: 'uk-sc' }).id;
  const delta = services.accounts.create({ name: 'Delta', tier: 'standard', segment: 'commercial', residency: 'global' }).id;

  services.contracts.create(contractCreateSchema.parse({ accountId: acme, tier: 'premium', startsOn: '2026-01-01', endsOn: '2026-12-31' }));
  services.contracts.create(contractCreateSchema.parse({ accountId: borealis, tier: 'standard', startsOn: '2026-10-08', endsOn: '2027-10-07', includedHours: 10, hoursPeriod: 'month' }));
  services.contracts.create(contractCreateSchema.parse({ accountId: cobalt, tier: 'premier', startsOn: '2026-01-01', endsOn: '2026-12-31' }));

  // People and teams (the manager profile may edit the directory).
  const person = (name: string, email: string, roles: Array<'tam' | 'se' | 'escalation_engineer'>, clearances: string[], homeRegion: string) =>
    services.team.savePerson({ fields: { name, email, roles, clearances, homeRegion, timeZone: 'Europe/London' } }).id;
  const ann = person('Ann Archer', 'ann@vendor.example', ['tam'], [], 'us');
  const bob = person('Bob Baker', 'bob@vendor.example', ['se'], [], 'us');
  const uma = person('Uma Usher', 'uma@vendor.example', ['tam'], ['uk-sc'], 'uk');
  const vic = person('Vic Vale', 'vic@vendor.example', ['se'], [], 'uk');
  const wes = person('Wes West', 'wes@vendor.example', ['escalation_engineer'], ['uk-sc'], 'eu');
  services.team.addMember({ accountId: acme, role: 'tam', personId: ann });
  services.team.addMember({ accountId: borealis, role: 'se', personId: bob });
  const umaM = services.team.addMember({ accountId: cobalt, role: 'tam', personId: uma }).id;
  const vicM = services.team.addMember({ accountId: cobalt, role: 'se', personId: vic }).id;
  const wesM = services.team.addMember({ accountId: cobalt, role: 'escalation_engineer', personId: wes }).id;
  const nightShift = 'night';
  services.team.saveRotation({
    accountId: cobalt,
    fields: {
      timeZone: 'Europe/London',
      startsOn: '2026-09-07',
      handoffDay: 1,
      handoffTime: '09:00',
      shifts: [
        { id: 'day', name: 'Day', start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7], order: [umaM] },
        { id: nightShift, name: 'Night', start: '20:00', end: '08:00', days: [1, 2, 3, 4, 5, 6, 7], order: [vicM, wesM] },
      ],
    },
  });

  // Action items, each created at its own time.
  const action = (at: string, accountId: string, title: string, due: string | null, status: 'open' | 'in_progress' | 'done') => {
    clock.set(at);
    return services.actions.create({ accountId, title, owner: 'Ann Archer', ownerRef: null, due, status, source: null, notes: '' }).id;
  };
  const x1 = action('2026-10-01T12:00:00.000Z', acme, 'Send the RCA', '2026-10-10', 'open');
  const x3 = action('2026-10-02T12:00:00.000Z', acme, 'Book the QBR', '2026-10-05', 'done');
  const x4 = action('2026-10-12T00:00:00.000Z', acme, 'Review runbooks', '2026-10-18', 'open');
  const x2 = action('2026-10-18T12:00:00.000Z', borealis, 'Plan the upgrade', '2026-10-30', 'in_progress');

  // From here on, writes are dated after the fact.
  clock.set('2026-11-01T00:00:00.000Z');
  const { incidents } = services;
  // I1: Acme sev 1, 24×7. Response 20 min, SE 25 min, developer 60 min, IM 90 min (target 60), update after 50 min, resolved after 2 h.
  const i1 = incidents.open({ accountId: acme, severity: 1, openedAt: '2026-10-06T10:00:00Z', summary: 'Checkout down' }).incident.id;
  incidents.respond(i1, '2026-10-06T10:20:00Z');
  incidents.engage(i1, 'support_engineer', '2026-10-06T10:25:00Z');
  incidents.engage(i1, 'developer', '2026-10-06T11:00:00Z');
  incidents.engage(i1, 'incident_manager', '2026-10-06T11:30:00Z');
  incidents.postUpdate(i1, '2026-10-06T11:10:00Z');
  incidents.resolve(i1, '2026-10-06T12:00:00Z');
  // I2: Acme sev 2, opened in the period's last hour; answered and resolved after it.
  const i2 = incidents.open({ accountId: acme, severity: 2, openedAt: '2026-10-18T23:00:00Z', summary: 'Slow reports' }).incident.id;
  incidents.respond(i2, '2026-10-19T02:00:00Z');
  incidents.resolve(i2, '2026-10-19T05:00:00Z');
  // I3: Acme sev 3, opened before the period, resolved inside it after 9 days.
  const i3 = incidents.open({ accountId: acme, severity: 3, openedAt: '2026-09-28T08:00:00Z', summary: 'Flaky export' }).incident.id;
  incidents.respond(i3, '2026-09-28T09:00:00Z');
  incidents.resolve(i3, '2026-10-07T08:00:00Z');
  // I4: Borealis sev 2 on business hours: Friday 16:00, response Monday 11:00, SE Monday 13:30, resolved Monday 15:00.
  const i4 = incidents.open({ accountId: borealis, severity: 2, openedAt: '2026-10-09T16:00:00Z', summary: 'Login errors' }).incident.id;
  incidents.respond(i4, '2026-10-12T11:00:00Z');
  incidents.engage(i4, 'support_engineer', '2026-10-12T13:30:00Z');
  incidents.resolve(i4, '2026-10-12T15:00:00Z');
  // I5: Borealis sev 3 before its contract started: no targets; still open.
  const i5 = incidents.open({ accountId: borealis, severity: 3, openedAt: '2026-10-06T09:00:00Z', summary: 'Question about quotas' }).incident.id;

  // Time: entries written straight to the table for several people (the service logs time as the profile only).
  const time = new TimeRepo(store);
  const entry = (accountId: string, userId: string, date: string, minutes: number, billable: boolean, adjustsId: string | null = null): string => {
    const id = newId();
    const fields: TimeEntryFields = {
      userId, date, minutes, startedAt: null, endedAt: null, timeZone: null, category: 'remote', sku: null, billable,
      rate: null, currency: null, note: '', source: 'manual', status: 'draft', adjustsId,
    };
    store.write(() => time.insertEntry(id, accountId, fields));
    return id;
  };
  entry(acme, 'ann@vendor.example', '2026-10-02', 300, true);
  entry(acme, 'ann@vendor.example', '2026-10-06', 600, true);
  const corrected = entry(acme, 'ann@vendor.example', '2026-10-07', 100, true);
  entry(acme, 'ann@vendor.example', '2026-10-07', 40, true, corrected);
  entry(acme, 'ann@vendor.example', '2026-10-13', 120, false);
  entry(borealis, 'bob@vendor.example', '2026-10-09', 300, true);
  entry(borealis, 'bob@vendor.example', '2026-10-14', 240, true);
  entry(acme, 'bob@vendor.example', '2026-10-20', 60, true);
  entry(cobalt, 'carl@vendor.example', '2026-10-15', 480, true);

  // Adoption (Acme): SSO adopted before the period; RBAC piloting then adopted; backup evaluating, blocked after it.
  services.adoption.set({ accountId: acme, capability: 'sso', status: 'adopted', on: '2026-09-01' });
  services.adoption.set({ accountId: acme, capability: 'rbac', status: 'piloting', on: '2026-10-07' });
  services.adoption.set({ accountId: acme, capability: 'rbac', status: 'adopted', on: '2026-10-14' });
  services.adoption.set({ accountId: acme, capability: 'backup-dr', status: 'evaluating', on: '2026-10-15' });
  services.adoption.set({ accountId: acme, capability: 'backup-dr', status: 'blocked', blockers: 'Waiting on storage budget', on: '2026-10-25' });

  // Lifecycle: Acme to onboarding on 10-10 with one of five items done; Borealis on 10-16 with all done.
  const onboarding = services.lifecycle.templates('onboarding');
  const acmeMove = services.lifecycle.move({ accountId: acme, to: 'onboarding', at: '2026-10-10T00:00:00Z', done: [onboarding[0]?.id ?? ''] });
  services.lifecycle.move({ accountId: borealis, to: 'onboarding', at: '2026-10-16T00:00:00Z', done: onboarding.map((t) => t.id) });

  // Reviews: the same ask written two ways by two accounts in the period; one more ask; an older review outside it.
  const ask = (title: string, priority: 'critical' | 'high' | 'low') => ({ title, priority, impact: 'medium' as const });
  services.reviews.create(reviewCreateSchema.parse({ accountId: acme, date: '2026-10-08', asks: [ask('SSO via SAML', 'high'), ask('Audit export', 'low')] }));
  services.reviews.create(reviewCreateSchema.parse({ accountId: borealis, date: '2026-10-15', asks: [ask('sso — via saml', 'critical')] }));
  services.reviews.create(reviewCreateSchema.parse({ accountId: cobalt, date: '2026-09-20', asks: [ask('Audit export', 'high')] }));

  return {
    acme,
    borealis,
    cobalt,
    delta,
    incidents: { i1, i2, i3, i4, i5 },
    actions: { x1, x2, x3, x4 },
    acmeHandoff: acmeMove.events[0]?.id ?? '',
    nightShift,
  };
}
