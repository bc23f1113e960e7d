import {
  ENGAGED_FIELDS,
  FieldbookError,
  RESPONDER_ROLE_LABELS,
  contractInForce,
  incidentProblems,
  meanTimeToResolveMs,
  newId,
  openPause,
  slaIncidentOf,
  slaStatus,
} from '../model';
import type { FieldErrors, Incident, IncidentFields, IncidentStats, IncidentView, ResponderRole, Severity, SupportContract } from '../model';
import { ContractsRepo } from '../store/contractsRepo';
import { IncidentsRepo } from '../store/incidentsRepo';
import type { AccountsService } from './accounts';
import type { ServiceContext } from './context';

/** An instant as people give it (with an offset), as the store keeps it (UTC, Z). */
const utc = (iso: string): string => new Date(iso).toISOString();
const utcOrNull = (iso: string | null | undefined): string | null | undefined => (iso === null || iso === undefined ? iso : utc(iso));

export interface IncidentOpenInput {
  accountId: string;
  severity: Severity;
  openedAt?: string | undefined;
  summary: string;
}

/** Corrections to an incident; `null` clears a recorded time. */
export type IncidentPatch = Partial<Omit<IncidentFields, 'updates' | 'pauses'>>;

/**
 * Incidents and their SLA clocks. Every write checks the incident's times still make sense as a whole
 * (incidentProblems) inside the write transaction, so a refused change leaves nothing behind.
 */
