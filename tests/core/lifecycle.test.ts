import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HANDOFF_TEMPLATES, median, stageStints } from '../../core/model';
import type { Account, LifecycleStage } from '../../core/model';
import { STAGE_SET_DIRECTLY_NOTE } from '../../core/services/accounts';
import { MANAGER, TAM, clockedServices, refusal } from './teamHelpers';
import type { ClockedServices } from './teamHelpers';

const DAY = 86_400_000;
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
async function open(start: string): Promise<ClockedServices> {
  const services = await clockedServices(start);
  cleanups.push(() => services.close());
  return services;
}

describe('time in stage', () => {
  it('medians on a hand-computed fixture', async () => {
    const t = await open('2026-01-01T00:00:00Z');
    const { accounts, lifecycle } = t.services;
    const [a, b, c, d] = ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((name) => accounts.create({ name })) as [Account, Account, Account, Account];
    t.setNow('2026-03-12T00:00:00Z');
    const move = (account: Account, to: LifecycleStage, at: string) => lifecycle.move({ accountId: account.id, to, at });
    move(a, 'onboarding', '2026-01-11T00:00:00Z'); // pre-sales 10 days
    move(a, 'production', '2026-02-10T00:00:00Z'); // onboarding 30 days; production since 10 Feb: 30 days on 12 Mar
    move(b, 'onboarding', '2026-01-21T00:00:00Z'); // pre-sales 20 days
    move(b, 'production', '2026-03-02T00:00:00Z'); // onboarding 40 days; production since 2 Mar: 10 days
    move(c, 'onboarding', '2026-02-05T00:00:00Z'); // pre-sales 35 days; onboarding since 5 Feb: 35 days
    // Delta stays in pre-sales: 70 days on 12 March.

    const overview = lifecycle.overview();
    const stage = (s: LifecycleStage) => overview.stages.find((x) => x.stage === s);
    expect(stage('pre_sales')).toMatchObject({ ownerRole: 'se', medianCurrentMs: 70 * DAY, medianCompletedMs: 20 * DAY });
    expect(stage('pre_sales')?.accounts.map((x) => x.name)).toEqual(['Delta']);
    expect(stage('onboarding')).toMatchObject({ medianCurrentMs: 35 * DAY, medianCompletedMs: 35 * DAY });
    expect(stage('production')).toMatchObject({ ownerRole: 'tam', medianCurrentMs: 20 * DAY, medianCompletedMs: null });
    // Longest in stage first.
    expect(stage('production')?.accounts.map((x) => [x.name, x.timeInStageMs / DAY])).toEqual([
      ['Alpha', 30],
      ['Bravo', 10],
    ]);
    expect(stage('steady_state')).toMatchObject({ accounts: [], medianCurrentMs: null, medianCompletedMs: null });
    expect(lifecycle.history(d.id)).toMatchObject({ stage: 'pre_sales', enteredAt: '2026-01-01T00:00:00.000Z', timeInStageMs: 70 * DAY });
    expect(lifecycle.history(a.id)).toMatchObject({ stage: 'production', enteredAt: '2026-02-10T00:00:00.000Z', timeInStageMs: 30 * DAY });
  });

  it('median and stints as pure functions', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // The stage was set outside the lifecycle (the account form) after the last event: that starts the current stay.
    const stints = stageStints(
      { stage: 'steady_state', createdAt: '2026-01-01T00:00:00Z', stageSetAt: '2026-02-01T00:00:00Z' },
      [{ fromStage: 'pre_sales', toStage: 'onboarding', at: '2026-01-10T00:00:00Z' }],
    );
    expect(stints).toEqual([
      { stage: 'pre_sales', from: '2026-01-01T00:00:00Z', until: '2026-01-10T00:00:00Z' },
      { stage: 'onboarding', from: '2026-01-10T00:00:00Z', until: '2026-02-01T00:00:00Z' },
      { stage: 'steady_state', from: '2026-02-01T00:00:00Z', until: null },
    ]);
    // An event recorded after the fact, dated before the account was created here: the first stay's start is unknown.
    expect(stageStints({ stage: 'onboarding', createdAt: '2026-03-01T00:00:00Z', stageSetAt: '2026-03-01T00:00:00Z' }, [{ fromStage: 'pre_sales', toStage: 'onboarding', at: '2026-02-01T00:00:00Z' }])[0]).toEqual({
      stage: 'pre_sales',
      from: null,
      until: '2026-02-01T00:00:00Z',
    });
  });

  it('a stage set on the account form is recorded as a hand-off with its checklist open, and starts the time in stage', async () => {
    const t = await open('2026-01-01T00:00:00Z');
    const acme = t.services.accounts.create({ name: 'Acme' });
    t.services.team.addMember({ accountId: acme.id, role: 'tam', name: 'Terry Tam' });
    t.setNow('2026-01-15T00:00:00Z');
    t.services.accounts.update({ id: acme.id, patch: { stage: 'production' } });
    expect(t.changed.at(-1)).toEqual(['accounts', 'lifecycle_events', 'handoff_items']);
    t.setNow('2026-01-20T00:00:00Z');
    const history = t.services.lifecycle.history(acme.id);
    expect(history).toMatchObject({ stage: 'production', enteredAt: '2026-01-15T00:00:00.000Z', timeInStageMs: 5 * DAY });
    expect(history.events).toHaveLength(1);
    expect(history.events[0]).toMatchObject({ fromStage: 'pre_sales', toStage: 'production', at: '2026-01-15T00:00:00.000Z', toOwner: 'Terry Tam', note: STAGE_SET_DIRECTLY_NOTE });
    expect(history.events[0]?.items.map((i) => i.text)).toEqual(DEFAULT_HANDOFF_TEMPLATES.production);
    expect(history.events[0]?.items.every((i) => !i.done)).toBe(true);
    expect(history.openItems).toBe(DEFAULT_HANDOFF_TEMPLATES.production.length);

    // Saving other fields, or the same stage again, records nothing more.
    t.services.accounts.update({ id: acme.id, patch: { stage: 'production', notes: 'Renewal talks in March.' } });
    expect(t.services.lifecycle.history(acme.id).events).toHaveLength(1);
    expect(t.changed.at(-1)).toEqual(['accounts']);
  });
});

