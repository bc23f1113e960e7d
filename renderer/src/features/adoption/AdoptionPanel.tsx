import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { ADOPTION_STATUSES, ADOPTION_STATUS_LABELS } from '../../../../core/model';
import type { Account, AdoptionEntry, AdoptionScore, AdoptionStatus, FieldErrors } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useAdoption, useApp } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { formatDate } from '../accounts/format';
import { useJumpTarget } from '../../ui/useJumpTarget';

export const STATUS_OPTIONS = ADOPTION_STATUSES.map((s) => ({ value: s, label: ADOPTION_STATUS_LABELS[s] }));

export function StatusBadge({ status }: { status: AdoptionStatus }) {
  return <span className={`adoption-status adoption-status--${status}`}>{ADOPTION_STATUS_LABELS[status]}</span>;
}

/** How the score is computed, in words, wherever it is shown. */
export const SCORE_EXPLAINED =
  'The weighted share of the capability catalog in use: adopted counts fully, piloting half, evaluating a quarter; blocked and not started count nothing.';

export function ScoreSummary({ score }: { score: AdoptionScore }) {
  return (
    <div className="adoption-score">
      <p className="adoption-score__value">
        <span className="adoption-score__number">{score.score ?? '—'}</span>
        <span className="muted"> / 100</span>
      </p>
      {score.score !== null ? <meter className="adoption-score__meter" min={0} max={100} value={score.score} aria-label="Adoption score" /> : null}
      <p>
        {score.adopted} adopted, {score.inProgress} in progress, {score.blocked} blocked of {score.total} capabilities.
      </p>
      <p className="muted">{SCORE_EXPLAINED}</p>
    </div>
  );
}

const isoToday = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function AdoptionEditor({ accountId, entry, onDone }: { accountId: string; entry: AdoptionEntry; onDone: (saved: boolean) => void }) {
  const { adoption, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const [status, setStatus] = useState<string>(entry.status);
  const [blockers, setBlockers] = useState(entry.blockers);
  const [note, setNote] = useState('');
  const [on, setOn] = useState(isoToday);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const saved = await adoption.getState().set({ accountId, capability: entry.capability.code, status: status as AdoptionStatus, blockers, note, on });
      toasts.getState().show({ message: `${entry.capability.name}: ${ADOPTION_STATUS_LABELS[saved.status]}.` });
      onDone(true);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!['status', 'blockers', 'note', 'on'].some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    onDone(false);
  };

  return (
    <form ref={formRef} className="form adoption-editor" noValidate aria-label={`Update ${entry.capability.name}`} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <SelectField label="Status" name="status" value={status} onChange={setStatus} options={STATUS_OPTIONS} error={errors['status']} />
        <div className={`field${errors['on'] ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={`${id}-on`}>
            Date
          </label>
          <input
            id={`${id}-on`}
            type="date"
            value={on}
            onChange={(e) => setOn(e.target.value)}
            aria-invalid={errors['on'] ? true : undefined}
            aria-describedby={errors['on'] ? `${id}-on-error` : undefined}
          />
          {errors['on'] ? (
            <p id={`${id}-on-error`} className="field__error">
              {errors['on']}
            </p>
          ) : null}
        </div>
      </div>
      <TextField label="Blockers" name="blockers" value={blockers} onChange={setBlockers} error={errors['blockers']} hint="What stands in the way. Required when the status is Blocked." />
      <TextField label="Note" name="note" value={note} onChange={setNote} error={errors['note']} multiline />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          Save
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      {entry.notes.length > 0 ? (
        <div>
          <h4 className="adoption-editor__history">History</h4>
          <ul className="adoption-notes">
            {entry.notes.map((n) => (
              <li key={n.id}>
                <time dateTime={n.on}>{formatDate(`${n.on}T12:00:00`)}</time>
                {n.status ? (
                  <>
                    {' '}
                    <StatusBadge status={n.status} />
                  </>
                ) : null}
                {n.text ? <span> {n.text}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

/**
 * The account's Adoption tab: its score, and each capability's status, blockers and latest note, updated in place.
 * A note opened from search (`focus` = its capability's code) brings that capability's row into view.
 */
export function AdoptionPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { adoption } = useApp();
  useEffect(() => adoption.getState().track(account.id), [adoption, account.id]);
  const slot = useAdoption((s) => s.byAccount[account.id]);
  const [editing, setEditing] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const panelRef = useRef<HTMLDivElement>(null);
  useJumpTarget(focus, panelRef);

  const close = (code: string) => {
    setEditing(null);
    requestAnimationFrame(() => buttons.current.get(code)?.focus());
  };

  if (!slot?.data) {
    return slot?.error ? (
      <p role="alert" className="form__error">
        {slot.error}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  const { score, entries } = slot.data;
  return (
    <div className="adoption-panel" ref={panelRef}>
      <section className="panel" aria-labelledby="adoption-score">
        <h2 id="adoption-score">Adoption score</h2>
        <ScoreSummary score={score} />
      </section>
      <section className="panel" aria-labelledby="adoption-capabilities">
        <h2 id="adoption-capabilities">Capabilities</h2>
        {entries.length === 0 ? (
          <p className="muted">The capability catalog is empty. A manager adds capabilities in Settings.</p>
        ) : (
          <div className="sync-table-wrap">
            <table className="sync-table team-table adoption-table">
              <thead>
                <tr>
                  <th scope="col">Capability</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                  <th scope="col">Blockers</th>
                  <th scope="col">Latest note</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => {
                  const latest = entry.notes.find((n) => n.text !== '');
                  return [
                    <tr key={entry.capability.code} data-record-id={entry.capability.code} tabIndex={-1}>
                      <th scope="row">
                        <span className="sync-table__record">{entry.capability.name}</span>
                        <span className="muted sync-table__kind">
                          {entry.capability.category || 'Uncategorised'} · weight {entry.capability.weight}
                        </span>
                      </th>
                      <td>
                        <StatusBadge status={entry.status} />
                      </td>
                      <td>{entry.since ? formatDate(`${entry.since}T12:00:00`) : <span className="muted">—</span>}</td>
                      <td>{entry.blockers || <span className="muted">—</span>}</td>
                      <td>{latest ? latest.text : <span className="muted">—</span>}</td>
                      <td>
                        <button
                          ref={(el) => {
                            if (el) buttons.current.set(entry.capability.code, el);
                            else buttons.current.delete(entry.capability.code);
                          }}
                          type="button"
                          className="button"
                          aria-expanded={editing === entry.capability.code}
                          aria-label={`Update ${entry.capability.name}`}
                          onClick={() => setEditing(editing === entry.capability.code ? null : entry.capability.code)}
                        >
                          Update
                        </button>
                      </td>
                    </tr>,
                    editing === entry.capability.code ? (
                      <tr key={`${entry.capability.code}-editor`} className="adoption-table__editor">
                        <td colSpan={6}>
                          <AdoptionEditor accountId={account.id} entry={entry} onDone={() => close(entry.capability.code)} />
                        </td>
                      </tr>
                    ) : null,
                  ];
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
