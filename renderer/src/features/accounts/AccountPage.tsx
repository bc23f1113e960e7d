import { useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useApp, useCatalog } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { labelOf } from '../catalog/store';
import { useAccount } from './AccountDetail';
import { ACCOUNT_TABS, tabById } from './accountTabs';
import { HealthBadge, stageLabel } from './format';

/**
 * One account, full width, with a tab per kind of record. Tabs follow the ARIA tabs pattern: arrow keys,
 * Home and End move between tabs and show them; Tab moves into the panel.
 */
export function AccountPage({ id, tab, focus, jump }: { id: string; tab: string; focus?: string | undefined; jump?: number | undefined }) {
  const { accounts } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const { account, error } = useAccount(id);
  const current = tabById(tab);
  const baseId = useId();
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  const show = (tabId: string, focus: boolean) => {
    accounts.getState().show({ kind: 'page', id, tab: tabId });
    if (focus) requestAnimationFrame(() => tabRefs.current.get(tabId)?.focus());
  };

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = ACCOUNT_TABS.length - 1;
    const target =
      e.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : null;
    if (target === null) return;
    e.preventDefault();
    const next = ACCOUNT_TABS[target];
    if (next) show(next.id, true);
  };

  const back = () => {
    accounts.getState().select(id);
    accounts.getState().show({ kind: 'list' });
  };

  return (
    <div className="page account-page">
      <nav aria-label="Breadcrumb" className="account-page__crumbs">
        <button type="button" className="link-button" onClick={back}>
          ← All accounts
        </button>
      </nav>
      <header className="page-header">
        <PageTitle>{account?.name ?? 'Account'}</PageTitle>
        {account ? (
          <p className="page-header__meta account-page__meta">
            <span>{labelOf(catalog, 'tier', account.tier)}</span>
            <span>{stageLabel(account.stage)}</span>
            <HealthBadge health={account.health} />
          </p>
        ) : null}
        <div className="page-header__actions">
          <button type="button" className="button" onClick={() => accounts.getState().show({ kind: 'edit', id })} disabled={!account}>
            Edit account
          </button>
        </div>
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {account ? (
        <>
          <div role="tablist" aria-label={`${account.name} records`} className="tabs">
            {ACCOUNT_TABS.map((t, i) => (
              <button
                key={t.id}
                ref={(el) => {
                  if (el) tabRefs.current.set(t.id, el);
                  else tabRefs.current.delete(t.id);
                }}
                type="button"
                role="tab"
                id={`${baseId}-tab-${t.id}`}
                aria-selected={t.id === current.id}
                aria-controls={`${baseId}-panel`}
                tabIndex={t.id === current.id ? 0 : -1}
                className="tabs__tab"
                onClick={() => show(t.id, false)}
                onKeyDown={(e) => onTabKey(e, i)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current.id}`} className="tabs__panel" tabIndex={0}>
            {/* Each jump from search starts the tab afresh, so it opens and focuses the record again. */}
            <current.Panel key={jump ?? 0} account={account} focus={focus} />
          </div>
        </>
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
