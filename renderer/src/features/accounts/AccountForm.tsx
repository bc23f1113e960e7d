import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import {
  ACCOUNT_DEFAULTS,
  HEALTH_LABELS,
  HEALTH_VALUES,
  LIFECYCLE_STAGE_LABELS,
  LIFECYCLE_STAGES,
} from '../../../../core/model';
import type { Account, AccountFields, CatalogKind, FieldErrors, Health, LifecycleStage } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import type { Option } from '../../ui/fields';
import { entriesOf } from '../catalog/store';

const STAGE_OPTIONS: Option[] = LIFECYCLE_STAGES.map((s) => ({ value: s, label: LIFECYCLE_STAGE_LABELS[s] }));
const HEALTH_OPTIONS: Option[] = HEALTH_VALUES.map((h) => ({ value: h, label: HEALTH_LABELS[h] }));
/** The select's value for "no clearance label": the API's null. */
const NO_CLEARANCE = '';

interface Draft {
  name: string;
  segment: string;
  tier: string;
  residency: string;
  clearance: string;
  stage: string;
  health: string;
  notes: string;
}

function draftOf(account: AccountFields): Draft {
  return { ...account, clearance: account.clearance ?? NO_CLEARANCE };
}

/** Shapes the draft for the API. Unknown enum strings pass through unchanged so the core's error reaches the field. */
function fieldsOf(draft: Draft): AccountFields {
  return {
    ...draft,
    clearance: draft.clearance === NO_CLEARANCE ? null : draft.clearance,
    stage: draft.stage as LifecycleStage,
    health: draft.health as Health,
  };
}

/**
 * Only what this form changed. Every field sent gets a fresh clock in the core, so sending an unchanged field would
 * revert a change someone else (the CLI, another window) made to it since the form opened.
 */
function changedFields(fields: AccountFields, original: AccountFields): Partial<AccountFields> {
  const patch: Partial<AccountFields> = {};
  for (const key of Object.keys(fields) as (keyof AccountFields)[]) {
    if (fields[key] !== original[key]) Object.assign(patch, { [key]: fields[key] });
  }
  return patch;
}

function useCatalogOptions(kind: CatalogKind): Option[] {
  const entries = useCatalog((s) => s.entries);
  return useMemo(() => entriesOf(entries, kind).map((e) => ({ value: e.code, label: e.label })), [entries, kind]);
}

export function AccountForm({ id }: { id: string | null }) {
  const { accounts: store, client, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [original, setOriginal] = useState<Account | null>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf({ ...ACCOUNT_DEFAULTS, name: '' }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const segments = useCatalogOptions('segment');
  const tiers = useCatalogOptions('tier');
  const residencies = useCatalogOptions('residency');
  const clearanceLabels = useCatalogOptions('clearance');
  const clearances = useMemo(() => [{ value: NO_CLEARANCE, label: 'None (unrestricted)' }, ...clearanceLabels], [clearanceLabels]);

  useEffect(() => {
    if (id === null) return;
    let live = true;
    client.call('accounts.get', { id }).then(
      (account) => {
        if (!live) return;
        setOriginal(account);
        setDraft(draftOf(account));
      },
      (error: unknown) => live && setFormError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [client, id]);

  /** Editing, and the account has not arrived yet: nothing to show or save until it has. */
  const loading = id !== null && original === null;
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const cancel = () => store.getState().show({ kind: 'list' });
  const backTo = (accountId: string) => {
    // Back to the list with the account selected, its details beside it.
    store.getState().select(accountId);
    store.getState().show({ kind: 'list' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.nativeEvent.isComposing) return;
    event.preventDefault();
    cancel();
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    const fields = fieldsOf(draft);
    const patch = original ? changedFields(fields, original) : null;
    if (original && patch && Object.keys(patch).length === 0) {
      toasts.getState().show({ message: 'No changes to save.' });
      backTo(original.id);
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const saved = id === null ? await store.getState().create(fields) : await store.getState().update(id, patch ?? fields);
      toasts.getState().show({ message: id === null ? `Created ${saved.name}.` : `Saved ${saved.name}.` });
      backTo(saved.id);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      // A problem the form has no field for still needs saying.
      const shown = Object.keys(fields).some((k) => k in draft);
      if (!shown) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  // Focus goes to the first field once there is one to type in (after an edited account has loaded).
  useEffect(() => {
    if (!loading) formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [loading]);

  const title = id === null ? 'New account' : `Edit ${original?.name ?? 'account'}`;
  return (
    <div className="page page--narrow">
      <header className="page-header">
        {/* A form opens ready to type: focus goes to its first field, not to the heading. */}
        <PageTitle focusOnMount={false}>{title}</PageTitle>
      </header>
      <form
        ref={formRef}
        className="form panel"
        noValidate
        aria-busy={loading || undefined}
        onSubmit={(e) => void submit(e)}
        onKeyDown={onKeyDown}
      >
        {formError ? (
          <p role="alert" className="form__error">
            {formError}
          </p>
        ) : null}
        {loading ? (
          // No defaults flash by with an empty name while the account loads; if it cannot load, the alert says why.
          formError ? null : (
            <p className="muted" role="status">
              Loading account…
            </p>
          )
        ) : (
          <>
            <TextField label="Name" name="name" value={draft.name} onChange={set('name')} error={errors.name} required />
            <div className="form__grid">
              <SelectField label="Segment" name="segment" value={draft.segment} onChange={set('segment')} options={segments} error={errors.segment} />
              <SelectField label="Support tier" name="tier" value={draft.tier} onChange={set('tier')} options={tiers} error={errors.tier} />
              <SelectField
                label="Residency"
                name="residency"
                value={draft.residency}
                onChange={set('residency')}
                options={residencies}
                error={errors.residency}
              />
              <SelectField
                label="Clearance"
                name="clearance"
                value={draft.clearance}
                onChange={set('clearance')}
                options={clearances}
                error={errors.clearance}
              />
              <SelectField
                label="Lifecycle stage"
                name="stage"
                value={draft.stage}
                onChange={set('stage')}
                options={STAGE_OPTIONS}
                error={errors.stage}
                hint={original && draft.stage !== original.stage ? 'Saving records a hand-off with its checklist open. To walk the checklist, use Change stage on the Lifecycle tab.' : undefined}
              />
              <SelectField label="Health" name="health" value={draft.health} onChange={set('health')} options={HEALTH_OPTIONS} error={errors.health} />
            </div>
            <TextField label="Notes" name="notes" value={draft.notes} onChange={set('notes')} error={errors.notes} multiline />
          </>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={saving || loading}>
            Save
          </button>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
