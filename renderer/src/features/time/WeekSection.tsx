import { useId, useState } from 'react';
import { TIME_STATUS_LABELS, effectiveEntries, formatDuration, isLocked, weekLabel, weekOf } from '../../../../core/model';
import type { Account, TimeEntry, TimesheetView } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { formatDateTime } from '../accounts/format';
import { AdjustDialog } from './AdjustDialog';
import { categoryLabel } from './format';
import { accountName } from './store';
import { WeekGrid } from './WeekGrid';
import type { LockedCell } from './WeekGrid';
import { WorkFields } from './WorkFields';
import type { Work } from './WorkFields';

const ACTION_LABELS: Record<TimesheetView['history'][number]['action'], string> = {
  submitted: 'Submitted',
  withdrawn: 'Withdrawn',
  approved: 'Approved',
  rejected: 'Rejected',
  entry_approved: 'Late entry approved',
  entry_rejected: 'Late entry rejected',
};

function StatusBadge({ status }: { status: TimesheetView['status'] }) {
  const tone = status === 'approved' || status === 'exported' ? 'green' : status === 'submitted' ? 'amber' : 'neutral';
  return <span className={`badge time-badge time-badge--${tone}`}>{TIME_STATUS_LABELS[status]}</span>;
}

/** The week: navigation, status and submission, the grid, and adding rows. */
export function WeekSection() {
  const { time, toasts } = useApp();
  const week = useTime((s) => s.week);
  const view = useTime((s) => s.view);
  const error = useTime((s) => s.weekError);
  const extraRows = useTime((s) => s.extraRows[week]);
  const accounts = useTime((s) => s.accounts);
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState<LockedCell | { entries: TimeEntry[]; minutes: null } | null>(null);
  const thisWeek = weekOf(time.getState().today());

  /** Runs an action and reports its outcome (`run` may return the message itself). */
  async function act(run: () => Promise<string | void>, done: string) {
    setBusy(true);
    setActionError(null);
    try {
      const message = await run();
      toasts.getState().show({ message: message ?? done });
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const sheet = view?.timesheet;
  const number = Number(week.slice(6));
  const locked = effectiveEntries(view?.entries ?? []).filter((e) => isLocked(e.status));
  const total = effectiveEntries(view?.entries ?? []).reduce((sum, e) => sum + e.minutes, 0);

  return (
    <section className="panel time-week" aria-labelledby={headingId}>
      <header className="time-week__header">
        <div>
          <h2 id={headingId} className="time-week__title">
            Week {number} · {weekLabel(week)}
          </h2>
          {sheet ? (
            <p className="time-week__status">
              <StatusBadge status={sheet.status} />
              {sheet.approvedBy && sheet.approvedAt ? (
                <span className="muted">
                  by {sheet.approvedBy}, {formatDateTime(sheet.approvedAt)}. Locked: correct time with an adjustment.
                </span>
              ) : null}
              {sheet.status === 'submitted' ? <span className="muted">Waiting for a manager. Withdraw it to make changes.</span> : null}
            </p>
          ) : null}
        </div>
        <nav className="time-week__nav" aria-label="Weeks">
          <button type="button" className="button" onClick={() => time.getState().shift(-1)}>
            <span aria-hidden="true">‹</span> Previous week
          </button>
          <button type="button" className="button" disabled={week === thisWeek} onClick={() => time.getState().goToWeek(thisWeek)}>
            This week
          </button>
          <button type="button" className="button" onClick={() => time.getState().shift(1)}>
            Next week <span aria-hidden="true">›</span>
          </button>
        </nav>
      </header>

      {sheet?.rejection ? (
        <p className="time-week__rejection" role="note">
          <strong>Rejected by {sheet.rejection.actor}:</strong> {sheet.rejection.reason} Fix the week and submit it again.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}

      {view ? (
        view.entries.length === 0 && !(extraRows?.length ?? 0) ? (
          <div className="empty">
            <p className="empty__title">No time this week yet</p>
            <p className="muted">Start the timer, log a quick entry, add a row below, or copy last week’s rows.</p>
          </div>
        ) : (
          <WeekGrid view={view} extraRows={extraRows ?? []} onLocked={setAdjusting} />
        )
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}

      <AddRow />

      <div className="time-week__actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const added = await time.getState().copyLastWeek();
              return added === 0 ? 'Last week has no rows this week does not already have.' : undefined;
            }, 'Copied last week’s rows (without their time).')
          }
        >
          Copy last week’s rows
        </button>
        {sheet?.status === 'draft' ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(() => time.getState().submit(), `Week ${number} submitted (${formatDuration(total)}).`)}>
            Submit week
          </button>
        ) : null}
        {sheet?.status === 'submitted' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void act(() => time.getState().withdraw(), `Week ${number} withdrawn: you can change it again.`)}>
            Withdraw
          </button>
        ) : null}
        {locked.length > 0 ? (
          <button type="button" className="button" onClick={() => setAdjusting({ entries: locked, minutes: null })}>
            Correct approved time…
          </button>
        ) : null}
      </div>
      {actionError ? (
        <p role="alert" className="form__error">
          {actionError}
        </p>
      ) : null}

      {view && view.entries.length > 0 ? <DayList entries={view.entries} accounts={accounts} /> : null}

      {sheet && sheet.history.length > 0 ? (
        <details className="time-week__history">
          <summary>History ({sheet.history.length})</summary>
          <ol>
            {sheet.history.map((e) => (
              <li key={e.id}>
                {ACTION_LABELS[e.action]} by {e.actor}, {formatDateTime(e.at)}
                {e.reason ? <span className="muted"> — “{e.reason}”</span> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      {adjusting ? (
        <AdjustDialog
          entries={adjusting.entries}
          suggested={adjusting.minutes !== null && adjusting.entries.length === 1 ? adjusting.minutes : null}
          onClose={() => setAdjusting(null)}
        />
      ) : null}
    </section>
  );
}

/** The week's entries one by one (timer entries keep their times); removal has Undo. */
function DayList({ entries, accounts }: { entries: TimeEntry[]; accounts: Account[] }) {
  const { time, toasts } = useApp();
  const [error, setError] = useState<string | null>(null);
  const replaced = new Set(entries.map((e) => e.adjustsId).filter(Boolean));

  async function remove(entry: TimeEntry) {
    try {
      await time.getState().remove(entry.id);
      setError(null);
      toasts.getState().show({
        message: `Removed ${formatDuration(entry.minutes)} on ${accountName(accounts, entry.accountId)}.`,
        focus: true,
        action: { label: 'Undo', run: () => time.getState().restore(entry.id).catch((e: unknown) => void toasts.getState().show({ message: errorMessage(e) })) },
      });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <details className="time-week__entries">
      <summary>Entries ({entries.length})</summary>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      <table className="sync-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Account</th>
            <th scope="col">Category</th>
            <th scope="col">SKU</th>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className={replaced.has(e.id) ? 'time-entry--replaced' : undefined}>
              <td>{e.date}</td>
              <td>{accountName(accounts, e.accountId)}</td>
              <td>{categoryLabel(e.category)}</td>
              <td>{e.sku ?? '—'}</td>
              <td>
                {formatDuration(e.minutes)}
                {e.startedAt && e.endedAt ? <span className="muted"> ({new Date(e.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}–{new Date(e.endedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })})</span> : null}
                {e.adjustsId ? <span className="muted"> (adjustment)</span> : null}
                {replaced.has(e.id) ? <span className="muted"> (replaced)</span> : null}
              </td>
              <td>{TIME_STATUS_LABELS[e.status]}</td>
              <td>
                {e.status === 'draft' ? (
                  <button type="button" className="button button--quiet" onClick={() => void remove(e)} aria-label={`Remove ${formatDuration(e.minutes)} on ${accountName(accounts, e.accountId)}, ${e.date}`}>
                    Remove
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Adds an account × SKU row to this week's grid (it holds no time until a cell is filled). */
function AddRow() {
  const { time } = useApp();
  const week = useTime((s) => s.week);
  const days = useTime((s) => s.view?.days);
  const [work, setWork] = useState<Work>({ accountId: '', category: 'remote', sku: null });
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="time-addrow"
      aria-label="Add a row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!work.accountId) {
          setError('Choose an account.');
          return;
        }
        setError(undefined);
        time.getState().addRow({ accountId: work.accountId, sku: work.sku, category: work.category });
      }}
    >
      <p className="time-addrow__title">Add a row to this week</p>
      <WorkFields idPrefix={`row-${week}`} value={work} onChange={setWork} date={days?.[0] ?? time.getState().today()} errors={{ accountId: error }} />
      <button type="submit" className="button">
        Add row
      </button>
    </form>
  );
}
