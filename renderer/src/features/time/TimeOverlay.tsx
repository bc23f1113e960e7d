import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDuration, parseDuration } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { TextField } from '../../ui/fields';
import { useNow } from '../sync/useNow';
import { Dialog } from './Dialog';
import { clockTime } from './format';
import { accountName } from './store';
import { WorkFields } from './WorkFields';
import type { Work } from './WorkFields';

/**
 * Always mounted in the shell: listens to the core for the timer, shows the running timer in the window title,
 * and asks the timer's questions wherever the person is (idle time, a forgotten timer stopped at the limit).
 */
export function TimeOverlay() {
  const { time } = useApp();
  const timer = useTime((s) => s.timer);
  const accounts = useTime((s) => s.accounts);
  const idleSince = useTime((s) => s.idleSince);
  const notice = useTime((s) => s.notice);
  const now = useNow(timer ? 15_000 : 60_000);

  useEffect(() => {
    const unsubscribe = time.getState().listen();
    void time.getState().load();
    return unsubscribe;
  }, [time]);

  // The window title carries the running timer, so it shows in the task bar and window switcher.
  useEffect(() => {
    const base = 'Fieldbook';
    document.title = timer ? `▶ ${formatDuration(Math.max(0, Math.floor((now - Date.parse(timer.startedAt)) / 60_000)))} ${accountName(accounts, timer.accountId)} — ${base}` : base;
  }, [timer, accounts, now]);

  // Past the limit, asking the core lets its guard stop the timer at the limit and leave the question.
  const limit = useTime((s) => s.settings?.timerLimitMinutes);
  useEffect(() => {
    if (timer && limit && now - Date.parse(timer.startedAt) >= limit * 60_000) void time.getState().loadTimer();
  }, [time, timer, limit, now]);

  if (notice) return <LimitDialog />;
  if (idleSince && timer) return <IdleDialog idleSince={idleSince} />;
  return null;
}

/** Back from idle: keep the time, discard it, or log it as its own entry elsewhere. */
function IdleDialog({ idleSince }: { idleSince: string }) {
  const { time } = useApp();
  const timer = useTime((s) => s.timer);
  const [split, setSplit] = useState(false);
  const [stop, setStop] = useState(false);
  const [work, setWork] = useState<Work>({ accountId: timer?.accountId ?? '', category: 'admin', sku: null });
  const [error, setError] = useState<string | null>(null);
  const now = useNow(30_000);
  const away = Math.max(0, Math.round((now - Date.parse(idleSince)) / 60_000));

  async function decide(action: 'keep' | 'discard' | 'split') {
    try {
      await time.getState().resolveIdle({ idleSince, action, stop, ...(action === 'split' ? { idle: { accountId: work.accountId, category: work.category, sku: work.sku } } : {}) });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Dialog title="You were away" onClose={() => time.getState().dismissIdle()}>
      <p>
        The timer kept running while this computer was idle since {clockTime(idleSince)} ({formatDuration(away)}). What should happen to that time?
      </p>
      {split ? (
        <div className="time-idle__split">
          <p className="muted">Log the idle time as its own entry on:</p>
          <WorkFields idPrefix="idle" value={work} onChange={setWork} date={time.getState().today()} />
        </div>
      ) : null}
      <label className="time-idle__stop">
        <input type="checkbox" checked={stop} onChange={(e) => setStop(e.target.checked)} /> Stop the timer afterwards
      </label>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button button--primary" data-autofocus onClick={() => void decide('keep')}>
          Keep it
        </button>
        <button type="button" className="button" onClick={() => void decide('discard')}>
          Discard it
        </button>
        {split ? (
          <button type="button" className="button" onClick={() => void decide('split')}>
            Log it separately
          </button>
        ) : (
          <button type="button" className="button" onClick={() => setSplit(true)}>
            Split it off…
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** The forgotten-timer guard stopped the timer at the limit: keep that, or give the real duration. */
function LimitDialog() {
  const { time } = useApp();
  const notice = useTime((s) => s.notice);
  const accounts = useTime((s) => s.accounts);
  const [duration, setDuration] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (!notice) return null;

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = parseDuration(duration);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    try {
      await time.getState().resolveLimit(parsed.minutes);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const keep = () => time.getState().resolveLimit().catch((err: unknown) => setError(errorMessage(err)));

  return (
    <Dialog title="Timer stopped at the limit" onClose={() => void keep()}>
      <p>
        Your timer on <strong>{accountName(accounts, notice.accountId)}</strong> ran from {clockTime(notice.startedAt)} for more than{' '}
        {formatDuration(notice.limitMinutes)}, so it was stopped at {clockTime(notice.stoppedAt)} and {formatDuration(notice.limitMinutes)} was logged. Keep
        that, or enter how long you really worked.
      </p>
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <TextField label="Real duration" name="duration" value={duration} onChange={setDuration} error={error} hint="1h30, 90m, 1.5 or 1:30" />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            Save duration
          </button>
          <button type="button" className="button" onClick={() => void keep()}>
            Keep {formatDuration(notice.limitMinutes)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
