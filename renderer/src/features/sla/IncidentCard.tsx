import { useId, useState } from 'react';
import { ENGAGED_FIELDS, RESPONDER_ROLES, SEVERITY_LABELS, openPause } from '../../../../core/model';
import type { IncidentView, ResponderRole } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { InputField } from './fields';
import { formatWhen, fromLocalInput, localZone, roleLabel } from './format';
import { IncidentForm } from './IncidentForm';
import { SlaClocks } from './SlaClocks';

/** What an incident's record buttons do: the call, its words, and how to take it back. */
interface Recorded {
  message: string;
  undo: (() => Promise<unknown>) | null;
}

/**
 * One incident: what happened when, its SLA clocks, and buttons to record the next step now or at a time
 * entered in the When field. Recording the first response, an engagement or the resolution can be undone.
 */
export function IncidentCard({ view, now }: { view: IncidentView; now: number }) {
  const { client, sla, toasts } = useApp();
  const { incident } = view;
  const headingId = useId();
  const [when, setWhen] = useState('');
  const [name, setName] = useState('');
  const [whenError, setWhenError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const open = incident.resolvedAt === null;
  const waiting = openPause(incident) !== undefined;
  const title = incident.summary.trim() || 'No summary yet';
  const severityClass = incident.severity === 1 ? 'sla-sev sla-sev--1' : incident.severity === 2 ? 'sla-sev sla-sev--2' : 'sla-sev';

  async function record(write: (at: string | undefined) => Promise<unknown>, done: Recorded) {
    setBusy(true);
    setWhenError(null);
    setActionError(null);
    try {
      await sla.getState().run(incident.accountId, () => write(fromLocalInput(when)));
      setWhen('');
      setName('');
      const { undo } = done;
      toasts.getState().show({
        message: done.message,
        ...(undo
          ? {
              action: {
                label: 'Undo',
                run: async () => {
                  try {
                    await sla.getState().run(incident.accountId, undo);
                  } catch (e) {
                    toasts.getState().show({ message: errorMessage(e) });
                  }
                },
              },
            }
          : {}),
      });
    } catch (e) {
      // Problems with the time belong next to the When field; anything else (already recorded) above the buttons.
      if (e instanceof ApiError && e.code === 'invalid') setWhenError(Object.values(e.fields)[0] ?? e.message);
      else setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const id = incident.id;
  const respond = () =>
    record((at) => client.call('incidents.respond', { id, ...(at ? { at } : {}) }), {
      message: 'First response recorded.',
      undo: () => client.call('incidents.update', { id, patch: { firstResponseAt: null } }),
    });
  const engage = (role: ResponderRole) =>
    record((at) => client.call('incidents.engage', { id, role, ...(at ? { at } : {}), ...(name.trim() ? { name: name.trim() } : {}) }), {
      message: `${roleLabel(role)} engaged.`,
      undo: () => client.call('incidents.update', { id, patch: { [ENGAGED_FIELDS[role].at]: null } }),
    });
  const postUpdate = () => record((at) => client.call('incidents.postUpdate', { id, ...(at ? { at } : {}) }), { message: 'Customer update recorded.', undo: null });
  const pause = () => record((at) => client.call('incidents.pause', { id, ...(at ? { at } : {}) }), { message: 'Waiting on the customer: SLA clocks stopped.', undo: null });
  const resume = () => record((at) => client.call('incidents.resume', { id, ...(at ? { at } : {}) }), { message: 'The customer replied: SLA clocks running again.', undo: null });
  const resolve = () =>
    record((at) => client.call('incidents.resolve', { id, ...(at ? { at } : {}) }), { message: 'Incident resolved.', undo: () => client.call('incidents.reopen', { id }) });
  const reopen = () => record(() => client.call('incidents.reopen', { id }), { message: 'Incident reopened.', undo: null });

  async function remove() {
    try {
      await sla.getState().run(incident.accountId, () => client.call('incidents.delete', { id }));
      toasts.getState().show({
        message: `Deleted the incident “${title}”.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await sla.getState().run(incident.accountId, () => client.call('incidents.restore', { id }));
            } catch (e) {
              toasts.getState().show({ message: errorMessage(e) });
            }
          },
        },
      });
    } catch (e) {
      setActionError(errorMessage(e));
    }
  }

  if (editing) return <IncidentForm accountId={incident.accountId} incident={incident} onDone={() => setEditing(false)} />;

  const requiredRoles = new Set(RESPONDER_ROLES.filter((r) => view.terms?.slaTargets.find((t) => t.severity === incident.severity)?.engageMinutes[r] !== undefined));
  const lastUpdate = incident.updates[incident.updates.length - 1];

  return (
    <article className={`panel sla-incident${open ? '' : ' sla-incident--resolved'}`} aria-labelledby={headingId} data-incident-id={incident.id} tabIndex={-1}>
      <header className="sla-incident__header">
        <span className={severityClass}>{SEVERITY_LABELS[incident.severity]}</span>
        <h3 id={headingId} className="sla-incident__title">
          {title}
        </h3>
        <span className={open ? (waiting ? 'sla-tag sla-tag--warning' : 'sla-tag sla-tag--open') : 'sla-tag sla-tag--ok'}>{open ? (waiting ? 'Waiting on customer' : 'Open') : 'Resolved'}</span>
      </header>
      <SlaClocks view={view} now={now} />
      <dl className="details sla-incident__facts">
        <dt>Opened</dt>
        <dd>{formatWhen(incident.openedAt)}</dd>
        <dt>First response</dt>
        <dd>{incident.firstResponseAt ? formatWhen(incident.firstResponseAt) : 'Not yet'}</dd>
        {RESPONDER_ROLES.map((r) => {
          const at = incident[ENGAGED_FIELDS[r].at];
          const who = incident[ENGAGED_FIELDS[r].name];
          return (
            <div key={r} className="sla-incident__fact">
              <dt>{roleLabel(r)}</dt>
              <dd>{at ? `${formatWhen(at)}${who ? ` · ${who}` : ''}` : requiredRoles.has(r) ? 'Not engaged yet' : 'Not engaged (not required)'}</dd>
            </div>
          );
        })}
        <dt>Customer updates</dt>
        <dd>{incident.updates.length === 0 ? 'None yet' : `${incident.updates.length}, last ${formatWhen(lastUpdate ?? incident.openedAt)}`}</dd>
        {incident.resolvedAt ? (
          <>
            <dt>Resolved</dt>
            <dd>{formatWhen(incident.resolvedAt)}</dd>
          </>
        ) : null}
      </dl>
      {actionError ? (
        <p role="alert" className="form__error">
          {actionError}
        </p>
      ) : null}
      {open ? (
        <div className="sla-incident__record" role="group" aria-label="Record the next step">
          <div className="sla-incident__inputs">
            <InputField label="When" name="at" type="datetime-local" value={when} onChange={setWhen} error={whenError ?? undefined} hint={`Empty: now. Your time (${localZone()}).`} />
            <InputField label="Responder name" name="responder" type="text" value={name} onChange={setName} hint="Optional, for engagements" />
          </div>
          <div className="sla-incident__buttons">
            {incident.firstResponseAt === null ? (
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void respond()}>
                Record first response
              </button>
            ) : null}
            {RESPONDER_ROLES.filter((r) => incident[ENGAGED_FIELDS[r].at] === null).map((r) => (
              <button key={r} type="button" className="button" disabled={busy} onClick={() => void engage(r)}>
                Engage {roleLabel(r).toLowerCase()}
              </button>
            ))}
            <button type="button" className="button" disabled={busy} onClick={() => void postUpdate()}>
              Record customer update
            </button>
            {waiting ? (
              <button type="button" className="button" disabled={busy} onClick={() => void resume()}>
                Customer replied
              </button>
            ) : (
              <button type="button" className="button" disabled={busy} onClick={() => void pause()}>
                Waiting on customer
              </button>
            )}
            <button type="button" className="button" disabled={busy} onClick={() => void resolve()}>
              Resolve
            </button>
          </div>
        </div>
      ) : null}
      <div className="form__actions sla-incident__manage">
        {open ? null : (
          <button type="button" className="button" disabled={busy} onClick={() => void reopen()}>
            Reopen
          </button>
        )}
        <button type="button" className="button button--quiet" aria-label={`Edit incident ${title}`} onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" className="button button--quiet sla-danger-quiet" aria-label={`Delete incident ${title}`} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </article>
  );
}
