import { useApp, useNav, useSync } from '../../app/context';
import { formatDateTime } from '../accounts/format';
import { indicatorOf, lastSyncOf, plural } from './store';
import { useNow } from './useNow';

/** The sidebar's one-line sync state; it opens the Sync page. Refreshed by data.changed and each sync, never polled. */
export function SyncIndicator() {
  const { nav } = useApp();
  const status = useSync((s) => s.status);
  const running = useSync((s) => s.running);
  const conflicts = useSync((s) => s.conflicts?.length ?? 0);
  const area = useNav((s) => s.area);
  const now = useNow();
  if (status === undefined) return null;
  const { tone, text } = running ? { tone: 'waiting' as const, text: 'Syncing…' } : indicatorOf(status, now);
  const last = lastSyncOf(status);
  return (
    <div className="sync-indicator">
      <button
        type="button"
        className={`sync-indicator__button sync-indicator--${tone}`}
        title={last ? `Last sync ${formatDateTime(last)}` : undefined}
        aria-current={area === 'sync' ? 'page' : undefined}
        onClick={() => nav.getState().go('sync')}
      >
        <span className="sync-indicator__dot" aria-hidden="true" />
        <span className="visually-hidden">Sync status: </span>
        {text}
        {conflicts > 0 ? (
          <span className="sync-indicator__conflicts">
            <span className="visually-hidden">, </span>
            {plural(conflicts, 'conflict', 'conflicts')}
          </span>
        ) : null}
      </button>
    </div>
  );
}
