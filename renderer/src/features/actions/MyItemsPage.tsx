import { useEffect } from 'react';
import { useActions, useApp } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { ACTION_SCREEN_TABLES, useDataChanged } from '../reviews/useDataChanged';
import { ActionItemsGrid } from './ActionItemsGrid';
import { KeyboardHint } from './KeyboardHint';
import { openSource } from './openSource';
import { useActionCommands } from './useActionCommands';

/** "My items": your action items across accounts, overdue first, then by due date. */
export function MyItemsPage() {
  const stores = useApp();
  const { actions } = stores;
  const mine = useActions((s) => s.mine);
  const includeClosed = useActions((s) => s.includeClosed);
  const commands = useActionCommands();

  useEffect(() => {
    void actions.getState().loadMine();
  }, [actions]);
  useDataChanged(ACTION_SCREEN_TABLES, () => void actions.getState().loadMine());

  const overdue = mine.items.filter((i) => i.overdue).length;
  const open = mine.items.filter((i) => i.status === 'open' || i.status === 'in_progress').length;
  return (
    <div className="page page--wide actions-page">
      <header className="page-header">
        <div>
          <PageTitle>My items</PageTitle>
          <p className="page-header__meta" aria-live="polite">
            {mine.status === 'ready' ? `${open} open${overdue > 0 ? `, ${overdue} overdue` : ''}` : ''}
          </p>
        </div>
      </header>
      <div className="toolbar actions-toolbar">
        <label className="actions-toggle">
          <input type="checkbox" checked={includeClosed} onChange={(e) => actions.getState().setIncludeClosed(e.target.checked)} />
          Show done and dropped
        </label>
        <KeyboardHint />
      </div>
      {mine.error ? (
        <p role="alert" className="form__error">
          {mine.error}
        </p>
      ) : null}
      {mine.status === 'ready' && mine.items.length === 0 ? (
        <div className="empty">
          <p className="empty__title">Nothing on your list{includeClosed ? '' : ' right now'}.</p>
          <p className="muted">
            Action items come from a roadmap review’s asks and commitments (Create action item), or are added on an account’s Action items tab.
          </p>
          <button type="button" className="button" onClick={() => stores.nav.getState().go('accounts')}>
            Go to Accounts
          </button>
        </div>
      ) : null}
      {mine.items.length > 0 ? (
        <ActionItemsGrid
          items={mine.items}
          label="My items"
          show={{ account: true, owner: false }}
          onOpen={(item) => void openSource(stores, item)}
          onStatus={commands.setStatus}
          onDelete={commands.remove}
        />
      ) : null}
      {mine.status === 'loading' && mine.items.length === 0 ? <p className="muted">Loading your items…</p> : null}
    </div>
  );
}