export class IncidentsService {
  private readonly repo: IncidentsRepo;
  private readonly contracts: ContractsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly accounts: AccountsService,
  ) {
    this.repo = new IncidentsRepo(ctx.store);
    this.contracts = new ContractsRepo(ctx.store);
  }

  list(query: { accountId?: string | undefined; open?: boolean | undefined }): IncidentView[] {
    if (query.accountId !== undefined) this.accounts.get(query.accountId);
    const now = this.ctx.store.now();
    const contractsOf = new Map<string, SupportContract[]>();
    return this.repo.list(query).map((incident) => {
      let contracts = contractsOf.get(incident.accountId);
      if (!contracts) {
        contracts = this.contracts.listForAccount(incident.accountId);
        contractsOf.set(incident.accountId, contracts);
      }
      return viewOf(incident, contracts, now);
    });
  }

  get(id: string): IncidentView {
    const incident = this.incident(id);
    return viewOf(incident, this.contracts.listForAccount(incident.accountId), this.ctx.store.now());
  }

  open(input: IncidentOpenInput): IncidentView {
    this.accounts.get(input.accountId);
    const id = newId();
    this.ctx.store.write(() => {
      const fields: IncidentFields = {
        severity: input.severity,
        summary: input.summary,
        openedAt: input.openedAt === undefined ? this.ctx.store.now().toISOString() : utc(input.openedAt),
        firstResponseAt: null,
        supportEngineerAt: null,
        supportEngineerName: '',
        developerAt: null,
        developerName: '',
        incidentManagerAt: null,
        incidentManagerName: '',
        updates: [],
        pauses: [],
        resolvedAt: null,
      };
      this.check(fields);
      this.repo.insert(id, input.accountId, fields);
    });
    this.ctx.changed(['incidents']);
    return this.get(id);
  }

  /** Corrections to the severity, summary or any recorded time. */
  update(id: string, patch: IncidentPatch): IncidentView {
    const normalized: IncidentPatch = { ...patch };
    for (const key of ['openedAt', 'firstResponseAt', 'supportEngineerAt', 'developerAt', 'incidentManagerAt', 'resolvedAt'] as const) {
      if (key in patch) Object.assign(normalized, { [key]: utcOrNull(patch[key]) });
    }
    return this.change(id, () => normalized);
  }

  respond(id: string, at?: string): IncidentView {
    return this.change(id, (current, when) => {
      if (current.firstResponseAt !== null) throw conflict(`The first response was already recorded at ${current.firstResponseAt}. Edit the incident to correct it.`);
      return { firstResponseAt: when };
    }, at);
  }

  engage(id: string, role: ResponderRole, at?: string, name?: string): IncidentView {
    const fields = ENGAGED_FIELDS[role];
    return this.change(id, (current, when) => {
      const already = current[fields.at];
      if (already !== null) throw conflict(`The ${RESPONDER_ROLE_LABELS[role].toLowerCase()} was already engaged at ${already}. Edit the incident to correct it.`);
      return { [fields.at]: when, ...(name !== undefined ? { [fields.name]: name } : {}) };
    }, at);
  }

  /** A customer update sent. The first one is also the first response, if none was recorded. */
  postUpdate(id: string, at?: string): IncidentView {
    return this.change(id, (current, when) => {
      if (current.resolvedAt !== null) throw conflict('The incident is resolved; updates are no longer due.');
      return { updates: [...current.updates, when].sort(), ...(current.firstResponseAt === null ? { firstResponseAt: when } : {}) };
    }, at);
  }

  /** Waiting on the customer: the SLA clocks stop until `resume`. */
  pause(id: string, at?: string): IncidentView {
    return this.change(id, (current, when) => {
      if (current.resolvedAt !== null) throw conflict('The incident is resolved; there is nothing to pause.');
      if (openPause(current)) throw conflict('The incident is already waiting on the customer.');
      return { pauses: [...current.pauses, { start: when, end: null }] };
    }, at);
  }

  resume(id: string, at?: string): IncidentView {
    return this.change(id, (current, when) => {
      if (!openPause(current)) throw conflict('The incident is not waiting on the customer.');
      return { pauses: current.pauses.map((p) => (p.end === null ? { ...p, end: when } : p)) };
    }, at);
  }

  /** Resolves the incident; a pause still open ends at the resolution. */
  resolve(id: string, at?: string, summary?: string): IncidentView {
    return this.change(id, (current, when) => {
      if (current.resolvedAt !== null) throw conflict(`The incident was already resolved at ${current.resolvedAt}.`);
      return {
        resolvedAt: when,
        pauses: current.pauses.map((p) => (p.end === null ? { ...p, end: when } : p)),
        ...(summary !== undefined ? { summary } : {}),
      };
    }, at);
  }

  reopen(id: string): IncidentView {
    return this.change(id, (current) => {
      if (current.resolvedAt === null) throw conflict('The incident is not resolved.');
      return { resolvedAt: null };
    });
  }

  delete(id: string): { id: string } {
    this.incident(id);
    this.ctx.store.write(() => this.repo.table.setDeleted(id, true));
    this.ctx.changed(['incidents']);
    return { id };
  }

  restore(id: string): IncidentView {
    this.ctx.store.write(() => this.repo.table.setDeleted(id, false));
    this.ctx.changed(['incidents']);
    return this.get(id);
  }

  /** Open and resolved counts and the mean time to resolve, for one account or all. */
  stats(accountId?: string): IncidentStats {
    if (accountId !== undefined) this.accounts.get(accountId);
    const incidents = this.repo.list({ accountId });
    const mttr = meanTimeToResolveMs(incidents);
    return {
      accountId: accountId ?? null,
      open: incidents.filter((i) => i.resolvedAt === null).length,
      resolved: incidents.filter((i) => i.resolvedAt !== null).length,
      mttrMinutes: mttr === null ? null : Math.round(mttr / 60_000),
    };
  }

  private incident(id: string): Incident {
    const incident = this.repo.get(id);
    if (!incident) throw new FieldbookError('not_found', 'That incident does not exist. It may have been deleted.', { id });
    return incident;
  }

  /** One read-check-write in one transaction: the change is computed from the incident as it is now. */
  private change(id: string, patchOf: (current: Incident, when: string) => Partial<IncidentFields>, at?: string): IncidentView {
    const changed = this.ctx.store.write(() => {
      const current = this.incident(id);
      const when = at === undefined ? this.ctx.store.now().toISOString() : utc(at);
      const patch = Object.fromEntries(Object.entries(patchOf(current, when)).filter(([, v]) => v !== undefined)) as Partial<IncidentFields>;
      this.check({ ...current, ...patch });
      return this.repo.table.update(id, patch);
    });
    if (changed.length > 0) this.ctx.changed(['incidents']);
    return this.get(id);
  }

  private check(fields: IncidentFields): void {
    const problems: FieldErrors = incidentProblems(fields, this.ctx.store.now());
    const first = Object.values(problems)[0];
    if (first) throw new FieldbookError('invalid', first, { fields: problems });
  }
}

function conflict(message: string): FieldbookError {
  return new FieldbookError('conflict', message);
}

/** An incident with its governing contract and its SLA clocks as of `now`. */
function viewOf(incident: Incident, contracts: readonly SupportContract[], now: Date): IncidentView {
  const contract = contractInForce(contracts, incident.openedAt);
  if (!contract) return { incident, contractId: null, tier: null, terms: null, sla: null };
  const terms = { slaTargets: contract.slaTargets, coverage: contract.coverage };
  return { incident, contractId: contract.id, tier: contract.tier, terms, sla: slaStatus(terms, slaIncidentOf(incident), now) };
}
