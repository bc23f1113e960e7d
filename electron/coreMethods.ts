/**
 * The core methods and events the shell itself calls (tray, idle detection, recovery, About), in one place.
 *
 * The timer methods belong to the time tracking feature, which is built on another branch: their names are
 * fixed, but they are not in this branch's contract yet. So they are called by name through the CoreLink
 * and their answers are parsed here, tolerantly: an unknown method or an unexpected shape leaves the tray
 * without a timer rather than breaking it. When the branches meet, check these strings and shapes against
 * core/api/contract.ts.
 */
import { z } from 'zod';
import type { CoreLink, CoreVersions, Envelope } from '../core/api/contract';

export const TIMER_METHODS = {
  /** {} → RunningTimer | null */
  get: 'timer.get',
  /** { accountId, category, sku? } */
  start: 'timer.start',
  /** {} */
  stop: 'timer.stop',
  /** { accountId, category, sku? } */
  switch: 'timer.switch',
  /** {} → { minutes } */
  today: 'time.today',
} as const;

/** Pushed by the core whenever the running timer starts, stops or switches. */
export const TIMER_CHANGED_EVENT = 'timer.changed';

/** The fields of a RunningTimer the tray and idle detection read; anything else is ignored. */
const runningTimerSchema = z.object({
  accountId: z.string().min(1),
  category: z.string().min(1),
  sku: z.string().nullish(),
  startedAt: z.string().min(1),
  accountName: z.string().nullish(),
});
export type RunningTimerView = { accountId: string; category: string; sku: string | null; startedAt: string; accountName: string | null };

const todaySchema = z.object({ minutes: z.number().int().nonnegative() });

/** What the shell needs to start, stop or switch a timer. */
export interface TimerChoice {
  accountId: string;
  category: string;
  sku: string | null;
}

function unwrap(envelope: Envelope<unknown>): unknown {
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.data;
}

/** The running timer; undefined when the core cannot say (the method is missing or answered oddly). */
export async function readRunningTimer(link: CoreLink): Promise<RunningTimerView | null | undefined> {
  const envelope = await link.request(TIMER_METHODS.get, {});
  if (!envelope.ok) return undefined;
  if (envelope.data === null) return null;
  const parsed = runningTimerSchema.safeParse(envelope.data);
  if (!parsed.success) return undefined;
  const { accountId, category, sku, startedAt, accountName } = parsed.data;
  return { accountId, category, sku: sku ?? null, startedAt, accountName: accountName ?? null };
}

/** Minutes logged today; null when the core cannot say. */
export async function readTodayMinutes(link: CoreLink): Promise<number | null> {
  const envelope = await link.request(TIMER_METHODS.today, {});
  if (!envelope.ok) return null;
  const parsed = todaySchema.safeParse(envelope.data);
  return parsed.success ? parsed.data.minutes : null;
}

function choiceInput(choice: TimerChoice): Record<string, string> {
  return { accountId: choice.accountId, category: choice.category, ...(choice.sku ? { sku: choice.sku } : {}) };
}

export async function startTimer(link: CoreLink, choice: TimerChoice): Promise<void> {
  unwrap(await link.request(TIMER_METHODS.start, choiceInput(choice)));
}

export async function switchTimer(link: CoreLink, choice: TimerChoice): Promise<void> {
  unwrap(await link.request(TIMER_METHODS.switch, choiceInput(choice)));
}

export async function stopTimer(link: CoreLink): Promise<void> {
  unwrap(await link.request(TIMER_METHODS.stop, {}));
}

/** An account's name for the tray; null when it cannot be read (removed, not synced here). */
export async function readAccountName(link: CoreLink, accountId: string): Promise<string | null> {
  const envelope = await link.request('accounts.get', { id: accountId });
  if (!envelope.ok) return null;
  const name = (envelope.data as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : null;
}

export async function readVersions(link: CoreLink): Promise<CoreVersions | null> {
  const envelope = await link.request('app.versions', {});
  return envelope.ok ? (envelope.data as CoreVersions) : null;
}

