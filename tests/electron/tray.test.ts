const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import type { MenuItemConstructorOptions } from 'electron';
import type { CoreLink, Envelope, EventFrame } from '../../core/api/contract';
import { TIMER_CHANGED_EVENT, TIMER_METHODS } from '../../electron/coreMethods';
import { TrayController } from '../../electron/tray';
import { buildTrayMenu, categoryLabel, elapsedMinutes, EMPTY_TRAY_STATE, formatMinutes, MAX_RECENT, rememberRecent, trayTooltip } from '../../electron/trayMenu';
import type { TrayActions, TrayRecent, TrayTimerState } from '../../electron/trayMenu';

const NOW = new Date('2026-03-02T10:30:00Z');
const ACME: TrayRecent = { accountId: 'acc-acme', category: 'onsite', sku: null, accountName: 'Acme Corp' };
const GLOBEX: TrayRecent = { accountId: 'acc-globex', category: 'roadmap_review', sku: 'PS-1', accountName: 'Globex' };
const INITECH: TrayRecent = { accountId: 'acc-initech', category: 'incident', sku: null, accountName: null };

function actions() {
  return {
    start: vi.fn<TrayActions['start']>(),
    switchTo: vi.fn<TrayActions['switchTo']>(),
    stop: vi.fn<TrayActions['stop']>(),
    show: vi.fn<TrayActions['show']>(),
    quit: vi.fn<TrayActions['quit']>(),
  } satisfies TrayActions;
}

function labels(template: MenuItemConstructorOptions[]): string[] {
  return template.map((item) => (item.type === 'separator' ? '---' : (item.label ?? '')));
}

