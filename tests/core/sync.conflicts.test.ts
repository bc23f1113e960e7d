import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../core/services';
import { sqliteBackend, startTestServer } from '../server/harness';
import type { TestServer } from '../server/harness';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

describe('concurrent edits of long text', () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeEach(async () => {
    server = await startTestServer(sqliteBackend);
  });
  afterEach(async () => {
    while (clients.length) clients.pop()?.close();
    await server.close();
  });
  const make = async () => {
    const c = await device(server, 'dana@example.com');
    clients.push(c);
    return c;
  };
  // Clocks are wall milliseconds first: a pause makes "the later edit" unambiguous.
  const later = () => new Promise((done) => setTimeout(done, 15));
  const conflictsOf = (c: Client) => createServices({ store: c.core.store, changed: () => {} }).conflicts;

  it('keeps the losing notes for the user to restore, and the restore syncs', async () => {
    const a = await make();
    const b = await make();
    const acme = await a.call('accounts.create', { name: 'Acme', notes: 'Kick-off done.' });
    await a.sync();
    await b.sync();
    // Both edit the same notes offline, starting from the same version.
    await a.call('accounts.update', { id: acme.id, patch: { notes: 'Kick-off done. Upgrade to 9.2 planned for March.' } });
    await later();
    await b.call('accounts.update', { id: acme.id, patch: { notes: 'Kick-off done. Customer asks for FIPS mode.' } });
    await a.sync();
    await b.sync(); // b's later edit wins on the server; b has nothing to keep.
    await a.sync(); // a pulls b's version over its own: a's words are kept as a conflict.
    expect((await a.call('accounts.get', { id: acme.id })).notes).toBe('Kick-off done. Customer asks for FIPS mode.');
    expect(conflictsOf(b).list()).toEqual([]);
    const [conflict] = conflictsOf(a).list();
    expect(conflict).toMatchObject({
      table: 'accounts',
      rowId: acme.id,
      field: 'notes',
      lostValue: 'Kick-off done. Upgrade to 9.2 planned for March.',
      currentValue: 'Kick-off done. Customer asks for FIPS mode.',
    });

    conflictsOf(a).restore(conflict?.id ?? -1);
    expect(conflictsOf(a).list()).toEqual([]);
    await a.sync();
    await b.sync();
    expect((await b.call('accounts.get', { id: acme.id })).notes).toBe('Kick-off done. Upgrade to 9.2 planned for March.');
    // b's own words were overwritten by a restore that started from them: a later edit, not a conflict.
    expect(conflictsOf(b).list()).toEqual([]);
  });

  it('does not call a later edit that started from ours a conflict', async () => {
    const a = await make();
    const b = await make();
    const acme = await a.call('accounts.create', { name: 'Acme', notes: 'v1' });
    await a.sync();
    await b.sync();
    await b.call('accounts.update', { id: acme.id, patch: { notes: 'v2 from b' } });
    await b.sync();
    await a.sync();
    expect((await a.call('accounts.get', { id: acme.id })).notes).toBe('v2 from b');
    expect(conflictsOf(a).list()).toEqual([]);
  });

  it('lets the user dismiss a conflict and keep the current version', async () => {
    const a = await make();
    const b = await make();
    const acme = await a.call('accounts.create', { name: 'Acme', notes: 'base' });
    await a.sync();
    await b.sync();
    await a.call('accounts.update', { id: acme.id, patch: { notes: 'from a' } });
    await later();
    await b.call('accounts.update', { id: acme.id, patch: { notes: 'from b' } });
    await a.sync();
    await b.sync();
    await a.sync();
    const [conflict] = conflictsOf(a).list();
    conflictsOf(a).dismiss(conflict?.id ?? -1);
    expect(conflictsOf(a).list()).toEqual([]);
    expect(() => conflictsOf(a).restore(conflict?.id ?? -1)).toThrow(/already resolved/);
    expect((await a.call('accounts.get', { id: acme.id })).notes).toBe('from b');
  });
});
