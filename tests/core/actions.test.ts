import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../core/api/events';
import { startReminders } from '../../core/api/reminders';
import type { EventFrame } from '../../core/api/contract';
import { FieldbookError, actionCreateSchema, actionListSchema } from '../../core/model';
import type { ActionCreate, ActionListQuery } from '../../core/model';
import type { Services } from '../../core/services';
import { DANA, clockedServices, counts } from './reviewsHelpers';

/** Noon in Paris on 12 March 2026: "today" for Dana is 2026-03-12. */
const START = '2026-03-12T11:00:00Z';

let services: Services;
let clock: { now: Date; set: (iso: string) => void };
let close: () => void;
let contoso: string;
let fabrikam: string;

const create = (input: ActionCreate) => services.actions.create(actionCreateSchema.parse(input));
const list = (query: Partial<ActionListQuery> = {}) => services.actions.list(actionListSchema.parse(query));

beforeEach(async () => {
  ({ services, clock, close } = await clockedServices(START));
  services.profile.save(DANA);
  contoso = services.accounts.create({ name: 'Contoso Bank' }).id;
  fabrikam = services.accounts.create({ name: 'Fabrikam' }).id;
});
afterEach(() => close());

describe('action items', () => {
  it('makes you the owner unless someone else is named, and refuses a missing owner without a profile', async () => {
    expect(create({ accountId: contoso, title: 'Send the runbook' })).toMatchObject({ owner: 'Dana Field', status: 'open', due: null, source: null, accountName: 'Contoso Bank' });
    expect(create({ accountId: contoso, title: 'Book the room', owner: 'Jane Doe' }).owner).toBe('Jane Doe');

    const bare = await clockedServices(START);
    try {
      const account = bare.services.accounts.create({ name: 'Nobody Ltd' }).id;
      expect(() => bare.services.actions.create(actionCreateSchema.parse({ accountId: account, title: 'x' }))).toThrow(/Owner is required/);
      expect(counts(bare.store, 'action_items')).toEqual({ rows: 0, outbox: 0 });
    } finally {
      bare.close();
    }
  });

  it('lists my items across accounts overdue first, then by due date, undated last', () => {
    const titles = (items: Array<{ title: string }>) => items.map((i) => i.title);
    create({ accountId: contoso, title: 'No date' });
    create({ accountId: fabrikam, title: 'Next week', due: '2026-03-19' });
    create({ accountId: contoso, title: 'Long overdue', due: '2026-02-01' });
    create({ accountId: fabrikam, title: 'Today', due: '2026-03-12' });
    create({ accountId: contoso, title: 'Yesterday', due: '2026-03-11' });
    create({ accountId: contoso, title: 'Someone else’s', owner: 'Jane Doe', due: '2026-01-01' });
    create({ accountId: contoso, title: 'Mine by email', owner: 'DANA@example.com', due: '2026-03-13' });
    const done = create({ accountId: contoso, title: 'Finished', due: '2026-01-02' });
    services.actions.setStatus(done.id, 'done');

    const mine = list({ mine: true });
    expect(titles(mine)).toEqual(['Long overdue', 'Yesterday', 'Today', 'Mine by email', 'Next week', 'No date']);
    expect(mine.map((i) => [i.overdue, i.dueToday])).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
      [false, false],
      [false, false],
    ]);
    expect(titles(list({ mine: true, overdue: true }))).toEqual(['Long overdue', 'Yesterday']);
    expect(titles(list({ accountId: contoso }))).toEqual(['Someone else’s', 'Long overdue', 'Yesterday', 'Mine by email', 'No date']);
    expect(titles(list({ mine: true, includeClosed: true }))).toContain('Finished');
    // A done item is never overdue.
    expect(list({ includeClosed: true }).find((i) => i.title === 'Finished')?.overdue).toBe(false);
  });

  it('changes status, edits, deletes with undo, and hides the items of a deleted account', () => {
    const item = create({ accountId: fabrikam, title: 'Call back', due: '2026-03-15' });
    expect(services.actions.setStatus(item.id, 'in_progress').status).toBe('in_progress');
    expect(services.actions.update({ id: item.id, patch: { due: '2026-03-10', title: 'Call Jane back' } })).toMatchObject({ title: 'Call Jane back', overdue: true });
    services.actions.delete(item.id);
    expect(list()).toEqual([]);
    expect(services.actions.restore(item.id).title).toBe('Call Jane back');
    services.accounts.delete(fabrikam);
    expect(list()).toEqual([]);
    expect(() => services.actions.get(item.id)).toThrow(FieldbookError);
  });
});

