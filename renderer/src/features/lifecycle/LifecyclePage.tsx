import { useEffect } from 'react';
import { LIFECYCLE_FLOW, LIFECYCLE_STAGE_LABELS, TEAM_ROLE_LABELS, describeDuration } from '../../../../core/model';
import type { LifecycleOverview } from '../../../../core/model';
import { useApp, useLifecycle } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { formatDate } from '../accounts/format';
import { OpenItemsBadge } from './LifecyclePanel';

type StageRow = LifecycleOverview['stages'][number];

/** Accounts shown per stage card before "and N more": the full list is one filter away on Accounts. */
const SHOWN_PER_STAGE = 6;

function useOpenAccount(): (id: string, tab: string) => void {
  const { nav, accounts } = useApp();
  return (id, tab) => {
    accounts.getState().show({ kind: 'page', id, tab });
    nav.getState().go('accounts');
  };
}

function StageCard({ row }: { row: StageRow }) {
  const open = useOpenAccount();
  const headingId = `lifecycle-stage-${row.stage}`;
  const more = row.accounts.length - SHOWN_PER_STAGE;
  return (
    <section className={`panel lifecycle-stage lifecycle-stage--${row.stage}`} aria-labelledby={headingId}>
      <div className="lifecycle-stage__head">
        <h2 id={headingId}>{LIFECYCLE_STAGE_LABELS[row.stage]}</h2>
        <p className="muted">Owner: {TEAM_ROLE_LABELS[row.ownerRole]}</p>
      </div>
      <p className="lifecycle-stage__count">
        <span className="lifecycle-stage__number">{row.accounts.length}</span> account{row.accounts.length === 1 ? '' : 's'}
      </p>
      <dl className="lifecycle-stage__facts">
        <dt>Median time here now</dt>
        <dd>{row.medianCurrentMs === null ? '—' : describeDuration(row.medianCurrentMs)}</dd>
        <dt>Median finished stay</dt>
        <dd>{row.medianCompletedMs === null ? '—' : describeDuration(row.medianCompletedMs)}</dd>
      </dl>
      {row.accounts.length === 0 ? (
        <p className="muted">No accounts in this stage.</p>
      ) : (
        <ul className="lifecycle-stage__accounts">
          {row.accounts.slice(0, SHOWN_PER_STAGE).map((a) => (
            <li key={a.id}>
              <button type="button" className="link-button" onClick={() => open(a.id, 'lifecycle')}>
                {a.name}
              </button>{' '}
              <span className="muted">{describeDuration(a.timeInStageMs)}</span>
            </li>
          ))}
          {more > 0 ? <li className="muted">and {more} more</li> : null}
        </ul>
      )}
    </section>
  );
}

/** The Lifecycle area: the stages as a flow with their owners, accounts and times, and the unfinished hand-offs. */
export function LifecyclePage() {
  const { lifecycle } = useApp();
  const open = useOpenAccount();
  useEffect(() => lifecycle.getState().trackOverview(), [lifecycle]);
  const { data, error } = useLifecycle((s) => s.overview);
  const byStage = new Map(data?.stages.map((s) => [s.stage, s]) ?? []);
  const churned = byStage.get('churned');

  return (
    <div className="page lifecycle-page">
      <header className="page-header">
        <PageTitle>Lifecycle</PageTitle>
        {data ? <p className="page-header__meta">Times as of {formatDate(data.asOf)}</p> : null}
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {!data ? (
        error ? null : <p className="muted">Loading…</p>
      ) : (
        <>
          <ol className="lifecycle-flow" aria-label="Lifecycle stages in order">
            {LIFECYCLE_FLOW.map((stage) => {
              const row = byStage.get(stage);
              return row ? (
                <li key={stage} className="lifecycle-flow__step">
                  <StageCard row={row} />
                </li>
              ) : null;
            })}
          </ol>
          {churned ? (
            <div className="lifecycle-flow__apart">
              <StageCard row={churned} />
            </div>
          ) : null}
          <section className="panel" aria-labelledby="lifecycle-incomplete">
            <h2 id="lifecycle-incomplete">Hand-offs with open checklist items</h2>
            {data.incomplete.length === 0 ? (
              <p className="muted">Every hand-off checklist is complete.</p>
            ) : (
              <div className="sync-table-wrap">
                <table className="sync-table team-table">
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Hand-off</th>
                      <th scope="col">Date</th>
                      <th scope="col">Checklist</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.incomplete.map((h) => (
                      <tr key={h.eventId}>
                        <td>
                          <button type="button" className="link-button" onClick={() => open(h.accountId, 'lifecycle')}>
                            {h.accountName}
                          </button>
                        </td>
                        <td>
                          {LIFECYCLE_STAGE_LABELS[h.fromStage]} → {LIFECYCLE_STAGE_LABELS[h.toStage]}
                        </td>
                        <td>
                          <time dateTime={h.at}>{formatDate(h.at)}</time>
                        </td>
                        <td>
                          <OpenItemsBadge open={h.open} total={h.total} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
