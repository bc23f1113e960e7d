/**
 * What the core says about the installation it runs in: the administrator's managed settings (handed over
 * by the host that read the policy file) and the versions support asks for (app.policy, app.versions).
 */
import type { Store } from '../store/store';
import type { CoreVersions, ManagedSettings } from './contract';

/** No policy file applies: nothing is managed. */
export const UNMANAGED: ManagedSettings = { source: null, sync: null, timer: null, updates: null };

export interface InstallationApi {
  policy(): ManagedSettings;
  versions(): CoreVersions;
}

export function createInstallationApi(store: Store, version: string, policy: ManagedSettings | null | undefined): InstallationApi {
  const managed = policy ?? UNMANAGED;
  return {
    policy: () => managed,
    versions: () => {
      const sqlite = store.db.prepare<[], { version: string }>('SELECT sqlite_version() AS version').get()?.version ?? 'unknown';
      const applied = store.db
        .prepare<[], { id: string }>('SELECT id FROM schema_migrations ORDER BY id')
        .all()
        .map((row) => row.id);
      return { app: version, sqlite, schema: applied[applied.length - 1] ?? null, migrations: applied.length };
    },
  };
}

