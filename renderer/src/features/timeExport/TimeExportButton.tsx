import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { TIME_ENTRY_STATUSES, TIME_ROUNDING_LABELS, TIME_ROUNDINGS } from '../../../../core/model';
import type { Account, FieldErrors, TimeEntryStatus, TimeExportFormat, TimeRounding } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { base64ToBytes, saveFile } from '../../api/files';
import { useApp } from '../../app/context';
import { focusFirstInvalid, SelectField } from '../../ui/fields';
import { CheckboxField, InputField, TimeIoDialog } from './TimeIoDialog';

const FORMATS: Array<{ value: TimeExportFormat; label: string; hint: string }> = [
  { value: 'csv', label: 'CSV', hint: 'For billing systems and spreadsheets: one row per entry.' },
  { value: 'xlsx', label: 'Excel workbook', hint: 'Entries with real dates and numbers, and a summary with amounts.' },
  { value: 'pdf', label: 'PDF sign-off sheet', hint: 'A timesheet per account for the customer to sign.' },
];

const STATUS_LABELS: Record<TimeEntryStatus, string> = { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', exported: 'Exported' };

function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** This month, first to last day, in the person's own calendar. */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  return { from: isoDate(new Date(now.getFullYear(), now.getMonth(), 1)), to: isoDate(new Date(now.getFullYear(), now.getMonth() + 1, 0)) };
}

interface ExportForm {
  from: string;
  to: string;
  /** An account id; '' for all accounts. */
  account: string;
  status: TimeEntryStatus | '';
  format: TimeExportFormat;
  rounding: TimeRounding;
  bom: boolean;
  markExported: boolean;
}

function ExportDialog({ onClose }: { onClose: () => void }) {
  const { client, toasts } = useApp();
  const [form, setForm] = useState<ExportForm>(() => ({ ...thisMonth(), account: '', status: '', format: 'csv', rounding: 'none', bom: false, markExported: false }));
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ExportForm>(key: K, value: ExportForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    void client.call('accounts.list', {}).then(setAccounts, () => setAccounts([]));
  }, [client]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const file = await client.call('timesheet.export', {
        from: form.from,
        to: form.to,
        format: form.format,
        rounding: form.rounding,
        bom: form.format === 'csv' && form.bom,
        markExported: form.markExported,
        ...(form.account ? { account: form.account } : {}),
        ...(form.status ? { status: form.status } : {}),
      });
      await saveFile(file.fileName, base64ToBytes(file.contentBase64), file.mimeType);
      const marked = file.markedExported > 0 ? ` ${file.markedExported} marked as exported.` : '';
      toasts.getState().show({ message: `Exported ${file.entries} ${file.entries === 1 ? 'entry' : 'entries'} to ${file.fileName}.${marked}` });
      onClose();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      // A problem no single field owns (nothing matches, some time is not approved) shows above the buttons.
      if (Object.keys(fields).length === 0 || fields['markExported']) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formElement));
    } finally {
      setBusy(false);
    }
  };

  return (
    <TimeIoDialog title="Export time" onClose={onClose}>
      {() => (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="form__grid">
            <InputField label="From" error={errors['from']}>
              {(props) => <input {...props} type="date" name="from" value={form.from} onChange={(e) => set('from', e.target.value)} />}
            </InputField>
            <InputField label="To" error={errors['to']}>
              {(props) => <input {...props} type="date" name="to" value={form.to} onChange={(e) => set('to', e.target.value)} />}
            </InputField>
            <SelectField
              label="Account"
              name="account"
              value={form.account}
              onChange={(v) => set('account', v)}
              error={errors['account']}
              options={[{ value: '', label: 'All accounts' }, ...accounts.map((a) => ({ value: a.id, label: a.name }))]}
            />
            <SelectField
              label="Status"
              name="status"
              value={form.status}
              onChange={(v) => set('status', v as TimeEntryStatus | '')}
              error={errors['status']}
              options={[{ value: '', label: 'Any status' }, ...TIME_ENTRY_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
            />
          </div>
          <fieldset className="time-io-formats">
            <legend className="field__label">Format</legend>
            {FORMATS.map((f) => (
              <label key={f.value} className={`time-io-format${form.format === f.value ? ' time-io-format--chosen' : ''}`}>
                <input type="radio" name="format" value={f.value} checked={form.format === f.value} onChange={() => set('format', f.value)} />
                <span>
                  <span className="time-io-format__name">{f.label}</span>
                  <span className="field__hint">{f.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="form__grid">
            <SelectField
              label="Rounding"
              name="rounding"
              value={form.rounding}
              onChange={(v) => set('rounding', v as TimeRounding)}
              hint="Each entry is rounded up in the file; stored time stays as recorded."
              options={TIME_ROUNDINGS.map((r) => ({ value: r, label: TIME_ROUNDING_LABELS[r] }))}
            />
            {form.format === 'csv' ? (
              <CheckboxField label="Add a byte-order mark for Excel" hint="Excel then reads accents and € correctly." checked={form.bom} onChange={(v) => set('bom', v)} />
            ) : null}
          </div>
          <CheckboxField
            label="Mark the exported entries as exported"
            hint="Only approved time can be marked. Exported time can no longer be changed; corrections become adjustment entries."
            checked={form.markExported}
            onChange={(v) => set('markExported', v)}
          />
          {formError ? (
            <p className="form__error" role="alert">
              {formError}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy || undefined}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </TimeIoDialog>
  );
}

/** Opens the export dialog. Placed on the Time page; until it lands, in Settings. */
export function TimeExportButton({ label = 'Export time…' }: { label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? <ExportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
