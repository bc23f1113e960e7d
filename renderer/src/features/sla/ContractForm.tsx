import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { HOURS_PERIODS, contractTermsOf, termsIssues } from '../../../../core/model';
import type { ContractFields, Coverage, FieldErrors, HoursPeriod, SupportContract, TierTerms } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog, useSla } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { labelOf } from '../catalog/store';
import { CoverageEditor } from './CoverageEditor';
import { CheckboxGroup, InputField } from './fields';
import { coverageText, todayLocal } from './format';

const PERIOD_OPTIONS = HOURS_PERIODS.map((p) => ({ value: p, label: `per ${p}` }));

interface Draft {
  tier: string;
  addOns: string[];
  startsOn: string;
  endsOn: string;
  includedHours: string;
  hoursPeriod: HoursPeriod;
  timeZone: string;
  coverage: Coverage | null;
  dedicatedStaff: string;
  notes: string;
}

const splitStaff = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function oneYearFrom(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00`);
  d.setFullYear(d.getFullYear() + 1);
  d.setDate(d.getDate() - 1);
  return todayLocal(d);
}

/** Only the fields an edit changed: each one sent gets a fresh clock, so unchanged ones stay out. */
function changed(next: Partial<ContractFields>, original: SupportContract): Partial<ContractFields> {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(original[k as keyof ContractFields])));
}

/**
 * Sell a contract from a tier's terms (its SLA targets, coverage and SKUs are copied in; the form shows what
 * will be copied), or edit one: its period, entitlement, coverage calendar, staff and notes.
 */
export function ContractForm({ accountId, contract, onDone }: { accountId: string; contract: SupportContract | null; onDone: (saved: SupportContract | null) => void }) {
  const { client, sla } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const tiers = useSla((s) => s.tiers);
  const formRef = useRef<HTMLFormElement>(null);
  const baseTiers = useMemo(() => tiers.filter((t) => !t.addOn), [tiers]);
  const addOns = useMemo(() => tiers.filter((t) => t.addOn), [tiers]);
  const [draft, setDraft] = useState<Draft>(() => {
    if (contract) {
      return {
        tier: contract.tier,
        addOns: [],
        startsOn: contract.startsOn,
        endsOn: contract.endsOn,
        includedHours: String(contract.includedHours),
        hoursPeriod: contract.hoursPeriod,
        timeZone: '',
        coverage: contract.coverage,
        dedicatedStaff: contract.dedicatedStaff.join(', '),
        notes: contract.notes,
      };
    }
    const today = todayLocal();
    return { tier: '', addOns: [], startsOn: today, endsOn: oneYearFrom(today), includedHours: '', hoursPeriod: 'month', timeZone: '', coverage: null, dedicatedStaff: '', notes: '' };
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, []);

  // Until someone picks one, a new contract is for the first tier with terms.
  const tierCode = draft.tier || (baseTiers[0]?.code ?? '');
  const tier: TierTerms | undefined = baseTiers.find((t) => t.code === tierCode);
  const chosenAddOns = addOns.filter((a) => draft.addOns.includes(a.code));
  const preview = tier ? contractTermsOf(tier, chosenAddOns) : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const hours = draft.includedHours.trim() === '' ? undefined : Number(draft.includedHours);
    const local: FieldErrors = {};
    if (hours !== undefined && !Number.isFinite(hours)) local['includedHours'] = 'Included hours must be a number.';
    if (contract && draft.coverage) for (const issue of termsIssues({ coverage: draft.coverage })) local[issue.path.join('.')] ??= issue.message;
    if (Object.keys(local).length > 0) {
      setErrors(local);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setSaving(true);
    try {
      let saved: SupportContract;
      if (contract) {
        const patch = changed(
          {
            startsOn: draft.startsOn,
            endsOn: draft.endsOn,
            ...(hours !== undefined ? { includedHours: hours } : {}),
            hoursPeriod: draft.hoursPeriod,
            ...(draft.coverage ? { coverage: draft.coverage } : {}),
            dedicatedStaff: splitStaff(draft.dedicatedStaff),
            notes: draft.notes,
          },
          contract,
        );
        saved = await sla.getState().run(accountId, () => client.call('contracts.update', { id: contract.id, patch }));
      } else {
        saved = await sla.getState().run(accountId, () =>
          client.call('contracts.create', {
            accountId,
            tier: tierCode,
            addOns: draft.addOns,
            startsOn: draft.startsOn,
            endsOn: draft.endsOn,
            ...(hours !== undefined ? { includedHours: hours } : {}),
            hoursPeriod: draft.hoursPeriod,
            ...(draft.timeZone.trim() ? { timeZone: draft.timeZone.trim() } : {}),
            dedicatedStaff: splitStaff(draft.dedicatedStaff),
            notes: draft.notes,
          }),
        );
      }
      onDone(saved);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      const known = ['tier', 'addOns', 'startsOn', 'endsOn', 'includedHours', 'hoursPeriod', 'timeZone', 'dedicatedStaff', 'notes'];
      if (!Object.keys(fields).some((k) => known.includes(k) || k.startsWith('coverage'))) setFormError(errorMessage(error));
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
    <form ref={formRef} className="form panel sla-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-label={contract ? 'Edit contract' : 'New contract'}>
      <h3 className="sla-form__title">{contract ? `Edit the ${labelOf(catalog, 'tier', contract.tier)} contract` : 'New contract'}</h3>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        {contract ? null : (
          <SelectField
            label="Support tier"
            name="tier"
            value={tierCode}
            onChange={(v) => set('tier', v)}
            options={baseTiers.map((t) => ({ value: t.code, label: labelOf(catalog, 'tier', t.code) }))}
            error={errors['tier']}
            required
          />
        )}
        <InputField label="Starts on" name="startsOn" type="date" value={draft.startsOn} onChange={(v) => set('startsOn', v)} error={errors['startsOn']} required />
        <InputField label="Ends on" name="endsOn" type="date" value={draft.endsOn} onChange={(v) => set('endsOn', v)} error={errors['endsOn'] ?? errors['on']} required />
        <InputField
          label="Included hours"
          name="includedHours"
          type="number"
          min={0}
          value={draft.includedHours}
          placeholder={preview ? String(preview.includedHours) : undefined}
          onChange={(v) => set('includedHours', v)}
          error={errors['includedHours']}
          hint={contract ? undefined : preview ? `Empty: the tier’s ${preview.includedHours} h` : undefined}
        />
        <SelectField label="Period" name="hoursPeriod" value={draft.hoursPeriod} onChange={(v) => set('hoursPeriod', v as HoursPeriod)} options={PERIOD_OPTIONS} error={errors['hoursPeriod']} />
      </div>
      {contract ? null : (
        <>
          {addOns.length > 0 ? (
            <CheckboxGroup label="Add-ons" name="addOns" options={addOns.map((a) => ({ value: a.code, label: a.label }))} value={draft.addOns} onChange={(v) => set('addOns', v)} error={errors['addOns']} />
          ) : null}
          {preview?.coverage.kind === 'business_hours' ? (
            <InputField
              label="Customer time zone"
              name="timeZone"
              type="text"
              value={draft.timeZone}
              placeholder={preview.coverage.timeZone}
              onChange={(v) => set('timeZone', v)}
              error={errors['timeZone']}
              hint={`Business hours run in this zone. Empty: ${preview.coverage.timeZone}.`}
            />
          ) : null}
          {preview ? (
            <p className="muted sla-form__preview">
              Copies the tier’s terms: coverage {coverageText(preview.coverage)}, {preview.slaTargets.length} severities with SLA targets, {preview.skus.length} SKUs.
            </p>
          ) : null}
        </>
      )}
      {contract && draft.coverage ? <CoverageEditor value={draft.coverage} onChange={(c) => set('coverage', c)} errors={errors} /> : null}
      <TextField label="Dedicated staff" name="dedicatedStaff" value={draft.dedicatedStaff} onChange={(v) => set('dedicatedStaff', v)} error={errors['dedicatedStaff']} hint="Names, separated by commas" />
      <TextField label="Notes" name="notes" value={draft.notes} onChange={(v) => set('notes', v)} error={errors['notes']} multiline />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving || (!contract && !tier)}>
          {contract ? 'Save contract' : 'Add contract'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
