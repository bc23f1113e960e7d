import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Account, SupportContract } from '../../../../core/model';
import { addOnsOf } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog, useSla } from '../../app/context';
import { labelOf } from '../catalog/store';
import { ContractForm } from './ContractForm';
import { InputField } from './fields';
import { coverageText, formatDay, formatRate, todayLocal } from './format';
import { useJumpTarget } from '../../ui/useJumpTarget';
import { SlaTargetsTable } from './SlaTargetsTable';
import { useAccountSla } from './useAccountSla';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string } | { kind: 'end'; id: string };

function phase(contract: SupportContract, today: string): { label: string; className: string } {
  if (contract.endsOn < today) return { label: 'Ended', className: 'sla-tag' };
  if (contract.startsOn > today) return { label: 'Upcoming', className: 'sla-tag' };
  return { label: 'In force', className: 'sla-tag sla-tag--ok' };
}

/** End a contract early: the last day it is in force. */
function EndForm({ accountId, contract, onDone }: { accountId: string; contract: SupportContract; onDone: () => void }) {
  const { client, sla, toasts } = useApp();
  const [on, setOn] = useState(() => (todayLocal() < contract.endsOn ? todayLocal() : contract.endsOn));
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const ended = await sla.getState().run(accountId, () => client.call('contracts.end', { id: contract.id, on }));
      toasts.getState().show({ message: `The contract now ends on ${formatDay(ended.endsOn)}.` });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? (Object.values(e.fields)[0] ?? e.message) : errorMessage(e));
    }
  }

  return (
    <form className="sla-inline-form" noValidate onSubmit={(e) => void submit(e)} aria-label="End contract">
      <InputField label="Last day in force" name="on" type="date" value={on} onChange={setOn} error={error ?? undefined} />
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          End contract
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ContractCard({ accountId, contract, editing, setEditing }: { accountId: string; contract: SupportContract; editing: Editing; setEditing: (e: Editing) => void }) {
  const { client, sla, toasts } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const tiers = useSla((s) => s.tiers);
  const headingId = useId();
  const today = todayLocal();
  const state = phase(contract, today);
  const addOns = addOnsOf(contract, tiers).map((t) => t.label);
  const title = `${labelOf(catalog, 'tier', contract.tier)}${addOns.length ? ` + ${addOns.join(', ')}` : ''}`;

  async function remove() {
    try {
      await sla.getState().run(accountId, () => client.call('contracts.delete', { id: contract.id }));
      toasts.getState().show({
        message: `Deleted the ${title} contract.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await sla.getState().run(accountId, () => client.call('contracts.restore', { id: contract.id }));
              toasts.getState().show({ message: 'Contract restored.' });
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

  if (editing.kind === 'edit' && editing.id === contract.id) {
    return <ContractForm accountId={accountId} contract={contract} onDone={() => setEditing({ kind: 'none' })} />;
  }
  return (
    <article className="panel sla-contract" aria-labelledby={headingId} data-record-id={contract.id} tabIndex={-1}>
      <header className="sla-contract__header">
        <h3 id={headingId} className="sla-contract__title">
          {title}
        </h3>
        <span className={state.className}>{state.label}</span>
      </header>
      <dl className="details">
        <dt>Period</dt>
        <dd>
          {formatDay(contract.startsOn)} – {formatDay(contract.endsOn)}
        </dd>
        <dt>Entitlement</dt>
        <dd>
          {contract.includedHours} h per {contract.hoursPeriod}
        </dd>
        <dt>Coverage</dt>
        <dd>{coverageText(contract.coverage)}</dd>
        <dt>SKUs</dt>
        <dd>{contract.skus.length === 0 ? 'None' : contract.skus.map((s) => `${s.label} (${s.code}) ${formatRate(s.rate, s.currency)}${s.billable ? '' : ', not billable'}`).join(' · ')}</dd>
        {contract.dedicatedStaff.length ? (
          <>
            <dt>Dedicated staff</dt>
            <dd>{contract.dedicatedStaff.join(', ')}</dd>
          </>
        ) : null}
        {contract.notes.trim() ? (
          <>
            <dt>Notes</dt>
            <dd className="notes">{contract.notes}</dd>
          </>
        ) : null}
      </dl>
      <details className="sla-details">
        <summary>SLA targets</summary>
        <SlaTargetsTable targets={contract.slaTargets} caption={`SLA targets of the ${title} contract`} />
      </details>
      {editing.kind === 'end' && editing.id === contract.id ? (
        <EndForm accountId={accountId} contract={contract} onDone={() => setEditing({ kind: 'none' })} />
      ) : (
        <div className="form__actions">
          <button type="button" className="button" aria-label={`Edit the ${title} contract`} onClick={() => setEditing({ kind: 'edit', id: contract.id })}>
            Edit
          </button>
          {contract.endsOn >= today ? (
            <button type="button" className="button" onClick={() => setEditing({ kind: 'end', id: contract.id })}>
              End early…
            </button>
          ) : null}
          <button type="button" className="button button--danger" aria-label={`Delete the ${title} contract`} onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
    </article>
  );
}

/** The account page's Contracts tab: what was sold per period, newest first; one opened from search is focused. */
export function ContractsPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { toasts } = useApp();
  const { contracts, overview, status, error } = useAccountSla(account.id);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const headingId = useId();
  const panelRef = useRef<HTMLElement>(null);
  useJumpTarget(focus, panelRef);

  return (
    <section className="sla-panel" aria-labelledby={headingId} ref={panelRef}>
      <header className="sla-panel__header">
        <h2 id={headingId}>Contracts</h2>
        <button type="button" className="button button--primary" onClick={() => setEditing({ kind: 'new' })} disabled={editing.kind === 'new'}>
          New contract
        </button>
      </header>
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
      {editing.kind === 'new' ? (
        <ContractForm
          accountId={account.id}
          contract={null}
          onDone={(saved) => {
            setEditing({ kind: 'none' });
            if (saved) toasts.getState().show({ message: `Added a contract from ${formatDay(saved.startsOn)} to ${formatDay(saved.endsOn)}.` });
          }}
        />
      ) : null}
      {status === 'ready' && contracts.length === 0 && editing.kind !== 'new' ? (
        <div className="empty">
          <p className="empty__title">No contracts yet</p>
          <p className="muted">Add one with New contract: it copies the tier’s SLA targets, coverage and SKUs.</p>
        </div>
      ) : null}
      {status === 'loading' && contracts.length === 0 ? <p className="muted">Loading…</p> : null}
      {contracts.map((c) => (
        <ContractCard key={c.id} accountId={account.id} contract={c} editing={editing} setEditing={setEditing} />
      ))}
    </section>
  );
}
