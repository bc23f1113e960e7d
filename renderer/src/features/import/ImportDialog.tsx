import { useId, useRef, useState } from 'react';
import type { ImportPreview, ImportPreviewRow, ImportResult } from '../../../../core/model';
import { useApp, useImports } from '../../app/context';
import { Modal } from '../../ui/Modal';
import { useRowVirtualizer } from '../../ui/useRowVirtualizer';

const ROW_HEIGHT = 64;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "Imported 3 accounts: 2 new, 1 updated. 4 rows with problems were left out." */
export function describeResult(result: ImportResult, label: string): string {
  const written = result.created + result.updated;
  const parts = [`Imported ${plural(written, label.toLowerCase().replace(/s$/, ''), label.toLowerCase())}: ${result.created} new, ${result.updated} updated`];
  if (result.unchanged > 0) parts.push(`${result.unchanged} already up to date`);
  let text = `${parts.join(', ')}.`;
  if (result.skipped > 0) text += ` ${plural(result.skipped, 'row')} with problems ${result.skipped === 1 ? 'was' : 'were'} left out.`;
  return text;
}

/** The Import button of the accounts list header. */
export function ImportButton() {
  const { imports } = useApp();
  return (
    <button type="button" className="button import-open" onClick={() => imports.getState().openDialog('accounts')}>
      Import…
    </button>
  );
}

/** Renders the import dialog while it is open (from the accounts header or the palette). */
export function ImportDialogHost() {
  const open = useImports((s) => s.open);
  return open ? <ImportDialog /> : null;
}

function ImportDialog() {
  const { imports, toasts } = useApp();
  const step = useImports((s) => s.step);
  const type = useImports((s) => s.type);
  const types = useImports((s) => s.types);
  const preview = useImports((s) => s.preview);
  const error = useImports((s) => s.error);
  const previewing = useImports((s) => s.previewing);
  const label = types.find((t) => t.type === type)?.label ?? 'Records';
  const writable = preview ? preview.counts.create + preview.counts.update : 0;
  const canImport = step === 'preview' && !!preview && preview.problems.length === 0 && writable > 0 && !previewing;

  const confirm = async () => {
    const result = await imports.getState().commit();
    if (result) toasts.getState().show({ message: describeResult(result, label) });
  };

  return (
    <Modal
      title={`Import ${label.toLowerCase()}`}
      className="import-dialog"
      busy={step === 'importing'}
      onClose={() => imports.getState().close()}
      footer={
        <>
          {preview && step !== 'choose' ? (
            <p className="import-dialog__footnote muted">{preview.problems.length > 0 ? 'Fix the column mapping to continue.' : writable === 0 ? 'Nothing to import: every row is up to date or has problems.' : 'Nothing is saved until you import.'}</p>
          ) : null}
          <button type="button" className="button" onClick={() => imports.getState().close()} disabled={step === 'importing'}>
            Cancel
          </button>
          {step === 'preview' || step === 'importing' ? (
            <button type="button" className="button button--primary" disabled={!canImport} aria-busy={step === 'importing'} onClick={() => void confirm()}>
              {step === 'importing' ? `Importing ${plural(writable, 'row')}…` : `Import ${plural(writable, label.toLowerCase().replace(/s$/, ''), label.toLowerCase())}`}
            </button>
          ) : null}
        </>
      }
    >
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {step === 'choose' || step === 'reading' ? <ChooseFile /> : null}
      {preview && (step === 'preview' || step === 'importing') ? <PreviewView preview={preview} /> : null}
    </Modal>
  );
}

function ChooseFile() {
  const { imports } = useApp();
  const step = useImports((s) => s.step);
  const progress = useImports((s) => s.progress);
  const fileName = useImports((s) => s.fileName);
  const types = useImports((s) => s.types);
  const type = useImports((s) => s.type);
  const id = useId();
  return (
    <div className="import-choose">
      <p>
        Choose a CSV or Excel (.xlsx) file with a header row and one record per row. You will see what each row does before anything is
        saved.
      </p>
      {types.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-type`} className="field__label">
            What the file holds
          </label>
          <select id={`${id}-type`} value={type} onChange={(e) => imports.getState().setType(e.target.value)}>
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-file`} className="field__label">
          Spreadsheet file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={step === 'reading'}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void imports.getState().chooseFile(file);
          }}
        />
      </div>
      {step === 'reading' ? (
        <div className="import-progress">
          <p id={`${id}-progress`}>Reading {fileName}…</p>
          <progress aria-labelledby={`${id}-progress`} max={1} value={progress} />
        </div>
      ) : null}
    </div>
  );
}

