import { useEffect, useRef } from 'react';
import type { SyncRejectionInfo, SyncRunSummary, SyncTargetInfo } from '../../../../core/api/contract';
import { useApp, useCatalog, useSync } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { labelOf } from '../catalog/store';
import { formatDateTime } from '../accounts/format';
import { Bundles } from './Bundles';
import { Conflicts } from './Conflicts';
import { RegisterForm } from './RegisterForm';
import { plural, relativeTime } from './store';
import { useNow } from './useNow';

const TABLE_LABELS: Record<string, string> = { accounts: 'Account', catalog_entries: 'Catalog entry' };

/** What the person can do about a refused change, by the server's reason. */
const ADVICE: Record<string, string> = {
  forbidden: 'Ask an administrator for access.',
  locked: 'Record a correction as a new adjustment entry.',
  invalid: 'Correct the record and save it again.',
  clock_skew: 'Check this computer’s date and time, then save the record again.',
};
const adviceOf = (code: string): string => ADVICE[code] ?? 'Ask an administrator to look at this change.';

const CODE_LABELS: Record<string, string> = {
  forbidden: 'No access',
  locked: 'Locked',
  invalid: 'Not valid',
  clock_skew: 'Clock wrong',
};

function Timestamp({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}

function useResidencyLabel(): (code: string) => string {
  const entries = useCatalog((s) => s.entries);
  return (code) => labelOf(entries, 'residency', code);
}

function TargetCard({ target, now }: { target: SyncTargetInfo; now: number }) {
  const residencyLabel = useResidencyLabel();
  const headingId = `sync-target-${target.id}`;
  return (
    <section className="panel sync-target" aria-labelledby={headingId}>
      <h2 id={headingId} className="sync-target__url">
        {target.url}
      </h2>
      <dl className="details">
        <dt>Region</dt>
        <dd>{target.region || '—'}</dd>
        <dt>May hold</dt>
        <dd>{target.residencies.length > 0 ? target.residencies.map(residencyLabel).join(', ') : '—'}</dd>
        <dt>Waiting to send</dt>
        <dd>{plural(target.pending, 'change', 'changes')}</dd>
        <dt>Last sync</dt>
        <dd>{target.lastSyncAt ? <Timestamp iso={target.lastSyncAt} now={now} /> : 'Never'}</dd>
        {target.registeredFrom !== 'browser' ? (
          <>
            <dt>Registered from</dt>
            <dd>{target.registeredFrom === 'cli' ? 'The command line' : 'The desktop app'}</dd>
          </>
        ) : null}
      </dl>
      {target.suspended ? (
        <>
          <p className="sync-target__error">
            <strong>Register again before this device syncs:</strong> {target.suspended}
          </p>
          <RegisterForm again={target.url} />
        </>
      ) : target.lastError ? (
        <p className="sync-target__error">
          <strong>Last sync failed:</strong> {target.lastError}
        </p>
      ) : null}
    </section>
  );
}

function describeRun(summaries: SyncRunSummary[]): string {
  return summaries
    .map((s) =>
      s.note ?? `Sent ${s.pushed}, refused ${s.rejected}, received ${s.pulled}${s.purged > 0 ? `, removed ${s.purged} no longer shared` : ''}.`,
    )
    .join(' ');
}

function Rejections({ rejections, now }: { rejections: SyncRejectionInfo[]; now: number }) {
  return (
    <section className="panel" aria-labelledby="sync-refused">
      <h2 id="sync-refused">Refused changes</h2>
      <p className="muted">
        A server refused these changes. They stay on this device and are not sent again; here is why, and what to do.
      </p>
      <div className="sync-table-wrap">
        <table className="sync-table">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Reason</th>
              <th scope="col">What to do</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {rejections.map((r) => (
              <tr key={r.id}>
                <td>
                  <span className="sync-table__record">{r.label ?? r.rowId}</span>
                  <span className="muted sync-table__kind">{TABLE_LABELS[r.table] ?? r.table}</span>
                </td>
                <td>
                  <span className="badge badge--red">{CODE_LABELS[r.code] ?? r.code}</span> {r.message}
                </td>
                <td>{adviceOf(r.code)}</td>
                <td className="sync-table__when">
                  <Timestamp iso={r.at} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SyncPage() {
  const { sync } = useApp();
  const status = useSync((s) => s.status);
  const conflicts = useSync((s) => s.conflicts);
  const loadError = useSync((s) => s.loadError);
  const running = useSync((s) => s.running);
  const lastRun = useSync((s) => s.lastRun);
  const now = useNow();

  useEffect(() => {
    void sync.getState().load();
  }, [sync]);

  const registered = (status?.targets.length ?? 0) > 0;
  const canSync = registered && status?.unavailable === null;

  // Right after registering, the form is gone: focus goes to what comes next, Sync now.
  const syncButton = useRef<HTMLButtonElement>(null);
  const wasRegistered = useRef<boolean | null>(null);
  useEffect(() => {
    if (status === undefined) return;
    if (wasRegistered.current === false && registered) syncButton.current?.focus();
    wasRegistered.current = registered;
  }, [status, registered]);

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <PageTitle>Sync</PageTitle>
        {canSync ? (
          <div className="page-header__actions">
            <button
              ref={syncButton}
              type="button"
              className="button button--primary"
              disabled={running} aria-busy={running || undefined} onClick={() => void sync.getState().run()}>
              {running ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
        ) : null}
      </header>

      {loadError ? <p role="alert" className="form__error">{loadError}</p> : null}
      {status === undefined ? (
        loadError ? null : <p className="muted">Loading sync status…</p>
      ) : (
        <>
          <p className="sync-summary" role="status">
            {status.unsent === 0 ? 'Nothing is waiting to be sent.' : `${plural(status.unsent, 'local change', 'local changes')} not sent yet.`}
            {lastRun?.summaries ? ` Last sync: ${describeRun(lastRun.summaries)}` : null}
          </p>
          {lastRun?.error ? (
            <p role="alert" className="form__error">
              {lastRun.error}
            </p>
          ) : null}

          {status.unavailable ? (
            <section className="panel" aria-labelledby="sync-unavailable">
              <h2 id="sync-unavailable">Not available in the desktop app yet</h2>
              <p>{status.unavailable}</p>
              <p className="muted">Fieldbook keeps working fully offline; nothing you do here is lost.</p>
            </section>
          ) : null}

          {status.targets.map((t) => (
            <TargetCard key={t.id} target={t} now={now} />
          ))}

          {!registered && status.unavailable === null ? (
            <section className="panel" aria-labelledby="sync-register">
              <h2 id="sync-register">Register this device</h2>
              <p>
                Fieldbook works fully offline. Register this device with your team’s sync server to share accounts with your
                colleagues and your other devices. Changes you made before registering are sent with the first sync.
              </p>
              <RegisterForm />
            </section>
          ) : null}

          {conflicts && (registered || conflicts.length > 0) ? <Conflicts conflicts={conflicts} now={now} /> : null}

          {status.rejections.length > 0 ? <Rejections rejections={status.rejections} now={now} /> : null}

          <Bundles now={now} />
        </>
      )}
    </div>
  );
}
