import { DateTime } from 'luxon';
import { ADOPTION_STATUS_LABELS, FieldbookError, adoptionScore, newId } from '../model';
import type {
  Account,
  AccountAdoption,
  AdoptionEntry,
  AdoptionFields,
  AdoptionPortfolio,
  AdoptionSet,
  AdoptionStatus,
  Capability,
  CapabilitySave,
} from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { AdoptionRepo } from '../store/adoptionRepo';
import type { StoredNote } from '../store/adoptionRepo';
import type { ServiceContext } from './context';
import type { ProfileService } from './profile';
import type { TeamService } from './team';

function invalid(field: string, message: string): FieldbookError {
  return new FieldbookError('invalid', message, { fields: { [field]: message } });
}

/** Adoption: the capability catalog (org partition) and each account's status, blockers and dated notes per capability. */
export class AdoptionService {
  readonly repo: AdoptionRepo;
  private readonly accounts: AccountsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly people: TeamService,
    private readonly profile: ProfileService,
  ) {
    this.repo = new AdoptionRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
    // The default catalog exists wherever the service does; missing entries are added, edited ones left alone.
    this.repo.seedCapabilities();
  }

  private account(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id });
    return account;
  }

  /** Today in the local person's time zone (UTC before a profile exists): the default date of a change. */
  private today(): string {
    const zone = this.profile.get()?.timeZone ?? 'UTC';
    return DateTime.fromJSDate(this.ctx.store.now(), { zone }).toISODate() ?? this.ctx.store.now().toISOString().slice(0, 10);
  }

  // ---- Capability catalog ----

  catalog(): Capability[] {
    return this.repo.listCapabilities();
  }

  saveCapability(input: CapabilitySave): Capability {
    this.people.requireOrgEditor('the capability catalog');
    const id = AdoptionRepo.capabilityId(input.code);
    if (input.id !== undefined && input.id !== id) throw invalid('code', 'The code of a capability cannot change: adoption records refer to it. Add a new capability instead.');
    const existing = this.repo.capabilityRow(input.code);
    if (input.id === undefined && existing && !existing.deleted) throw invalid('code', `There already is a capability with the code ${input.code}: ${existing.capability.name}.`);
    if (input.id !== undefined && (!existing || existing.deleted)) throw new FieldbookError('not_found', 'That capability is no longer in the catalog.', { id });
    const fields = { code: input.code, name: input.name, category: input.category, description: input.description, weight: input.weight };
    this.ctx.store.write(() => {
      if (!existing) this.repo.capabilities.insert(id, 'org', { ...fields, sort: this.repo.nextCapabilitySort() });
      else {
        // A code removed earlier comes back as the same capability, so old adoption records count again.
        if (existing.deleted) this.repo.capabilities.setDeleted(id, false);
        this.repo.capabilities.update(id, fields);
      }
    });
    this.ctx.changed(['capabilities']);
    return this.requireCapability(input.code);
  }

  deleteCapability(code: string): { code: string } {
    this.people.requireOrgEditor('the capability catalog');
    const id = this.requireCapability(code).id;
    this.ctx.store.write(() => this.repo.capabilities.setDeleted(id, true));
    this.ctx.changed(['capabilities']);
    return { code };
  }

  restoreCapability(code: string): Capability {
    this.people.requireOrgEditor('the capability catalog');
    this.ctx.store.write(() => this.repo.capabilities.setDeleted(AdoptionRepo.capabilityId(code), false));
    this.ctx.changed(['capabilities']);
    return this.requireCapability(code);
  }

  private requireCapability(code: string): Capability {
    const row = this.repo.capabilityRow(code);
    if (!row || row.deleted) {
      const known = this.repo.listCapabilities().map((c) => c.code);
      throw invalid('capability', `"${code}" is not in the capability catalog. Choose one of: ${known.join(', ')}.`);
    }
    return row.capability;
  }

  // ---- Adoption per account ----

  forAccount(accountId: string): AccountAdoption {
    this.account(accountId);
    const capabilities = this.repo.listCapabilities();
    const records = new Map(this.repo.listAdoption(accountId).map((r) => [r.capability, r]));
    const notes = new Map<string, StoredNote[]>();
    for (const n of this.repo.listNotes(accountId)) notes.set(n.capability, [...(notes.get(n.capability) ?? []), n]);
    const entries = capabilities.map(
      (capability): AdoptionEntry => ({
        capability,
        status: records.get(capability.code)?.status ?? 'not_started',
        blockers: records.get(capability.code)?.blockers ?? '',
        since: records.get(capability.code)?.since ?? null,
        notes: (notes.get(capability.code) ?? []).map(({ accountId: _a, ...note }) => note),
      }),
    );
    return { accountId, score: adoptionScore(capabilities, (code) => records.get(code)?.status), entries };
  }

  /**
   * Sets a capability's status on an account, with an optional dated note and blockers. A change of status is
   * always noted with its date; a blocked capability needs its blockers said. Nothing changes, nothing is written.
   */
  set(input: AdoptionSet): AdoptionEntry {
    const today = this.today();
    const on = input.on ?? today;
    // A day of slack: the person may be a time zone ahead of the profile's.
    if (on > (DateTime.fromISO(today).plus({ days: 1 }).toISODate() ?? today)) throw invalid('on', 'A change cannot be dated in the future.');
    let changedTables: string[] = [];
    this.ctx.store.write(() => {
      this.account(input.accountId);
      this.requireCapability(input.capability);
      const current = this.repo.adoptionRow(input.accountId, input.capability);
      const live = current && !current.deleted ? current : undefined;
      const before: AdoptionStatus = live?.status ?? 'not_started';
      const status = input.status ?? before;
      const blockers = input.blockers ?? live?.blockers ?? '';
      if (status === 'blocked' && blockers.trim() === '') throw invalid('blockers', `Say what blocks it: a capability marked ${ADOPTION_STATUS_LABELS.blocked} needs its blockers.`);
      const statusChanged = status !== before;
      const next: AdoptionFields = { capability: input.capability, status, blockers, since: statusChanged ? on : (live?.since ?? on) };
      const id = AdoptionRepo.adoptionId(input.accountId, input.capability);
      const recordChanged = !live || statusChanged || blockers !== live.blockers;
      if (recordChanged) {
        if (!current) this.repo.adoption.insert(id, input.accountId, next);
        else {
          if (current.deleted) this.repo.adoption.setDeleted(id, false);
          this.repo.adoption.update(id, next);
        }
        changedTables = ['adoption'];
      }
      const note = input.note?.trim() ?? '';
      if (statusChanged || note !== '') {
        this.repo.notes.insert(newId(), input.accountId, { capability: input.capability, on, text: note, status: statusChanged ? status : null });
        changedTables = [...changedTables, 'adoption_notes'];
      }
    });
    if (changedTables.length > 0) this.ctx.changed(changedTables);
    const entry = this.forAccount(input.accountId).entries.find((e) => e.capability.code === input.capability);
    if (!entry) throw new FieldbookError('internal', 'The adoption record was not saved.');
    return entry;
  }

  /** Every account × every capability: the heat map. Accounts by name. */
  portfolio(): AdoptionPortfolio {
    const capabilities = this.repo.listCapabilities();
    const byAccount = new Map<string, Record<string, AdoptionStatus>>();
    for (const r of this.repo.statusMatrix()) {
      const statuses = byAccount.get(r.accountId) ?? {};
      statuses[r.capability] = r.status;
      byAccount.set(r.accountId, statuses);
    }
    return {
      capabilities,
      accounts: this.accounts.list({}).map((account) => {
        const statuses = byAccount.get(account.id) ?? {};
        return { accountId: account.id, name: account.name, tier: account.tier, score: adoptionScore(capabilities, (code) => statuses[code]), statuses };
      }),
    };
  }
}
