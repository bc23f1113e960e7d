/**
 * Desktop notifications for due action items. The core announces them once per item per day as the
 * `reminders.due` event (core/api/reminders.ts); the renderer shows the in-app notice, and this shows the same
 * announcement as an OS notification, so a TAM working in another window still hears of it. Clicking it brings
 * the window forward on My items.
 */
import type { CoreLink, EventMap } from '../core/api/contract';
import { reminderSummary } from '../core/model/actions';

/** How many items a notification names; the rest are counted. */
const NAMED = 3;

export interface ReminderNotification {
  title: string;
  body: string;
}

/** What the notifier needs of Electron: kept to a seam so it is tested without the binary. */
export interface ReminderNotifierDeps {
  link: Pick<CoreLink, 'onEvent'>;
  /** False where the OS has no notification service (some Linux desktops); then the in-app notice is all. */
  supported: () => boolean;
  /** Shows one notification; `onClick` runs when the user clicks it. */
  show: (notification: ReminderNotification, onClick: () => void) => void;
  /** Brings the window forward and opens My items. */
  openMyItems: () => void;
}

/** The notification's words for one announcement. */
export function reminderNotification(items: EventMap['reminders.due']['items']): ReminderNotification {
  const named = items.slice(0, NAMED).map((i) => `${i.title} (${i.accountName}${i.overdue ? ', overdue' : ''})`);
  if (items.length > NAMED) named.push(`and ${items.length - NAMED} more`);
  return { title: `${reminderSummary(items)}.`, body: named.join('\n') };
}

/** Listens for announcements for as long as the app runs; returns the unsubscribe. */
export function watchReminders(deps: ReminderNotifierDeps): () => void {
  return deps.link.onEvent((frame) => {
    if (frame.name !== 'reminders.due') return;
    const { items } = frame.payload as EventMap['reminders.due'];
    if (items.length === 0 || !deps.supported()) return;
    deps.show(reminderNotification(items), deps.openMyItems);
  });
}
