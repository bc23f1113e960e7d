import { SyncStateRepo } from '../../core/store/syncState';
import { registerTarget, syncTarget } from '../../core/sync/engine';
import { FileSecretStore } from '../../core/sync/secrets';
import type { TestServer } from '../server/harness';
import { testCore } from './helpers';

export type Client = Awaited<ReturnType<typeof testCore>> & { secrets: FileSecretStore; repo: SyncStateRepo; sync: () => ReturnType<typeof syncTarget> };

/** A device: its own data folder and core, registered with the test server under `email`. */
export async function device(server: TestServer, email: string, options: { clearances?: string[]; register?: boolean } = {}): Promise<Client> {
  const base = await testCore();
  const secrets = new FileSecretStore(base.dir);
  const repo = new SyncStateRepo(base.core.store);
  const registered = await server.addDevice({ email, clearances: options.clearances ?? [] });
  const client: Client = {
    ...base,
    secrets,
    repo,
    sync: async () => {
      const [target] = repo.listTargets();
      if (!target) throw new Error('not registered');
      return syncTarget(base.core.store, secrets, target);
    },
  };
  if (options.register !== false) await registerTarget(base.core.store, secrets, { url: server.url, token: registered.token, from: 'cli' });
  Object.assign(client, { token: registered.token, userId: registered.user.id });
  return client;
}

