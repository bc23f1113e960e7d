import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { AppInfo } from '../../core/api/contract';
import type { Account, Profile } from '../../core/model';
import { ApiError } from '../../renderer/src/api/client';
import { startCore } from './helpers';
import type { TestCore } from './helpers';

describe('typed client', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('returns the contract’s output types and throws ApiError with field errors', async () => {
    const info = await t.client.call('app.info', {});
    expectTypeOf(info).toEqualTypeOf<AppInfo>();
    expect(info).toMatchObject({ host: 'in-process', dataDir: t.dir });

    const profile = await t.client.call('profile.get', {});
    expectTypeOf(profile).toEqualTypeOf<Profile | null>();
    expect(profile).toBeNull();

    const account = await t.client.call('accounts.create', { name: 'Typed' });
    expectTypeOf(account).toEqualTypeOf<Account>();
    expect(account.name).toBe('Typed');

    const error: unknown = await t.client.call('accounts.create', { name: 'X', tier: 'gold' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    if (!(error instanceof ApiError)) return;
    expect(error.code).toBe('invalid');
    expect(error.fields.tier).toContain('"gold" is not a known support tier');

    await t.client.call('accounts.delete', { id: account.id });
    await expect(t.client.call('accounts.get', { id: account.id })).rejects.toMatchObject({ name: 'ApiError', code: 'not_found' });
  });

  it('rejects wrong method names and input shapes at compile time (tsc checks these lines)', () => {
    // Each line below must be a type error: if one compiles, @ts-expect-error itself fails `tsc`.
    // The calls sit in a function that is never run, so nothing reaches the core.
    const neverRun = () => {
      // @ts-expect-error: no such method in the contract
      void t.client.call('accounts.destroy', { id: 'x' });
      // @ts-expect-error: accounts.create needs a name
      void t.client.call('accounts.create', { tier: 'premium' });
      // @ts-expect-error: name must be a string
      void t.client.call('accounts.create', { name: 42 });
      // @ts-expect-error: health is a closed enum
      void t.client.call('accounts.update', { id: 'x', patch: { health: 'purple' } });
      // @ts-expect-error: accounts.get takes an object with an id, not a bare string
      void t.client.call('accounts.get', 'x');
      // @ts-expect-error: sort keys come from ACCOUNT_SORT_KEYS
      void t.client.call('accounts.list', { sort: 'revenue' });
      // @ts-expect-error: the output of accounts.list is Account[], not a string
      const wrong: Promise<string> = t.client.call('accounts.list', {});
      return wrong;
    };
    expect(typeof neverRun).toBe('function');
  });
});
