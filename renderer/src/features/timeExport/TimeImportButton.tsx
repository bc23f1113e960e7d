import { useId, useRef, useState } from 'react';
import {
  describeRowError,
  formatHm,
  MAX_IMPORT_FILE_BYTES,
  TIME_CATEGORIES,
  TIME_CATEGORY_EXPORT_LABELS,
  TIME_IMPORT_FIELD_LABELS,
  TIME_IMPORT_FIELDS,
  TIME_IMPORT_FORMAT_LABELS,
  TIME_IMPORT_FORMATS,
} from '../../../../core/model';
import type { DateOrder, TimeEntryDraft, TimeImportField, TimeImportFormat, TimeImportPreview } from '../../../../core/model';

type TimeCategory = TimeEntryDraft['category'];
import { errorMessage } from '../../api/client';
import { fileToBase64 } from '../../api/files';
import { useApp } from '../../app/context';
import { SelectField } from '../../ui/fields';
import { ImportPreviewTable } from './ImportPreviewTable';
import { InputField, TimeIoDialog } from './TimeIoDialog';

interface Options {
  format: 'auto' | TimeImportFormat;
  dateOrder: DateOrder;
  defaultCategory: TimeCategory;
  mapping: Record<string, TimeImportField> | null;
}

const MAX_PROBLEMS_SHOWN = 50;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Choose a file → preview with per-row errors → confirm. Nothing is written before "Import". */
function ImportDialog({ onClose }: { onClose: () => void }) {
  const { client, toasts } = useApp();
  const previewTitleId = useId();
  const [file, setFile] = useState<{ name: string; contentBase64: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [options, setOptions] = useState<Options>({ format: 'auto', dateOrder: 'auto', defaultCategory: 'remote', mapping: null });
  const [preview, setPreview] = useState<TimeImportPreview | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);

  // Responses can arrive out of order (options changed quickly); only the newest may show.
  const latest = useRef(0);

  const requestOf = (f: typeof file, o: Options) =>
    f && {
      fileName: f.name,
      contentBase64: f.contentBase64,
      format: o.format,
      dateOrder: o.dateOrder,
      defaultCategory: o.defaultCategory,
      ...(o.format === 'generic' && o.mapping ? { mapping: o.mapping } : {}),
    };

  /** Every change of file or option previews again: what is shown is always what "Import" would write. */
  const update = async (f: typeof file, o: Options) => {
    setFile(f);
    setOptions(o);
    const input = requestOf(f, o);
    const ticket = ++latest.current;
    setRequestError(null);
    if (!input) {
      setPreview(null);
      return;
    }
    setBusy('reading');
    try {
      const result = await client.call('time.import.preview', input);
      if (ticket !== latest.current) return;
      setPreview(result);
    } catch (error) {
      if (ticket !== latest.current) return;
      setPreview(null);
      setRequestError(errorMessage(error));
    } finally {
      if (ticket === latest.current) setBusy(null);
    }
  };
  const setOption = <K extends keyof Options>(key: K, value: Options[K]) => void update(file, { ...options, [key]: value });

  const chooseFile = async (chosen: File | undefined) => {
    if (!chosen) return void update(null, options);
    if (chosen.size > MAX_IMPORT_FILE_BYTES) {
      setFileError(`The file is larger than ${MAX_IMPORT_FILE_BYTES / 1024} KB. Import it with the command line: fieldbook time import FILE.`);
      return void update(null, options);
    }
    setFileError(null);
    await update({ name: chosen.name, contentBase64: await fileToBase64(chosen) }, { ...options, mapping: null });
  };

  const confirm = async () => {
    const input = requestOf(file, options);
    if (!input) return;
    setBusy('importing');
    setRequestError(null);
    try {
      const result = await client.call('time.import.commit', input);
      const skipped = result.skippedDuplicates ? `; skipped ${plural(result.skippedDuplicates, 'duplicate')}` : '';
      toasts.getState().show({ message: `Imported ${plural(result.imported, 'entry', 'entries')} (${formatHm(result.minutes)}) as drafts${skipped}.` });
      onClose();
    } catch (error) {
      setRequestError(errorMessage(error));
      setBusy(null);
    }
  };

  const problems = preview ? [...preview.fileErrors, ...preview.rows.flatMap((r) => r.errors.map((e) => describeRowError(r.row, e)))] : [];
  const canImport = preview !== null && problems.length === 0 && preview.counts.ready > 0 && busy === null;
  const generic = preview?.format === 'generic';

  return (
    <TimeIoDialog title="Import time" onClose={onClose} wide>
      {() => (
        <div className="time-io-import">
          <p className="muted">
            From a Toggl, Harvest or Clockify export (CSV or Excel), a Fieldbook export, or any spreadsheet with a date, an account and the time spent. Rows become
            your draft entries; nothing is saved until you choose Import.
          </p>
          <div className="form__grid">
            <InputField label="File" error={fileError ?? undefined} hint="CSV or Excel (.xlsx)">
              {(props) => <input {...props} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void chooseFile(e.target.files?.[0])} />}
            </InputField>
            <SelectField
              label="Format"
              name="format"
              value={options.format}
              onChange={(v) => setOption('format', v as Options['format'])}
              options={[{ value: 'auto', label: 'Detect from the columns' }, ...TIME_IMPORT_FORMATS.map((f) => ({ value: f, label: TIME_IMPORT_FORMAT_LABELS[f] }))]}
            />
            <SelectField
              label="Dates like 03/04/2026"
              name="dateOrder"
              value={options.dateOrder}
              onChange={(v) => setOption('dateOrder', v as DateOrder)}
              options={[
                { value: 'auto', label: 'Decide from the file' },
                { value: 'mdy', label: 'Month first (March 4)' },
                { value: 'dmy', label: 'Day first (3 April)' },
              ]}
            />
            <SelectField
              label="Category when a row has none"
              name="defaultCategory"
              value={options.defaultCategory}
              onChange={(v) => setOption('defaultCategory', v as TimeCategory)}
              options={TIME_CATEGORIES.map((c) => ({ value: c, label: TIME_CATEGORY_EXPORT_LABELS[c] }))}
            />
          </div>

          {busy === 'reading' ? (
            <p className="muted" role="status">
              Reading the file…
            </p>
          ) : null}
          {requestError ? (
            <p className="form__error" role="alert">
              {requestError}
            </p>
          ) : null}

          {preview ? (
            <section className="time-io-import__preview" aria-labelledby={previewTitleId}>
              <h3 id={previewTitleId} className="time-io-import__summary" role="status">
                {TIME_IMPORT_FORMAT_LABELS[preview.format]}: {plural(preview.counts.rows, 'row')} — {preview.counts.ready} ready ({formatHm(preview.readyMinutes)}),{' '}
                {plural(preview.counts.duplicates, 'duplicate')}, {preview.counts.errors} with errors
              </h3>
              {preview.notices.map((n) => (
                <p key={n} className="time-io-import__notice">
                  {n}
                </p>
              ))}
              {generic ? (
                <ColumnMapping
                  headers={preview.headers}
                  mapping={preview.mapping}
                  onChange={(mapping) => void update(file, { ...options, format: 'generic', mapping })}
                />
              ) : null}
              {problems.length > 0 ? (
                <div className="form__error" role="alert">
                  <p>
                    {problems.length === 1 ? 'One problem' : `${problems.length} problems`} to fix in the file before anything can be imported; then choose the file
                    again.
                  </p>
                  <ul className="time-io-import__problems">
                    {problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                    {problems.length > MAX_PROBLEMS_SHOWN ? <li>and {problems.length - MAX_PROBLEMS_SHOWN} more.</li> : null}
                  </ul>
                </div>
              ) : null}
              {preview.rows.length > 0 ? <ImportPreviewTable rows={preview.rows} labelledBy={previewTitleId} /> : null}
            </section>
          ) : null}

          <div className="form__actions">
            <button type="button" className="button button--primary" disabled={!canImport} aria-busy={busy === 'importing' || undefined} onClick={() => void confirm()}>
              {busy === 'importing' ? 'Importing…' : preview && preview.counts.ready > 0 ? `Import ${plural(preview.counts.ready, 'entry', 'entries')}` : 'Import'}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </TimeIoDialog>
  );
}

/** Which column holds what, for a file from an unknown tool; every change previews again. */
function ColumnMapping({ headers, mapping, onChange }: { headers: string[]; mapping: Record<string, TimeImportField>; onChange: (mapping: Record<string, TimeImportField>) => void }) {
  return (
    <fieldset className="time-io-mapping">
      <legend className="field__label">Which column holds what</legend>
      <div className="form__grid">
        {headers
          .filter((h) => h !== '')
          .map((header) => (
            <SelectField
              key={header}
              label={header}
              name={`map-${header}`}
              value={mapping[header] ?? 'ignore'}
              onChange={(v) => onChange({ ...mapping, [header]: v as TimeImportField })}
              options={TIME_IMPORT_FIELDS.map((f) => ({ value: f, label: TIME_IMPORT_FIELD_LABELS[f] }))}
            />
          ))}
      </div>
    </fieldset>
  );
}

/** Opens the import dialog. Placed on the Time page; until it lands, in Settings. */
export function TimeImportButton({ label = 'Import time…' }: { label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? <ImportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
