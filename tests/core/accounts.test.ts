import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FieldbookError } from '../../core/model';
import type { Account } from '../../core/model';
import { testCore } from './helpers';
import type { TypedCall } from './helpers';
import type { Core } from '../../core/api/core';

let call: TypedCall;
let core: Core;
let close: () => void;
beforeEach(async () => {
  ({ call, core, close } = await testCore());
});
afterEach(() => close());

async function rejection(promise: Promise<unknown>): Promise<FieldbookError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldbookError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const rowCount = () => (core.store.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;

describe('accounts service', () => {
  it('creates an account with defaults and a UUIDv7 id that is its own partition', async () => {
    const a = await call('accounts.create', { name: '  Acme Corp ' });
    expect(a).toMatchObject({
      name: 'Acme Corp',
      segment: 'enterprise',
      tier: 'standard',
      residency: 'global',
      clearance: null,
      stage: 'pre_sales',
      health: 'green',
      notes: '',
    });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const row = core.store.db.prepare('SELECT account_id, clocks, deleted FROM accounts WHERE id = ?').get(a.id) as {
      account_id: string;
      clocks: string;
      deleted: number;
    };
    expect(row.account_id).toBe(a.id);
    expect(Object.keys(JSON.parse(row.clocks) as object).sort()).toEqual(
      ['clearance', 'deleted', 'health', 'name', 'notes', 'residency', 'segment', 'stage', 'tier'].sort(),
    );
  });

  it('refuses values outside their catalogs, naming the field and the allowed values, and writes nothing', async () => {
    const error = await rejection(call('accounts.create', { name: 'Bad', tier: 'gold', clearance: 'top-secret' }));
    expect(error.code).toBe('invalid');
    expect(error.details?.fields?.['tier']).toMatch(/"gold" is not a known support tier.*standard, premium, premier/);
    expect(error.details?.fields?.['clearance']).toMatch(/not a known clearance label/);
    expect(rowCount()).toBe(0);
  });

  it('refuses an empty name with a field error', async () => {
    const error = await rejection(call('accounts.create', { name: '   ' }));
    expect(error.details?.fields).toEqual({ name: 'Name is required.' });
    expect(rowCount()).toBe(0);
  });

  it('updates only the changed fields and advances only their clocks', async () => {
    const a = await call('accounts.create', { name: 'Acme', tier: 'premium' });
    const clocksOf = () =>
      JSON.parse((core.store.db.prepare('SELECT clocks FROM accounts WHERE id = ?').get(a.id) as { clocks: string }).clocks) as Record<
        string,
        string
      >;
    const before = clocksOf();
    const updated = await call('accounts.update', { id: a.id, patch: { health: 'red', tier: 'premium', residency: 'eu' } });
    expect(updated).toMatchObject({ health: 'red', tier: 'premium', residency: 'eu' });
    const after = clocksOf();
    expect(after['tier']).toBe(before['tier']);
    expect(after['name']).toBe(before['name']);
    expect(after['health']! > before['health']!).toBe(true);
    expect(after['residency']! > before['residency']!).toBe(true);
  });

  it('deletes as a tombstone that undo restores', async () => {
    const a = await call('accounts.create', { name: 'Acme' });
    await call('accounts.delete', { id: a.id });
    expect(await call('accounts.list', {})).toEqual([]);
    expect((await rejection(call('accounts.get', { id: a.id }))).code).toBe('not_found');
    expect(rowCount()).toBe(1);
    const restored = await call('accounts.restore', { id: a.id });
    expect(restored.name).toBe('Acme');
    expect((await call('accounts.list', {})).map((x) => x.id)).toEqual([a.id]);
  });

  it('lists with search, filters and sorting', async () => {
    await call('accounts.create', { name: 'Beta', tier: 'premier', health: 'amber', stage: 'production' });
    await call('accounts.create', { name: 'alpha', tier: 'standard', health: 'red', notes: 'GPU cluster rollout' });
    await call('accounts.create', { name: 'Gamma 100%', tier: 'premier', health: 'green', stage: 'onboarding' });
    const names = (list: Account[]) => list.map((a) => a.name);
    expect(names(await call('accounts.list', {}))).toEqual(['alpha', 'Beta', 'Gamma 100%']);
    expect(names(await call('accounts.list', { direction: 'desc' }))).toEqual(['Gamma 100%', 'Beta', 'alpha']);
    expect(names(await call('accounts.list', { sort: 'health' }))).toEqual(['alpha', 'Beta', 'Gamma 100%']);
    expect(names(await call('accounts.list', { sort: 'stage' }))).toEqual(['alpha', 'Gamma 100%', 'Beta']);
    expect(names(await call('accounts.list', { tier: 'premier' }))).toEqual(['Beta', 'Gamma 100%']);
    await call('accounts.create', { name: 'Delta', tier: 'premium' });
    expect(names(await call('accounts.list', { sort: 'tier' }))).toEqual(['alpha', 'Delta', 'Beta', 'Gamma 100%']);
    expect(names(await call('accounts.list', { search: 'gpu' }))).toEqual(['alpha']);
    // LIKE wildcards in the search text are taken literally.
    expect(names(await call('accounts.list', { search: '%' }))).toEqual(['Gamma 100%']);
    // A limit gives the head of the same sorted, filtered list: the first screenful the list paints.
    expect(names(await call('accounts.list', { sort: 'tier', limit: 2 }))).toEqual(['alpha', 'Delta']);
    expect(names(await call('accounts.list', { tier: 'premier', direction: 'desc', limit: 1 }))).toEqual(['Gamma 100%']);
    expect(names(await call('accounts.list', { limit: 10 }))).toEqual(names(await call('accounts.list', {})));
    expect((await rejection(call('accounts.list', { limit: 0 }))).code).toBe('invalid');
  });

  it('reports not_found for an unknown id and invalid for a malformed one', async () => {
    expect((await rejection(call('accounts.get', { id: '01890a5d-ac96-774b-bcce-b302099a8057' }))).code).toBe('not_found');
    expect((await rejection(call('accounts.get', { id: 'nope' }))).code).toBe('invalid');
  });

  it('keeps data across a restart of the core', async () => {
    const first = await testCore();
    const a = await first.call('accounts.create', { name: 'Persisted', tier: 'premier' });
    first.core.close();
    const second = await testCore(first.dir);
    expect(await second.call('accounts.get', { id: a.id })).toEqual(a);
    second.close();
  });

  it('refuses "global" as a home region, next to the field', async () => {
    const profile = { name: 'Dana', email: 'dana@example.com', role: 'tam' as const, homeRegion: 'global', timeZone: 'Europe/Paris' };
    const error = await rejection(call('profile.save', profile));
    expect(error.details?.fields?.['homeRegion']).toMatch(/not a region/);
    expect(await call('profile.get', {})).toBeNull();
    expect(await call('profile.save', { ...profile, homeRegion: 'eu' })).toMatchObject({ homeRegion: 'eu' });
  });

  it('seeds the catalogs once, with the same ids on every device', async () => {
    const tiers = await call('catalog.list', { kind: 'tier' });
    expect(tiers.map((t) => t.code)).toEqual(['standard', 'premium', 'premier']);
    const other = await testCore();
    expect(await other.call('catalog.list', { kind: 'tier' })).toEqual(tiers);
    other.close();
  });
});
