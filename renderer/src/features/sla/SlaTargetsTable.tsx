import { RESPONDER_ROLES } from '../../../../core/model';
import type { SlaTarget } from '../../../../core/model';
import { formatMinutes, roleLabel } from './format';

/** SLA targets per severity: time to first response, to each role engaged, and the update cadence. */
export function SlaTargetsTable({ targets, caption }: { targets: readonly SlaTarget[]; caption: string }) {
  if (targets.length === 0) return <p className="muted">No SLA targets.</p>;
  const sorted = [...targets].sort((a, b) => a.severity - b.severity);
  return (
    // Focusable, so a keyboard can scroll it when a narrow window cuts it off.
    <div className="sla-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="sla-table sla-table--targets">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">First response</th>
            {RESPONDER_ROLES.map((r) => (
              <th key={r} scope="col">
                {roleLabel(r)}
              </th>
            ))}
            <th scope="col">Updates every</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.severity}>
              <th scope="row">Sev {t.severity}</th>
              <td>{formatMinutes(t.firstResponseMinutes)}</td>
              {RESPONDER_ROLES.map((r) => {
                const m = t.engageMinutes[r];
                return <td key={r}>{m === undefined ? <span aria-label="not required">—</span> : formatMinutes(m)}</td>;
              })}
              <td>{t.updateCadenceMinutes === null ? <span aria-label="no cadence">—</span> : formatMinutes(t.updateCadenceMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
