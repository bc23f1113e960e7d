import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDuration, parseDuration } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useTime } from '../../app/context';
import { TextField } from '../../ui/fields';

/** Settings › Time: the forgotten-timer limit (kept on this device). */
export function TimeSettingsPanel() {
  const { time } = useApp();
  const settings = useTime((s) => s.settings);
  useEffect(() => {
    if (!settings) void time.getState().loadSettings();
  }, [settings, time]);
  // The form starts from the saved value, and again whenever it changes.
  return <TimeSettingsForm key={settings?.timerLimitMinutes ?? 'loading'} limitMinutes={settings?.timerLimitMinutes ?? null} />;
}

function TimeSettingsForm({ limitMinutes }: { limitMinutes: number | null }) {
  const { time, toasts } = useApp();
  const headingId = useId();
  const [limit, setLimit] = useState(limitMinutes === null ? '' : formatDuration(limitMinutes));
  const [error, setError] = useState<string | undefined>();

  async function save(e: FormEvent) {
    e.preventDefault();
    const parsed = parseDuration(limit);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    try {
      const saved = await time.getState().saveSettings({ timerLimitMinutes: parsed.minutes });
      setError(undefined);
      toasts.getState().show({ message: `Timers now stop after ${formatDuration(saved.timerLimitMinutes)} and ask.` });
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields['timerLimitMinutes'] ?? err.message) : errorMessage(err));
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Time</h2>
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          label="Stop a forgotten timer after"
          name="timerLimit"
          value={limit}
          onChange={setLimit}
          error={error}
          hint="A timer running longer stops at this limit and asks what to keep. Between 15 minutes and 24 hours, e.g. 10h."
        />
        <div className="form__actions">
          <button type="submit" className="button">
            Save time settings
          </button>
        </div>
      </form>
    </section>
  );
}
