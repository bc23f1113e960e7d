import { useId } from 'react';
import type { Account } from '../../../../core/model';
import { formatSlaDuration } from '../../../../core/model';
import { useApp, useCatalog } from '../../app/context';
import { labelOf } from '../catalog/store';
import { coverageText, formatDay } from './format';
import { SlaTargetsTable } from './SlaTargetsTable';
import { useAccountSla } from './useAccountSla';

/** The Overview's "Contract and SLA": tier, the contract in force, its entitlement and SLA targets. */
export function ContractOverviewSection({ account }: { account: Account }) {
  const { accounts } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const { overview, stats, status, error } = useAccountSla(account.id);
  const headingId = useId();
  const active = overview?.active ?? null;
  const toContracts = () => accounts.getState().show({ kind: 'page', id: account.id, tab: 'contracts' });

  return (
    <section className="panel sla-overview" aria-labelledby={headingId}>
      <h2 id={headingId}>Contract and SLA</h2>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {overview?.mismatch ? (
        <p className="sla-notice sla-notice--warning" role="note">
          {overview.mismatch}
        </p>
      ) : null}
      {status === 'loading' && !overview ? <p className="muted">Loading…</p> : null}
      {overview && !active ? (
        <div className="sla-empty">
          <p>No contract is in force today{overview.next ? `; the next one starts on ${formatDay(overview.next.startsOn)}` : ''}.</p>
          <button type="button" className="button" onClick={toContracts}>
            {overview.next ? 'Show contracts' : 'Add a contract'}
          </button>
        </div>
      ) : null}
      {active ? (
        <>
          <dl className="details">
            <dt>Support tier</dt>
            <dd>
              {labelOf(catalog, 'tier', account.tier)}
              {overview?.addOns.length ? ` + ${overview.addOns.join(', ')}` : ''}
            </dd>
            <dt>Contract</dt>
            <dd>
              {labelOf(catalog, 'tier', active.tier)}, {formatDay(active.startsOn)} – {formatDay(active.endsOn)}
            </dd>
            <dt>Entitlement</dt>
            <dd>
              {active.includedHours} h included per {active.hoursPeriod}
            </dd>
            <dt>Coverage</dt>
            <dd>{coverageText(active.coverage)}</dd>
            <dt>Incidents</dt>
            <dd>
              {stats ? `${stats.open} open · ${stats.mttrMinutes === null ? 'no MTTR yet' : `MTTR ${formatSlaDuration(stats.mttrMinutes * 60_000)} over ${stats.resolved} resolved`}` : '…'}
            </dd>
          </dl>
          <h3 className="sla-subheading">SLA targets</h3>
          <SlaTargetsTable targets={active.slaTargets} caption={`SLA targets of the ${labelOf(catalog, 'tier', active.tier)} contract`} />
        </>
      ) : null}
    </section>
  );
}
