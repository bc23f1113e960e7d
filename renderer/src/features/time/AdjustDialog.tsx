import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDuration, parseDuration } from '../../../../core/model';
import type { TimeEntry } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { TextField } from '../../ui/fields';
import { Dialog } from './Dialog';
import { entrySummary } from './format';

/**
 * Approved or exported time cannot change; this creates the correction instead: a new entry with the corrected
 * duration, linked to the entry it replaces, which goes to a manager for approval.
 */
export function AdjustDialog({ entries, suggested, onClose }: { entries: TimeEntry[]; suggested: number | null; onClose: () => void }) {
  const { time, toasts } = useApp();
  const id = useId();
  const [chosen, setChosen] = useState(entries[0]?.id ?? '');
  const [duration, setDuration] = useState(suggested === null ? '' : formatDuration(suggested));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);
  const original = entries.find((e) => e.id === chosen);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseDuration(duration);
    if (!parsed.ok) {
      setErrors({ minutes: parsed.message });
      return;
    }
    setBusy(true);
    try {
      const adjustment = await time.getState().adjust({ id: chosen, minutes: parsed.minutes, ...(note.trim() ? { note } : {}) });
      toasts.getState().show({
        message: `Adjustment created: ${formatDuration(original?.minutes ?? 0)} → ${formatDuration(adjustment.minutes)}. It waits for your manager’s approval.`,
      });
      onClose();
    } catch (error) {
      setErrors(error instanceof ApiError && Object.keys(error.fields).length ? error.fields : { form: errorMessage(error) });
      setBusy(false);
    }
  }

  return (
    <Dialog title="Create an adjustment" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <p>
          This time is locked because it was approved or exported. Record the correct duration as an adjustment: it is linked to the
          original entry, which stays as it was, and replaces it in totals once approved.
        </p>
        {entries.length > 1 ? (
          <fieldset className="time-adjust__choices">
            <legend>Entry to correct</legend>
            {entries.map((entry) => (
              <label key={entry.id} className="time-adjust__choice">
                <input type="radio" name={`${id}-entry`} value={entry.id} checked={chosen === entry.id} onChange={() => setChosen(entry.id)} />
                {entrySummary(entry)}
              </label>
            ))}
          </fieldset>
        ) : original ? (
          <p className="muted">Correcting: {entrySummary(original)}</p>
        ) : null}
        <TextField label="Corrected duration" name="minutes" value={duration} onChange={setDuration} error={errors['minutes']} hint="1h30, 90m, 1.5 or 1:30" required />
        <TextField label="Why (note)" name="note" value={note} onChange={setNote} error={errors['note']} />
        {errors['form'] ? (
          <p role="alert" className="form__error">
            {errors['form']}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Create adjustment
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
