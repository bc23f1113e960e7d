import { useEffect, useState } from 'react';
import type { ManagedSettings as Managed } from '../../../../core/api/contract';
import { errorMessage } from '../../api/client';
import { useApp } from '../../app/context';

/** The mark next to every setting an administrator's policy file fixes. */
export function ManagedMark() {
  return (
    <span className="managed__mark" title="Set by your administrator’s policy; it cannot be changed here.">
      Managed by your administrator
    </span>
  );
}

function hours(value: number): string {
  return value === 1 ? '1 hour' : `${value} hours`;
}

/**
 * What the administrator's policy file sets on this installation (app.policy), each with the managed mark.
 * Shows nothing when no policy applies.
 */
export function ManagedSettings() {
  const { client } = useApp();
  const [managed, setManaged] = useState<Managed | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.call('app.policy', {}).then(
      (value) => {
        if (live) setManaged(value);
      },
      (failure: unknown) => {
        if (live) setError(errorMessage(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (error) {
    return (
      <section className="panel" aria-labelledby="settings-managed">
        <h2 id="settings-managed">Managed settings</h2>
        <p role="alert">Could not read the settings your administrator manages: {error}</p>
      </section>
    );
  }
  if (!managed || managed.source === null) return null;
  const { sync, timer, updates } = managed;
  return (
    <section className="panel" aria-labelledby="settings-managed">
      <h2 id="settings-managed">Managed settings</h2>
      <p className="muted">
        Your administrator set these for this installation in <code>{managed.source}</code>. They cannot be changed here.
      </p>
      <dl className="details">
        {sync ? (
          <>
            <dt>Sync servers</dt>
            <dd className="managed__value">
              <ul className="managed__list">
                {sync.servers.map((server) => (
                  <li key={server.url}>
                    {server.label ? `${server.label}: ` : ''}
                    <code>{server.url}</code>
                    {server.region ? ` (region ${server.region})` : ''}
                  </li>
                ))}
              </ul>
              <span>{sync.locked ? 'This device can register only with these servers.' : 'Other servers may be registered too.'}</span>
              <ManagedMark />
            </dd>
          </>
        ) : null}
        {timer?.forgottenAfterHours != null ? (
          <>
            <dt>Forgotten timer</dt>
            <dd className="managed__value">
              <span>A timer running longer than {hours(timer.forgottenAfterHours)} counts as forgotten.</span>
              <ManagedMark />
            </dd>
          </>
        ) : null}
        {timer?.idleAfterMinutes != null ? (
          <>
            <dt>Time away</dt>
            <dd className="managed__value">
              <span>After {timer.idleAfterMinutes} minutes without input while a timer runs, Fieldbook asks what to do with that time.</span>
              <ManagedMark />
            </dd>
          </>
        ) : null}
        {updates ? (
          <>
            <dt>Updates</dt>
            <dd className="managed__value">
              {updates.enabled ? (
                <span>
                  From <code>{updates.url}</code>, checked every {hours(updates.checkIntervalHours)}.
                </span>
              ) : (
                <span>Turned off.</span>
              )}
              <ManagedMark />
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
