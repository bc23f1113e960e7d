import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, EventFrame } from '../../core/api/contract';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { testCore } from './helpers';

type Device = Awaited<ReturnType<typeof testCore>>;

/** The envelope's error, or a thrown error when the call succeeded. */
function failureOf(result: Envelope<unknown>) {
  if (result.ok) throw new Error(`succeeded: ${JSON.stringify(result.data)}`);
  return result.error;
}

describe('the conflicts API, through the link, against a real server', () => {
  let server: TestServer;
  const devices: Device[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (devices.length) devices.pop()?.close();
    await server.close();
  });
  const device = async () => {
    const d = await testCore();
    devices.push(d);
    const { token } = await server.addDevice({ email: 'dana@example.com' });
    await d.call('sync.register', { url: server.url, token });
    return d;
  };
  // Clocks are wall milliseconds first: a pause makes "the later edit" unambiguous.
  const later = () => new Promise((done) => setTimeout(done, 20));

  /** A and B edit Acme's notes offline from the same version; B's later edit wins, and A keeps its words as a conflict. */
  async function conflicted(mine: string, theirs: string) {
    const a = await device();
    const b = await device();
    const acme = await a.call('accounts.create', { name: 'Acme', notes: 'Kick-off done.' });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    await a.call('accounts.update', { id: acme.id, patch: { notes: mine } });
    await later();
    await b.call('accounts.update', { id: acme.id, patch: { notes: theirs } });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    return { a, b, acme };
  }

  it('lists the lost notes with the account’s name, and restores them; the restore syncs', async () => {
    const { a, b, acme } = await conflicted('Upgrade to 9.2 planned for March.', 'Customer asks for FIPS mode.');
    expect(await b.core.link.request('conflicts.list', {})).toEqual({ ok: true, data: [] });
    const listed = await a.core.link.request('conflicts.list', {});
    expect(listed).toEqual({
      ok: true,
      data: [
        {
          id: expect.any(Number) as unknown,
          table: 'accounts',
          rowId: acme.id,
          accountId: acme.id,
          label: 'Acme',
          field: 'notes',
          lostValue: 'Upgrade to 9.2 planned for March.',
          currentValue: 'Customer asks for FIPS mode.',
          at: expect.any(String) as unknown,
        },
      ],
    });
    const [conflict] = await a.call('conflicts.list', {});
    const id = conflict?.id ?? -1;

    const events: EventFrame[] = [];
    a.core.events.subscribe((frame) => events.push(frame));
    expect(await a.core.link.request('conflicts.restore', { id })).toEqual({ ok: true, data: { id } });
    expect(events).toEqual([{ kind: 'event', name: 'data.changed', payload: { tables: ['accounts', 'conflicts'], external: false } }]);
    expect(await a.call('conflicts.list', {})).toEqual([]);
    expect((await a.call('accounts.get', { id: acme.id })).notes).toBe('Upgrade to 9.2 planned for March.');
    // Resolved once: a second restore is refused in words.
    expect(failureOf(await a.core.link.request('conflicts.restore', { id }))).toEqual({
      code: 'not_found',
      message: 'That conflict was already resolved.',
    });

    await a.call('sync.run', {});
    await b.call('sync.run', {});
    expect((await b.call('accounts.get', { id: acme.id })).notes).toBe('Upgrade to 9.2 planned for March.');
    expect(await b.call('conflicts.list', {})).toEqual([]);
  });

  it('dismisses a conflict and keeps the current notes', async () => {
    const { a, acme } = await conflicted('from a', 'from b');
    const [conflict] = await a.call('conflicts.list', {});
    const id = conflict?.id ?? -1;
    expect(await a.core.link.request('conflicts.dismiss', { id })).toEqual({ ok: true, data: { id } });
    expect(await a.call('conflicts.list', {})).toEqual([]);
    expect((await a.call('accounts.get', { id: acme.id })).notes).toBe('from b');
    expect(failureOf(await a.core.link.request('conflicts.dismiss', { id }))).toMatchObject({ code: 'not_found' });
    expect(failureOf(await a.core.link.request('conflicts.restore', { id }))).toMatchObject({ code: 'not_found' });
  });

  it('names a conflict whose account is gone as having no label', async () => {
    const { a, acme } = await conflicted('from a', 'from b');
    await a.call('accounts.delete', { id: acme.id });
    expect(await a.call('conflicts.list', {})).toEqual([expect.objectContaining({ rowId: acme.id, label: null, lostValue: 'from a' })]);
  });

  it('refuses ids that are not positive whole numbers, and unknown fields', async () => {
    const a = await testCore();
    devices.push(a);
    for (const id of [0, -1, 1.5, '1', null]) {
      expect(failureOf(await a.core.link.request('conflicts.restore', { id }))).toMatchObject({
        code: 'invalid',
        details: { fields: { id: 'Not a valid conflict id.' } },
      });
    }
    expect(failureOf(await a.core.link.request('conflicts.dismiss', {}))).toMatchObject({ code: 'invalid' });
    expect(failureOf(await a.core.link.request('conflicts.list', { extra: true }))).toMatchObject({ code: 'invalid' });
    expect(failureOf(await a.core.link.request('conflicts.dismiss', { id: 999 }))).toEqual({
      code: 'not_found',
      message: 'That conflict was already resolved.',
    });
    expect(await a.call('conflicts.list', {})).toEqual([]);
  });
});
