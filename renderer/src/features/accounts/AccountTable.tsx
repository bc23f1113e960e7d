import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { Account, AccountSortKey } from '../../../../core/model';
import { useAccounts, useApp, useCatalog } from '../../app/context';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';
import { labelOf } from '../catalog/store';
import { HealthBadge, formatDate, stageLabel } from './format';

/** Rows have one fixed height (CSS agrees), so the virtualizer never measures: 10,000 rows cost ~30 nodes. */
export const ROW_HEIGHT = 44;

interface Column {
  label: string;
  sort: AccountSortKey | null;
  className: string;
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name', className: 'col-name' },
  { label: 'Tier', sort: 'tier', className: 'col-tier' },
  { label: 'Stage', sort: 'stage', className: 'col-stage' },
  { label: 'Health', sort: 'health', className: 'col-health' },
  { label: 'Segment', sort: null, className: 'col-segment' },
  { label: 'Residency', sort: null, className: 'col-residency' },
  { label: 'Updated', sort: 'updatedAt', className: 'col-updated' },
];

function HeaderRow() {
  const { accounts: store } = useApp();
  const sort = useAccounts((s) => s.query.sort);
  const direction = useAccounts((s) => s.query.direction);
  return (
    <div role="rowgroup" className="grid__head">
      <div role="row" aria-rowindex={1} className="grid__row">
        {COLUMNS.map((c) => {
          const active = c.sort !== null && c.sort === sort;
          const ariaSort = c.sort === null ? undefined : active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none';
          return (
            <div key={c.label} role="columnheader" aria-sort={ariaSort} className={`grid__cell ${c.className}`}>
              {c.sort === null ? (
                c.label
              ) : (
                <button type="button" className="sort-button" onClick={() => c.sort && store.getState().toggleSort(c.sort)}>
                  {c.label}
                  <span className="sort-button__icon" aria-hidden="true">
                    {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Keys that move the selection, as in any desktop list. */
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
 * The accounts grid: one Tab stop (the selected row, or the first), arrows/Home/End/PageUp/PageDown move the
 * selection, Enter moves focus to the details beside the list. Only the rows in view exist in the DOM.
 */
export function AccountTable({ accounts, onOpen }: { accounts: Account[]; onOpen: () => void }) {
  const { accounts: store } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const selectedId = useAccounts((s) => s.selectedId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusIndex = useRef<number | null>(null);
  const virtualizer = useRowVirtualizer({
    count: accounts.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => accounts[index]?.id ?? index,
    // Until the real size is observed, assume a typical window rather than render nothing.
    initialRect: { width: 1000, height: 600 },
  });
  const selectedIndex = selectedId === null ? -1 : accounts.findIndex((a) => a.id === selectedId);
  const tabStop = selectedIndex >= 0 ? selectedIndex : 0;

  // A selection out of view (End, a new account further down) is scrolled to; one in view is left alone.
  useEffect(() => {
    if (selectedIndex < 0) return;
    const range = virtualizer.range;
    if (range && selectedIndex >= range.startIndex && selectedIndex <= range.endIndex) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // Focus follows keyboard moves once the target row is rendered (it may be far away in a long list).
  useEffect(() => {
    const index = focusIndex.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      focusIndex.current = null;
      // Without preventScroll the browser brings a half-visible edge row fully into view.
      row.focus();
    }
  });

  const select = (index: number, focus: boolean) => {
    const account = accounts[index];
    if (!account) return;
    if (focus) focusIndex.current = index;
    store.getState().select(account.id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      select(index, false);
      onOpen();
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const next = targetIndex(e.key, index, accounts.length, pageRows);
    if (next === null) return;
    e.preventDefault();
    select(next, true);
  };

  return (
    <div role="grid" aria-label="Accounts" aria-rowcount={accounts.length + 1} aria-readonly="true" className="grid">
      <HeaderRow />
      <div ref={scrollRef} className="grid__scroll">
        <div role="rowgroup" className="grid__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const account = accounts[item.index];
            if (!account) return null;
            const selected = account.id === selectedId;
            return (
              <div
                key={item.key}
                role="row"
                data-index={item.index}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={item.index === tabStop ? 0 : -1}
                className="grid__row grid__row--body"
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => select(item.index, true)}
                onDoubleClick={onOpen}
                onKeyDown={(e) => onKeyDown(e, item.index)}
              >
                <div role="gridcell" className="grid__cell col-name">
                  {account.name}
                </div>
                <div role="gridcell" className="grid__cell col-tier">
                  {labelOf(catalog, 'tier', account.tier)}
                </div>
                <div role="gridcell" className="grid__cell col-stage">
                  {stageLabel(account.stage)}
                </div>
                <div role="gridcell" className="grid__cell col-health">
                  <HealthBadge health={account.health} />
                </div>
                <div role="gridcell" className="grid__cell col-segment">
                  {labelOf(catalog, 'segment', account.segment)}
                </div>
                <div role="gridcell" className="grid__cell col-residency">
                  {labelOf(catalog, 'residency', account.residency)}
                </div>
                <div role="gridcell" className="grid__cell col-updated">
                  <time dateTime={account.updatedAt}>{formatDate(account.updatedAt)}</time>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
