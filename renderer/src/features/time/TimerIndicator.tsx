import { formatDuration } from '../../../../core/model';
import { useApp, useNav, useTime } from '../../app/context';
import { useNow } from '../sync/useNow';
import { accountName } from './store';

/** The status line of the sidebar: the running timer, one click from the Time area. */
export function TimerIndicator() {
  const { nav } = useApp();
  const timer = useTime((s) => s.timer);
  const accounts = useTime((s) => s.accounts);
  const area = useNav((s) => s.area);
  const now = useNow(15_000);
  if (!timer) return null;
  const elapsed = formatDuration(Math.max(0, Math.floor((now - Date.parse(timer.startedAt)) / 60_000)));
  return (
    <button type="button" className="time-indicator" aria-current={area === 'time' ? 'page' : undefined} onClick={() => nav.getState().go('time')}>
      <span className="time-indicator__dot" aria-hidden="true" />
      <span className="visually-hidden">Timer running:</span>{' '}
      <span className="time-indicator__clock">{elapsed}</span>{' '}
      <span className="time-indicator__account">{accountName(accounts, timer.accountId)}</span>
    </button>
  );
}
