import type { Services } from '../services';
import type { AppInfo } from './contract';
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
  };
}
