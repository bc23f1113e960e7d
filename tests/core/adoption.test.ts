import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPABILITIES, adoptionScore } from '../../core/model';
import type { AdoptionStatus } from '../../core/model';
import { AdoptionRepo } from '../../core/store/adoptionRepo';
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

describe('the adoption score', () => {
  it('is the weighted share of the catalog in use: adopted 1, piloting ½, evaluating ¼, blocked and not started 0', () => {
    const catalog = [
      { code: 'a', weight: 3 },
      { code: 'b', weight: 1 },
      { code: 'c', weight: 2 },
      { code: 'd', weight: 2 },
    ];
    const statuses: Record<string, AdoptionStatus> = { a: 'adopted', b: 'piloting', c: 'evaluating', d: 'blocked' };
    // (3×1 + 1×0.5 + 2×0.25 + 2×0) / 8 = 4 / 8 = 50 %.
    expect(adoptionScore(catalog, (code) => statuses[code])).toEqual({ score: 50, adopted: 1, inProgress: 2, blocked: 1, total: 4 });
    expect(adoptionScore(catalog, () => undefined)).toEqual({ score: 0, adopted: 0, inProgress: 0, blocked: 0, total: 4 });
    expect(adoptionScore(catalog, () => 'adopted').score).toBe(100);
    // One piloting capability of weight 1 among weights totalling 3: 0.5 / 3 = 16.7 %, rounded.
    expect(adoptionScore([{ code: 'x', weight: 1 }, { code: 'y', weight: 2 }], (c) => (c === 'x' ? 'piloting' : undefined)).score).toBe(17);
    expect(adoptionScore([], () => 'adopted').score).toBeNull();
  });
});

describe('adoption per account', () => {
  it('records statuses with dated notes and blockers, and scores the account against the seeded catalog', async () => {
    const t = await open('2026-06-10T15:00:00Z');
    const { accounts, adoption, profile } = t.services;
    profile.save(TAM);
    const acme = accounts.create({ name: 'Acme' });
    expect(adoption.catalog().map((c) => c.code)).toEqual(DEFAULT_CAPABILITIES.map((c) => c.code));

    adoption.set({ accountId: acme.id, capability: 'sso', status: 'adopted', note: 'Okta in production.', on: '2026-06-01' });
    adoption.set({ accountId: acme.id, capability: 'rbac', status: 'piloting' });
    adoption.set({ accountId: acme.id, capability: 'audit-logs', status: 'evaluating' });
    const blocked = adoption.set({ accountId: acme.id, capability: 'byok', status: 'blocked', blockers: 'Waiting for the customer HSM.' });
    expect(blocked).toMatchObject({ status: 'blocked', blockers: 'Waiting for the customer HSM.', since: '2026-06-10' });

    const got = adoption.forAccount(acme.id);
    // Weights: sso 3 adopted, rbac 3 piloting, audit-logs 2 evaluating, byok 2 blocked, the rest (12) not started.
    // (3 + 1.5 + 0.5 + 0) / 22 = 22.7 % → 23.
    expect(got.score).toEqual({ score: 23, adopted: 1, inProgress: 2, blocked: 1, total: 11 });
    const sso = got.entries.find((e) => e.capability.code === 'sso');
    expect(sso).toMatchObject({ status: 'adopted', since: '2026-06-01' });
    expect(sso?.notes.map((n) => [n.on, n.status, n.text])).toEqual([['2026-06-01', 'adopted', 'Okta in production.']]);
    // Today is the profile's date (New York), and every change of status is noted even without words.
    expect(got.entries.find((e) => e.capability.code === 'rbac')?.notes.map((n) => [n.on, n.status, n.text])).toEqual([['2026-06-10', 'piloting', '']]);
    expect(got.entries.find((e) => e.capability.code === 'k8s-operator')).toMatchObject({ status: 'not_started', since: null, notes: [] });
  });

  it('refuses what it cannot record, writing nothing; an unchanged status writes nothing either', async () => {
    const t = await open('2026-06-10T15:00:00Z');
    const { accounts, adoption } = t.services;
    const acme = accounts.create({ name: 'Acme' });
    const outbox = t.count('outbox');
    expect(refusal(() => adoption.set({ accountId: acme.id, capability: 'byok', status: 'blocked' })).details?.fields).toEqual({
      blockers: 'Say what blocks it: a capability marked Blocked needs its blockers.',
    });
    expect(refusal(() => adoption.set({ accountId: acme.id, capability: 'teleport', status: 'adopted' })).message).toMatch(/^"teleport" is not in the capability catalog\. Choose one of: sso, rbac,/);
    expect(refusal(() => adoption.set({ accountId: acme.id, capability: 'sso', status: 'adopted', on: '2026-06-20' })).details?.fields).toEqual({ on: 'A change cannot be dated in the future.' });
    expect(t.count('outbox')).toBe(outbox);

    adoption.set({ accountId: acme.id, capability: 'sso', status: 'piloting' });
    const after = t.count('outbox');
    adoption.set({ accountId: acme.id, capability: 'sso', status: 'piloting' });
    expect(t.count('outbox')).toBe(after);
    // A note alone keeps the status and its date.
    t.setNow('2026-06-12T15:00:00Z');
    const noted = adoption.set({ accountId: acme.id, capability: 'sso', note: 'Second team onboarded.' });
    expect(noted).toMatchObject({ status: 'piloting', since: '2026-06-10' });
    expect(noted.notes.map((n) => [n.on, n.status, n.text])).toEqual([
      ['2026-06-12', null, 'Second team onboarded.'],
      ['2026-06-10', 'piloting', ''],
    ]);
    // One record per account and capability, with an id every device derives alike.
    expect(t.store.db.prepare('SELECT id FROM adoption').all()).toEqual([{ id: AdoptionRepo.adoptionId(acme.id, 'sso') }]);
  });

  it('puts every account × capability in the portfolio', async () => {
    const t = await open('2026-06-10T15:00:00Z');
    const { accounts, adoption } = t.services;
    const a = accounts.create({ name: 'Acme' });
    accounts.create({ name: 'Bolt' });
    adoption.set({ accountId: a.id, capability: 'sso', status: 'adopted' });
    const portfolio = adoption.portfolio();
    expect(portfolio.capabilities).toHaveLength(DEFAULT_CAPABILITIES.length);
    expect(portfolio.accounts.map((r) => [r.name, r.statuses, r.score.score])).toEqual([
      ['Acme', { sso: 'adopted' }, 14],
      ['Bolt', {}, 0],
    ]);
  });
});

