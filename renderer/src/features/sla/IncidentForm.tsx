import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { SEVERITIES, SEVERITY_LABELS } from '../../../../core/model';
import type { FieldErrors, Incident, IncidentView } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { InputField } from './fields';
import { fromLocalInput, localZone, toLocalInput } from './format';

const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: String(s), label: SEVERITY_LABELS[s] }));

/** Open an incident (severity, when it opened — empty for now — and a summary), or correct those three. */
export function IncidentForm({ accountId, incident, onDone }: { accountId: string; incident: Incident | null; onDone: (view: IncidentView | null) => void }) {
  const { client, sla } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [severity, setSeverity] = useState(String(incident?.severity ?? 1));
  const [opened, setOpened] = useState(incident ? toLocalInput(incident.openedAt) : '');
  const [summary, setSummary] = useState(incident?.summary ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    const openedAt = fromLocalInput(opened);
    try {
      const view = incident
        ? await sla.getState().run(accountId, () =>
            client.call('incidents.update', {
              id: incident.id,
              patch: {
                ...(Number(severity) !== incident.severity ? { severity } : {}),
                ...(summary !== incident.summary ? { summary } : {}),
                ...(openedAt !== undefined && openedAt !== incident.openedAt ? { openedAt } : {}),
              },
            }),
          )
        : await sla.getState().run(accountId, () => client.call('incidents.open', { accountId, severity, summary, ...(openedAt !== undefined ? { openedAt } : {}) }));
      onDone(view);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!['severity', 'openedAt', 'summary'].some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      onDone(null);
    }
  };

  return (
    <form ref={formRef} className="form panel sla-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-label={incident ? 'Edit incident' : 'Open an incident'}>
      <h3 className="sla-form__title">{incident ? 'Edit incident' : 'Open an incident'}</h3>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <SelectField label="Severity" name="severity" value={severity} onChange={setSeverity} options={SEVERITY_OPTIONS} error={errors['severity']} required />
        <InputField
          label="Opened"
          name="openedAt"
          type="datetime-local"
          value={opened}
          onChange={setOpened}
          error={errors['openedAt']}
          hint={incident ? `Your time (${localZone()})` : `Empty: now. Your time (${localZone()}).`}
        />
      </div>
      <TextField label="Summary" name="summary" value={summary} onChange={setSummary} error={errors['summary']} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {incident ? 'Save incident' : 'Open incident'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
