import { useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { GLOBAL_RESIDENCY, PERSON_ROLE_LABELS, PERSON_ROLES } from '../../../../core/model';
import type { FieldErrors, PersonRole, Profile } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog } from '../../app/context';
import { entriesOf } from '../catalog/store';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import type { Option } from '../../ui/fields';

const ROLE_OPTIONS: Option[] = PERSON_ROLES.map((r) => ({ value: r, label: PERSON_ROLE_LABELS[r] }));

function isRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}

export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every zone the runtime knows, plus the current one (some runtimes leave e.g. "UTC" out of the list). */
function timeZoneOptions(current: string): Option[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add(current);
  return [...zones].sort().map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
}

interface Draft {
  name: string;
  email: string;
  role: string;
  homeRegion: string;
  timeZone: string;
}

export function ProfileForm({
  initial,
  submitLabel,
  onSaved,
}: {
  initial: Profile | null;
  submitLabel: string;
  onSaved?: (profile: Profile) => void;
}) {
  const { profile: profileStore } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(() => ({
    name: initial?.name ?? '',
    email: initial?.email ?? '',
    role: initial?.role ?? 'tam',
    homeRegion: initial?.homeRegion ?? '',
    timeZone: initial?.timeZone ?? defaultTimeZone(),
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const regionOptions = useMemo<Option[]>(() => {
    // A person lives somewhere: "global" is an account setting, not a home region.
    const regions = entriesOf(catalog, 'residency').filter((e) => e.code !== GLOBAL_RESIDENCY);
    return [{ value: '', label: 'Choose a region…' }, ...regions.map((e) => ({ value: e.code, label: e.label }))];
  }, [catalog]);
  const zoneOptions = useMemo(() => timeZoneOptions(draft.timeZone), [draft.timeZone]);

  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    try {
      // The core validates everything; the select only offers known roles, so the guard is for the type system.
      const role = isRole(draft.role) ? draft.role : 'tam';
      const saved = await profileStore.getState().save({ ...draft, role });
      setErrors({});
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
        requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} className="form" noValidate onSubmit={(e) => void submit(e)}>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <TextField label="Your name" name="name" value={draft.name} onChange={set('name')} error={errors.name} required autoComplete="name" />
      <TextField label="Email" name="email" type="email" value={draft.email} onChange={set('email')} error={errors.email} required autoComplete="email" />
      <SelectField label="Role" name="role" value={draft.role} onChange={set('role')} options={ROLE_OPTIONS} error={errors.role} required />
      <SelectField
        label="Home region"
        name="homeRegion"
        value={draft.homeRegion}
        onChange={set('homeRegion')}
        options={regionOptions}
        error={errors.homeRegion}
        required
      />
      <SelectField label="Time zone" name="timeZone" value={draft.timeZone} onChange={set('timeZone')} options={zoneOptions} error={errors.timeZone} required />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
