import { DateTime } from 'luxon';
import { z } from 'zod';
import { TIME_CATEGORIES } from './time';
import type { TimeEntryDraft } from './time';
import { localDate } from './isoWeek';

/**
 * The running timer (issue 4 §1). One per data folder, kept in local (unsynced) state so it survives a restart
 * (DESIGN.md §4: the running timer's UI is local). Stopping it writes a timed entry.
 */
export interface RunningTimer {
  accountId: string;
  category: (typeof TIME_CATEGORIES)[number];
  sku: string | null;
  note: string;
  /** ISO instant. */
  startedAt: string;
  /** The worker's zone when it started: the entry's date is the calendar date there. */
  timeZone: string;
}

const zoneSchema = z.string().min(1).max(64);

export const timerStartSchema = z
  .object({
    accountId: z.string().min(1, { error: 'Choose an account.' }).max(64),
    category: z.enum(TIME_CATEGORIES, { error: 'Choose a category.' }),
    sku: z.string().max(64).nullable().optional(),
    note: z.string().max(2000, { error: 'Notes must be at most 2,000 characters.' }).optional(),
    /** Where the work happens; the core's own zone when left out. */
    timeZone: zoneSchema.optional(),
  })
  .strict();
export type TimerStart = z.input<typeof timerStartSchema>;

/** Switching stops the running timer and starts the new one: the same input as a start. */
export const timerSwitchSchema = timerStartSchema;

/** What to do with the time a person was away from the computer while the timer ran. */
export const IDLE_ACTIONS = ['keep', 'discard', 'split'] as const;
export type IdleAction = (typeof IDLE_ACTIONS)[number];

export const idleDecisionSchema = z
  .object({
    idleSince: z.iso.datetime({ error: 'Times are ISO 8601 instants.' }),
    action: z.enum(IDLE_ACTIONS),
    /** For `split`: where the idle time goes (default: the timer's own account, category and SKU). */
    idle: z
      .object({
        accountId: z.string().min(1).max(64).optional(),
        category: z.enum(TIME_CATEGORIES).optional(),
        sku: z.string().max(64).nullable().optional(),
        note: z.string().max(2000).optional(),
      })
      .strict()
      .optional(),
    /** Stop the timer after applying the decision instead of running on. */
    stop: z.boolean().optional(),
  })
  .strict();
export type IdleDecision = z.input<typeof idleDecisionSchema>;

export interface IdleOutcome {
  /** Entries to write, in time order. */
  entries: TimeEntryDraft[];
  /** The timer afterwards; null when it stopped. */
  timer: RunningTimer | null;
}

const minutesBetween = (from: number, to: number) => Math.round((to - from) / 60_000);
const DAY_LIMIT_MS = 24 * 60 * 60_000;

/** The epoch ms of the next local midnight after `at` in `timeZone`. */
function nextMidnight(at: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: timeZone }).startOf('day').plus({ days: 1 }).toMillis();
}

type TimerTarget = Pick<RunningTimer, 'accountId' | 'category' | 'sku' | 'note' | 'timeZone'>;

/**
 * The timed entries of the timer's account from `from` to `to`: one per calendar day in the worker's zone (an
 * entry's date is the day the work was done, and a day holds at most 24 hours). Each keeps its exact instants,
 * so consecutive entries never overlap, and counts its minutes rounded; a piece under half a minute is left out, and
 * so is the 25th hour of a day whose clocks went back, when the timer ran through the whole day.
 */
export function timerEntries(timer: TimerTarget, from: number, to: number): TimeEntryDraft[] {
  const entries: TimeEntryDraft[] = [];
  for (let start = from; start < to; ) {
    const midnight = Math.min(to, nextMidnight(start, timer.timeZone));
    // A day's entry holds at most 24 hours (the entries' own limit): on the day clocks go back, 25 hours long, a timer
    // that ran through all of it is logged for 24 and the extra hour is left out.
    const end = Math.min(midnight, start + DAY_LIMIT_MS);
    const minutes = minutesBetween(start, end);
    if (minutes >= 1) {
      const startedAt = new Date(start).toISOString();
      entries.push({
        accountId: timer.accountId,
        date: localDate(startedAt, timer.timeZone),
        minutes,
        startedAt,
        endedAt: new Date(end).toISOString(),
        timeZone: timer.timeZone,
        category: timer.category,
        sku: timer.sku,
        billable: null,
        note: timer.note,
        adjustsId: null,
      });
    }
    start = midnight;
  }
  return entries;
}

/**
 * The pure decision after an idle period (the desktop shell reports `idleSince` when the person comes back):
 * - keep: the idle time stays in the running timer; nothing is written;
 * - discard: the work before `idleSince` becomes an entry, the idle time is dropped, the timer restarts now;
 * - split: the work before `idleSince` and the idle time become two entries (the idle one where the person
 *   says), the timer restarts now.
 * With `stop` the timer does not restart. An idle start before the timer's start counts from the timer's start;
 * one in the future counts from now.
 */
export function resolveIdle(timer: RunningTimer, decision: z.output<typeof idleDecisionSchema>, now: Date): IdleOutcome {
  const start = Date.parse(timer.startedAt);
  const end = now.getTime();
  const idleSince = Math.min(Math.max(Date.parse(decision.idleSince), start), end);
  const restarted: RunningTimer = { ...timer, startedAt: now.toISOString() };
  if (decision.action === 'keep') {
    return decision.stop ? { entries: timerEntries(timer, start, end), timer: null } : { entries: [], timer };
  }
  const entries = timerEntries(timer, start, idleSince);
  if (decision.action === 'split') {
    const target = decision.idle ?? {};
    const idle = timerEntries(
      {
        accountId: target.accountId ?? timer.accountId,
        category: target.category ?? timer.category,
        sku: target.sku !== undefined ? target.sku : timer.sku,
        note: target.note ?? timer.note,
        timeZone: timer.timeZone,
      },
      idleSince,
      end,
    );
    entries.push(...idle);
  }
  return { entries, timer: decision.stop ? null : restarted };
}

/** Forgotten-timer guard: the default limit, and the bounds a person may set in Settings. */
export const DEFAULT_TIMER_LIMIT_MINUTES = 10 * 60;
export const timeSettingsSchema = z
  .object({
    timerLimitMinutes: z
      .number({ error: 'Enter the limit in minutes.' })
      .int({ error: 'The limit is whole minutes.' })
      .min(15, { error: 'The limit is at least 15 minutes.' })
      .max(24 * 60, { error: 'The limit is at most 24 hours.' }),
  })
  .strict();
export type TimeSettings = z.infer<typeof timeSettingsSchema>;

/** When a timer started at `startedAt` hits the limit, as an epoch ms; null while it is under. */
export function limitReachedAt(timer: Pick<RunningTimer, 'startedAt'>, limitMinutes: number, now: Date): number | null {
  const limit = Date.parse(timer.startedAt) + limitMinutes * 60_000;
  return now.getTime() >= limit ? limit : null;
}

/** The question the guard leaves after it stopped a forgotten timer: keep what was written, or adjust it. */
export interface TimerLimitNotice {
  /** The last entry written (a timer that ran past midnight writes one per day). */
  entryId: string;
  /** Every entry the guard wrote, in time order. */
  entryIds: string[];
  accountId: string;
  limitMinutes: number;
  startedAt: string;
  stoppedAt: string;
}
