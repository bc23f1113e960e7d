import type { ActionItemView } from '../../../../core/model';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) as people read it; the date is a day, so it is formatted without a time zone shift. */
export function formatDay(day: string): string {
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** An item's due date, with "Overdue" or "Today" said in words, not only in colour. */
export function DueDate({ item }: { item: Pick<ActionItemView, 'due' | 'overdue' | 'dueToday'> }) {
  if (item.due === null) return <span className="muted">No date</span>;
  return (
    <span className="actions-due">
      <time dateTime={item.due}>{formatDay(item.due)}</time>
      {item.overdue ? <span className="badge badge--red">Overdue</span> : item.dueToday ? <span className="badge badge--amber">Today</span> : null}
    </span>
  );
}
