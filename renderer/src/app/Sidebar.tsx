import { PERSON_ROLE_LABELS } from '../../../core/model';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { TimerIndicator } from '../features/time/TimerIndicator';
import { shortcutLabel } from '../ui/shortcuts';
import { useApp, useNav, useProfile } from './context';
import { AREAS, AREA_LABELS } from './navigation';
import type { Area } from './navigation';

export function Sidebar({ onOpenPalette }: { onOpenPalette: () => void }) {
  const { nav, accounts } = useApp();
  const area = useNav((s) => s.area);
  const profile = useProfile((s) => s.profile);

  const go = (target: Area) => {
    nav.getState().go(target);
    // "Accounts" always leads back to the list, even from an account's page.
    if (target === 'accounts') accounts.getState().show({ kind: 'list' });
  };

  return (
    // A banner landmark: the brand, the navigation and who is signed in are all "chrome" around the page.
    <header className="sidebar">
      <p className="sidebar__brand">Fieldbook</p>
      <nav aria-label="Main" className="sidebar__nav">
        <ul>
          {AREAS.map((a) => (
            <li key={a}>
              <button
                type="button"
                className="sidebar__item"
                aria-current={area === a ? 'page' : undefined}
                onClick={() => go(a)}
              >
                {AREA_LABELS[a]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <SyncIndicator />
        <TimerIndicator />
        <button type="button" className="sidebar__palette" onClick={onOpenPalette}>
          Commands <kbd>{shortcutLabel('k', 'keys')}</kbd>
        </button>
        {profile ? (
          <p className="sidebar__me">
            <span className="sidebar__me-name">{profile.name}</span>
            <span className="sidebar__me-role">{PERSON_ROLE_LABELS[profile.role]}</span>
          </p>
        ) : null}
      </div>
    </header>
  );
}
