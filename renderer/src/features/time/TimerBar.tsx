import { useEffect, useId, useRef, useState } from 'react';
import { formatDuration } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { useNow } from '../sync/useNow';
import { categoryLabel, clockTime, formatElapsed } from './format';
import { accountName } from './store';
import { WorkFields } from './WorkFields';
import type { Work } from './WorkFields';

/** Start, stop and switch the one running timer on an account, category and SKU. */
export function TimerBar() {
  const { time, toasts } = useApp();
  const timer = useTime((s) => s.timer);
  const accounts = useTime((s) => s.accounts);
  const today = time.getState().today();
  const headingId = useId();
  const now = useNow(1000);
  const [work, setWork] = useState<Work>({ accountId: '', category: 'remote', sku: null });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const primary = useRef<HTMLButtonElement>(null);
  const keepFocus = useRef(false);

  // The controls follow each new timer (so switching changes only what changes): adjusted while rendering.
  const timerKey = timer ? `${timer.startedAt} ${timer.accountId}` : 'stopped';
  const [followed, setFollowed] = useState<string | null>(null);
  if (followed !== timerKey) {
    setFollowed(timerKey);
    if (timer) setWork({ accountId: timer.accountId, category: timer.category, sku: timer.sku });
  }
  // Start becomes Stop and back: the keyboard stays on the main button.
  useEffect(() => {
    if (!keepFocus.current || busy) return;
    keepFocus.current = false;
    primary.current?.focus();
  }, [timerKey, busy]);

  async function run(action: () => Promise<void>) {
    keepFocus.current = document.activeElement === primary.current;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const needAccount = () => {
    if (work.accountId) return false;
    setError('Choose an account for the timer.');
    return true;
  };
  const input = { accountId: work.accountId, category: work.category, sku: work.sku };
  const same = timer && timer.accountId === work.accountId && timer.category === work.category && timer.sku === work.sku;

  return (
    <section className="panel time-timer" aria-labelledby={headingId}>
      <h2 id={headingId}>Timer</h2>
      {timer ? (
        <p className="time-timer__running">
          <span className="time-timer__dot" aria-hidden="true" />
          <span>
            <strong>{accountName(accounts, timer.accountId)}</strong> · {categoryLabel(timer.category)}
            {timer.sku ? ` · ${timer.sku}` : ''}
          </span>
          {/* The ticking clock is not read aloud every second; the start time is. */}
          <span className="time-timer__clock" aria-hidden="true">
            {formatElapsed(now - Date.parse(timer.startedAt))}
          </span>
          <span className="visually-hidden">running since {clockTime(timer.startedAt)}</span>
        </p>
      ) : (
        <p className="muted">No timer running. Choose an account and start; the timer keeps running if you close Fieldbook.</p>
      )}
      <div className="time-timer__controls">
        <WorkFields idPrefix="timer" value={work} onChange={setWork} date={today} />
        <div className="time-timer__buttons">
          {timer ? (
            <>
              <button
                type="button"
                className="button"
                disabled={busy || Boolean(same)}
                onClick={() =>
                  void run(async () => {
                    if (needAccount()) return;
                    await time.getState().switchTo(input);
                    toasts.getState().show({ message: `Timer switched to ${accountName(accounts, work.accountId)}.` });
                  })
                }
              >
                Switch
              </button>
              <button
                ref={primary}
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    const entry = await time.getState().stop();
                    toasts.getState().show({
                      message: entry
                        ? `Logged ${formatDuration(entry.minutes)} on ${accountName(accounts, entry.accountId)}.`
                        : 'Timer stopped. Under a minute: nothing was logged.',
                    });
                  })
                }
              >
                Stop
              </button>
            </>
          ) : (
            <button
              ref={primary}
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  if (needAccount()) return;
                  await time.getState().start(input);
                })
              }
            >
              Start timer
            </button>
          )}
        </div>
      </div>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
