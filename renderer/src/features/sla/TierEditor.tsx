import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { HOURS_PERIODS, RESPONDER_ROLES, SEVERITIES, termsIssues, tierTermsFieldsSchema } from '../../../../core/model';
import type { Coverage, FieldErrors, HoursPeriod, ResponderRole, Severity, SlaTarget, TierTerms, TierTermsFields } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { CoverageEditor } from './CoverageEditor';
import { InputField } from './fields';
import { formatRate, roleLabel } from './format';

const PERIOD_OPTIONS = HOURS_PERIODS.map((p) => ({ value: p, label: `per ${p}` }));

interface TargetRow {
  severity: Severity;
  firstResponse: string;
  engage: Record<ResponderRole, string>;
  cadence: string;
}

interface SkuRow {
  /** Stable across edits, for React keys. */
  key: number;
  code: string;
  label: string;
  /** Major units as typed: "150.00". */
  rate: string;
  currency: string;
  billable: boolean;
}

export interface TierDraft {
  code: string;
  label: string;
  description: string;
  addOn: boolean;
  rows: TargetRow[];
  coverage: Coverage;
  skus: SkuRow[];
  includedHours: string;
  hoursPeriod: HoursPeriod;
}

let skuKeys = 0;
const str = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

export function draftOf(terms: TierTermsFields): TierDraft {
  return {
    code: terms.code,
    label: terms.label,
    description: terms.description,
    addOn: terms.addOn,
    rows: SEVERITIES.map((severity) => {
      const t = terms.slaTargets.find((x) => x.severity === severity);
      return {
        severity,
        firstResponse: str(t?.firstResponseMinutes),
        engage: Object.fromEntries(RESPONDER_ROLES.map((r) => [r, str(t?.engageMinutes[r])])) as Record<ResponderRole, string>,
        cadence: str(t?.updateCadenceMinutes),
      };
    }),
    coverage: terms.coverage,
    skus: terms.skus.map((s) => ({ key: ++skuKeys, code: s.code, label: s.label, rate: (s.rate / 100).toFixed(2), currency: s.currency, billable: s.billable })),
    includedHours: String(terms.includedHours),
    hoursPeriod: terms.hoursPeriod,
  };
}

const blank = (v: string) => v.trim() === '';
const num = (v: string) => Number(v.trim());

/**
 * The draft as terms, or the problems with it keyed by where they show: `sev.1.firstResponse`,
 * `sev.2.developer`, `skus.0.rate`, `coverage.timeZone`, `includedHours`. The same zod schema the core applies
 * runs here, so a mistake is shown next to its cell before anything is sent.
 */
export function termsOf(draft: TierDraft): { terms: TierTermsFields | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const severities: Severity[] = [];
  const slaTargets: SlaTarget[] = [];
  for (const row of draft.rows) {
    const others = [...RESPONDER_ROLES.map((r) => row.engage[r]), row.cadence];
    if (blank(row.firstResponse)) {
      if (others.some((v) => !blank(v))) errors[`sev.${row.severity}.firstResponse`] = 'Enter the time to first response, or clear the whole row.';
      continue;
    }
    const engageMinutes: SlaTarget['engageMinutes'] = {};
    for (const r of RESPONDER_ROLES) if (!blank(row.engage[r])) engageMinutes[r] = num(row.engage[r]);
    severities.push(row.severity);
    slaTargets.push({ severity: row.severity, firstResponseMinutes: num(row.firstResponse), engageMinutes, updateCadenceMinutes: blank(row.cadence) ? null : num(row.cadence) });
  }
  const skus = draft.skus.map((s, i) => {
    const rate = Number(s.rate.trim());
    if (blank(s.rate) || !Number.isFinite(rate)) errors[`skus.${i}.rate`] = 'Enter the hourly rate, like 150.00.';
    return { code: s.code.trim(), label: s.label.trim(), rate: Math.round(rate * 100), currency: s.currency.trim().toUpperCase(), billable: s.billable };
  });
  if (blank(draft.includedHours)) errors['includedHours'] = 'Enter the hours included (0 for none).';
  const candidate = {
    code: draft.code.trim(),
    label: draft.label.trim(),
    description: draft.description,
    addOn: draft.addOn,
    slaTargets,
    coverage: draft.coverage,
    skus,
    includedHours: num(draft.includedHours),
    hoursPeriod: draft.hoursPeriod,
  };
  // The field rules and the cross-field rules both run, so every problem shows at once.
  const parsed = tierTermsFieldsSchema.safeParse(candidate);
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...termsIssues(candidate)];
  for (const issue of issues) {
    const key = errorKey(issue.path, severities);
    errors[key] ??= issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  }
  return Object.keys(errors).length > 0 || !parsed.success ? { terms: null, errors } : { terms: parsed.data, errors };
}