describe('due reminders', () => {
  it('announces each of my due or overdue items once per day, and again the next day while still due', () => {
    const overdue = create({ accountId: contoso, title: 'Overdue', due: '2026-03-01' });
    const today = create({ accountId: fabrikam, title: 'Due today', due: '2026-03-12' });
    create({ accountId: contoso, title: 'Tomorrow', due: '2026-03-13' });
    create({ accountId: contoso, title: 'Jane’s', owner: 'Jane Doe', due: '2026-03-01' });

    expect(services.actions.claimReminders()).toEqual([
      { id: overdue.id, title: 'Overdue', accountId: contoso, accountName: 'Contoso Bank', due: '2026-03-01', overdue: true },
      { id: today.id, title: 'Due today', accountId: fabrikam, accountName: 'Fabrikam', due: '2026-03-12', overdue: false },
    ]);
    expect(services.actions.claimReminders()).toEqual([]);

    // Later the same day, a new item falls due: only it is announced.
    clock.set('2026-03-12T20:00:00Z');
    const late = create({ accountId: contoso, title: 'Added tonight', due: '2026-03-12' });
    expect(services.actions.claimReminders().map((r) => r.id)).toEqual([late.id]);

    // The next day: everything still open and due is announced again; a done item is not.
    clock.set('2026-03-13T07:00:00Z');
    services.actions.setStatus(overdue.id, 'done');
    expect(services.actions.claimReminders().map((r) => r.title)).toEqual(['Due today', 'Added tonight', 'Tomorrow']);
    expect(services.actions.claimReminders()).toEqual([]);
  });

  it('counts days on the owner’s calendar', () => {
    services.profile.save({ ...DANA, timeZone: 'Pacific/Auckland' });
    // 11:00 UTC on the 12th is already the 13th in Auckland.
    create({ accountId: contoso, title: 'Due on the 13th', due: '2026-03-13' });
    expect(services.actions.claimReminders().map((r) => [r.title, r.overdue])).toEqual([['Due on the 13th', false]]);
  });

  it('emits reminders.due once per item per day from the schedule, and looks again after action items change', () => {
    vi.useFakeTimers();
    const events = new EventBus();
    const heard: EventFrame[] = [];
    events.subscribe((frame) => {
      if (frame.name === 'reminders.due') heard.push(frame);
    });
    const schedule = startReminders(services.actions, events, { firstCheckMs: 10, debounceMs: 10, intervalMs: 60_000 }, (error) => {
      throw error;
    });
    try {
      create({ accountId: contoso, title: 'Overdue', due: '2026-03-01' });
      vi.advanceTimersByTime(10);
      expect(heard.map((f) => (f.payload as { items: Array<{ title: string }> }).items.map((i) => i.title))).toEqual([['Overdue']]);
      schedule.check();
      vi.advanceTimersByTime(120_000);
      expect(heard).toHaveLength(1);

      create({ accountId: fabrikam, title: 'Due today', due: '2026-03-12' });
      events.emit('data.changed', { tables: ['action_items'], external: false });
      vi.advanceTimersByTime(10);
      expect(heard).toHaveLength(2);
      expect((heard[1]?.payload as { items: Array<{ title: string }> }).items.map((i) => i.title)).toEqual(['Due today']);
    } finally {
      schedule.stop();
      vi.useRealTimers();
    }
  });
});
