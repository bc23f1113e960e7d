import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Capability, FieldErrors } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useAdoption, useApp } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { READ_ONLY_NOTE, useOrgEditor } from '../team/useOrgEditor';

const WEIGHTS = [1, 2, 3, 4, 5].map((w) => ({ value: String(w), label: `${w}${w === 1 ? ' (nice to have)' : w === 5 ? ' (essential)' : ''}` }));

function CapabilityForm({ initial, onDone }: { initial: Capability | null; onDone: () => void }) {
  const { adoption, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState({ code: initial?.code ?? '', name: initial?.name ?? '', category: initial?.category ?? '', description: initial?.description ?? '', weight: String(initial?.weight ?? 1) });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      const saved = await adoption.getState().saveCapability({ ...(initial ? { id: initial.id } : {}), ...draft, weight: Number(draft.weight) });
      toasts.getState().show({ message: `Saved ${saved.name}.` });
      onDone();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!Object.keys(draft).some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    }
  }

  return (
    <form ref={formRef} className="form team-form" noValidate aria-label={initial ? `Edit ${initial.name}` : 'Add a capability'} onSubmit={(e) => void submit(e)}>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <TextField label="Name" name="name" value={draft.name} onChange={set('name')} error={errors['name']} required />
        {initial ? null : <TextField label="Code" name="code" value={draft.code} onChange={set('code')} error={errors['code']} hint="Lower-case letters, digits and dashes; fixed once created." required />}
        <TextField label="Category" name="category" value={draft.category} onChange={set('category')} error={errors['category']} />
        <SelectField label="Weight in the score" name="weight" value={draft.weight} onChange={set('weight')} options={WEIGHTS} error={errors['weight']} />
      </div>
      <TextField label="Description" name="description" value={draft.description} onChange={set('description')} error={errors['description']} />
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          Save capability
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Settings › Capability catalog: what adoption is tracked against, and how much each counts in the score. */
export function CatalogSettings() {
  const { adoption, toasts } = useApp();
  const editor = useOrgEditor();
  const capabilities = useAdoption((s) => s.capabilities);
  const [editing, setEditing] = useState<Capability | 'new' | null>(null);
  useEffect(() => {
    void adoption.getState().loadCapabilities();
  }, [adoption]);

  const remove = async (c: Capability) => {
    try {
      await adoption.getState().deleteCapability(c.code);
      toasts.getState().show({ message: `Removed ${c.name} from the catalog.`, focus: true, action: { label: 'Undo', run: () => adoption.getState().restoreCapability(c.code) } });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };

  return (
    <section className="panel" aria-labelledby="settings-capabilities">
      <h2 id="settings-capabilities">Capability catalog</h2>
      <p className="muted">The capabilities adoption is tracked against; the weight says how much each counts in the adoption score. {editor ? '' : READ_ONLY_NOTE}</p>
      <ul className="team-settings-list">
        {capabilities.map((c) => (
          <li key={c.code}>
            <span>
              <strong>{c.name}</strong> <span className="muted">— {c.category || 'Uncategorised'}, weight {c.weight}</span>
            </span>
            {editor ? (
              <span className="team-settings-list__actions">
                <button type="button" className="button button--quiet" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                  Edit
                </button>
                <button type="button" className="button button--quiet" aria-label={`Remove ${c.name}`} onClick={() => void remove(c)}>
                  Remove
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {editor ? (
        editing ? (
          <CapabilityForm key={editing === 'new' ? 'new' : editing.code} initial={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        ) : (
          <div>
            <button type="button" className="button" onClick={() => setEditing('new')}>
              Add a capability
            </button>
          </div>
        )
      ) : null}
    </section>
  );
}