function PreviewView({ preview }: { preview: ImportPreview }) {
  const { imports } = useApp();
  const previewing = useImports((s) => s.previewing);
  const mapping = useImports((s) => s.mapping);
  const step = useImports((s) => s.step);
  const id = useId();
  const { counts } = preview;
  return (
    <div className="import-preview" aria-busy={previewing}>
      <p className="import-preview__file">
        <strong>{preview.fileName}</strong>
        {preview.sheet ? ` · sheet “${preview.sheet}”` : ''} · {plural(counts.rows, 'row')}{' '}
        <button type="button" className="link-button" onClick={() => imports.getState().openDialog(preview.type)} disabled={step === 'importing'}>
          Choose another file
        </button>
      </p>

      <section aria-labelledby={`${id}-columns`}>
        <h3 id={`${id}-columns`} className="import-preview__heading">
          Columns
        </h3>
        <div className="import-columns-wrap">
          <table className="import-columns">
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col">Examples</th>
                <th scope="col">Imports as</th>
              </tr>
            </thead>
            <tbody>
              {preview.columns.map((c, i) => (
                <tr key={c.name}>
                  <th scope="row">{c.name}</th>
                  <td className="muted import-columns__samples">{c.samples.join(' · ') || '(empty)'}</td>
                  <td>
                    <label htmlFor={`${id}-map-${i}`} className="visually-hidden">
                      {`Import column ${c.name} as`}
                    </label>
                    <select
                      id={`${id}-map-${i}`}
                      value={mapping[c.name] ?? ''}
                      disabled={step === 'importing'}
                      onChange={(e) => imports.getState().setMapping(c.name, e.target.value || null)}
                    >
                      <option value="">Do not import</option>
                      {preview.fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                          {f.required ? ' (required)' : ''}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {preview.problems.length > 0 ? (
        <div role="alert" className="import-problems">
          {preview.problems.map((p) => (
            <p key={p} className="form__error">
              {p}
            </p>
          ))}
        </div>
      ) : (
        <PreviewRows preview={preview} />
      )}
    </div>
  );
}

const ACTION_LABELS: Record<ImportPreviewRow['action'], string> = { create: 'New', update: 'Update', unchanged: 'Up to date', error: 'Not imported' };

function PreviewRows({ preview }: { preview: ImportPreview }) {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const id = useId();
  const rows = onlyProblems ? preview.rows.filter((r) => r.action === 'error') : preview.rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer({
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    getScrollElement: () => scrollRef.current,
    getItemKey: (i) => rows[i]?.row ?? i,
    initialRect: { width: 800, height: 320 },
  });
  const { counts } = preview;
  const fieldLabel = (key: string) => preview.fields.find((f) => f.key === key)?.label ?? key;
  const nameField = preview.fields[0]?.key ?? 'name';
  return (
    <section aria-labelledby={`${id}-rows`} className="import-rows">
      <div className="import-rows__bar">
        <h3 id={`${id}-rows`} className="import-preview__heading">
          What will happen
        </h3>
        <p className="import-counts" aria-live="polite">
          <span className="import-chip import-chip--create">{counts.create} new</span>
          <span className="import-chip import-chip--update">{counts.update} updated</span>
          <span className="import-chip import-chip--unchanged">{counts.unchanged} up to date</span>
          <span className="import-chip import-chip--error">{counts.error} with problems</span>
        </p>
        {counts.error > 0 ? (
          <label className="import-rows__filter">
            <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> Only rows with problems
          </label>
        ) : null}
      </div>
      <details className="import-rule">
        <summary>How rows find existing records</summary>
        <p className="muted">{preview.matchRule}</p>
      </details>
      {rows.length === 0 ? (
        <p className="muted">The file has a header row but no records below it.</p>
      ) : (
        <div ref={scrollRef} className="import-rows__scroll" tabIndex={0} aria-label="Rows of the file">
          <ul className="import-rows__list" style={{ height: virtualizer.getTotalSize() }} aria-label="Rows">
            {virtualizer.getVirtualItems().map((item) => {
              const r = rows[item.index];
              if (!r) return null;
              const detail =
                r.action === 'error'
                  ? r.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join(' ')
                  : r.action === 'update'
                    ? `Changes ${r.changes.map(fieldLabel).join(', ')} of ${r.match ?? ''}`
                    : r.action === 'unchanged'
                      ? `Same as ${r.match ?? ''}`
                      : Object.entries(r.values)
                          .filter(([k]) => k !== nameField)
                          .map(([k, v]) => `${fieldLabel(k)}: ${v}`)
                          .join(' · ');
              return (
                <li
                  key={item.key}
                  className={`import-row import-row--${r.action}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  aria-setsize={rows.length}
                  aria-posinset={item.index + 1}
                >
                  <span className="import-row__number">Row {r.row}</span>
                  <span className={`import-chip import-chip--${r.action}`}>{ACTION_LABELS[r.action]}</span>
                  <span className="import-row__name">{r.values[nameField] ?? '(no name)'}</span>
                  <span className="import-row__detail" title={detail}>
                    {detail}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {preview.rowsOmitted > 0 ? <p className="muted">{preview.rowsOmitted.toLocaleString()} more rows without problems are not listed; the counts include them.</p> : null}
    </section>
  );
}
