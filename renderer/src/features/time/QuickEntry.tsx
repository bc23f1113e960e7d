import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDuration, parseDuration } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { TextField, focusFirstInvalid } from '../../ui/fields';
import { accountName } from './store';
import { WorkFields } from './WorkFields';
import type { Work } from './WorkFields';

type Errors = Record<string, string | undefined>;
/** Fields this form shows errors next to; others (an overlap's start time) go above the button. */
const SHOWN_FIELDS = ['minutes', 'date', 'accountId', 'category', 'sku', 'note'];

/** One line of time without the grid: a duration as people write it (1h30, 90m, 1.5, 1:30) on an account. */
export function QuickEntry() {
  const { time, toasts } = useApp();
  const accounts = useTime((s) => s.accounts);
  const headingId = useId();
  const form = useRef<HTMLFormElement>(null);
  const [duration, setDuration] = useState('');
  const [date, setDate] = useState(() => time.getState().today());
  const [note, setNote] = useState('');
  const [work, setWork] = useState<Work>({ accountId: '', category: 'remote', sku: null });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = duration.trim() ? parseDuration(duration) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {};
    const minutes = parseDuration(duration);
    if (!minutes.ok) found['minutes'] = minutes.message;
    if (!work.accountId) found['accountId'] = 'Choose an account.';
    setErrors(found);
    setFormError(null);
    if (!minutes.ok || !work.accountId) {
      requestAnimationFrame(() => focusFirstInvalid(form.current));
      return;
    }
    setBusy(true);
    try {
      const entry = await time.getState().add({ accountId: work.accountId, category: work.category, sku: work.sku, date, minutes: minutes.minutes, note });
      setDuration('');
      setNote('');
      toasts.getState().show({
        message: `Logged ${formatDuration(entry.minutes)} on ${accountName(accounts, entry.accountId)}${entry.status === 'submitted' ? ' (the week was already submitted: it goes to your manager)' : ''}.`,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await time.getState().remove(entry.id);
            } catch (error) {
              toasts.getState().show({ message: errorMessage(error) });
            }
          },
        },
      });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).some((k) => SHOWN_FIELDS.includes(k))) {
        setErrors(error.fields);
        requestAnimationFrame(() => focusFirstInvalid(form.current));
      } else setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Quick entry</h2>
      <form ref={form} className="time-quick" onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Duration"
          name="duration"
          value={duration}
          onChange={setDuration}
          error={errors['minutes']}
          hint={parsed?.ok ? `= ${formatDuration(parsed.minutes)}` : '1h30, 90m, 1.5 or 1:30'}
          required
        />
        <div className="field">
          <label className="field__label" htmlFor={`${headingId}-date`}>
            Date
          </label>
          <input
            id={`${headingId}-date`}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={errors['date'] ? true : undefined}
            aria-describedby={errors['date'] ? `${headingId}-date-error` : undefined}
          />
          {errors['date'] ? (
            <p id={`${headingId}-date-error`} className="field__error">
              {errors['date']}
            </p>
          ) : null}
        </div>
        <WorkFields idPrefix="quick" value={work} onChange={setWork} date={date} errors={errors} />
        <TextField label="Note" name="note" value={note} onChange={setNote} error={errors['note']} />
        <div className="time-quick__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Log time
          </button>
        </div>
      </form>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
    </section>
  );
}
