import type { Services } from '../services';
import type { MethodName } from './contract';
import type { Handlers } from './dispatcher';

type WorkspaceSlaMethod = Extract<MethodName, `tiers.${string}` | `contracts.${string}` | `incidents.${string}` | `engagements.${string}`>;

/** The tiers, contracts, incidents and engagements methods of the contract, joined to their services. */
export function workspaceSlaHandlers(services: Services): Pick<Handlers, WorkspaceSlaMethod> {
  const { tierTerms, contracts, incidents, engagements } = services;
  return {
    'tiers.list': () => tierTerms.list(),
    'tiers.save': ({ terms }) => tierTerms.save(terms),
    'tiers.delete': ({ code }) => tierTerms.delete(code),
    'tiers.restore': ({ code }) => tierTerms.restore(code),
    'contracts.list': ({ accountId }) => contracts.list(accountId),
    'contracts.get': ({ id }) => contracts.get(id),
    'contracts.create': (input) => contracts.create(input),
    'contracts.update': ({ id, patch }) => contracts.update(id, patch),
    'contracts.end': ({ id, on }) => contracts.end(id, on),
    'contracts.delete': ({ id }) => contracts.delete(id),
    'contracts.restore': ({ id }) => contracts.restore(id),
    'contracts.overview': ({ accountId, on }) => contracts.overview(accountId, on),
    'incidents.list': (query) => incidents.list(query),
    'incidents.get': ({ id }) => incidents.get(id),
    'incidents.open': (input) => incidents.open(input),
    'incidents.update': ({ id, patch }) => incidents.update(id, patch),
    'incidents.respond': ({ id, at }) => incidents.respond(id, at),
    'incidents.engage': ({ id, role, at, name }) => incidents.engage(id, role, at, name),
    'incidents.postUpdate': ({ id, at }) => incidents.postUpdate(id, at),
    'incidents.pause': ({ id, at }) => incidents.pause(id, at),
    'incidents.resume': ({ id, at }) => incidents.resume(id, at),
    'incidents.resolve': ({ id, at, summary }) => incidents.resolve(id, at, summary),
    'incidents.reopen': ({ id }) => incidents.reopen(id),
    'incidents.delete': ({ id }) => incidents.delete(id),
    'incidents.restore': ({ id }) => incidents.restore(id),
    'incidents.stats': ({ accountId }) => incidents.stats(accountId),
    'engagements.list': ({ accountId }) => engagements.list(accountId),
    'engagements.create': (input) => engagements.create(input),
    'engagements.update': ({ id, patch }) => engagements.update(id, patch),
    'engagements.delete': ({ id }) => engagements.delete(id),
    'engagements.restore': ({ id }) => engagements.restore(id),
  };
}
