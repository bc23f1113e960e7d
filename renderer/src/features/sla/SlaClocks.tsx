import { describeSlaTarget, formatSlaDuration, slaIncidentOf, slaStatus } from '../../../../core/model';
import type { IncidentView, SlaTargetStatus } from '../../../../core/model';
import { formatMinutes, formatWhen } from './format';

function tone(t: SlaTargetStatus): string {
  if (t.state === 'breached') return 'breached';
  if (t.state === 'met') return 'met';
  if (t.state === 'not_started') return 'idle';
  // The last fifth of a target is a warning.
  return t.remainingMs <= t.targetMinutes * 60_000 * 0.2 ? 'warning' : 'running';
}

function detail(t: SlaTargetStatus): string {
  if (t.done && t.stoppedAt) return `target ${formatMinutes(t.targetMinutes)} · stopped ${formatWhen(t.stoppedAt)}`;
  if (t.state === 'not_started') return `every ${formatMinutes(t.targetMinutes)}`;
  const parts = [`target ${formatMinutes(t.targetMinutes)}`];
  if (t.dueAt) parts.push(`${t.state === 'breached' ? 'was due' : 'due'} ${formatWhen(t.dueAt)}`);
  if (!t.ticking && !t.done) parts.push('clock stopped');
  return parts.join(' · ');
}

/**
 * An incident's SLA clocks as of `now`, computed here with the same pure function the core uses, from the terms
 * of the contract in force when the incident opened. Re-rendering with a later `now` is what makes them tick.
 */
export function SlaClocks({ view, now }: { view: IncidentView; now: number }) {
  if (!view.terms) return <p className="muted">No contract was in force when this incident opened, so it has no SLA clocks.</p>;
  const report = slaStatus(view.terms, slaIncidentOf(view.incident), new Date(now));
  if (report.problem) return <p className="form__error">{report.problem}</p>;
  if (!report.hasTargets) return <p className="muted">The contract sets no SLA targets for severity {view.incident.severity}.</p>;
  return (
    <div className="sla-clocks-wrap">
      {view.incident.resolvedAt === null && (report.paused || !report.inCoverage) ? (
        <p className="sla-clocks__state">{report.paused ? 'Waiting on the customer: the clocks are stopped.' : 'Outside coverage hours: the clocks are stopped until coverage resumes.'}</p>
      ) : null}
      <ul className="sla-clocks" aria-label="SLA clocks">
        {report.targets.map((t) => {
          const used = Math.min(1, t.elapsedMs / (t.targetMinutes * 60_000));
          return (
            <li key={t.key} className={`sla-clock sla-clock--${tone(t)}`}>
              <span className="sla-clock__label">{t.label}</span>
              <strong className="sla-clock__status">{describeSlaTarget(t)}</strong>
              <span className="sla-clock__detail">{detail(t)}</span>
              <span className="sla-clock__bar" aria-hidden="true">
                <span style={{ width: `${Math.round(used * 100)}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      {view.incident.resolvedAt ? (
        <p className="muted">Resolved after {formatSlaDuration(Date.parse(view.incident.resolvedAt) - Date.parse(view.incident.openedAt))}.</p>
      ) : null}
    </div>
  );
}
