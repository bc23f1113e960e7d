/**
 * Idle detection while a timer runs: the system idle time is polled (powerMonitor.getSystemIdleTime); when
 * the user comes back after being away longer than the threshold (idle, asleep or locked), the renderer is
 * told with `app.command { command: 'timer.idle', idleSince }` and asks what to do with that time.
 * IdleTracker is the pure decision; IdleWatcher wires it to Electron and polls only while a timer runs.
 */
import { powerMonitor } from 'electron';

export const DEFAULT_IDLE_THRESHOLD_MINUTES = 10;
export const IDLE_POLL_MS = 15_000;

export class IdleTracker {
  /** When the current time away began, once it is longer than the threshold; null while the user is here. */
  private awaySince: number | null = null;
  private lastIdleSeconds = 0;
  private suspendedAt: number | null = null;

  constructor(private readonly thresholdMs: number) {}

  /**
   * One poll: `idleSeconds` is the system idle time now. Returns the instant the time away began when the
   * user just came back from a long one, otherwise null.
   */
  observe(idleSeconds: number, now: number): string | null {
    const idleMs = Math.max(0, idleSeconds) * 1000;
    const cameBack = idleSeconds < this.lastIdleSeconds;
    this.lastIdleSeconds = idleSeconds;
    if (idleMs >= this.thresholdMs) {
      const since = now - idleMs;
      this.awaySince = this.awaySince === null ? since : Math.min(this.awaySince, since);
      return null;
    }
    return cameBack ? this.takeAway() : null;
  }

  /** The machine went to sleep or the screen locked: time away starts now (it may be longer than idle shows). */
  suspended(now: number): void {
    this.suspendedAt ??= now;
  }

  /** Back from sleep or unlocked: returns the start of the time away when it was long enough. */
  resumed(now: number): string | null {
    const since = this.suspendedAt;
    this.suspendedAt = null;
    this.lastIdleSeconds = 0;
    if (since !== null && now - since >= this.thresholdMs) {
      this.awaySince = this.awaySince === null ? since : Math.min(this.awaySince, since);
    }
    return this.takeAway();
  }

  /** Forget everything (the timer stopped). */
  reset(): void {
    this.awaySince = null;
    this.lastIdleSeconds = 0;
    this.suspendedAt = null;
  }

  private takeAway(): string | null {
    const since = this.awaySince;
    this.awaySince = null;
    return since === null ? null : new Date(since).toISOString();
  }
}

export interface IdleWatcherOptions {
  thresholdMinutes: number;
  /** The user came back after `idleSince` (ISO instant) while a timer ran. */
  onReturn(idleSince: string): void;
  now?: () => number;
  pollMs?: number;
}

export class IdleWatcher {
  private readonly tracker: IdleTracker;
  private poller: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  private readonly away = (): void => {
    if (this.poller) this.tracker.suspended(this.now());
  };
  private readonly back = (): void => {
    if (!this.poller) return;
    const since = this.tracker.resumed(this.now());
    if (since) this.options.onReturn(since);
  };

  constructor(private readonly options: IdleWatcherOptions) {
    this.tracker = new IdleTracker(options.thresholdMinutes * 60_000);
    this.now = options.now ?? Date.now;
    powerMonitor.on('suspend', this.away);
    powerMonitor.on('lock-screen', this.away);
    powerMonitor.on('resume', this.back);
    powerMonitor.on('unlock-screen', this.back);
  }

  get watching(): boolean {
    return this.poller !== null;
  }

  /** Polls while a timer runs; stopping forgets any time away not reported yet. */
  setTimerRunning(running: boolean): void {
    if (running && !this.poller) {
      this.tracker.reset();
      this.poller = setInterval(() => this.poll(), this.options.pollMs ?? IDLE_POLL_MS);
    } else if (!running && this.poller) {
      clearInterval(this.poller);
      this.poller = null;
      this.tracker.reset();
    }
  }

  dispose(): void {
    this.setTimerRunning(false);
    powerMonitor.off('suspend', this.away);
    powerMonitor.off('lock-screen', this.away);
    powerMonitor.off('resume', this.back);
    powerMonitor.off('unlock-screen', this.back);
  }

  private poll(): void {
    const since = this.tracker.observe(powerMonitor.getSystemIdleTime(), this.now());
    if (since) this.options.onReturn(since);
  }
}