function item(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = template.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no item ${label} in ${labels(template).join(' | ')}`);
  return found;
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const sub = item(template, label).submenu;
  if (!Array.isArray(sub)) throw new Error(`${label} has no submenu`);
  return sub;
}

const click = (entry: MenuItemConstructorOptions) => entry.click?.({} as never, undefined, {});

describe('the tray menu', () => {
  const running: TrayTimerState = {
    available: true,
    running: { ...ACME, startedAt: '2026-03-02T09:05:00Z' },
    todayMinutes: 320,
    recent: [ACME, GLOBEX, INITECH],
  };

  it('with a timer running: what runs and for how long, Stop, Switch to the other recent timers, today’s total', () => {
    const a = actions();
    const template = buildTrayMenu(running, NOW, a);
    expect(labels(template)).toEqual(['Running: Acme Corp · Onsite — 1 h 25 min', 'Stop timer', 'Switch to', '---', 'Today: 5 h 20 min', '---', 'Open Fieldbook', 'Quit Fieldbook']);
    expect(item(template, 'Running: Acme Corp · Onsite — 1 h 25 min').enabled).toBe(false);
    click(item(template, 'Stop timer'));
    expect(a.stop).toHaveBeenCalledTimes(1);
    const switchTo = submenu(template, 'Switch to');
    expect(labels(switchTo)).toEqual(['Globex · Roadmap review (PS-1)', 'Unnamed account · Incident']);
    click(item(switchTo, 'Globex · Roadmap review (PS-1)'));
    expect(a.switchTo).toHaveBeenCalledWith({ accountId: 'acc-globex', category: 'roadmap_review', sku: 'PS-1' });
    expect(a.start).not.toHaveBeenCalled();
  });

  it('with no timer: Start offers the recent timers', () => {
    const a = actions();
    const template = buildTrayMenu({ ...running, running: null }, NOW, a);
    expect(labels(template).slice(0, 2)).toEqual(['No timer running', 'Start timer']);
    click(item(submenu(template, 'Start timer'), 'Acme Corp · Onsite'));
    expect(a.start).toHaveBeenCalledWith({ accountId: 'acc-acme', category: 'onsite', sku: null });
  });

  it('with nothing recent: Start opens the window; Switch says there is nothing else', () => {
    const a = actions();
    const empty = buildTrayMenu({ available: true, running: null, todayMinutes: 0, recent: [] }, NOW, a);
    click(item(submenu(empty, 'Start timer'), 'Open Fieldbook to start one…'));
    expect(a.show).toHaveBeenCalledTimes(1);
    expect(labels(empty)).toContain('Today: 0 min');
    const onlyOne = buildTrayMenu({ ...running, recent: [ACME] }, NOW, a);
    expect(submenu(onlyOne, 'Switch to')).toEqual([{ label: 'No other recent timers', enabled: false }]);
  });

  it('when the core cannot answer timer calls, says so and keeps Open and Quit', () => {
    const a = actions();
    const template = buildTrayMenu(EMPTY_TRAY_STATE, NOW, a);
    expect(labels(template)).toEqual(['Timer not available right now', '---', 'Open Fieldbook', 'Quit Fieldbook']);
    click(item(template, 'Quit Fieldbook'));
    click(item(template, 'Open Fieldbook'));
    expect(a.quit).toHaveBeenCalledTimes(1);
    expect(a.show).toHaveBeenCalledTimes(1);
  });

  it('has a tooltip that says what runs', () => {
    expect(trayTooltip(running, NOW)).toBe('Fieldbook — Acme Corp · Onsite, 1 h 25 min');
    expect(trayTooltip({ ...running, running: null }, NOW)).toBe('Fieldbook — no timer running');
  });

  it('formats durations, categories and elapsed time', () => {
    expect([0, 5, 59, 60, 61, 90, 125, 600].map(formatMinutes)).toEqual(['0 min', '5 min', '59 min', '1 h', '1 h 01 min', '1 h 30 min', '2 h 05 min', '10 h']);
    expect(formatMinutes(-3)).toBe('0 min');
    expect(categoryLabel('roadmap_review')).toBe('Roadmap review');
    expect(elapsedMinutes('2026-03-02T10:29:59Z', NOW)).toBe(0);
    expect(elapsedMinutes('2026-03-02T11:00:00Z', NOW)).toBe(0);
    expect(elapsedMinutes('not a time', NOW)).toBe(0);
  });

  it('remembers recent timers newest first, without duplicates, at most five', () => {
    let recent: TrayRecent[] = [];
    for (let index = 0; index < 7; index += 1) recent = rememberRecent(recent, { ...ACME, accountId: `acc-${index}` });
    expect(recent.map((r) => r.accountId)).toEqual(['acc-6', 'acc-5', 'acc-4', 'acc-3', 'acc-2']);
    expect(recent).toHaveLength(MAX_RECENT);
    recent = rememberRecent(recent, { ...ACME, accountId: 'acc-3' });
    expect(recent.map((r) => r.accountId)).toEqual(['acc-3', 'acc-6', 'acc-5', 'acc-4', 'acc-2']);
    // The same account with another category is another timer.
    expect(rememberRecent([ACME], { ...ACME, category: 'remote' })).toHaveLength(2);
  });
});

/** A CoreLink answering the timer methods like the time feature will, with events the test pushes. */
function fakeCore() {
  const state: { timer: unknown; minutes: number; failStart: string | null } = { timer: null, minutes: 0, failStart: null };
  const calls: Array<[string, unknown]> = [];
  const listeners = new Set<(frame: EventFrame) => void>();
  const answer = (method: string, input: unknown): Envelope<unknown> => {
    switch (method) {
      case TIMER_METHODS.get:
        return { ok: true, data: state.timer };
      case TIMER_METHODS.today:
        return { ok: true, data: { minutes: state.minutes } };
      case TIMER_METHODS.start:
      case TIMER_METHODS.switch:
        if (state.failStart) return { ok: false, error: { code: 'conflict', message: state.failStart } };
        state.timer = { ...(input as object), startedAt: NOW.toISOString() };
        return { ok: true, data: state.timer };
      case TIMER_METHODS.stop:
        state.timer = null;
        return { ok: true, data: null };
      case 'accounts.get':
        return { ok: true, data: { id: (input as { id: string }).id, name: 'Acme Corp' } };
      default:
        return { ok: false, error: { code: 'invalid', message: `Unknown method ${method}.` } };
    }
  };
  const link: CoreLink = {
    request: (method, input) => {
      calls.push([method, input]);
      return Promise.resolve(answer(method, input));
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (name: string) => {
    for (const listener of listeners) listener({ kind: 'event', name, payload: {} } as unknown as EventFrame);
  };
  return { state, calls, link, emit, listeners };
}

describe('TrayController', () => {
  beforeEach(() => {
    electron.reset();
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  });
  afterEach(() => vi.useRealTimers());

  function controller(core: ReturnType<typeof fakeCore>, recent: TrayRecent[] = []) {
    const saved: TrayRecent[][] = [];
    const errors: string[] = [];
    const show = vi.fn();
    const quit = vi.fn();
    const tray = new TrayController({ link: core.link, iconPath: '/app/tray.png', recent, saveRecent: (r) => saved.push(r), show, quit, onError: (m) => errors.push(m), now: () => NOW });
    const fake = electron.trays[0];
    if (!fake) throw new Error('no tray');
    const menu = (): MenuItemConstructorOptions[] => {
      const last = fake.setContextMenu.mock.calls.at(-1)?.[0] as { template: MenuItemConstructorOptions[] } | undefined;
      return last?.template ?? [];
    };
    return { tray, fake, menu, saved, errors, show, quit };
  }

  it('creates the tray with its icon and reads the timer and today’s total from the core', async () => {
    const core = fakeCore();
    core.state.minutes = 95;
    const { tray, fake, menu } = controller(core, [ACME]);
    expect(fake.image).toBe('/app/tray.png');
    expect(labels(menu())[0]).toBe('Timer not available right now');
    await tray.refresh();
    expect(core.calls.map(([method]) => method).sort()).toEqual([TIMER_METHODS.get, TIMER_METHODS.today].sort());
    expect(labels(menu())).toContain('Today: 1 h 35 min');
    expect(labels(menu())[0]).toBe('No timer running');
    expect(fake.setToolTip).toHaveBeenLastCalledWith('Fieldbook — no timer running');
    tray.destroy();
    expect(fake.destroy).toHaveBeenCalled();
  });

  it('starts a recent timer from the menu, then shows it running and remembers it', async () => {
    const core = fakeCore();
    const { tray, menu, saved } = controller(core, [ACME]);
    const states: Array<TrayTimerState['running']> = [];
    tray.onChange((state) => states.push(state.running));
    await tray.refresh();
    click(item(submenu(menu(), 'Start timer'), 'Acme Corp · Onsite'));
    await vi.waitFor(() => expect(core.calls).toContainEqual([TIMER_METHODS.start, { accountId: 'acc-acme', category: 'onsite' }]));
    // The core announces the change; the tray refreshes once the burst is over.
    core.emit(TIMER_CHANGED_EVENT);
    await vi.advanceTimersByTimeAsync(300);
    expect(labels(menu())[0]).toBe('Running: Acme Corp · Onsite — 0 min');
    expect(states.at(-1)).toMatchObject({ accountId: 'acc-acme', accountName: 'Acme Corp' });
    // Already first in the list: nothing new to save.
    expect(saved).toEqual([]);
    tray.destroy();
  });

  it('stops and switches through the core, with the SKU when there is one', async () => {
    const core = fakeCore();
    core.state.timer = { accountId: 'acc-acme', category: 'onsite', startedAt: '2026-03-02T10:00:00Z' };
    const { tray, menu, saved } = controller(core, [GLOBEX]);
    await tray.refresh();
    // The running timer was looked up by name and put first in the recent list.
    expect(saved.at(-1)?.map((r) => r.accountId)).toEqual(['acc-acme', 'acc-globex']);
    expect(labels(menu())[0]).toBe('Running: Acme Corp · Onsite — 30 min');
    click(item(submenu(menu(), 'Switch to'), 'Globex · Roadmap review (PS-1)'));
    await vi.waitFor(() => expect(core.calls).toContainEqual([TIMER_METHODS.switch, { accountId: 'acc-globex', category: 'roadmap_review', sku: 'PS-1' }]));
    click(item(menu(), 'Stop timer'));
    await vi.waitFor(() => expect(core.calls).toContainEqual([TIMER_METHODS.stop, {}]));
    tray.destroy();
  });

  it('reports a refused action to the user', async () => {
    const core = fakeCore();
    core.state.failStart = 'Another timer is already running on this account.';
    const { tray, menu, errors } = controller(core, [ACME]);
    await tray.refresh();
    click(item(submenu(menu(), 'Start timer'), 'Acme Corp · Onsite'));
    await vi.waitFor(() => expect(errors).toEqual(['Another timer is already running on this account.']));
    tray.destroy();
  });

  it('moves the elapsed time on every minute while a timer runs, and stops listening when destroyed', async () => {
    const core = fakeCore();
    core.state.timer = { accountId: 'acc-acme', category: 'onsite', startedAt: NOW.toISOString(), accountName: 'Acme Corp' };
    const { tray, fake } = controller(core);
    await tray.refresh();
    const before = fake.setContextMenu.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.setContextMenu.mock.calls.length).toBe(before + 1);
    // No accounts.get when the timer carries the account's name.
    expect(core.calls.some(([method]) => method === 'accounts.get')).toBe(false);
    tray.destroy();
    expect(core.listeners.size).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.setContextMenu.mock.calls.length).toBe(before + 1);
  });

  it('treats a core without the timer methods as “not available”', async () => {
    const core = fakeCore();
    const link: CoreLink = { ...core.link, request: () => Promise.resolve({ ok: false, error: { code: 'invalid', message: 'Unknown method.' } }) };
    const tray = new TrayController({ link, iconPath: '/app/tray.png', recent: [], saveRecent: () => {}, show: () => {}, quit: () => {}, onError: () => {} });
    await tray.refresh();
    expect(tray.current).toEqual({ available: false, running: null, todayMinutes: null, recent: [] });
    tray.destroy();
  });
});
