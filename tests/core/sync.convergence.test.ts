import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer } from '../server/harness';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

/** One step of the scenario: an offline edit on a device, or a sync of a device. */
type Step =
  | { kind: 'create'; device: number; name: string }
  | { kind: 'edit'; device: number; pick: number; field: 'health' | 'notes' | 'tier'; value: string }
  | { kind: 'delete'; device: number; pick: number }
  | { kind: 'sync'; device: number };

const device3 = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), device: device3, name: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '') }) },
  { weight: 6, arbitrary: fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), device: device3, pick: fc.nat(), field: fc.constant('health' as const), value: fc.constantFrom('green', 'amber', 'red') }),
    fc.record({ kind: fc.constant('edit' as const), device: device3, pick: fc.nat(), field: fc.constant('tier' as const), value: fc.constantFrom('standard', 'premium', 'premier') }),
    fc.record({ kind: fc.constant('edit' as const), device: device3, pick: fc.nat(), field: fc.constant('notes' as const), value: fc.string({ maxLength: 20 }) }),
  ) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device: device3, pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), device: device3 }) },
);

/** Every account a device holds, deleted ones included, as comparable data. */
function snapshot(c: Client): Array<Record<string, unknown>> {
  return c.core.store.db
    .prepare('SELECT id, name, tier, health, notes, deleted FROM accounts ORDER BY id')
    .all() as Array<Record<string, unknown>>;
}

describe('convergence', () => {
  it('random offline edits on three devices, synced in random orders, end in one state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const server = await startTestServer(sqliteBackend);
        const devices = [await device(server, 'dana@example.com'), await device(server, 'dana@example.com'), await device(server, 'dana@example.com')];
        try {
          // Start from two accounts every device holds, so edits collide often.
          await devices[0]?.call('accounts.create', { name: 'Acme' });
          await devices[0]?.call('accounts.create', { name: 'Globex' });
          for (const d of devices) await d.sync();
          for (const s of steps) {
            const d = devices[s.device] as Client;
            const live = await d.call('accounts.list', {});
            const target = live.length > 0 && s.kind !== 'create' && s.kind !== 'sync' ? live[s.pick % live.length] : undefined;
            if (s.kind === 'create') await d.call('accounts.create', { name: s.name });
            else if (s.kind === 'edit' && target) await d.call('accounts.update', { id: target.id, patch: { [s.field]: s.value } });
            else if (s.kind === 'delete' && target) await d.call('accounts.delete', { id: target.id });
            else if (s.kind === 'sync') await d.sync();
          }
          // Two full rounds: everyone sends, then everyone receives what the others sent.
          for (let round = 0; round < 2; round += 1) for (const d of devices) await d.sync();
          const states = devices.map(snapshot);
          expect(states[1]).toEqual(states[0]);
          expect(states[2]).toEqual(states[0]);
          // No acknowledged change is lost: nothing waits in any outbox, and the server holds every record.
          for (const d of devices) expect(d.repo.unsentCount()).toBe(0);
          const onServer = await server.store.db.query<{ id: string; fields: string }>(`SELECT id, fields FROM records WHERE tbl = 'accounts' ORDER BY id`);
          const serverState = onServer.map((r) => {
            const f = JSON.parse(r.fields) as Record<string, { value: unknown }>;
            return { id: r.id, name: f['name']?.value, tier: f['tier']?.value, health: f['health']?.value, notes: f['notes']?.value, deleted: f['deleted']?.value ? 1 : 0 };
          });
          expect(serverState).toEqual(states[0]);
        } finally {
          for (const d of devices) d.close();
          await server.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
