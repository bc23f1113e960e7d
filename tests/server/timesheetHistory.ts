import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import { startTestServer } from './harness';
import type { Backend, TestServer } from './harness';

/** The server's rules for the timesheet history and for time logged under a person's email (server/policy.ts). */
export function timesheetHistorySuite(backend: Backend): void {
  describe(`timesheet history and email identity on the sync server (${backend.name})`, () => {
    let t: TestServer;
    beforeEach(async () => {
      t = await startTestServer(backend);
    });
    afterEach(async () => {
      await t.close();
    });

    const event = (userId: string, actor: string, action: string, reason = '') => ({
      timesheetId: newId(),
      userId,
      week: '2026-W48',
      action,
      actor,
      at: '2026-11-27T16:00:00.000Z',
      reason,
      entryId: null,
    });

    it('accepts time and timesheets logged under the person’s email, and refuses them under someone else’s', async () => {
      const tam = await t.addDevice({ email: 'ada@example.com', roles: ['tam'] });
      const other = await t.addDevice({ email: 'bob@example.com', roles: ['csm'] });
      const account = tam.newAccountOp();
      await tam.push([account]);
      const entry = {
        userId: 'ADA@example.com',
        date: '2026-11-23',
        minutes: 60,
        startedAt: null,
        endedAt: null,
        timeZone: 'Europe/Paris',
        category: 'onsite',
        sku: null,
        billable: false,
        rate: null,
        currency: null,
        note: '',
        source: 'manual',
        status: 'draft',
        adjustsId: null,
      };
      const mine = await tam.push([
        tam.op('time_entries', newId(), account.id, entry),
        tam.op('timesheets', newId(), 'org', { userId: 'ada@example.com', week: '2026-W48', status: 'submitted', approvedBy: null, approvedAt: null }),
      ]);
      expect(mine.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const notMine = await other.push([other.op('timesheets', newId(), 'org', { userId: 'ada@example.com', week: '2026-W49', status: 'submitted', approvedBy: null, approvedAt: null })]);
      expect(notMine.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    });

    it('keeps the history append-only, signed by its real author, with decisions by managers only', async () => {
      const tam = await t.addDevice({ email: 'ada@example.com', roles: ['tam'] });
      const manager = await t.addDevice({ email: 'grace@example.com', roles: ['manager'] });
      const submitted = newId();
      const ok = await tam.push([tam.op('timesheet_events', submitted, 'org', event('ada@example.com', 'ada@example.com', 'submitted'))]);
      expect(ok.body.results[0]).toMatchObject({ status: 'applied' });

      const cases = await tam.push([
        // A TAM recording an approval, even of their own week.
        tam.op('timesheet_events', newId(), 'org', event('ada@example.com', 'ada@example.com', 'approved')),
        // Signed with someone else's name.
        tam.op('timesheet_events', newId(), 'org', event('ada@example.com', 'grace@example.com', 'submitted')),
        // Submitting someone else's week.
        tam.op('timesheet_events', newId(), 'org', event('bob@example.com', 'ada@example.com', 'submitted')),
        // Rewriting history.
        tam.op('timesheet_events', submitted, 'org', { reason: 'never happened' }),
      ]);
      expect(cases.body.results.map((r) => (r.status === 'rejected' ? [r.code, r.message] : r.status))).toEqual([
        ['forbidden', 'Only managers and admins approve or reject time.'],
        ['forbidden', 'A timesheet history entry must name you as the person who made the change.'],
        ['forbidden', 'You can submit or withdraw only your own timesheets.'],
        ['locked', 'The timesheet history cannot be changed; it only grows.'],
      ]);

      const rejection = await manager.push([manager.op('timesheet_events', newId(), 'org', event('ada@example.com', manager.user.id, 'rejected', 'Split the travel out.'))]);
      expect(rejection.body.results[0]).toMatchObject({ status: 'applied' });
      const edit = await manager.push([manager.op('timesheet_events', submitted, 'org', { deleted: true })]);
      expect(edit.body.results[0]).toMatchObject({ status: 'rejected', code: 'locked' });

      const pulled = await tam.pullAll();
      const reasons = pulled.changes.filter((c) => c.table === 'timesheet_events').map((c) => c.fields['reason']?.value);
      expect(reasons).toEqual(['', 'Split the travel out.']);
    });
  });
}
