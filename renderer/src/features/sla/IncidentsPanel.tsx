import { useId, useRef, useState } from 'react';
import { SEVERITY_LABELS, formatSlaDuration } from '../../../../core/model';
import type { Account, IncidentView } from '../../../../core/model';
import { useApp } from '../../app/context';
import { formatWhen } from './format';
import { IncidentCard } from './IncidentCard';
import { IncidentForm } from './IncidentForm';
import { useAccountSla } from './useAccountSla';
import { useMinuteClock } from './useMinuteClock';
import { VirtualList } from './VirtualList';
import { useJumpTarget, useOpenOnJump } from '../../ui/useJumpTarget';

const RESOLVED_ROW_HEIGHT = 52;

function resolvedOutcome(view: IncidentView): string {
  const breached = view.sla?.targets.filter((t) => t.state === 'breached').length ?? 0;
  const took = formatSlaDuration(Date.parse(view.incident.resolvedAt ?? view.incident.openedAt) - Date.parse(view.incident.openedAt));
  if (!view.sla) return `resolved in ${took} · no contract`;
  return `resolved in ${took} · ${breached === 0 ? 'all targets met' : `${breached} target${breached === 1 ? '' : 's'} breached`}`;
}

/**
 * The account page's Incidents tab: open incidents with live SLA clocks (re-rendered each minute), a form to
 * open one, and the resolved ones as a compact list whose rows open the full record. An incident opened from
 * search (`focus`) is brought into view and focused; a resolved one is opened first.
 */
export function IncidentsPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { toasts } = useApp();
  const { incidents, stats, status, error } = useAccountSla(account.id);
  const now = useMinuteClock();
  const [opening, setOpening] = useState(false);
  // Until someone picks a resolved incident, a jump from elsewhere (`focus`) decides which one is shown.
  const [picked, setShownId] = useState<string | null | undefined>(undefined);
  const shownId = picked === undefined ? (focus ?? null) : picked;
  const headingId = useId();
  const open = incidents.filter((v) => v.incident.resolvedAt === null);
  const resolved = incidents.filter((v) => v.incident.resolvedAt !== null);
  const shown = resolved.find((v) => v.incident.id === shownId) ?? null;
  const panelRef = useRef<HTMLElement>(null);
  useOpenOnJump(focus, status === 'ready', (id) => {
    if (resolved.some((v) => v.incident.id === id)) setShownId(id);
  });
  useJumpTarget(focus, panelRef);

  return (
    <section className="sla-panel" aria-labelledby={headingId} ref={panelRef}>
      <header className="sla-panel__header">
        <div>
          <h2 id={headingId}>Incidents</h2>
          {stats ? (
            <p className="muted">
              {stats.open} open · {stats.mttrMinutes === null ? 'no resolved incidents yet' : `MTTR ${formatSlaDuration(stats.mttrMinutes * 60_000)} over ${stats.resolved} resolved`}
            </p>
          ) : null}
        </div>
        <button type="button" className="button button--primary" onClick={() => setOpening(true)} disabled={opening}>
          Open an incident
        </button>
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {opening ? (
        <IncidentForm
          accountId={account.id}
          incident={null}
          onDone={(view) => {
            setOpening(false);
            if (view) toasts.getState().show({ message: `Opened a ${SEVERITY_LABELS[view.incident.severity].split(' — ')[0]} incident.` });
          }}
        />
      ) : null}
      {status === 'loading' && incidents.length === 0 ? <p className="muted">Loading…</p> : null}
      {status === 'ready' && open.length === 0 && !opening ? (
        <div className="empty">
          <p className="empty__title">No open incidents</p>
          <p className="muted">When the customer reports a problem, open an incident: its SLA clocks start from the contract in force.</p>
        </div>
      ) : null}
      {open.map((v) => (
        <IncidentCard key={v.incident.id} view={v} now={now} />
      ))}
      {resolved.length > 0 ? (
        <>
          <h3 className="sla-subheading">Resolved ({resolved.length})</h3>
          <VirtualList
            items={resolved}
            rowHeight={RESOLVED_ROW_HEIGHT}
            label="Resolved incidents"
            getKey={(v) => v.incident.id}
            renderRow={(v) => (
              <button type="button" className="sla-row" aria-pressed={shownId === v.incident.id} onClick={() => setShownId(shownId === v.incident.id ? null : v.incident.id)}>
                <span className="sla-row__title">
                  Sev {v.incident.severity} · {v.incident.summary.trim() || 'No summary'}
                </span>
                <span className="sla-row__meta">
                  {formatWhen(v.incident.openedAt)} · {resolvedOutcome(v)}
                </span>
              </button>
            )}
          />
          {shown ? <IncidentCard key={shown.incident.id} view={shown} now={now} /> : null}
        </>
      ) : null}
    </section>
  );
}
