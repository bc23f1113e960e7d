import { useEffect, useId, useState } from 'react';
import type { Ref } from 'react';
import type { Account } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useAccounts, useApp } from '../../app/context';
import { AccountSummary } from './AccountSummary';

/** The account as the list has it; fetched only when the list does not hold it (filtered out, say). */
export function useAccount(id: string): { account: Account | null; error: string | null } {
  const { client } = useApp();
  const listed = useAccounts((s) => s.accounts.find((a) => a.id === id) ?? null);
  const [fetched, setFetched] = useState<{ id: string; account: Account | null; error: string | null } | null>(null);

  useEffect(() => {
    if (listed) return;
    let live = true;
    client.call('accounts.get', { id }).then(
      (account) => live && setFetched({ id, account, error: null }),
      (e: unknown) => live && setFetched({ id, account: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [client, id, listed]);

  if (listed) return { account: listed, error: null };
  return fetched?.id === id ? { account: fetched.account, error: fetched.error } : { account: null, error: null };
}

/** The selected account's details, beside the list. */
export function AccountDetail({ id, headingRef }: { id: string; headingRef: Ref<HTMLHeadingElement> }) {
  const { accounts: store, toasts } = useApp();
  const { account, error } = useAccount(id);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const headingId = useId();

  async function remove(target: Account) {
    setBusy(true);
    try {
      await store.getState().remove(target.id);
      // The Delete button is gone with the details, so focus goes to Undo: one keystroke brings the account back.
      toasts.getState().show({
        message: `Deleted ${target.name}.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await store.getState().restore(target.id);
              store.getState().select(target.id);
              toasts.getState().show({ message: `Restored ${target.name}.` });
            } catch (e) {
              toasts.getState().show({ message: errorMessage(e) });
            }
          },
        },
      });
    } catch (e) {
      setActionError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <section className="detail-pane" aria-labelledby={headingId}>
      <header className="detail-pane__header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="detail-pane__title">
          {account?.name ?? 'Account'}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={() => store.getState().select(null)}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      {error || actionError ? (
        <p role="alert" className="form__error">
          {actionError ?? error}
        </p>
      ) : null}
      {account ? (
        <>
          <div className="detail-pane__actions">
            <button type="button" className="button button--primary" onClick={() => store.getState().show({ kind: 'page', id, tab: 'overview' })}>
              Open account
            </button>
            <button type="button" className="button" onClick={() => store.getState().show({ kind: 'edit', id })}>
              Edit
            </button>
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove(account)}>
              Delete
            </button>
          </div>
          <AccountSummary account={account} />
        </>
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
