import { useEffect } from 'react';
import { reminderSummary } from '../../../../core/model';
import { isEvent } from '../../api/client';
import { useApp, useNotices } from '../../app/context';
import { formatDay } from './DueDate';

/** How many items the notice names; the rest are counted. */
const NAMED = 3;

/**
 * The in-app reminder of your action items due today or overdue. It shows what is due when the window opens,
 * adds what the core announces later (the `reminders.due` event, once per item per day), drops items once they
 * are done, and stays until dismissed. In the desktop app the shell also shows the same event as a notification (electron/reminderNotifier.ts).
 */
export function ReminderNotice() {
  const { client, notices, nav } = useApp();
  const items = useNotices((s) => s.dueReminders);

  useEffect(() => {
    let live = true;
    const load = (replace: boolean) =>
      client.call('actions.due', {}).then(
        (due) => {
          if (!live) return;
          if (replace) notices.getState().reportDue(due, true);
          else {
            // Only what is still due stays on screen; nothing new appears without the core announcing it.
            const shown = notices.getState().dueReminders;
            if (shown) notices.getState().reportDue(due.filter((d) => shown.some((s) => s.id === d.id)), true);
          }
        },
        () => {},
      );
    void load(true);
    const unsubscribe = client.onEvent((frame) => {
      if (isEvent(frame, 'reminders.due')) notices.getState().reportDue(frame.payload.items, false);
      else if (isEvent(frame, 'data.changed') && (frame.payload.tables.includes('action_items') || frame.payload.tables.includes('*'))) void load(false);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, notices]);

  if (items === null) return null;
  const summary = reminderSummary(items);
  return (
    <div className="notice actions-notice" role="status">
      <div className="notice__body">
        <p>
          <strong>{summary}.</strong>
        </p>
        <ul className="actions-notice__list">
          {items.slice(0, NAMED).map((i) => (
            <li key={i.id}>
              {i.title} <span className="muted">— {i.accountName}, {i.overdue ? `overdue since ${formatDay(i.due)}` : 'due today'}</span>
            </li>
          ))}
          {items.length > NAMED ? <li className="muted">and {items.length - NAMED} more</li> : null}
        </ul>
      </div>
      <div className="actions-notice__buttons">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            nav.getState().go('actions');
            notices.getState().dismissDue();
          }}
        >
          Open My items
        </button>
        <button type="button" className="button" onClick={() => notices.getState().dismissDue()}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
