import { ProfileForm } from './ProfileForm';

/** Shown until this device has a profile: the one local person ("me") before any sync server is set up. */
export function FirstRun() {
  return (
    <main className="first-run">
      <div className="first-run__card">
        <p className="first-run__brand" aria-hidden="true">
          Fieldbook
        </p>
        <h1 className="page-title">Welcome to Fieldbook</h1>
        <p className="muted">
          Tell Fieldbook who you are. This profile stays on this device; nothing leaves it until you connect a sync
          server.
        </p>
        <ProfileForm initial={null} submitLabel="Get started" />
      </div>
    </main>
  );
}
