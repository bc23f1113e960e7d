const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { IdleTracker, IdleWatcher } from '../../electron/idle';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('IdleTracker', () => {
  it('reports the start of a long idle stretch when the user comes back', () => {
    const tracker = new IdleTracker(10 * MINUTE);
    expect(tracker.observe(30, T0)).toBeNull();
    expect(tracker.observe(11 * 60, T0 + 11 * MINUTE)).toBeNull();
    expect(tracker.observe(25 * 60, T0 + 25 * MINUTE)).toBeNull();
    // Input again: idle time dropped. The stretch began 25 min before the last long reading.
    expect(tracker.observe(2, T0 + 26 * MINUTE)).toBe(iso(T0));
    // Reported once.
    expect(tracker.observe(1, T0 + 27 * MINUTE)).toBeNull();
  });

  it('ignores idle stretches shorter than the threshold', () => {
    const tracker = new IdleTracker(10 * MINUTE);
    expect(tracker.observe(9 * 60, T0 + 9 * MINUTE)).toBeNull();
    expect(tracker.observe(0, T0 + 10 * MINUTE)).toBeNull();
  });

  it('counts sleep and a locked screen as time away, even when idle time restarts after it', () => {
    const tracker = new IdleTracker(10 * MINUTE);
    tracker.observe(60, T0);
    tracker.suspended(T0 + MINUTE);
    expect(tracker.resumed(T0 + 41 * MINUTE)).toBe(iso(T0 + MINUTE));
    tracker.suspended(T0 + 50 * MINUTE);
    expect(tracker.resumed(T0 + 55 * MINUTE)).toBeNull();
  });

  it('keeps the earliest start when idle and sleep overlap', () => {
    const tracker = new IdleTracker(10 * MINUTE);
    tracker.observe(15 * 60, T0 + 15 * MINUTE);
    tracker.suspended(T0 + 16 * MINUTE);
    expect(tracker.resumed(T0 + 60 * MINUTE)).toBe(iso(T0));
  });

  it('forgets everything on reset (the timer stopped)', () => {
    const tracker = new IdleTracker(10 * MINUTE);
    tracker.observe(20 * 60, T0 + 20 * MINUTE);
    tracker.reset();
    expect(tracker.observe(0, T0 + 21 * MINUTE)).toBeNull();
  });
});

describe('IdleWatcher', () => {
  let now = T0;
  beforeEach(() => {
    electron.reset();
    now = T0;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  const watcher = (onReturn: (since: string) => void) => new IdleWatcher({ thresholdMinutes: 10, onReturn, now: () => now, pollMs: 15_000 });
  const tick = (idleSeconds: number) => {
    now += 15_000;
    electron.idle.seconds = idleSeconds;
    vi.advanceTimersByTime(15_000);
  };

  it('polls the system idle time only while a timer runs', () => {
    const returns: string[] = [];
    const w = watcher((since) => returns.push(since));
    vi.advanceTimersByTime(60_000);
    expect(electron.powerMonitor.getSystemIdleTime).not.toHaveBeenCalled();
    w.setTimerRunning(true);
    expect(w.watching).toBe(true);
    tick(5);
    expect(electron.powerMonitor.getSystemIdleTime).toHaveBeenCalledTimes(1);
    w.setTimerRunning(false);
    vi.advanceTimersByTime(60_000);
    expect(electron.powerMonitor.getSystemIdleTime).toHaveBeenCalledTimes(1);
    w.dispose();
  });

  it('tells when the user comes back after a long idle stretch, with when it began', () => {
    const returns: string[] = [];
    const w = watcher((since) => returns.push(since));
    w.setTimerRunning(true);
    tick(600);
    tick(615);
    expect(returns).toEqual([]);
    tick(1);
    expect(returns).toEqual([iso(T0 + 15_000 - 600_000)]);
    w.dispose();
  });

  it('treats sleep as time away while a timer runs, and ignores it otherwise', () => {
    const returns: string[] = [];
    const w = watcher((since) => returns.push(since));
    electron.powerMonitor.emit('suspend');
    now += 30 * MINUTE;
    electron.powerMonitor.emit('resume');
    expect(returns).toEqual([]);

    w.setTimerRunning(true);
    const asleep = now;
    electron.powerMonitor.emit('lock-screen');
    now += 30 * MINUTE;
    electron.powerMonitor.emit('unlock-screen');
    expect(returns).toEqual([iso(asleep)]);
    w.dispose();
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