describe('the capability catalog', () => {
  it('is edited by managers; a code is fixed, and a removed code comes back as the same capability', async () => {
    const t = await open('2026-06-10T15:00:00Z');
    const { accounts, adoption, profile } = t.services;
    profile.save(TAM);
    expect(refusal(() => adoption.saveCapability({ code: 'gpu', name: 'GPU pools', category: '', description: '', weight: 1 })).code).toBe('forbidden');
    profile.save(MANAGER);
    const gpu = adoption.saveCapability({ code: 'gpu', name: 'GPU pools', category: 'Compute', description: '', weight: 2 });
    expect(gpu).toMatchObject({ code: 'gpu', sort: DEFAULT_CAPABILITIES.length, id: AdoptionRepo.capabilityId('gpu') });
    expect(refusal(() => adoption.saveCapability({ code: 'gpu', name: 'Again', category: '', description: '', weight: 1 })).details?.fields?.['code']).toMatch(/already is a capability/);
    expect(refusal(() => adoption.saveCapability({ id: gpu.id, code: 'gpus', name: 'GPU', category: '', description: '', weight: 1 })).details?.fields?.['code']).toMatch(/cannot change/);

    const acme = accounts.create({ name: 'Acme' });
    adoption.set({ accountId: acme.id, capability: 'gpu', status: 'adopted' });
    adoption.deleteCapability('gpu');
    expect(adoption.forAccount(acme.id).score.total).toBe(DEFAULT_CAPABILITIES.length);
    adoption.saveCapability({ code: 'gpu', name: 'GPU pools', category: 'Compute', description: '', weight: 2 });
    expect(adoption.forAccount(acme.id).entries.find((e) => e.capability.code === 'gpu')?.status).toBe('adopted');
  });

  it('rejects a malformed code at the API with a message next to the field', async () => {
    const core = await testCore();
    try {
      await core.call('profile.save', MANAGER);
      const bad = await core.call('adoption.saveCapability', { code: 'GPU Pools', name: 'GPU pools' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'invalid', details: { fields: { code: 'Capability codes use lower-case letters, digits and dashes, like private-networking.' } } });
      const weight = await core.call('adoption.saveCapability', { code: 'gpu', name: 'GPU pools', weight: 9 }).catch((e: unknown) => e);
      expect(weight).toMatchObject({ details: { fields: { weight: 'Weight is a whole number from 1 to 5.' } } });
    } finally {
      core.close();
    }
  });
});
