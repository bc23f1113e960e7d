import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ACTION_STATUSES, ACTION_STATUS_LABELS } from '../../../../core/model';
import type { ActionItemView, ActionStatus } from '../../../../core/model';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';
import { DueDate } from './DueDate';

/** Two lines per row (title, then where it came from); CSS agrees, so the virtualizer never measures. */
export const ACTION_ROW_HEIGHT = 56;

/** The letters that set a status from the keyboard, shown in the hint above the list. */
export const STATUS_KEYS: Record<string, ActionStatus> = { o: 'open', p: 'in_progress', d: 'done', x: 'dropped' };

export interface ActionItemsGridProps {
  items: ActionItemView[];
  /** The grid's accessible name. */
  label: string;
  /** Columns besides the item, its due date and status. */
  show: { account: boolean; owner: boolean };
  onOpen: (item: ActionItemView) => void;
  onStatus: (item: ActionItemView, status: ActionStatus) => void;
  onDelete: (item: ActionItemView) => void;
}

function targetIndex(key: string, current: number, count: number, pageRows: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(count - 1, current + pageRows);
    case 'PageUp':
      return Math.max(0, current - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Action items as a grid with one Tab stop: arrows, Page Up/Down, Home and End move; O, P, D and X set the
 * status (open, in progress, done, dropped); Enter opens where the item came from; Delete deletes it (with
 * undo). Only the rows in view exist in the DOM, so a long list costs the same as a short one.
 */
export function ActionItemsGrid({ items, label, show, onOpen, onStatus, onDelete }: ActionItemsGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The active row by id, and its place: when the item leaves the list (marked done), its place stays active.
  const [active, setActive] = useState<{ id: string | null; index: number }>({ id: null, index: 0 });
  /** Where focus goes after a move, as soon as that row is rendered. */
  const focusIndex = useRef<number | null>(null);
  /** Where focus goes if the focused row disappears (its item was marked done or deleted): the row that took its place. */
  const refocusIndex = useRef<number | null>(null);
  const virtualizer = useRowVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: ACTION_ROW_HEIGHT,
    getItemKey: (index) => items[index]?.id ?? index,
    initialRect: { width: 1000, height: 600 },
  });
  const found = active.id === null ? -1 : items.findIndex((i) => i.id === active.id);
  const activeIndex = found >= 0 ? found : Math.min(active.index, Math.max(0, items.length - 1));

  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    const index = focusIndex.current ?? (lost ? refocusIndex.current : null);
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${Math.min(index, items.length - 1)}"]`);
    if (row) {
      focusIndex.current = null;
      refocusIndex.current = null;
      row.focus();
    }
  });

  const activate = (index: number, focus: boolean) => {
    const item = items[index];
    if (!item) return;
    setActive({ id: item.id, index });
    if (focus) {
      focusIndex.current = index;
      virtualizer.scrollToIndex(index, { align: 'auto' });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number, item: ActionItemView) => {
    if (e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
    refocusIndex.current = null;
    const status = STATUS_KEYS[e.key.toLowerCase()];
    if (status) {
      e.preventDefault();
      // If the item leaves the list, focus stays at its place, on whatever row lands there.
      refocusIndex.current = index;
      setActive({ id: null, index });
      if (status !== item.status) onStatus(item, status);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(item);
      return;
    }
    if (e.key === 'Delete') {
      e.preventDefault();
      refocusIndex.current = index;
      setActive({ id: null, index });
      onDelete(item);
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ACTION_ROW_HEIGHT) - 1);
    const next = targetIndex(e.key, index, items.length, pageRows);
    if (next === null) return;
    e.preventDefault();
    activate(next, true);
  };

  const modifier = `actions-grid--${show.account ? 'account' : 'noaccount'}-${show.owner ? 'owner' : 'noowner'}`;
  return (
    <div role="grid" aria-label={label} aria-rowcount={items.length + 1} aria-readonly="true" className={`grid actions-grid ${modifier}`}>
      <div role="rowgroup" className="grid__head">
        <div role="row" aria-rowindex={1} className="grid__row actions-grid__row">
          <div role="columnheader" className="grid__cell">
            Item
          </div>
          {show.account ? (
            <div role="columnheader" className="grid__cell">
              Account
            </div>
          ) : null}
          {show.owner ? (
            <div role="columnheader" className="grid__cell">
              Owner
            </div>
          ) : null}
          <div role="columnheader" className="grid__cell">
            Due
          </div>
          <div role="columnheader" className="grid__cell">
            Status
          </div>
        </div>
      </div>
      <div ref={scrollRef} className="grid__scroll">
        <div role="rowgroup" className="grid__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            if (!item) return null;
            return (
              <div
                key={row.key}
                role="row"
                data-index={row.index}
                aria-rowindex={row.index + 2}
                aria-selected={row.index === activeIndex}
                tabIndex={row.index === activeIndex ? 0 : -1}
                className={`grid__row grid__row--body actions-grid__row${item.overdue ? ' actions-grid__row--overdue' : ''}`}
                style={{ transform: `translateY(${row.start}px)` }}
                onClick={() => activate(row.index, false)}
                onFocus={() => {
                  if (item.id !== active.id) setActive({ id: item.id, index: row.index });
                }}
                onDoubleClick={() => onOpen(item)}
                onKeyDown={(e) => onKeyDown(e, row.index, item)}
              >
                <div role="gridcell" className="grid__cell actions-grid__item">
                  <span className={`actions-grid__title${item.status === 'done' || item.status === 'dropped' ? ' actions-grid__title--closed' : ''}`}>{item.title}</span>
                  <span className="actions-grid__source muted">{item.source?.label ?? 'Added by hand'}</span>
                </div>
                {show.account ? (
                  <div role="gridcell" className="grid__cell">
                    {item.accountName}
                  </div>
                ) : null}
                {show.owner ? (
                  <div role="gridcell" className="grid__cell">
                    {item.owner}
                  </div>
                ) : null}
                <div role="gridcell" className="grid__cell">
                  <DueDate item={item} />
                </div>
                <div role="gridcell" className="grid__cell">
                  <select
                    className="actions-grid__status"
                    tabIndex={-1}
                    aria-label={`Status of ${item.title}`}
                    value={item.status}
                    onChange={(e) => onStatus(item, e.target.value as ActionStatus)}
                  >
                    {ACTION_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {ACTION_STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
