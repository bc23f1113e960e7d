import type { ActionsService } from '../services/actions';
import type { EventMap } from './contract';
import type { EventBus } from './events';

/** When the core looks for due action items. */
export interface ReminderScheduleOptions {
  /** The first look after the core opened, so a host that subscribes right after opening hears it. */
  firstCheckMs: number;
  /** How long after a change to action items (or a burst of them) to look again. */
  debounceMs: number;
  /** The regular look, which also notices a new day. */
  intervalMs: number;
}

export const DEFAULT_REMINDER_SCHEDULE: ReminderScheduleOptions = { firstCheckMs: 2000, debounceMs: 1000, intervalMs: 60_000 };

export interface ReminderSchedule {
  /** Looks now, and announces what is due and was not announced today. */
  check(): void;
  stop(): void;
}

/**
 * Announces due action items as the `reminders.due` event: the renderer shows an in-app notice, and the desktop
 * shell can show a notification from the same event (see docs/REVIEWS-ACTIONS.md). The service records each
 * announcement, so an item is announced once per item per day.
 */
export function startReminders(
  actions: ActionsService,
  events: EventBus,
  options: ReminderScheduleOptions,
  log: (error: unknown, context: string) => void,
): ReminderSchedule {
  let stopped = false;
  let debounce: ReturnType<typeof setTimeout> | null = null;

  const check = (): void => {
    if (stopped) return;
    try {
      const items = actions.claimReminders();
      if (items.length > 0) events.emit('reminders.due', { items });
    } catch (error) {
      log(error, 'reminders');
    }
  };
  const soon = (delay: number): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      check();
    }, delay);
    debounce.unref();
  };

  soon(options.firstCheckMs);
  const interval = setInterval(check, options.intervalMs);
  interval.unref();
  const unsubscribe = events.subscribe((frame) => {
    if (frame.name !== 'data.changed') return;
    const { tables } = frame.payload as EventMap['data.changed'];
    if (tables.includes('*') || tables.includes('action_items')) soon(options.debounceMs);
  });

  return {
    check,
    stop: () => {
      stopped = true;
      if (debounce) clearTimeout(debounce);
      clearInterval(interval);
      unsubscribe();
    },
  };
}
