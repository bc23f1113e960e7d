import { useEffect, useId, useState } from 'react';
import type { Entitlement } from '../../../../core/model';
import { isEvent, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { formatDate } from '../accounts/format';

const PERIOD_LABELS: Record<Entitlement['hoursPeriod'], string> = { month: 'this month', quarter: 'this quarter', year: 'this year' };
/** Entitlements are counted in hours: `90` minutes → `1.5`. */
const hours = (minutes: number) => (minutes / 60).toFixed(1).replace(/\.0$/, '');
const REFRESH_ON = ['time_entries', 'contracts', '*'];

/** The account's entitlement, kept fresh from the core's change events. */
function useEntitlement(accountId: string): { entitlement: Entitlement | null | undefined; error: string | null } {
  const { client } = useApp();
  const [state, setState] = useState<{ id: string; entitlement: Entitlement | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.call('time.entitlement', { accountId }).then(
        (entitlement) => live && setState({ id: accountId, entitlement, error: null }),
        (e: unknown) => live && setState({ id: accountId, entitlement: null, error: errorMessage(e) }),
      );
    void load();
    const unsubscribe = client.onEvent((frame) => {
      if (isEvent(frame, 'data.changed') && frame.payload.tables.some((t) => REFRESH_ON.includes(t))) void load();
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client, accountId]);
  return state?.id === accountId ? state : { entitlement: undefined, error: null };
}

/**
 * Hours used against the contract's included hours in the current period, the date they run out at the current
 * burn rate, and a warning from 80 % and at 100 %. Self-contained: the account page can show it too.
 */
export function TimeEntitlementSummary({ accountId, title }: { accountId: string; title?: string }) {
  const { entitlement, error } = useEntitlement(accountId);
  const headingId = useId();
  if (error) return <p className="form__error">{error}</p>;
  if (entitlement === undefined) return <p className="muted">Loading hours…</p>;
  return (
    <section className="time-entitlement" aria-labelledby={headingId}>
      <h3 id={headingId} className="time-entitlement__title">
        {title ?? 'Contract hours'}
      </h3>
      {entitlement === null ? (
        <p className="muted">No contract in force today, so no included hours to track.</p>
      ) : (
        <EntitlementBody e={entitlement} labelledBy={headingId} />
      )}
    </section>
  );
}

function EntitlementBody({ e, labelledBy }: { e: Entitlement; labelledBy: string }) {
  const percent = e.percentUsed ?? 0;
  const tone = e.level === 'exhausted' ? 'red' : e.level === 'warning' ? 'amber' : 'green';
  return (
    <>
      <p>
        <strong>{hours(e.usedMinutes)} h</strong> of {hours(e.includedMinutes)} h used {PERIOD_LABELS[e.hoursPeriod]}
        {e.percentUsed !== null ? ` (${Math.round(percent)} %)` : ''}
        <span className="muted">
          {' '}
          · {formatDate(e.period.start)} – {formatDate(e.period.end)}
        </span>
      </p>
      {e.percentUsed !== null ? (
        <div
          className={`time-meter time-meter--${tone}`}
          role="meter"
          aria-labelledby={labelledBy}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.min(100, Math.round(percent))}
          aria-valuetext={`${Math.round(percent)} % of included hours used`}
        >
          <span className="time-meter__fill" style={{ width: `${Math.min(100, percent)}%` }} />
        </div>
      ) : null}
      {e.level === 'exhausted' ? (
        <p className="time-entitlement__warning time-entitlement__warning--red" role="status">
          Included hours used up{e.exhaustionDate ? ` on ${formatDate(e.exhaustionDate)}` : ''}: further time is billed beyond the contract.
        </p>
      ) : e.level === 'warning' ? (
        <p className="time-entitlement__warning time-entitlement__warning--amber" role="status">
          Over 80 % of the included hours are used.
          {e.exhaustionDate ? ` At the current rate they run out on ${formatDate(e.exhaustionDate)}.` : ''}
        </p>
      ) : e.exhaustionDate ? (
        <p className="muted">At the current rate the hours run out on {formatDate(e.exhaustionDate)}.</p>
      ) : e.usedMinutes > 0 ? (
        <p className="muted">At the current rate the hours last the period.</p>
      ) : null}
    </>
  );
}
