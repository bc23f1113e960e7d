import { useEffect, useId, useMemo, useState } from 'react';
import { DEFAULT_TIER_TERMS, canEditOrg } from '../../../../core/model';
import type { TierTermsFields } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp, useCatalog, useProfile, useSla } from '../../app/context';
import { entriesOf } from '../catalog/store';
import { coverageText, formatMinutes } from './format';
import { TierEditor } from './TierEditor';

const NEW_ADD_ON = '__new_add_on__';

/** A starting point for terms nobody has written yet: Standard's, under the given code and name. */
function startingTerms(code: string, label: string, addOn: boolean): TierTermsFields {
  const base = DEFAULT_TIER_TERMS[0] as TierTermsFields;
  return { ...base, code, label, addOn, description: '', skus: addOn ? [] : base.skus };
}

/**
 * Settings › Support tiers: pick a tier or add-on, edit its terms. Everyone may read them; only managers and
 * admins may change them (the core and the sync server refuse anyone else).
 */
export function TierSettings() {
  const { sla, client, toasts } = useApp();
  const headingId = useId();
  const tiers = useSla((s) => s.tiers);
  const status = useSla((s) => s.tiersStatus);
  const error = useSla((s) => s.tiersError);
  const role = useProfile((s) => s.profile?.role);
  const catalog = useCatalog((s) => s.entries);
  const catalogTiers = useMemo(() => entriesOf(catalog, 'tier'), [catalog]);
  const [selected, setSelected] = useState<string | null>(null);
  const canEdit = canEditOrg(role);

  useEffect(() => {
    void sla.getState().loadTiers();
  }, [sla]);

  /** Catalog tiers (with or without terms), then add-ons. */
  const choices = useMemo(() => {
    const byCode = new Map(tiers.map((t) => [t.code, t]));
    const tierChoices = catalogTiers.map((e) => ({ code: e.code, label: e.label, terms: byCode.get(e.code) ?? null, addOn: false }));
    const addOns = tiers.filter((t) => t.addOn).map((t) => ({ code: t.code, label: t.label, terms: t, addOn: true }));
    return [...tierChoices, ...addOns];
  }, [tiers, catalogTiers]);
  // Nothing is open at first: Settings stays light, and the summary below says what each tier sells.
  const current = selected === NEW_ADD_ON ? null : (choices.find((c) => c.code === selected) ?? null);

  async function remove(code: string, label: string) {
    try {
      await sla.getState().run(null, () => client.call('tiers.delete', { code }));
      toasts.getState().show({
        message: `Deleted the terms of ${label}.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await sla.getState().run(null, () => client.call('tiers.restore', { code }));
              toasts.getState().show({ message: `Restored the terms of ${label}.` });
            } catch (e) {
              toasts.getState().show({ message: errorMessage(e) });
            }
          },
        },
      });
    } catch (e) {
      toasts.getState().show({ message: errorMessage(e) });
    }
  }

  return (
    <section className="panel sla-tiers" aria-labelledby={headingId}>
      <h2 id={headingId}>Support tiers</h2>
      <p className="muted">
        What each tier sells: SLA targets per severity, when the clocks run, included hours and SKUs. A contract copies its tier’s terms when it is sold, so changes here apply to
        contracts sold from now on.
      </p>
      {canEdit ? null : <p className="sla-notice">Only managers and admins can change support tiers; you can read them here.</p>}
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {status !== 'ready' && tiers.length === 0 ? <p className="muted">Loading…</p> : null}
      <div className="sla-table-wrap" role="region" aria-label="Tiers and add-ons" tabIndex={0}>
        <table className="sla-table sla-table--tiers">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col">Coverage</th>
              <th scope="col">Sev 1 first response</th>
              <th scope="col">Included</th>
              <th scope="col">SKUs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {choices.map((c) => {
              const sev1 = c.terms?.slaTargets.find((t) => t.severity === 1);
              return (
                <tr key={c.code} className={current?.code === c.code ? 'sla-tiers__row--open' : undefined}>
                  <th scope="row">
                    {c.label}
                    {c.addOn ? <span className="sla-tag">Add-on</span> : null}
                  </th>
                  {c.terms ? (
                    <>
                      <td>{coverageText(c.terms.coverage)}</td>
                      <td>{sev1 ? formatMinutes(sev1.firstResponseMinutes) : '—'}</td>
                      <td>
                        {c.terms.includedHours} h per {c.terms.hoursPeriod}
                      </td>
                      <td>{c.terms.skus.length}</td>
                    </>
                  ) : (
                    <td colSpan={4}>
                      <span className="sla-tag sla-tag--warning">No terms yet</span> Contracts cannot be sold for this tier until it has terms.
                    </td>
                  )}
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-expanded={current?.code === c.code}
                      aria-label={`${canEdit ? 'Edit' : 'View'} the terms of ${c.label}`}
                      onClick={() => setSelected(current?.code === c.code ? null : c.code)}
                    >
                      {canEdit ? (c.terms ? 'Edit' : 'Set up') : 'View'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <div>
          <button type="button" className="button" aria-expanded={selected === NEW_ADD_ON} onClick={() => setSelected(selected === NEW_ADD_ON ? null : NEW_ADD_ON)}>
            New add-on
          </button>
        </div>
      ) : null}
      {selected === NEW_ADD_ON ? (
        <TierEditor
          key={NEW_ADD_ON}
          initial={startingTerms('', '', true)}
          tierLabel={null}
          isNew
          readOnly={!canEdit}
          onSaved={(saved) => {
            setSelected(saved.code);
            toasts.getState().show({ message: `Created ${saved.label}.` });
          }}
          onDelete={null}
          onClose={() => setSelected(null)}
        />
      ) : current ? (
        <TierEditor
          key={current.code}
          initial={current.terms ?? startingTerms(current.code, current.label, false)}
          tierLabel={current.addOn ? null : current.label}
          isNew={current.terms === null}
          readOnly={!canEdit}
          onSaved={(saved) => toasts.getState().show({ message: `Saved the terms of ${current.addOn ? saved.label : current.label}.` })}
          onDelete={current.terms && canEdit ? () => void remove(current.code, current.label) : null}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </section>
  );
}
