import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDuration, weekLabel } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { formatDateTime } from '../accounts/format';
import { TextField } from '../../ui/fields';
import { categoryLabel, entrySummary, longDay } from './format';
import { accountName } from './store';

/** A rejection needs a reason the person can act on; the form asks for it next to the button. */
function RejectForm({ label, onReject, onCancel }: { label: string; onReject: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why, so it can be fixed.');
      return;
    }
    setBusy(true);
    try {
      await onReject(reason.trim());
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields['reason'] ?? err.message) : errorMessage(err));
      setBusy(false);
    }
  }
  return (
    <form className="time-reject" onSubmit={(e) => void submit(e)} noValidate>
      <TextField label="Reason" name="reason" value={reason} onChange={setReason} error={error} required />
      <div className="form__actions">
        <button type="submit" className="button button--danger" disabled={busy}>
          {label}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** For managers: people's submitted weeks, and late entries or adjustments of approved weeks, to decide on. */
export function ApprovalsView() {
  const { time, toasts } = useApp();
  const pending = useTime((s) => s.pending);
  const error = useTime((s) => s.pendingError);
  const accounts = useTime((s) => s.accounts);
  const headingId = useId();
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    void time.getState().loadPending();
  }, [time]);

  async function act(run: () => Promise<void>, message: string) {
    setActionError(null);
    try {
      await run();
      setRejecting(null);
      toasts.getState().show({ message });
    } catch (e) {
      setActionError(errorMessage(e));
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Waiting for approval</h2>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {actionError ? (
        <p role="alert" className="form__error">
          {actionError}
        </p>
      ) : null}
      {!pending ? (
        error ? null : <p className="muted">Loading…</p>
      ) : pending.weeks.length === 0 && pending.entries.length === 0 ? (
        <div className="empty">
          <p className="empty__title">Nothing waits for your approval</p>
          <p className="muted">Submitted weeks appear here once they sync to this device.</p>
        </div>
      ) : (
        <ul className="time-approvals">
          {pending.weeks.map((w) => {
            const key = `${w.userId} ${w.week}`;
            return (
              <li key={key} className="time-approval" aria-label={`${w.userId}, week ${w.week}`}>
                <div className="time-approval__summary">
                  <strong>{w.userId}</strong>
                  <span>
                    Week {Number(w.week.slice(6))} · {weekLabel(w.week)}
                  </span>
                  <span>
                    {formatDuration(w.minutes)} in {w.entries} {w.entries === 1 ? 'entry' : 'entries'}, {formatDuration(w.billableMinutes)} billable
                  </span>
                  {w.submittedAt ? <span className="muted">Submitted {formatDateTime(w.submittedAt)}</span> : null}
                </div>
                {rejecting === key ? (
                  <RejectForm
                    label="Reject week"
                    onCancel={() => setRejecting(null)}
                    onReject={async (reason) => {
                      await time.getState().reject(w.userId, w.week, reason);
                      setRejecting(null);
                      toasts.getState().show({ message: `Week ${w.week} of ${w.userId} sent back with your reason.` });
                    }}
                  />
                ) : (
                  <div className="form__actions">
                    <button type="button" className="button button--primary" onClick={() => void act(() => time.getState().approve(w.userId, w.week), `Week ${w.week} of ${w.userId} approved and locked.`)}>
                      Approve
                    </button>
                    <button type="button" className="button" onClick={() => setRejecting(key)}>
                      Reject…
                    </button>
                  </div>
                )}
              </li>
            );
          })}
          {pending.entries.map(({ entry, original, week }) => (
            <li key={entry.id} className="time-approval" aria-label={`${original ? 'Adjustment' : 'Late entry'} of ${entry.userId}`}>
              <div className="time-approval__summary">
                <strong>{entry.userId}</strong>
                <span>
                  {original ? 'Adjustment' : 'Late entry'} in approved week {Number(week.slice(6))}: {accountName(accounts, entry.accountId)}
                </span>
                <span>
                  {original ? `${formatDuration(original.minutes)} → ${formatDuration(entry.minutes)} · ${longDay(entry.date)} · ${categoryLabel(entry.category)}${entry.sku ? ` · ${entry.sku}` : ''}` : entrySummary(entry)}
                </span>
                {entry.note ? <span className="muted">“{entry.note}”</span> : null}
              </div>
              {rejecting === entry.id ? (
                <RejectForm
                  label="Reject entry"
                  onCancel={() => setRejecting(null)}
                  onReject={async (reason) => {
                    await time.getState().rejectEntry(entry.id, reason);
                    setRejecting(null);
                    toasts.getState().show({ message: 'Entry rejected; the reason is in the week’s history.' });
                  }}
                />
              ) : (
                <div className="form__actions">
                  <button type="button" className="button button--primary" onClick={() => void act(() => time.getState().approveEntry(entry.id), 'Entry approved.')}>
                    Approve
                  </button>
                  <button type="button" className="button" onClick={() => setRejecting(entry.id)}>
                    Reject…
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
