import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { ENGAGEMENT_KINDS, ENGAGEMENT_KIND_LABELS } from '../../../../core/model';
import type { Engagement, FieldErrors } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { InputField } from './fields';
import { fromLocalInput, localZone, toLocalInput } from './format';

const KIND_OPTIONS = ENGAGEMENT_KINDS.map((k) => ({ value: k, label: ENGAGEMENT_KIND_LABELS[k] }));
const FIELDS = ['kind', 'occurredAt', 'title', 'attendees', 'notes', 'minutes'] as const;

/** Log a call, visit, QBR, escalation or email — or edit one. */
export function EngagementForm({ accountId, engagement, onDone }: { accountId: string; engagement: Engagement | null; onDone: (saved: Engagement | null) => void }) {
  const { client, sla } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(() => ({
    kind: engagement?.kind ?? 'weekly_call',
    occurredAt: toLocalInput(engagement?.occurredAt ?? new Date().toISOString()),
    title: engagement?.title ?? '',
    attendees: engagement?.attendees ?? '',
    notes: engagement?.notes ?? '',
    minutes: engagement?.minutes ?? '',
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const occurredAt = fromLocalInput(draft.occurredAt);
    if (occurredAt === undefined) {
      setErrors({ occurredAt: 'Enter when it happened.' });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    const fields = { ...draft, kind: draft.kind, occurredAt };
    setSaving(true);
    setFormError(null);
    try {
      let saved: Engagement;
      if (engagement) {
        const patch = Object.fromEntries(FIELDS.filter((k) => fields[k] !== engagement[k]).map((k) => [k, fields[k]]));
        saved = await sla.getState().run(accountId, () => client.call('engagements.update', { id: engagement.id, patch }));
      } else {
        saved = await sla.getState().run(accountId, () => client.call('engagements.create', { accountId, ...fields }));
      }
      onDone(saved);
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.fields : {};
      setErrors(fieldErrors);
      if (!FIELDS.some((k) => k in fieldErrors)) setFormError(errorMessage(error));
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
    <form ref={formRef} className="form panel sla-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-label={engagement ? 'Edit engagement' : 'Log an engagement'}>
      <h3 className="sla-form__title">{engagement ? 'Edit engagement' : 'Log an engagement'}</h3>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <SelectField label="Kind" name="kind" value={draft.kind} onChange={set('kind')} options={KIND_OPTIONS} error={errors['kind']} />
        <InputField label="When" name="occurredAt" type="datetime-local" value={draft.occurredAt} onChange={set('occurredAt')} error={errors['occurredAt']} hint={`Your time (${localZone()})`} required />
      </div>
      <TextField label="Title" name="title" value={draft.title} onChange={set('title')} error={errors['title']} required />
      <TextField label="Attendees" name="attendees" value={draft.attendees} onChange={set('attendees')} error={errors['attendees']} hint="Who took part, separated by commas" />
      <TextField label="Notes" name="notes" value={draft.notes} onChange={set('notes')} error={errors['notes']} multiline />
      <TextField label="Minutes (optional)" name="minutes" value={draft.minutes} onChange={set('minutes')} error={errors['minutes']} multiline hint="The meeting’s record, if someone took one" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {engagement ? 'Save engagement' : 'Log engagement'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