/** Where a schema problem shows in this form. */
function errorKey(path: readonly PropertyKey[], severities: readonly Severity[]): string {
  const [head, index, field, role] = path;
  if (head === 'slaTargets' && typeof index === 'number') {
    const sev = severities[index];
    if (field === 'engageMinutes' && typeof role === 'string') return `sev.${sev}.${role}`;
    if (field === 'updateCadenceMinutes') return `sev.${sev}.cadence`;
    return `sev.${sev}.firstResponse`;
  }
  return path.map(String).join('.');
}

/** One number input in the targets or SKU table: labelled for screen readers, its error right under it. */
function CellInput({ label, value, onChange, error, type = 'text', width }: { label: string; value: string; onChange: (v: string) => void; error: string | undefined; type?: 'text' | 'number'; width?: string }) {
  const errorId = `${useId()}-error`;
  return (
    <div className="sla-cell">
      <input
        type={type}
        inputMode={type === 'number' ? 'numeric' : undefined}
        aria-label={label}
        value={value}
        style={width ? { width } : undefined}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export interface TierEditorProps {
  /** The terms being edited; for a tier without terms yet, a starting point with its code. */
  initial: TierTermsFields;
  /** The name shown for a catalog tier (its catalog label); null for an add-on, whose name is edited here. */
  tierLabel: string | null;
  isNew: boolean;
  readOnly: boolean;
  onSaved: (terms: TierTerms) => void;
  onDelete: (() => void) | null;
  onClose: () => void;
}

/** Settings › Support tiers: one tier's (or add-on's) targets per severity, coverage, entitlement and SKUs. */
export function TierEditor({ initial, tierLabel, isNew, readOnly, onSaved, onDelete, onClose }: TierEditorProps) {
  const { client, sla } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<TierDraft>(() => draftOf(initial));
  // Opened from the summary: the keyboard lands in the form.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>(':is(input, select, textarea, button):enabled')?.focus();
  }, []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof TierDraft>(key: K, value: TierDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setRow = (severity: Severity, patch: Partial<TargetRow>) => setDraft((d) => ({ ...d, rows: d.rows.map((r) => (r.severity === severity ? { ...r, ...patch } : r)) }));
  const setSku = (key: number, patch: Partial<SkuRow>) => setDraft((d) => ({ ...d, skus: d.skus.map((s) => (s.key === key ? { ...s, ...patch } : s)) }));
  const title = tierLabel ?? (draft.label || 'New add-on');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (readOnly) return;
    const { terms, errors: problems } = termsOf(draft);
    setErrors(problems);
    setFormError(null);
    if (!terms) {
      setFormError('Some values need fixing; each problem is shown next to its field.');
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setSaving(true);
    try {
      const saved = await sla.getState().run(null, () => client.call('tiers.save', { terms }));
      onSaved(saved);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      setFormError(fields['code'] && Object.keys(fields).length === 1 ? null : errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} className="form sla-tier" noValidate onSubmit={(e) => void submit(e)} aria-label={`${title} terms`}>
      <h3 className="sla-tier__title">
        {title}
        {draft.addOn ? <span className="sla-tag">Add-on</span> : null}
      </h3>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <fieldset className="sla-tier__body" disabled={readOnly}>
        {draft.addOn ? (
          <div className="form__grid">
            <TextField label="Name" name="label" value={draft.label} onChange={(v) => set('label', v)} error={errors['label']} required />
            {isNew ? <TextField label="Code" name="code" value={draft.code} onChange={(v) => set('code', v)} error={errors['code']} hint="Lower-case letters, digits, - and _; used by the CLI." required /> : null}
          </div>
        ) : errors['code'] ? (
          <p className="field__error">{errors['code']}</p>
        ) : null}
        <TextField label="Description" name="description" value={draft.description} onChange={(v) => set('description', v)} error={errors['description']} />

        <div className="sla-table-wrap" role="region" aria-label="SLA targets" tabIndex={0}>
          <table className="sla-table sla-table--edit">
            <caption className="sla-table__caption">
              SLA targets in minutes. Leave a role empty when it need not be engaged; clear a row for no SLA at that severity.
            </caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">First response</th>
                {RESPONDER_ROLES.map((r) => (
                  <th key={r} scope="col">
                    {roleLabel(r)} engaged
                  </th>
                ))}
                <th scope="col">Updates every</th>
              </tr>
            </thead>
            <tbody>
              {draft.rows.map((row) => (
                <tr key={row.severity}>
                  <th scope="row">Sev {row.severity}</th>
                  <td>
                    <CellInput label={`Sev ${row.severity} first response (minutes)`} value={row.firstResponse} onChange={(v) => setRow(row.severity, { firstResponse: v })} error={errors[`sev.${row.severity}.firstResponse`]} />
                  </td>
                  {RESPONDER_ROLES.map((r) => (
                    <td key={r}>
                      <CellInput
                        label={`Sev ${row.severity} ${roleLabel(r).toLowerCase()} engaged (minutes)`}
                        value={row.engage[r]}
                        onChange={(v) => setRow(row.severity, { engage: { ...row.engage, [r]: v } })}
                        error={errors[`sev.${row.severity}.${r}`]}
                      />
                    </td>
                  ))}
                  <td>
                    <CellInput label={`Sev ${row.severity} update cadence (minutes)`} value={row.cadence} onChange={(v) => setRow(row.severity, { cadence: v })} error={errors[`sev.${row.severity}.cadence`]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <CoverageEditor value={draft.coverage} onChange={(coverage) => set('coverage', coverage)} errors={errors} />

        <div className="form__grid">
          <InputField label="Included hours" name="includedHours" type="number" min={0} value={draft.includedHours} onChange={(v) => set('includedHours', v)} error={errors['includedHours']} />
          <SelectField label="Period" name="hoursPeriod" value={draft.hoursPeriod} onChange={(v) => set('hoursPeriod', v as HoursPeriod)} options={PERIOD_OPTIONS} error={errors['hoursPeriod']} />
        </div>

        {readOnly ? null : (
          <div className="sla-table-wrap" role="region" aria-label="SKUs" tabIndex={0}>
            <table className="sla-table sla-table--edit">
              <caption className="sla-table__caption">SKUs: what can be billed under this tier, at an hourly rate.</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Rate per hour</th>
                  <th scope="col">Currency</th>
                  <th scope="col">Billable</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.skus.map((s, i) => (
                  <tr key={s.key}>
                    <td>
                      <CellInput label={`SKU ${i + 1} code`} value={s.code} onChange={(v) => setSku(s.key, { code: v })} error={errors[`skus.${i}.code`]} width="9em" />
                    </td>
                    <td>
                      <CellInput label={`SKU ${i + 1} name`} value={s.label} onChange={(v) => setSku(s.key, { label: v })} error={errors[`skus.${i}.label`]} width="16em" />
                    </td>
                    <td>
                      <CellInput label={`SKU ${i + 1} rate per hour`} value={s.rate} onChange={(v) => setSku(s.key, { rate: v })} error={errors[`skus.${i}.rate`]} width="7em" />
                    </td>
                    <td>
                      <CellInput label={`SKU ${i + 1} currency`} value={s.currency} onChange={(v) => setSku(s.key, { currency: v })} error={errors[`skus.${i}.currency`]} width="5em" />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={`SKU ${i + 1} billable`} checked={s.billable} onChange={(e) => setSku(s.key, { billable: e.target.checked })} />
                    </td>
                    <td>
                      <button type="button" className="button button--quiet" aria-label={`Remove SKU ${i + 1}`} onClick={() => set('skus', draft.skus.filter((x) => x.key !== s.key))}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {draft.skus.length === 0 ? <p className="muted">No SKUs: nothing can be billed under this tier yet.</p> : null}
            <button type="button" className="button" onClick={() => set('skus', [...draft.skus, { key: ++skuKeys, code: '', label: '', rate: '', currency: draft.skus[0]?.currency ?? 'USD', billable: true }])}>
              Add SKU
            </button>
          </div>
        )}
      </fieldset>
      {/* Read only, the SKUs are text outside the disabled fieldset: a disabled box would leave its scroll region unreachable by keyboard. */}
      {readOnly ? <SkusTable skus={initial.skus} /> : null}
      {readOnly ? (
        <div className="form__actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      ) : (
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={saving}>
            {isNew ? 'Create terms' : 'Save terms'}
          </button>
          <button type="button" className="button" onClick={() => { setDraft(draftOf(initial)); setErrors({}); setFormError(null); }}>
            Reset
          </button>
          {onDelete ? (
            <button type="button" className="button button--danger" onClick={onDelete}>
              Delete terms
            </button>
          ) : null}
          <button type="button" className="button button--quiet" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </form>
  );
}

/** A tier's SKUs as text, for people who may read the terms but not change them. */
function SkusTable({ skus }: { skus: TierTerms['skus'] }) {
  return (
    <div className="sla-table-wrap" role="region" aria-label="SKUs" tabIndex={0}>
      <table className="sla-table">
        <caption className="sla-table__caption">SKUs: what can be billed under this tier, at an hourly rate.</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Rate per hour</th>
            <th scope="col">Billable</th>
          </tr>
        </thead>
        <tbody>
          {skus.map((s) => (
            <tr key={s.code}>
              <td>{s.code}</td>
              <td>{s.label}</td>
              <td>{formatRate(s.rate, s.currency)}</td>
              <td>{s.billable ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skus.length === 0 ? <p className="muted">No SKUs: nothing can be billed under this tier yet.</p> : null}
    </div>
  );
}
