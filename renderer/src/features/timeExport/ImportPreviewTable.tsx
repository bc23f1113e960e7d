import { useRef } from 'react';
import { formatHm, TIME_CATEGORY_EXPORT_LABELS } from '../../../../core/model';
import type { TimeImportPreviewRow } from '../../../../core/model';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';

/** One fixed row height (CSS agrees), so a file of thousands of rows renders only the rows in view. */
const ROW_HEIGHT = 40;

const STATUS: Record<TimeImportPreviewRow['status'], { label: string; badge: string }> = {
  ready: { label: 'Ready', badge: 'badge--green' },
  duplicate: { label: 'Duplicate', badge: 'badge--amber' },
  error: { label: 'Error', badge: 'badge--red' },
};

function why(row: TimeImportPreviewRow): string {
  if (row.status === 'error') return row.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join(' ');
  if (row.duplicateOf?.kind === 'row') return `Same as row ${row.duplicateOf.row}; skipped.`;
  if (row.duplicateOf?.kind === 'stored') return 'Already in Fieldbook; skipped.';
  return row.draft?.note ?? '';
}

function when(row: TimeImportPreviewRow): string {
  const d = row.draft;
  if (!d) return '';
  if (!d.startedAt || !d.endedAt) return d.date;
  const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: d.timeZone ?? undefined });
  return `${d.date} ${time(d.startedAt)}–${time(d.endedAt)}`;
}

const COLUMNS = ['Row', 'Status', 'When', 'Account', 'Time', 'Category', 'SKU', 'Note or problem'];

/** The rows of an import as they would be written, with each row's status and, for errors, what to fix. */
export function ImportPreviewTable({ rows, labelledBy }: { rows: TimeImportPreviewRow[]; labelledBy: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    rowHeight: ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.row ?? index,
    initialRect: { width: 900, height: 320 },
  });
  // The scroll box wraps the whole table (its header stays in view, sticky), so the table's rows are its own children.
  return (
    <div ref={scrollRef} className="time-io-preview" tabIndex={0} aria-label="Preview rows (scroll to see all)">
      <div role="table" aria-labelledby={labelledBy} aria-rowcount={rows.length + 1} className="time-io-preview__table">
        <div role="rowgroup" className="time-io-preview__head">
          <div role="row" aria-rowindex={1} className="time-io-preview__row">
            {COLUMNS.map((c) => (
              <div key={c} role="columnheader" className="grid__cell">
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="time-io-preview__body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const status = STATUS[row.status];
            const problem = why(row);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className="time-io-preview__row time-io-preview__row--body"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="grid__cell">
                  {row.row}
                </div>
                <div role="cell" className="grid__cell">
                  <span className={`badge ${status.badge}`}>{status.label}</span>
                </div>
                <div role="cell" className="grid__cell">
                  {when(row)}
                </div>
                <div role="cell" className="grid__cell" title={row.accountName}>
                  {row.accountName}
                </div>
                <div role="cell" className="grid__cell time-io-preview__time">
                  {row.draft ? formatHm(row.draft.minutes) : ''}
                </div>
                <div role="cell" className="grid__cell">
                  {row.draft ? TIME_CATEGORY_EXPORT_LABELS[row.draft.category] : ''}
                </div>
                <div role="cell" className="grid__cell">
                  {row.draft?.sku ?? ''}
                </div>
                <div role="cell" className={`grid__cell${row.status === 'error' ? ' time-io-preview__problem' : ''}`} title={problem}>
                  {problem}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
