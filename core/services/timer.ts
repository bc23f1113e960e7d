import {
  DEFAULT_TIMER_LIMIT_MINUTES,
  FieldbookError,
  isTimeZone,
  limitReachedAt,
  resolveIdle,
  timerEntries,
} from '../model';
import type { RunningTimer, TimeEntry, TimerLimitNotice, TimeSettings, TimerStart ,
  idleDecisionSchema} from '../model';
import type { z } from 'zod';
import type { ServiceContext } from './context';
import { systemTimeZone } from './time';
import type { TimeService } from './time';

const TIMER_KEY = 'timer';
const NOTICE_KEY = 'timer_limit_notice';
const SETTINGS_KEY = 'settings';

/**
 * The one running timer (issue 4 §1). It lives in local state, so it survives quitting; stopping, switching and
 * idle decisions write timer entries through the TimeService's rules in the same transaction as the timer's
 * change, so a refused entry leaves the timer running and nothing half-done. A forgotten timer is stopped at the
 * configured limit the next time anyone looks at it, and a question is left for the person.
 */
export class TimerService {
  private readonly listeners = new Set<(timer: RunningTimer | null) => void>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly time: TimeService,
  ) {}

  /** Called with the timer after every change (the API turns it into the `timer.changed` event). */
  onChange(listener: (timer: RunningTimer | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(): RunningTimer | null {
    this.guard();
    return this.current();
  }

  start(input: TimerStart): RunningTimer {
    this.guard();
    const running = this.current();
    if (running) throw new FieldbookError('conflict', 'A timer is already running. Stop it or switch it to this account.');
    const timer = this.prepare(input);
    this.time.repo.setLocal(TIMER_KEY, timer);
    this.emit(timer);
    return timer;
  }

  /** Stops the timer and writes its time; null when it ran under half a minute (nothing worth logging). */
  stop(): TimeEntry | null {
    this.guard();
    const timer = this.current();
    if (!timer) throw new FieldbookError('not_found', 'No timer is running.');
    const written = this.ctx.store.write(() => {
      const entries = this.write(timer, Date.parse(timer.startedAt), this.now());
      this.time.repo.setLocal(TIMER_KEY, null);
      return entries;
    });
    this.emit(null);
    // A timer that ran past midnight is written as one entry per day; the last one is today's.
    return written.at(-1) ?? null;
  }

  /** Stops the running timer (if any) and starts the new one, in one step. */
  switch(input: TimerStart): RunningTimer {
    this.guard();
    const next = this.prepare(input);
    this.ctx.store.write(() => {
      const running = this.current();
      if (running) this.write(running, Date.parse(running.startedAt), Date.parse(next.startedAt));
      this.time.repo.setLocal(TIMER_KEY, next);
    });
    this.emit(next);
    return next;
  }

  /** Throws the running timer away without writing anything. */
  discard(): { discarded: boolean } {
    const timer = this.current();
    this.time.repo.setLocal(TIMER_KEY, null);
    if (timer) this.emit(null);
    return { discarded: timer !== null };
  }

  /** Applies the person's decision about an idle period: keep, discard, or split it into its own entry. */
  resolveIdle(decision: z.output<typeof idleDecisionSchema>): { entries: TimeEntry[]; timer: RunningTimer | null } {
    this.guard();
    const timer = this.current();
    if (!timer) throw new FieldbookError('not_found', 'No timer is running any more; there is no idle time to decide on.');
    const outcome = resolveIdle(timer, decision, this.ctx.store.now());
    const entries = this.ctx.store.write(() => {
      const written = outcome.entries.length ? this.time.addMany(outcome.entries, 'timer') : [];
      this.time.repo.setLocal(TIMER_KEY, outcome.timer);
      return written;
    });
    this.emit(outcome.timer);
    return { entries, timer: outcome.timer };
  }

  /** The question left by the forgotten-timer guard, if any. */
  notice(): TimerLimitNotice | null {
    this.guard();
    return this.time.repo.getLocal<TimerLimitNotice>(NOTICE_KEY);
  }

  /**
   * Answers the guard's question: keep the time as written, or give the real duration from the timer's start.
   * Shorter: the entries are cut at the new end (pieces after it removed); longer: the last entry runs on.
   */
  resolveLimit(minutes: number | undefined): TimeEntry | null {
    const notice = this.time.repo.getLocal<TimerLimitNotice>(NOTICE_KEY);
    if (!notice) throw new FieldbookError('not_found', 'There is no stopped timer waiting for an answer.');
    const ids = notice.entryIds ?? [notice.entryId];
    let last: TimeEntry | null = null;
    this.ctx.store.write(() => {
      if (minutes !== undefined) {
        const end = Date.parse(notice.startedAt) + minutes * 60_000;
        const pieces = ids.map((id) => this.time.repo.getEntry(id)).filter((e): e is TimeEntry => e !== undefined);
        pieces.forEach((piece, index) => {
          const start = Date.parse(piece.startedAt ?? notice.startedAt);
          const isLast = index === pieces.length - 1;
          if (start >= end) {
            this.time.delete(piece.id);
            return;
          }
          const pieceEnd = Date.parse(piece.endedAt ?? notice.stoppedAt);
          if (pieceEnd > end || isLast) {
            last = this.time.update({ id: piece.id, patch: { minutes: Math.round((end - start) / 60_000), endedAt: new Date(end).toISOString() } });
          } else last = piece;
        });
      }
      this.time.repo.setLocal(NOTICE_KEY, null);
    });
    return last ?? this.time.repo.getEntry(notice.entryId) ?? null;
  }

  settings(): TimeSettings {
    return this.time.repo.getLocal<TimeSettings>(SETTINGS_KEY) ?? { timerLimitMinutes: DEFAULT_TIMER_LIMIT_MINUTES };
  }

  saveSettings(settings: TimeSettings): TimeSettings {
    this.time.repo.setLocal(SETTINGS_KEY, settings);
    // A shorter limit may already be passed.
    this.guard();
    return settings;
  }

  /** Minutes the running timer has run today (for today's total in the tray). */
  runningMinutesToday(): number {
    const timer = this.get();
    if (!timer) return 0;
    const today = this.time.today();
    return timerEntries(timer, Date.parse(timer.startedAt), this.now())
      .filter((e) => e.date === today)
      .reduce((sum, e) => sum + e.minutes, 0);
  }

  private current(): RunningTimer | null {
    return this.time.repo.getLocal<RunningTimer>(TIMER_KEY);
  }

  private now(): number {
    return this.ctx.store.now().getTime();
  }

  private prepare(input: TimerStart): RunningTimer {
    const timeZone = input.timeZone ?? systemTimeZone();
    if (!isTimeZone(timeZone)) throw new FieldbookError('invalid', 'Unknown time zone.', { fields: { timeZone: 'Unknown time zone.' } });
    const sku = input.sku ?? null;
    const today = this.time.today();
    // The same checks an entry gets, up front: a timer that could never be written is refused at the start.
    this.time.requireAccount(input.accountId);
    if (sku !== null && !this.time.skus(input.accountId, today).some((s) => s.code === sku)) {
      const message = `"${sku}" is not a SKU of this account's contract today.`;
      throw new FieldbookError('invalid', message, { fields: { sku: message } });
    }
    this.time.currentUser();
    return { accountId: input.accountId, category: input.category, sku, note: input.note ?? '', startedAt: this.ctx.store.now().toISOString(), timeZone };
  }

  /** Must run inside `store.write`. The timer's entries from `from` to `to`, through the rules. */
  private write(timer: RunningTimer, from: number, to: number): TimeEntry[] {
    const drafts = timerEntries(timer, from, to);
    return drafts.length ? this.time.addMany(drafts, 'timer') : [];
  }

  /** The forgotten-timer guard: a timer past the limit is stopped at the limit and a question left. */
  private guard(): void {
    const timer = this.current();
    if (!timer) return;
    const { timerLimitMinutes } = this.settings();
    const limitAt = limitReachedAt(timer, timerLimitMinutes, this.ctx.store.now());
    if (limitAt === null) return;
    try {
      this.ctx.store.write(() => {
        const entries = this.write(timer, Date.parse(timer.startedAt), limitAt);
        this.time.repo.setLocal(TIMER_KEY, null);
        const last = entries.at(-1);
        this.time.repo.setLocal(
          NOTICE_KEY,
          last
            ? ({
                entryId: last.id,
                entryIds: entries.map((e) => e.id),
                accountId: timer.accountId,
                limitMinutes: timerLimitMinutes,
                startedAt: timer.startedAt,
                stoppedAt: new Date(limitAt).toISOString(),
              } satisfies TimerLimitNotice)
            : null,
        );
      });
    } catch (error) {
      // The rules refused the timer's time (another entry overlaps it): leave the timer running so nothing is
      // lost; stopping it by hand shows the person the reason.
      if (error instanceof FieldbookError) return;
      throw error;
    }
    this.emit(null);
  }

  private emit(timer: RunningTimer | null): void {
    for (const listener of this.listeners) listener(timer);
  }
}