describe('stage changes and hand-off checklists', () => {
  it('moves the account and records the event with its checklist in one write; open items stay visible until ticked', async () => {
    const t = await open('2026-04-01T09:00:00Z');
    const { accounts, lifecycle, team, profile } = t.services;
    profile.save(TAM);
    const acme = accounts.create({ name: 'Acme', tier: 'premier' });
    team.addMember({ accountId: acme.id, role: 'se', name: 'Sam Sales' });
    team.addMember({ accountId: acme.id, role: 'csm', name: 'Casey Success' });
    const template = lifecycle.templates('onboarding');
    expect(template.map((i) => i.text)).toEqual(DEFAULT_HANDOFF_TEMPLATES.onboarding);
    const outboxBefore = t.count('outbox');

    const [first, second] = template;
    const result = lifecycle.move({ accountId: acme.id, to: 'onboarding', done: [first?.id ?? '', second?.id ?? ''], note: 'Signed.' });
    expect(accounts.get(acme.id).stage).toBe('onboarding');
    expect(result).toMatchObject({ stage: 'onboarding', enteredAt: '2026-04-01T09:00:00.000Z', owner: { role: 'csm', name: 'Casey Success' } });
    const [event] = result.events;
    // From- and to-owner default to the people holding each stage's owning role.
    expect(event).toMatchObject({ fromStage: 'pre_sales', toStage: 'onboarding', fromOwner: 'Sam Sales', toOwner: 'Casey Success', note: 'Signed.' });
    expect(event?.items.map((i) => [i.text, i.done, i.doneBy])).toEqual(
      DEFAULT_HANDOFF_TEMPLATES.onboarding.map((text, i) => [text, i < 2, i < 2 ? 'Dana Field' : null]),
    );
    expect(event?.openItems).toBe(3);
    expect(result.openItems).toBe(3);
    // The event, its five items and the account's stage all went to the outbox.
    expect(t.count('outbox') - outboxBefore).toBe(1 + 5 + 1);
    expect(t.changed.at(-1)).toEqual(['lifecycle_events', 'handoff_items', 'accounts']);

    expect(lifecycle.overview().incomplete).toEqual([
      { accountId: acme.id, accountName: 'Acme', eventId: event?.id, fromStage: 'pre_sales', toStage: 'onboarding', at: '2026-04-01T09:00:00.000Z', open: 3, total: 5 },
    ]);

    // Ticked later: the hand-off completes and leaves the incomplete list.
    t.setNow('2026-04-03T10:00:00Z');
    for (const item of event?.items.filter((i) => !i.done) ?? []) lifecycle.tick({ id: item.id, done: true });
    expect(lifecycle.history(acme.id).openItems).toBe(0);
    expect(lifecycle.history(acme.id).events[0]?.items[4]).toMatchObject({ done: true, doneAt: '2026-04-03T10:00:00.000Z', doneBy: 'Dana Field' });
    expect(lifecycle.overview().incomplete).toEqual([]);
    // Unticking clears who and when.
    const reopened = lifecycle.tick({ id: event?.items[0]?.id ?? '', done: false });
    expect(reopened).toMatchObject({ done: false, doneAt: null, doneBy: null });
  });

  it('refuses bad moves with the field to fix, and writes nothing', async () => {
    const t = await open('2026-04-01T09:00:00Z');
    const { accounts, lifecycle } = t.services;
    const acme = accounts.create({ name: 'Acme' });
    lifecycle.move({ accountId: acme.id, to: 'onboarding', at: '2026-03-20T00:00:00Z' });
    const before = { events: t.count('lifecycle_events'), items: t.count('handoff_items'), outbox: t.count('outbox') };

    expect(refusal(() => lifecycle.move({ accountId: acme.id, to: 'onboarding' }))).toMatchObject({ code: 'invalid', message: 'Acme is already in Onboarding.', details: { fields: { to: 'Acme is already in Onboarding.' } } });
    expect(refusal(() => lifecycle.move({ accountId: acme.id, to: 'production', at: '2026-04-02T00:00:00Z' })).details?.fields).toEqual({ at: 'A hand-off cannot be dated in the future.' });
    expect(refusal(() => lifecycle.move({ accountId: acme.id, to: 'production', at: '2026-03-01T00:00:00Z' })).message).toBe(
      'The previous hand-off is dated 2026-03-20; date this one on or after it.',
    );
    const foreign = lifecycle.templates('churned')[0]?.id ?? '';
    expect(refusal(() => lifecycle.move({ accountId: acme.id, to: 'production', done: [foreign] })).details?.fields).toHaveProperty('done');
    expect(refusal(() => lifecycle.move({ accountId: '01890a5d-ac96-774b-bcce-b302099a8057', to: 'production' })).code).toBe('not_found');

    expect(accounts.get(acme.id).stage).toBe('onboarding');
    expect({ events: t.count('lifecycle_events'), items: t.count('handoff_items'), outbox: t.count('outbox') }).toEqual(before);
  });

  it('rolls the event back when the account cannot take its new stage (the same transaction)', async () => {
    const t = await open('2026-04-01T09:00:00Z');
    const acme = t.services.accounts.create({ name: 'Acme' });
    const outbox = t.count('outbox');
    // A real failure inside SQLite, after the event and its items were written.
    t.store.db.exec(`CREATE TRIGGER refuse_stage BEFORE UPDATE OF stage ON accounts BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;`);
    expect(() => t.services.lifecycle.move({ accountId: acme.id, to: 'onboarding' })).toThrow(/disk trouble/);
    expect([t.count('lifecycle_events'), t.count('handoff_items'), t.count('outbox') - outbox]).toEqual([0, 0, 0]);
    expect(t.services.accounts.get(acme.id).stage).toBe('pre_sales');
  });

  it('snapshots the template: editing it later leaves past hand-offs as they were', async () => {
    const t = await open('2026-04-01T09:00:00Z');
    const { accounts, lifecycle, profile } = t.services;
    profile.save(MANAGER);
    const acme = accounts.create({ name: 'Acme' });
    lifecycle.move({ accountId: acme.id, to: 'onboarding' });
    const first = lifecycle.templates('onboarding')[0];
    lifecycle.saveTemplateItem({ id: first?.id, stage: 'onboarding', text: 'Technical win summary reviewed with the CSM' });
    lifecycle.deleteTemplateItem(lifecycle.templates('onboarding')[1]?.id ?? '');
    const added = lifecycle.saveTemplateItem({ stage: 'onboarding', text: 'Security questionnaire filed' });
    expect(lifecycle.templates('onboarding').map((i) => i.text)).toEqual([
      'Technical win summary reviewed with the CSM',
      ...DEFAULT_HANDOFF_TEMPLATES.onboarding.slice(2),
      'Security questionnaire filed',
    ]);
    expect(added.sort).toBe(5);
    expect(lifecycle.history(acme.id).events[0]?.items.map((i) => i.text)).toEqual(DEFAULT_HANDOFF_TEMPLATES.onboarding);
  });

  it('keeps checklist templates to managers and admins, and seeds the defaults once', async () => {
    const t = await open('2026-04-01T09:00:00Z');
    const { lifecycle, profile } = t.services;
    expect(refusal(() => lifecycle.saveTemplateItem({ stage: 'onboarding', text: 'x' }))).toMatchObject({ code: 'forbidden' });
    profile.save(TAM);
    expect(refusal(() => lifecycle.saveTemplateItem({ stage: 'onboarding', text: 'x' })).message).toBe(
      "Only managers and admins change hand-off checklists. Your profile's role is tam.",
    );
    const total = Object.values(DEFAULT_HANDOFF_TEMPLATES).flat().length;
    expect(lifecycle.templates()).toHaveLength(total);
    // Seeded rows stay local (every device seeds the same ids) and seeding again adds nothing.
    expect(t.count('outbox')).toBe(0);
    expect(lifecycle.repo.seedTemplates()).toBe(0);
  });
});
