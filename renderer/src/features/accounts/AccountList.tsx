import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { HEALTH_LABELS, HEALTH_VALUES, LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES } from '../../../../core/model';
import type { Health, LifecycleStage } from '../../../../core/model';
import { useAccounts, useApp, useCatalog } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { shortcutLabel } from '../../ui/shortcuts';
import { entriesOf } from '../catalog/store';
import { ImportButton } from '../import/ImportDialog';
import { AccountDetail } from './AccountDetail';
import { AccountTable } from './AccountTable';
import { formatCount } from './format';

function isStage(v: string): v is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(v);
}
function isHealth(v: string): v is Health {
  return (HEALTH_VALUES as readonly string[]).includes(v);
}

function Toolbar() {
  const { accounts: store } = useApp();
  const query = useAccounts((s) => s.query);
  const tiers = useCatalog(useShallow((s) => entriesOf(s.entries, 'tier')));
  const { setSearch, setFilter } = store.getState();
  return (
    <div className="toolbar" role="search" aria-label="Find accounts">
      <div className="toolbar__search">
        <label htmlFor="account-search" className="visually-hidden">
          Search accounts
        </label>
        <input
          id="account-search"
          type="search"
          placeholder="Search name or notes"
          value={query.search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="toolbar__filter">
        <label htmlFor="filter-tier">Tier</label>
        <select id="filter-tier" value={query.tier ?? ''} onChange={(e) => setFilter('tier', e.target.value || null)}>
          <option value="">All tiers</option>
          {tiers.map((t) => (
            <option key={t.code} value={t.code}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar__filter">
        <label htmlFor="filter-stage">Stage</label>
        <select
          id="filter-stage"
          value={query.stage ?? ''}
          onChange={(e) => setFilter('stage', isStage(e.target.value) ? e.target.value : null)}
        >
          <option value="">All stages</option>
          {LIFECYCLE_STAGES.map((s) => (
            <option key={s} value={s}>
              {LIFECYCLE_STAGE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="toolbar__filter">
        <label htmlFor="filter-health">Health</label>
        <select
          id="filter-health"
          value={query.health ?? ''}
          onChange={(e) => setFilter('health', isHealth(e.target.value) ? e.target.value : null)}
        >
          <option value="">Any health</option>
          {HEALTH_VALUES.map((h) => (
            <option key={h} value={h}>
              {HEALTH_LABELS[h]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  const { accounts: store } = useApp();
  if (filtered) {
    return (
      <div className="empty">
        <p className="empty__title">No accounts match this search and these filters.</p>
        <button
          type="button"
          className="button"
          onClick={() => store.getState().clearFilters()}
        >
          Clear search and filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty">
      <p className="empty__title">No accounts yet — create your first with New account ({shortcutLabel('k', 'text')})</p>
      <p className="muted">Accounts hold everything else: contracts, time, reviews and incidents.</p>
    </div>
  );
}

export function AccountList() {
  const { accounts: store } = useApp();
  const accounts = useAccounts((s) => s.accounts);
  const status = useAccounts((s) => s.status);
  const error = useAccounts((s) => s.error);
  const query = useAccounts((s) => s.query);
  const selectedId = useAccounts((s) => s.selectedId);
  const detailHeading = useRef<HTMLHeadingElement>(null);
  const filtered = query.search.trim() !== '' || query.tier !== null || query.stage !== null || query.health !== null;

  return (
    <div className="page page--wide">
      <header className="page-header">
        <div>
          <PageTitle>Accounts</PageTitle>
          <p className="page-header__meta" aria-live="polite">
            {status === 'ready'
              ? `${formatCount(accounts.length)} ${accounts.length === 1 ? 'account' : 'accounts'}`
              : status === 'loading' && accounts.length > 0
                ? 'Loading the rest of the list…'
                : ''}
          </p>
        </div>
        <ImportButton />
        <button type="button" className="button button--primary" onClick={() => store.getState().show({ kind: 'new' })}>
          New account
        </button>
      </header>
      <Toolbar />
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      <div className={`accounts-split${selectedId ? ' accounts-split--open' : ''}`}>
        <div className="accounts-split__list">
          {status === 'ready' && accounts.length === 0 ? <EmptyState filtered={filtered} /> : null}
          {accounts.length > 0 ? <AccountTable accounts={accounts} onOpen={() => requestAnimationFrame(() => detailHeading.current?.focus())} /> : null}
          {status === 'loading' && accounts.length === 0 ? <p className="muted">Loading accounts…</p> : null}
        </div>
        {selectedId ? <AccountDetail key={selectedId} id={selectedId} headingRef={detailHeading} /> : null}
      </div>
    </div>
  );
}
