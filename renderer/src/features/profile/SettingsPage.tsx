import { useEffect } from 'react';
import { useApp, useProfile } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { ProfileForm } from './ProfileForm';
import { TimeSettingsPanel } from '../time/TimeSettingsPanel';
import { TierSettings } from '../sla/TierSettings';
import { TeamSettings } from '../team/TeamSettings';
import { ManagedSettings } from '../desktop/ManagedSettings';

const HOST_LABELS = { electron: 'Desktop app', browser: 'Browser host', 'in-process': 'In-process' } as const;

export function SettingsPage() {
  const { profile: profileStore, toasts } = useApp();
  const profile = useProfile((s) => s.profile);
  const info = useProfile((s) => s.info);

  useEffect(() => {
    void profileStore.getState().loadInfo();
  }, [profileStore]);

  return (
    <div className="page page--narrow">
      <header className="page-header">
        <PageTitle>Settings</PageTitle>
      </header>
      <section className="panel" aria-labelledby="settings-profile">
        <h2 id="settings-profile">Your profile</h2>
        <p className="muted">Used for your time entries and, later, to sign in to a sync server.</p>
        <ProfileForm initial={profile ?? null} submitLabel="Save" onSaved={() => toasts.getState().show({ message: 'Profile saved.' })} />
      </section>
      <TimeSettingsPanel />
      <TeamSettings />
      <ManagedSettings />
      <section className="panel" aria-labelledby="settings-about">
        <h2 id="settings-about">About this installation</h2>
        {info ? (
          <dl className="details">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>Database</dt>
            <dd>
              <code>{info.databasePath}</code>
            </dd>
            <dt>Running as</dt>
            <dd>{HOST_LABELS[info.host]}</dd>
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <TierSettings />
    </div>
  );
}
