import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';

/**
 * A long list with one fixed row height: only the rows in view (and a few around them) are in the DOM. The
 * scroll box is focusable, so the keyboard can scroll it, and each row's own button is reachable with Tab.
 */
export function VirtualList<T>({ items, rowHeight, label, getKey, renderRow, maxHeight = 360 }: { items: readonly T[]; rowHeight: number; label: string; getKey: (item: T) => string; renderRow: (item: T) => ReactNode; maxHeight?: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer({
    count: items.length,
    rowHeight,
    getScrollElement: () => scrollRef.current,
    getItemKey: (index) => (items[index] ? getKey(items[index]) : index),
    initialRect: { width: 800, height: maxHeight },
  });
  return (
    <div ref={scrollRef} className="sla-vlist" style={{ maxHeight, height: Math.min(maxHeight, items.length * rowHeight) }} tabIndex={0} role="region" aria-label={label}>
      <ul className="sla-vlist__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <li key={row.key} className="sla-vlist__row" aria-setsize={items.length} aria-posinset={row.index + 1} style={{ height: rowHeight, transform: `translateY(${row.start}px)` }}>
              {renderRow(item)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
