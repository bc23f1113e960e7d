import { useEffect } from 'react';
import { FirstRun } from '../features/profile/FirstRun';
import { useApp, useProfile } from './context';
import { Shell } from './Shell';

const EVENT_REFRESH_DELAY_MS = 100;

/** Loads what every screen needs and keeps it fresh from the core's events. */
function useBootstrap(): void {
  const { client, profile, catalog, accounts } = useApp();

  useEffect(() => {
    void profile.getState().load();
    void catalog.getState().load();
    void accounts.getState().refresh();
  }, [profile, catalog, accounts]);

  useEffect(() => {
    // Bursts of changes (a CLI import) collapse into one refresh.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = client.onEvent((frame) => {
      if (frame.name !== 'data.changed' || !('tables' in frame.payload)) return;
      const { tables } = frame.payload;
      const all = tables.includes('*');
      if (all || tables.some((t) => t.startsWith('catalog'))) void catalog.getState().load();
      if (all || tables.includes('accounts')) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          void accounts.getState().refresh();
        }, EVENT_REFRESH_DELAY_MS);
      }
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [client, catalog, accounts]);
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
