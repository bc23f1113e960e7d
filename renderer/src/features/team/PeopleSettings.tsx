import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { GLOBAL_RESIDENCY, PERSON_ROLES, PERSON_ROLE_LABELS } from '../../../../core/model';
import type { DirectoryPerson, FieldErrors, PersonRole } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog, useTeam } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { entriesOf, labelOf } from '../catalog/store';
import { zoneOptions } from './format';
import { READ_ONLY_NOTE, useOrgEditor } from './useOrgEditor';

interface Draft {
  id: string | undefined;
  name: string;
  email: string;
  roles: PersonRole[];
  clearances: string[];
  homeRegion: string;
  timeZone: string;
}

const blank = (): Draft => ({ id: undefined, name: '', email: '', roles: ['tam'], clearances: [], homeRegion: 'us', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });

function PersonForm({ initial, onDone }: { initial: Draft; onDone: () => void }) {
  const { team, toasts } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const regions = entriesOf(catalog, 'residency').filter((e) => e.code !== GLOBAL_RESIDENCY);
  const clearances = entriesOf(catalog, 'clearance');
  const zones = useMemo(() => zoneOptions(draft.timeZone), [draft.timeZone]);
  const toggle = <K extends 'roles' | 'clearances'>(key: K, value: Draft[K][number]) =>
    setDraft((d) => {
      const list = d[key] as string[];
      return { ...d, [key]: list.includes(value) ? list.filter((x) => x !== value) : [...list, value] };
    });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      const { id, ...fields } = draft;
      const saved = await team.getState().savePerson({ ...(id ? { id } : {}), fields });
      toasts.getState().show({ message: `Saved ${saved.name} in the directory.` });
      onDone();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!Object.keys(draft).some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    }
  }

  return (
    <form ref={formRef} className="form team-form" noValidate aria-label={draft.id ? `Edit ${initial.name}` : 'Add a person'} onSubmit={(e) => void submit(e)}>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <TextField label="Name" name="name" value={draft.name} onChange={(name) => setDraft((d) => ({ ...d, name }))} error={errors['name']} required />
        <TextField label="Email" name="email" type="email" value={draft.email} onChange={(email) => setDraft((d) => ({ ...d, email }))} error={errors['email']} required />
        <SelectField label="Home region" name="homeRegion" value={draft.homeRegion} onChange={(homeRegion) => setDraft((d) => ({ ...d, homeRegion }))} options={regions.map((r) => ({ value: r.code, label: r.label }))} error={errors['homeRegion']} />
        <SelectField label="Time zone" name="timeZone" value={draft.timeZone} onChange={(timeZone) => setDraft((d) => ({ ...d, timeZone }))} options={zones} error={errors['timeZone']} />
      </div>
      <fieldset className="team-checks">
        <legend className="field__label">Roles</legend>
        {PERSON_ROLES.map((r) => (
          <label key={r} className="lifecycle-check">
            <input type="checkbox" checked={draft.roles.includes(r)} onChange={() => toggle('roles', r)} />
            <span>{PERSON_ROLE_LABELS[r]}</span>
          </label>
        ))}
        {errors['roles'] ? <p className="field__error">{errors['roles']}</p> : null}
      </fieldset>
      <fieldset className="team-checks">
        <legend className="field__label">Clearances</legend>
        {clearances.map((c) => (
          <label key={c.code} className="lifecycle-check">
            <input type="checkbox" checked={draft.clearances.includes(c.code)} onChange={() => toggle('clearances', c.code)} />
            <span>{c.label}</span>
          </label>
        ))}
        {errors['clearances'] ? <p className="field__error">{errors['clearances']}</p> : null}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Save person
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function draftOf(p: DirectoryPerson): Draft {
  return { id: p.id ?? undefined, name: p.name, email: p.email, roles: p.roles, clearances: p.clearances, homeRegion: p.homeRegion, timeZone: p.timeZone };
}

/** Settings › People: the vendor's directory, with clearances and regions that on-call coverage checks against. */
export function PeopleSettings() {
  const { team, toasts } = useApp();
  const editor = useOrgEditor();
  const catalog = useCatalog((s) => s.entries);
  const directory = useTeam((s) => s.directory);
  const [editing, setEditing] = useState<Draft | null>(null);
  useEffect(() => {
    void team.getState().loadDirectory();
  }, [team]);

  const remove = async (p: DirectoryPerson) => {
    if (!p.id) return;
    const id = p.id;
    try {
      await team.getState().deletePerson(id);
      toasts.getState().show({ message: `Removed ${p.name} from the directory.`, focus: true, action: { label: 'Undo', run: () => team.getState().restorePerson(id) } });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };

  return (
    <section className="panel" aria-labelledby="settings-people">
      <h2 id="settings-people">People directory</h2>
      <p className="muted">
        The vendor's people, with the clearances and regions on-call coverage checks. {editor ? 'A sync server replaces it with its own directory.' : READ_ONLY_NOTE}
      </p>
      {directory.length === 0 ? (
        <p className="muted">Nobody in the directory yet.</p>
      ) : (
        <ul className="team-settings-list">
          {directory.map((p) => (
            <li key={p.id ?? 'me'}>
              <span>
                <strong>{p.name}</strong>
                {p.isMe ? <span className="muted"> (me)</span> : null} <span className="muted">— {p.roles.map((r) => PERSON_ROLE_LABELS[r]).join(', ')}; {labelOf(catalog, 'residency', p.homeRegion)}; {p.clearances.length ? p.clearances.map((c) => labelOf(catalog, 'clearance', c)).join(', ') : 'no clearances'}</span>
              </span>
              {editor ? (
                <span className="team-settings-list__actions">
                  <button type="button" className="button button--quiet" onClick={() => setEditing(draftOf(p))}>
                    {p.id ? 'Edit' : 'Add to directory'}
                  </button>
                  {p.id ? (
                    <button type="button" className="button button--quiet" aria-label={`Remove ${p.name} from the directory`} onClick={() => void remove(p)}>
                      Remove
                    </button>
                  ) : null}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editor ? (
        editing ? (
          <PersonForm key={editing.id ?? editing.email} initial={editing} onDone={() => setEditing(null)} />
        ) : (
          <div>
            <button type="button" className="button" onClick={() => setEditing(blank())}>
              Add a person
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
