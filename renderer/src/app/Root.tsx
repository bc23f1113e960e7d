import { useEffect } from 'react';
import { isEvent } from '../api/client';
import { FirstRun } from '../features/profile/FirstRun';
import { openNewAccount } from './commands';
import { useApp, useProfile } from './context';
import { Shell } from './Shell';

const EVENT_REFRESH_DELAY_MS = 100;
const SYNC_REFRESH_DELAY_MS = 250;

/** Loads what every screen needs and keeps it fresh from the core's events. */
function useBootstrap(): void {
  const { client, profile, catalog, accounts, nav, notices, sync } = useApp();

  useEffect(() => {
    void profile.getState().load();
    void catalog.getState().load();
    void accounts.getState().refresh();
    void sync.getState().load();
    // An integrity check that finished before this window connected is reported through app.info.
    void profile
      .getState()
      .loadInfo()
      .then(() => {
        const integrity = profile.getState().info?.integrity;
        if (integrity) notices.getState().reportIntegrity(integrity);
      });
  }, [profile, catalog, accounts, notices, sync]);

  useEffect(() => {
    // Bursts of changes (a CLI import) collapse into one refresh.
    let timer: ReturnType<typeof setTimeout> | null = null;
    let syncTimer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = client.onEvent((frame) => {
      if (isEvent(frame, 'app.command')) {
        if (frame.payload.command === 'account.new') openNewAccount({ nav, accounts });
        else if (frame.payload.command === 'actions.open') nav.getState().go('actions');
        return;
      }
      if (isEvent(frame, 'store.integrity')) {
        notices.getState().reportIntegrity(frame.payload);
        return;
      }
      if (!isEvent(frame, 'data.changed')) return;
      const { tables, external } = frame.payload;
      // Any write changes what waits to be sent: the sync status follows, once per burst.
      if (!syncTimer) {
        syncTimer = setTimeout(() => {
          syncTimer = null;
          void sync.getState().load();
        }, SYNC_REFRESH_DELAY_MS);
      }
      const all = tables.includes('*');
      if (all || tables.some((t) => t.startsWith('catalog'))) void catalog.getState().load();
      // This window's own writes refresh the list themselves; their echo would be a second full fetch.
      const own = !external && accounts.getState().writing();
      if ((all || tables.includes('accounts')) && !own) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          void accounts.getState().refresh();
        }, EVENT_REFRESH_DELAY_MS);
      }
    });
    return () => {
      if (timer) clearTimeout(timer);
      if (syncTimer) clearTimeout(syncTimer);
      unsubscribe();
    };
  }, [client, catalog, accounts, nav, notices, sync]);
}

export function Root() {
  useBootstrap();
  const profile = useProfile((s) => s.profile);
  const error = useProfile((s) => s.error);

  if (profile === undefined) {
    return (
      <main className="blocked">
        <div className="blocked__card">
          <h1 className="page-title">Fieldbook</h1>
          {error ? <p role="alert">{error}</p> : <p className="muted">Opening your data…</p>}
        </div>
      </main>
    );
  }
  return profile === null ? <FirstRun /> : <Shell />;
}
