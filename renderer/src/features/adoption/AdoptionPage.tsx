import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ADOPTION_STATUSES, ADOPTION_STATUS_LABELS } from '../../../../core/model';
import type { AdoptionPortfolio, AdoptionStatus } from '../../../../core/model';
import { useAdoption, useApp } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';
import { SCORE_EXPLAINED } from './AdoptionPanel';

/** Body rows have one fixed height (the CSS agrees), so the virtualizer never measures. */
export const HEATMAP_ROW_HEIGHT = 40;
/** Columns before the capabilities: the account and its score. */
const LEAD_COLUMNS = 2;

type Sort = 'name' | 'score';
interface Cell {
  row: number;
  col: number;
}

/** Where an arrow, Home/End or Page key moves in a grid of `rows` × `cols` (Ctrl+Home/End: the corners). */
export function moveInGrid(key: string, ctrl: boolean, at: Cell, rows: number, cols: number, pageRows: number): Cell | null {
  const clamp = (row: number, col: number): Cell => ({ row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) });
  switch (key) {
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'PageDown':
      return clamp(at.row + pageRows, at.col);
    case 'PageUp':
      return clamp(at.row - pageRows, at.col);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(at.row, 0);
    case 'End':
      return ctrl ? clamp(rows - 1, cols - 1) : clamp(at.row, cols - 1);
    default:
      return null;
  }
}

function Legend() {
  return (
    <ul className="adoption-legend" aria-label="Legend">
      {ADOPTION_STATUSES.map((s) => (
        <li key={s}>
          <span className={`adoption-cell adoption-cell--${s} adoption-legend__swatch`}>{ADOPTION_STATUS_LABELS[s]}</span>
        </li>
      ))}
    </ul>
  );
}

function HeatMap({ portfolio, sort }: { portfolio: AdoptionPortfolio; sort: Sort }) {
  const { nav, accounts: accountsStore } = useApp();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Cell>({ row: 0, col: 0 });
  const focusPending = useRef(false);
  const rows = useMemo(() => {
    const list = [...portfolio.accounts];
    if (sort === 'score') list.sort((a, b) => (b.score.score ?? 0) - (a.score.score ?? 0) || a.name.localeCompare(b.name));
    return list;
  }, [portfolio.accounts, sort]);
  const capabilities = portfolio.capabilities;
  const cols = LEAD_COLUMNS + capabilities.length;
  const virtualizer = useRowVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: HEATMAP_ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.accountId ?? index,
    initialRect: { width: 1000, height: 600 },
  });
  // The active cell stays inside the grid when the portfolio shrinks.
  const current = { row: Math.min(active.row, Math.max(0, rows.length - 1)), col: Math.min(active.col, cols - 1) };

  // Focus follows keyboard moves once the target row is rendered (it may have been far away in a long list).
  useEffect(() => {
    if (!focusPending.current) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${current.row}:${current.col}"]`);
    if (cell) {
      focusPending.current = false;
      cell.focus();
    }
  });

  const openAccount = (row: number) => {
    const account = rows[row];
    if (!account) return;
    accountsStore.getState().show({ kind: 'page', id: account.accountId, tab: 'adoption' });
    nav.getState().go('accounts');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openAccount(current.row);
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / HEATMAP_ROW_HEIGHT) - 2);
    const next = moveInGrid(e.key, e.ctrlKey || e.metaKey, current, rows.length, cols, pageRows);
    if (!next) return;
    e.preventDefault();
    focusPending.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next.row, { align: 'auto' });
  };

  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const cellProps = (row: number, col: number) => ({
    'data-cell': `${row}:${col}`,
    tabIndex: row === current.row && col === current.col ? 0 : -1,
    onKeyDown,
    onFocus: () => {
      if (row !== current.row || col !== current.col) setActive({ row, col });
    },
  });

  return (
    <div ref={scrollRef} className="adoption-heatmap">
      <table role="grid" aria-label="Adoption by account and capability" aria-rowcount={rows.length + 1} aria-colcount={cols} aria-readonly="true" className="adoption-heatmap__table">
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="adoption-heatmap__account">
              Account
            </th>
            <th scope="col" className="adoption-heatmap__score">
              Score
            </th>
            {capabilities.map((c) => (
              <th key={c.code} scope="col" className="adoption-heatmap__capability" title={c.description || c.name}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {items.map((item) => {
            const account = rows[item.index];
            if (!account) return null;
            return (
              <tr key={item.key} aria-rowindex={item.index + 2} style={{ height: HEATMAP_ROW_HEIGHT }}>
                <th scope="row" className="adoption-heatmap__account" {...cellProps(item.index, 0)} onDoubleClick={() => openAccount(item.index)}>
                  {account.name}
                </th>
                <td role="gridcell" className="adoption-heatmap__score" {...cellProps(item.index, 1)}>
                  {account.score.score ?? '—'}
                </td>
                {capabilities.map((c, i) => {
                  const status: AdoptionStatus = account.statuses[c.code] ?? 'not_started';
                  return (
                    <td key={c.code} role="gridcell" className={`adoption-cell adoption-cell--${status}`} {...cellProps(item.index, LEAD_COLUMNS + i)}>
                      {ADOPTION_STATUS_LABELS[status]}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}

/** The Adoption area: a heat map of every account × capability, as a keyboard-navigable table with words in its cells. */
export function AdoptionPage() {
  const { adoption } = useApp();
  useEffect(() => adoption.getState().trackPortfolio(), [adoption]);
  const { data, error } = useAdoption((s) => s.portfolio);
  const [sort, setSort] = useState<Sort>('name');
  const scored = data?.accounts.filter((a) => a.score.score !== null) ?? [];
  const average = scored.length === 0 ? null : Math.round(scored.reduce((n, a) => n + (a.score.score ?? 0), 0) / scored.length);

  return (
    <div className="page page--wide adoption-page">
      <header className="page-header">
        <div>
          <PageTitle>Adoption</PageTitle>
          {data ? (
            <p className="page-header__meta">
              {data.accounts.length} account{data.accounts.length === 1 ? '' : 's'} × {data.capabilities.length} capabilities
              {average === null ? '' : ` · average score ${average}`}
            </p>
          ) : null}
        </div>
        <div className="page-header__actions">
          <label className="adoption-page__sort">
            <span>Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
              <option value="name">Account name</option>
              <option value="score">Score, highest first</option>
            </select>
          </label>
        </div>
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {!data ? (
        error ? null : <p className="muted">Loading…</p>
      ) : data.accounts.length === 0 ? (
        <div className="empty">
          <p className="empty__title">No accounts yet</p>
          <p className="muted">Add an account under Accounts; its adoption appears here, one row per account.</p>
        </div>
      ) : data.capabilities.length === 0 ? (
        <p className="muted">The capability catalog is empty. A manager adds capabilities in Settings.</p>
      ) : (
        <>
          <Legend />
          <p className="muted adoption-page__help">
            Arrow keys move between cells, Home and End to the row's ends, Enter opens the account's Adoption tab. {SCORE_EXPLAINED}
          </p>
          <HeatMap portfolio={data} sort={sort} />
        </>
      )}
    </div>
  );
}
