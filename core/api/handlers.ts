import { FieldbookError } from '../model';
import type { Services } from '../services';
import type { AppInfo, Conflict } from './contract';
import type { Handlers } from './dispatcher';
import type { SyncApi } from './sync';

/** Joins the services into the contract's handler map; the type checker proves every method is handled. */
export function createHandlers(services: Services, info: () => AppInfo, sync: SyncApi): Handlers {
  return {
    'app.info': () => info(),
    'profile.get': () => services.profile.get(),
    'profile.save': (input) => services.profile.save(input),
    'catalog.list': ({ kind }) => services.catalog.list(kind),
    'accounts.list': (query) => services.accounts.list(query),
    'accounts.get': ({ id }) => services.accounts.get(id),
    'accounts.create': (input) => services.accounts.create(input),
    'accounts.update': (input) => services.accounts.update(input),
    'accounts.delete': ({ id }) => services.accounts.delete(id),
    'accounts.restore': ({ id }) => services.accounts.restore(id),
    'sync.status': () => sync.status(),
    'sync.register': (input) => sync.register(input),
    'sync.run': () => sync.run(),
    'conflicts.list': () => conflictsWithLabels(services),
    'conflicts.restore': ({ id }) => services.conflicts.restore(id),
    'conflicts.dismiss': ({ id }) => services.conflicts.dismiss(id),
    'bundles.status': () => sync.bundles.status(),
    'bundles.createKeys': (input) => sync.bundles.createKeys(input),
    'bundles.trust': (input) => sync.bundles.trust(input),
    'bundles.export': (input) => sync.bundles.export(input),
    'bundles.upload': (input) => sync.bundles.upload(input),
    'bundles.import': (input) => sync.bundles.import(input),
  };
}

/** Open conflicts, each with its account's name (null when the account is gone from this device). */
function conflictsWithLabels(services: Services): Conflict[] {
  const names = new Map<string, string | null>();
  const nameOf = (accountId: string): string | null => {
    if (!names.has(accountId)) {
      try {
        names.set(accountId, services.accounts.get(accountId).name);
      } catch (error) {
        if (!(error instanceof FieldbookError && error.code === 'not_found')) throw error;
        names.set(accountId, null);
      }
    }
    return names.get(accountId) ?? null;
  };
  return services.conflicts.list().map((c) => ({ ...c, label: nameOf(c.accountId) }));
}
