import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { buildWeekGrid, effectiveEntries, formatDuration, isLocked, parseDuration, rowKey } from '../../../../core/model';
import type { TimeEntry, WeekGridRow, WeekView } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { cellText, longDay, shortDay } from './format';
import { accountName } from './store';
import type { ExtraRow } from './store';

/** A cell whose time is approved or exported: the person is offered an adjustment instead. */
export interface LockedCell {
  row: WeekGridRow;
  date: string;
  /** What the person typed. */
  minutes: number;
  /** The cell's entries that can no longer change. */
  entries: TimeEntry[];
}

interface Position {
  key: string;
  col: number;
}


/**
 * The weekly grid: rows account × SKU, columns Monday to Sunday, totals per row, day and week. Used like a
 * spreadsheet: arrows (and Tab) move, typing or Enter edits, Enter or Tab saves and moves on, Escape cancels,
 * Delete clears. A cell edit sets that day's total for the row; the core decides which entries change.
 */
export function WeekGrid({ view, extraRows, onLocked }: { view: WeekView; extraRows: ExtraRow[]; onLocked: (cell: LockedCell) => void }) {
  const { time } = useApp();
  const accounts = useTime((s) => s.accounts);
  const grid = useMemo(() => {
    const built = buildWeekGrid(view.entries, view.days, extraRows);
    const name = (id: string) => accountName(accounts, id).toLowerCase();
    const rows = [...built.rows].sort((a, b) => name(a.accountId).localeCompare(name(b.accountId)) || (a.sku ?? '').localeCompare(b.sku ?? ''));
    return { ...built, rows };
  }, [view, extraRows, accounts]);
  const days = view.days;

  const [active, setActive] = useState<Position | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  const editingRef = useRef<string | null>(null);
  const cells = useRef(new Map<string, HTMLTableCellElement>());
  const input = useRef<HTMLInputElement>(null);
  const focusInside = useRef(false);
  const selectOnEdit = useRef(false);

  const rowIndex = Math.max(0, grid.rows.findIndex((r) => r.key === active?.key));
  const current = grid.rows.length ? { r: rowIndex, c: active?.col ?? 0 } : null;
  const cellId = (r: number, c: number) => `${grid.rows[r]?.key ?? ''}|${c}`;

  // Keyboard focus follows the active cell, but only while the person is working in the grid.
  useEffect(() => {
    if (editing !== null || !current || !focusInside.current) return;
    cells.current.get(cellId(current.r, current.c))?.focus();
  });

  // Editing starts with the caret after a typed character, or the whole value selected (Enter, F2).
  const isEditing = editing !== null;
  useEffect(() => {
    const el = input.current;
    if (!isEditing || !el) return;
    el.focus();
    if (selectOnEdit.current) el.select();
    else el.setSelectionRange(el.value.length, el.value.length);
  }, [isEditing]);

  const moveTo = (r: number, c: number) => {
    const row = grid.rows[Math.min(Math.max(r, 0), grid.rows.length - 1)];
    if (row) setActive({ key: row.key, col: Math.min(Math.max(c, 0), 6) });
  };

  const startEdit = (text: string, select: boolean) => {
    selectOnEdit.current = select;
    editingRef.current = text;
    setEditing(text);
    setError(null);
  };

  const extraCategory = (row: WeekGridRow) => extraRows.find((x) => rowKey(x.accountId, x.sku) === row.key)?.category;

  async function save(r: number, c: number, minutes: number) {
    const row = grid.rows[r];
    const date = days[c];
    if (!row || !date || minutes === row.days[c]) return;
    setSaving((n) => n + 1);
    try {
      const category = extraCategory(row);
      await time.getState().setCell({ accountId: row.accountId, sku: row.sku, date, minutes, ...(category ? { category } : {}) });
      setError(null);
    } catch (e) {
      const frozen = effectiveEntries(view.entries).filter((x) => x.date === date && rowKey(x.accountId, x.sku) === row.key && isLocked(x.status));
      if (e instanceof ApiError && e.code === 'locked' && frozen.length > 0) {
        setError(e.message);
        onLocked({ row, date, minutes, entries: frozen });
      } else setError(errorMessage(e));
    } finally {
      setSaving((n) => n - 1);
    }
  }

  /** Ends the edit: saves (if the text is a duration) and moves by (dr, dc). A bad duration keeps the edit open. */
  function commit(dr: number, dc: number) {
    const text = editingRef.current;
    if (text === null || !current) return;
    const parsed = text.trim() === '' ? ({ ok: true, minutes: 0 } as const) : parseDuration(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    editingRef.current = null;
    setEditing(null);
    void save(current.r, current.c, parsed.minutes);
    moveTo(current.r + dr, current.c + dc);
  }

  function cancel() {
    editingRef.current = null;
    setEditing(null);
    setError(null);
  }

  function onCellKeyDown(e: KeyboardEvent<HTMLTableCellElement>) {
    if (!current || editing !== null) return;
    const { r, c } = current;
    const key = e.key;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[key];
    if (move) {
      e.preventDefault();
      moveTo(r + move[0], c + move[1]);
    } else if (key === 'Home' || key === 'End') {
      e.preventDefault();
      moveTo(e.ctrlKey ? (key === 'Home' ? 0 : grid.rows.length - 1) : r, key === 'Home' ? 0 : 6);
    } else if (key === 'Tab') {
      // Tab moves through the days like a spreadsheet; past the last (or first) cell it leaves the grid.
      const next = r * 7 + c + (e.shiftKey ? -1 : 1);
      if (next < 0 || next >= grid.rows.length * 7) return;
      e.preventDefault();
      moveTo(Math.floor(next / 7), next % 7);
    } else if (key === 'Enter' || key === 'F2') {
      e.preventDefault();
      startEdit(cellText(grid.rows[r]?.days[c] ?? 0), true);
    } else if (key === 'Delete' || key === 'Backspace') {
      e.preventDefault();
      void save(r, c, 0);
    } else if (key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Typing replaces the cell's value, as in a spreadsheet.
      e.preventDefault();
      startEdit(key, false);
    }
  }

  function onInputKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(e.shiftKey ? -1 : 1, 0);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      commit(0, e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      cancel();
    }
  }

  if (grid.rows.length === 0) return null;
  const status = error ? (
    <p role="alert" className="time-grid__error">
      {error}
    </p>
  ) : null;

  return (
    <>
      <div className="time-grid__wrap">
        <table
          role="grid"
          aria-label={`Time for week ${view.week}`}
          aria-busy={saving > 0 ? true : undefined}
          className="time-grid"
          onFocus={() => (focusInside.current = true)}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) focusInside.current = false;
          }}
        >
          <thead>
            <tr role="row">
              <th role="columnheader" scope="col" className="time-grid__rowhead">
                Account · SKU
              </th>
              {days.map((d) => (
                <th role="columnheader" scope="col" key={d} aria-label={longDay(d)}>
                  {shortDay(d)}
                </th>
              ))}
              <th role="columnheader" scope="col" className="time-grid__total">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row, r) => {
              const name = accountName(accounts, row.accountId);
              return (
                <tr role="row" key={row.key}>
                  <th role="rowheader" scope="row" className="time-grid__rowhead">
                    <span className="time-grid__account">{name}</span>
                    <span className="time-grid__sku">{row.sku ?? 'No SKU'}</span>
                  </th>
                  {days.map((d, c) => {
                    const isActive = current?.r === r && current.c === c;
                    const editingHere = isActive && isEditing;
                    const value = cellText(row.days[c] ?? 0);
                    const locked = row.locked[c] ?? false;
                    return (
                      <td
                        key={d}
                        role="gridcell"
                        ref={(el) => {
                          if (el) cells.current.set(cellId(r, c), el);
                          else cells.current.delete(cellId(r, c));
                        }}
                        tabIndex={isActive && !editingHere ? 0 : -1}
                        aria-selected={isActive}
                        aria-label={`${name}, ${row.sku ?? 'no SKU'}, ${longDay(d)}: ${value || 'no time'}${locked ? ', locked' : ''}`}
                        className={`time-grid__cell${locked ? ' time-grid__cell--locked' : ''}${isActive ? ' time-grid__cell--active' : ''}`}
                        onKeyDown={onCellKeyDown}
                        onMouseDown={() => setActive({ key: row.key, col: c })}
                        onDoubleClick={() => startEdit(value, true)}
                      >
                        {editingHere ? (
                          <input
                            ref={input}
                            className="time-grid__input"
                            aria-label={`${name} ${row.sku ?? 'no SKU'}, ${longDay(d)}`}
                            aria-invalid={error ? true : undefined}
                            value={editing}
                            onChange={(e) => {
                              editingRef.current = e.target.value;
                              setEditing(e.target.value);
                            }}
                            onKeyDown={onInputKeyDown}
                            onBlur={() => commit(0, 0)}
                          />
                        ) : (
                          value
                        )}
                      </td>
                    );
                  })}
                  <td role="gridcell" className="time-grid__total" aria-label={`${name}, ${row.sku ?? 'no SKU'}, week total: ${formatDuration(row.total)}`}>
                    {formatDuration(row.total)}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr role="row">
              <th role="rowheader" scope="row" className="time-grid__rowhead">
                Day total
              </th>
              {grid.dayTotals.map((m, c) => (
                <td role="gridcell" key={days[c]} aria-label={`${longDay(days[c] ?? '')} total: ${formatDuration(m)}`} className={m > 24 * 60 ? 'time-grid__over' : m === 0 ? 'time-grid__zero' : undefined}>
                  {formatDuration(m)}
                </td>
              ))}
              <td role="gridcell" className="time-grid__total time-grid__week-total" aria-label={`Week total: ${formatDuration(grid.total)}`}>
                {formatDuration(grid.total)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {status}
      <p className="muted time-grid__help">
        Arrows or Tab move; type a duration (1h30, 90m, 1.5, 1:30) or press Enter to edit; Enter or Tab saves; Escape cancels; Delete clears.
      </p>
    </>
  );
}
