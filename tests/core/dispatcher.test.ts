import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../core/api/dispatcher';
import type { Handlers } from '../../core/api/dispatcher';
import { FieldbookError } from '../../core/model';
import { testCore } from './helpers';

describe('dispatcher', () => {
  it('refuses an unknown method with the closed error envelope', async () => {
    const { core, close } = await testCore();
    expect(await core.dispatcher.dispatch('accounts.drop', {})).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Unknown method "accounts.drop".' },
    });
    // Object prototype keys are not methods.
    expect((await core.dispatcher.dispatch('toString', {})).ok).toBe(false);
    close();
  });

  it('validates input before any handler runs and names the field', async () => {
    const { core, close } = await testCore();
    const result = await core.dispatcher.dispatch('accounts.create', { name: 42 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid');
      expect(result.error.message).toBe('Name is required.');
      expect(result.error.details?.fields).toHaveProperty('name');
    }
    const unknownField = await core.dispatcher.dispatch('accounts.create', { name: 'x', owner: 'me' });
    expect(unknownField).toMatchObject({ ok: false, error: { message: 'Unknown field: owner.' } });
    // A generic zod message gets the field's label, so it still says which field is wrong.
    const generic = await core.dispatcher.dispatch('profile.save', { name: 'x', email: 'a@b.co', role: 'tam', homeRegion: 'eu', timeZone: 5 });
    expect(generic).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Time zone: /) as unknown } });
    const emptyTier = await core.dispatcher.dispatch('accounts.create', { name: 'x', tier: '' });
    expect(emptyTier).toMatchObject({ ok: false, error: { message: 'Choose a support tier.' } });
    expect(core.store.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    close();
  });

  it('passes a FieldbookError through and hides unexpected errors behind `internal`', async () => {
    const log = vi.fn();
    const handlers = {
      'accounts.get': () => {
        throw new FieldbookError('locked', 'That week is approved.');
      },
      'accounts.list': () => {
        throw new Error('SQLITE_BUSY: secret path /home/x');
      },
    } as unknown as Handlers;
    const dispatcher = createDispatcher(handlers, log);
    expect(await dispatcher.dispatch('accounts.get', { id: '01890a5d-ac96-774b-bcce-b302099a8057' })).toEqual({
      ok: false,
      error: { code: 'locked', message: 'That week is approved.' },
    });
    const internal = await dispatcher.dispatch('accounts.list', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret path');
    expect(log).toHaveBeenCalledOnce();
  });
});
