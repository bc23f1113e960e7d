import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningTimer } from '../../core/model';
import { testCore } from './helpers';
import { errorOf, timeWorld } from './timeHelpers';
import type { TimeWorld } from './timeHelpers';

describe('the timer on a real SQLite file', () => {
  let w: TimeWorld;
  let contoso: string;
  let fabrikam: string;
  let seen: Array<RunningTimer | null>;
  beforeEach(async () => {
    w = await timeWorld('2026-11-23T09:00:00.000Z');
    contoso = w.account('Contoso');
    fabrikam = w.account('Fabrikam');
    seen = [];
    w.services.timer.onChange((t) => seen.push(t));
  });
  afterEach(() => w.close());

  const start = (accountId = contoso) => w.services.timer.start({ accountId, category: 'onsite', sku: 'TAM-ONSITE', timeZone: 'Europe/Paris' });

  it('starts, survives a restart of the app, and stops into a timed entry with the SKU’s billing', async () => {
    const timer = start();
    expect(timer).toEqual({ accountId: contoso, category: 'onsite', sku: 'TAM-ONSITE', note: '', startedAt: '2026-11-23T09:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(errorOf(() => start(fabrikam))).toMatchObject({ code: 'conflict', message: 'A timer is already running. Stop it or switch it to this account.' });

    w.advance(95);
    w = await w.reopen();
    expect(w.services.timer.get()).toEqual(timer);
    const entry = w.services.timer.stop();
    expect(entry).toMatchObject({
      accountId: contoso,
      date: '2026-11-23',
      minutes: 95,
      startedAt: '2026-11-23T09:00:00.000Z',
      endedAt: '2026-11-23T10:35:00.000Z',
      timeZone: 'Europe/Paris',
      source: 'timer',
      billable: true,
      rate: 20_000,
    });
    expect(w.services.timer.get()).toBeNull();
    expect(errorOf(() => w.services.timer.stop()).code).toBe('not_found');
  });

  it('tells listeners about every change (the timer.changed event)', () => {
    start();
    w.advance(10);
    w.services.timer.switch({ accountId: fabrikam, category: 'remote' });
    w.advance(10);
    w.services.timer.stop();
    expect(seen.map((t) => t?.accountId ?? null)).toEqual([contoso, fabrikam, null]);
  });

  it('switches in one step: the first entry ends where the next timer starts', () => {
    start();
    w.advance(40);
    const next = w.services.timer.switch({ accountId: fabrikam, category: 'incident', sku: null, timeZone: 'Europe/Paris' });
    expect(next).toMatchObject({ accountId: fabrikam, startedAt: '2026-11-23T09:40:00.000Z' });
    w.advance(20);
    w.services.timer.stop();
    const entries = w.services.time.list({});
    expect(entries.map((e) => [e.accountId, e.minutes, e.startedAt, e.endedAt])).toEqual([
      [contoso, 40, '2026-11-23T09:00:00.000Z', '2026-11-23T09:40:00.000Z'],
      [fabrikam, 20, '2026-11-23T09:40:00.000Z', '2026-11-23T10:00:00.000Z'],
    ]);
  });

  it('writes nothing for a timer stopped within half a minute, and can be discarded', () => {
    start();
    expect(w.services.timer.stop()).toBeNull();
    start();
    w.advance(30);
    expect(w.services.timer.discard()).toEqual({ discarded: true });
    expect(w.services.time.list({})).toEqual([]);
  });

  it('refuses an unknown account or SKU at the start, not when the time is written', () => {
    expect(errorOf(() => w.services.timer.start({ accountId: 'nope', category: 'onsite' })).details?.fields).toHaveProperty('accountId');
    expect(errorOf(() => w.services.timer.start({ accountId: contoso, category: 'onsite', sku: 'GOLD' })).details?.fields).toHaveProperty('sku');
    expect(errorOf(() => w.services.timer.start({ accountId: contoso, category: 'onsite', timeZone: 'Mars/Olympus' })).message).toBe('Unknown time zone.');
    expect(w.services.timer.get()).toBeNull();
  });

  it('splits a timer that runs past midnight into one entry per calendar day in the worker’s zone', () => {
    w.setNow('2026-11-23T22:30:00.000Z'); // 23:30 in Paris
    start();
    w.advance(90);
    w.services.timer.stop();
    expect(w.services.time.list({}).map((e) => [e.date, e.minutes, e.startedAt, e.endedAt])).toEqual([
      ['2026-11-23', 30, '2026-11-23T22:30:00.000Z', '2026-11-23T23:00:00.000Z'],
      ['2026-11-24', 60, '2026-11-23T23:00:00.000Z', '2026-11-24T00:00:00.000Z'],
    ]);
  });

  it('keeps running when the rules refuse its time, so nothing is lost, and says why', () => {
    start();
    w.services.time.add({ accountId: fabrikam, date: '2026-11-23', minutes: 30, startedAt: '2026-11-23T09:15:00Z', endedAt: '2026-11-23T09:45:00Z', category: 'remote' });
    w.advance(60);
    expect(errorOf(() => w.services.timer.stop()).message).toBe('This overlaps another timed entry of yours.');
    expect(w.services.timer.get()?.accountId).toBe(contoso);
    expect(w.services.time.list({})).toHaveLength(1);
  });

  it('stops a forgotten timer at the limit and asks: keep, or adjust to the real time', async () => {
    expect(w.services.timer.settings()).toEqual({ timerLimitMinutes: 600 });
    start();
    w.advance(9 * 60);
    expect(w.services.timer.get()).not.toBeNull();
    w.advance(5 * 60);
    // Nobody looked for 14 hours; the next look stops it at 10 hours.
    w = await w.reopen();
    expect(w.services.timer.get()).toBeNull();
    const notice = w.services.timer.notice();
    expect(notice).toMatchObject({ accountId: contoso, limitMinutes: 600, startedAt: '2026-11-23T09:00:00.000Z', stoppedAt: '2026-11-23T19:00:00.000Z' });
    expect(w.services.time.get(notice?.entryId ?? '')).toMatchObject({ minutes: 600, endedAt: '2026-11-23T19:00:00.000Z' });
    const fixed = w.services.timer.resolveLimit(7 * 60 + 30);
    expect(fixed).toMatchObject({ minutes: 450, endedAt: '2026-11-23T16:30:00.000Z' });
    expect(w.services.timer.notice()).toBeNull();
    expect(errorOf(() => w.services.timer.resolveLimit(undefined)).code).toBe('not_found');
  });

  it('adjusts a forgotten timer that ran past midnight as a whole: the real duration counts from its start', () => {
    w.setNow('2026-11-23T21:00:00.000Z'); // 22:00 in Paris
    start();
    w.advance(12 * 60);
    expect(w.services.timer.get()).toBeNull();
    expect(w.services.time.list({}).map((e) => [e.date, e.minutes])).toEqual([
      ['2026-11-23', 120],
      ['2026-11-24', 480],
    ]);
    w.services.timer.resolveLimit(90);
    expect(w.services.time.list({}).map((e) => [e.date, e.minutes, e.endedAt])).toEqual([['2026-11-23', 90, '2026-11-23T22:30:00.000Z']]);
  });

  it('applies a lowered limit at once, and keeps the written time when the answer is “keep”', () => {
    start();
    w.advance(120);
    w.services.timer.saveSettings({ timerLimitMinutes: 60 });
    expect(w.services.timer.get()).toBeNull();
    const notice = w.services.timer.notice();
    expect(w.services.timer.resolveLimit(undefined)).toMatchObject({ id: notice?.entryId, minutes: 60 });
    expect(w.services.timer.notice()).toBeNull();
  });

  it('decides idle time: keep it, discard it, or split it into its own entry elsewhere', () => {
    start();
    w.advance(60);
    // Keep: the idle half hour stays in the running timer.
    const kept = w.services.timer.resolveIdle({ idleSince: '2026-11-23T09:30:00.000Z', action: 'keep' });
    expect(kept).toEqual({ entries: [], timer: expect.objectContaining({ startedAt: '2026-11-23T09:00:00.000Z' }) as unknown });

    // Discard: 09:00–09:30 written, 09:30–10:00 dropped, the timer runs on from now.
    const discarded = w.services.timer.resolveIdle({ idleSince: '2026-11-23T09:30:00.000Z', action: 'discard' });
    expect(discarded.entries.map((e) => [e.minutes, e.startedAt, e.endedAt])).toEqual([[30, '2026-11-23T09:00:00.000Z', '2026-11-23T09:30:00.000Z']]);
    expect(discarded.timer?.startedAt).toBe('2026-11-23T10:00:00.000Z');

    // Split: the work, and the idle time as a travel entry on another account, then stop.
    w.advance(45);
    const split = w.services.timer.resolveIdle({
      idleSince: '2026-11-23T10:15:00.000Z',
      action: 'split',
      idle: { accountId: fabrikam, category: 'travel', sku: null },
      stop: true,
    });
    expect(split.entries.map((e) => [e.accountId, e.category, e.minutes, e.startedAt, e.billable])).toEqual([
      [contoso, 'onsite', 15, '2026-11-23T10:00:00.000Z', true],
      [fabrikam, 'travel', 30, '2026-11-23T10:15:00.000Z', false],
    ]);
    expect(split.timer).toBeNull();
    expect(w.services.timer.get()).toBeNull();
    expect(errorOf(() => w.services.timer.resolveIdle({ idleSince: '2026-11-23T10:15:00.000Z', action: 'keep' })).code).toBe('not_found');
  });

  it('counts today’s time for the tray, with the running timer', () => {
    w.services.time.add({ accountId: contoso, date: '2026-11-23', minutes: 45, category: 'remote' });
    w.services.time.add({ accountId: contoso, date: '2026-11-22', minutes: 45, category: 'remote' });
    start();
    w.advance(30);
    expect(w.services.time.todayMinutes(w.services.timer.runningMinutesToday())).toEqual({ minutes: 75 });
  });
});

describe('the timer through the API', () => {
  it('emits timer.changed on the event bus and validates the guard setting', async () => {
    const t = await testCore();
    try {
      await t.call('profile.save', { name: 'Ada', email: 'ada@example.com', role: 'tam', homeRegion: 'uk', timeZone: 'Europe/London' });
      const account = await t.call('accounts.create', { name: 'Contoso' });
      const events: unknown[] = [];
      t.core.link.onEvent((frame) => {
        if (frame.name === 'timer.changed') events.push(frame.payload);
      });
      const timer = await t.call('timer.start', { accountId: account.id, category: 'qbr' });
      expect(await t.call('timer.get', {})).toEqual(timer);
      await t.call('timer.stop', {});
      expect(events).toEqual([timer, null]);
      const bad = await t.core.link.request('time.settings.save', { timerLimitMinutes: 5 });
      expect(bad).toMatchObject({ ok: false, error: { details: { fields: { timerLimitMinutes: 'The limit is at least 15 minutes.' } } } });
      expect(await t.call('time.settings.save', { timerLimitMinutes: 8 * 60 })).toEqual({ timerLimitMinutes: 480 });
      expect(await t.call('time.settings.get', {})).toEqual({ timerLimitMinutes: 480 });
      expect(await t.call('time.today', {})).toEqual({ minutes: 0 });
    } finally {
      t.close();
    }
  });
});
