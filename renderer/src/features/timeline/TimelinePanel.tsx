import { useEffect, useId, useRef } from 'react';
import type { Account, TimelineItem } from '../../../../core/model';
import { isEvent } from '../../api/client';
import { useApp, useTimeline } from '../../app/context';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';

/** Entries have one fixed height (CSS agrees): a long history costs a screenful of nodes. */
const ROW_HEIGHT = 68;
/** Start fetching the next page this many rows before the end comes into view. */
const PREFETCH_ROWS = 10;
const REFRESH_DELAY_MS = 150;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A calendar date (YYYY-MM-DD) is shown as that day wherever you are; an instant in your time zone. */
export function formatWhen(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) {
    const [y, m, d] = at.split('-').map(Number);
    return dateFormat.format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  }
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : dateTimeFormat.format(date);
}

/** The account page's Timeline tab: every record of the account, newest first, filterable by kind. */
export function TimelinePanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { timeline, client } = useApp();
  const entries = useTimeline((s) => s.entries);
  const kinds = useTimeline((s) => s.kinds);
  const kind = useTimeline((s) => s.kind);
  const next = useTimeline((s) => s.next);
  const status = useTimeline((s) => s.status);
  const error = useTimeline((s) => s.error);
  const loadingMore = useTimeline((s) => s.loadingMore);
  const focused = useTimeline((s) => s.focus);
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void timeline.getState().show(account.id, focus ?? null);
  }, [timeline, account.id, focus]);

  // Records change here, in another window or by sync: the timeline follows, once per burst.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = client.onEvent((frame) => {
      if (!isEvent(frame, 'data.changed')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void timeline.getState().refresh();
      }, REFRESH_DELAY_MS);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [client, timeline]);

  const virtualizer = useRowVirtualizer({
    count: entries.length,
    rowHeight: ROW_HEIGHT,
    getScrollElement: () => scrollRef.current,
    getItemKey: (i) => entries[i]?.key ?? i,
    initialRect: { width: 900, height: 560 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (next && !loadingMore && lastIndex >= entries.length - PREFETCH_ROWS) void timeline.getState().loadMore();
  }, [lastIndex, entries.length, next, loadingMore, timeline]);

  // A record opened from search: scroll to it once it is loaded, and give it focus once it is rendered (the
  // virtualizer renders it only after the scroll lands, a frame or more later).
  const focusIndex = focused ? entries.findIndex((e) => e.id === focused) : -1;
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    pendingFocus.current = focused;
  }, [focused]);
  useEffect(() => {
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, virtualizer]);
  useEffect(() => {
    if (!pendingFocus.current) return;
    const element = scrollRef.current?.querySelector<HTMLElement>('[data-focused="true"]');
    if (!element) return;
    element.focus({ preventScroll: true });
    pendingFocus.current = null;
  });

  const kindLabel = kinds.find((k) => k.kind === kind)?.label;
  return (
    <section className="timeline" aria-labelledby={`${id}-title`}>
      <div className="timeline__bar">
        <h2 id={`${id}-title`} className="visually-hidden">
          Timeline
        </h2>
        <div className="toolbar__filter">
          <label htmlFor={`${id}-kind`}>Show</label>
          <select id={`${id}-kind`} value={kind ?? ''} onChange={(e) => void timeline.getState().setKind(e.target.value || null)}>
            <option value="">All records</option>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <p className="muted timeline__count" aria-live="polite">
          {status === 'ready' ? `${entries.length.toLocaleString()}${next ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}, newest first` : ''}
        </p>
      </div>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {status === 'loading' && entries.length === 0 ? <p className="muted">Loading the timeline…</p> : null}
      {status === 'ready' && entries.length === 0 ? (
        <div className="empty">
          <p className="empty__title">{kindLabel ? `No ${kindLabel.toLowerCase()} records on this account.` : 'Nothing on this timeline yet.'}</p>
          <p className="muted">
            {kindLabel ? 'Choose “All records” to see everything.' : 'Contracts, time entries and other records of this account appear here, newest first, as they are added.'}
          </p>
        </div>
      ) : null}
      {entries.length > 0 ? (
        <div ref={scrollRef} className="timeline__scroll" tabIndex={0} aria-label={`Timeline of ${account.name}`}>
          <ol className="timeline__list" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const entry = entries[item.index];
              return entry ? (
                <Entry key={item.key} entry={entry} start={item.start} index={item.index} count={entries.length} focused={entry.id === focused} />
              ) : null;
            })}
          </ol>
        </div>
      ) : null}
      {next ? (
        <button type="button" className="button timeline__more" onClick={() => void timeline.getState().loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading older entries…' : 'Show older entries'}
        </button>
      ) : null}
    </section>
  );
}

function Entry({ entry, start, index, count, focused }: { entry: TimelineItem; start: number; index: number; count: number; focused: boolean }) {
  return (
    <li
      className={`timeline__entry timeline__entry--${entry.kind}${focused ? ' timeline__entry--focused' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      aria-setsize={count}
      aria-posinset={index + 1}
      aria-current={focused ? 'true' : undefined}
      data-focused={focused ? 'true' : undefined}
      tabIndex={focused ? -1 : undefined}
    >
      <span className="timeline__kind">{entry.label}</span>
      <span className="timeline__title">
        {entry.title}
        {entry.event ? <span className="muted"> · {entry.event}</span> : null}
      </span>
      <time className="timeline__when muted" dateTime={entry.at}>
        {formatWhen(entry.at)}
      </time>
      {entry.detail ? <span className="timeline__detail muted">{entry.detail}</span> : null}
    </li>
  );
}
