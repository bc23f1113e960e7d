import { useEffect } from 'react';
import { isApproverRole } from '../../../../core/model';
import { useApp, useProfile, useTime } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { TimeExportButton, TimeImportButton } from '../timeExport';
import { ApprovalsView } from './ApprovalsView';
import { QuickEntry } from './QuickEntry';
import { TimeEntitlementSummary } from './TimeEntitlementSummary';
import { TimerBar } from './TimerBar';
import { WeekSection } from './WeekSection';

/** The Time area: the timer, quick entry, the week's grid and contract hours; approvals for managers. */
export function TimePage() {
  const { time } = useApp();
  const role = useProfile((s) => s.profile?.role);
  const tab = useTime((s) => s.tab);
  const manager = role !== undefined && isApproverRole(role);
  useEffect(() => time.getState().watch(), [time]);
  const current = manager ? tab : 'week';
  return (
    <div className="page page--wide time-page">
      <header className="page-header">
        <PageTitle>Time</PageTitle>
        {manager ? (
          <div className="time-tabs" role="group" aria-label="Time views">
            <button type="button" className="button" aria-pressed={current === 'week'} onClick={() => time.getState().setTab('week')}>
              My week
            </button>
            <button type="button" className="button" aria-pressed={current === 'approvals'} onClick={() => time.getState().setTab('approvals')}>
              Approvals
            </button>
          </div>
        ) : null}
        <div className="page-header__actions">
          <TimeImportButton />
          <TimeExportButton />
        </div>
      </header>
      {current === 'approvals' ? (
        <ApprovalsView />
      ) : (
        <>
          <TimerBar />
          <WeekSection />
          <div className="time-page__columns">
            <QuickEntry />
            <EntitlementPanel />
          </div>
        </>
      )}
    </div>
  );
}

/** Contract hours of the accounts in this week's grid and under the timer. */
function EntitlementPanel() {
  const entries = useTime((s) => s.view?.entries);
  const extra = useTime((s) => s.extraRows[s.week]);
  const timer = useTime((s) => s.timer);
  const accounts = useTime((s) => s.accounts);
  const ids = [...new Set([...(timer ? [timer.accountId] : []), ...(entries ?? []).map((e) => e.accountId), ...(extra ?? []).map((r) => r.accountId)])];
  return (
    <section className="panel" aria-labelledby="time-entitlements">
      <h2 id="time-entitlements">Contract hours</h2>
      {ids.length === 0 ? (
        <p className="muted">Hours used against each contract show here for the accounts you log time on.</p>
      ) : (
        ids.map((id) => <TimeEntitlementSummary key={id} accountId={id} title={accounts.find((a) => a.id === id)?.name ?? 'Account'} />)
      )}
    </section>
  );
}
