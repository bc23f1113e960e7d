import type { Account } from '../../../../core/model';
import { useApp } from '../../app/context';
import { StageSummary, useAccountLifecycle } from './LifecyclePanel';

/** The account Overview's lifecycle section: stage, time in stage, owner, and a way to the open hand-off items. */
export function LifecycleSection({ account }: { account: Account }) {
  const { accounts } = useApp();
  const { data, error } = useAccountLifecycle(account.id);
  return (
    <section className="panel" aria-labelledby="overview-lifecycle">
      <h2 id="overview-lifecycle">Lifecycle</h2>
      {data ? <StageSummary lifecycle={data} /> : error ? <p className="form__error">{error}</p> : <p className="muted">Loading…</p>}
      <div>
        <button type="button" className="button" onClick={() => accounts.getState().show({ kind: 'page', id: account.id, tab: 'lifecycle' })}>
          {data && data.openItems > 0 ? 'Finish the hand-off' : 'Lifecycle and hand-offs'}
        </button>
      </div>
    </section>
  );
}
