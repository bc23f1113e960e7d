import { FieldbookError, addOnsOf, contractFieldsSchema, contractTermsOf, isTimeZone, newId, termsIssues } from '../model';
import type { ContractFields, ContractOverview, FieldErrors, SupportContract, TierTerms, contractCreateSchema } from '../model';
import type { z } from 'zod';
import { ContractsRepo } from '../store/contractsRepo';
import type { AccountsService } from './accounts';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import type { TierTermsService } from './tierTerms';

type ContractCreateInput = z.output<typeof contractCreateSchema>;

function refuse(fields: FieldErrors): void {
  const first = Object.values(fields)[0];
  if (first) throw new FieldbookError('invalid', first, { fields });
}

/** Support contracts per account: sold from a tier's terms (a snapshot), edited, ended, deleted with undo. */
export class ContractsService {
  readonly repo: ContractsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly accounts: AccountsService,
    private readonly catalog: CatalogService,
    private readonly tiers: TierTermsService,
  ) {
    this.repo = new ContractsRepo(ctx.store);
  }

  list(accountId: string): SupportContract[] {
    this.accounts.get(accountId);
    return this.repo.listForAccount(accountId);
  }

  get(id: string): SupportContract {
    const contract = this.repo.get(id);
    if (!contract) throw new FieldbookError('not_found', 'That contract does not exist. It may have been deleted.', { id });
    return contract;
  }

  /** A contract for a tier (and add-ons), with the tier's SLA targets, coverage and SKUs copied in. */
  create(input: ContractCreateInput): SupportContract {
    this.accounts.get(input.accountId);
    const id = newId();
    this.ctx.store.write(() => {
      const fields = this.fieldsFromTier(input);
      this.repo.insert(id, input.accountId, fields);
    });
    this.ctx.changed(['contracts']);
    return this.get(id);
  }

  update(id: string, patch: Partial<ContractFields>): SupportContract {
    const changed = this.ctx.store.write(() => {
      const current = this.get(id);
      const next = { ...current, ...definedOnly(patch) };
      const errors: FieldErrors = {};
      if (patch.tier !== undefined) {
        const problem = this.catalog.problem('tier', patch.tier);
        if (problem) errors['tier'] = problem;
      }
      if (next.endsOn < next.startsOn) errors['endsOn'] = 'The contract must end on or after the day it starts.';
      for (const issue of termsIssues(next)) errors[issue.path.join('.')] ??= issue.message;
      refuse(errors);
      return this.repo.table.update(id, definedOnly(patch));
    });
    if (changed.length > 0) this.ctx.changed(['contracts']);
    return this.get(id);
  }

  /** Ends a contract early, on the given day (the last day it is in force). */
  end(id: string, on: string): SupportContract {
    const contract = this.get(id);
    if (on < contract.startsOn) refuse({ on: `The contract starts on ${contract.startsOn}; it cannot end before that.` });
    if (on > contract.endsOn) refuse({ on: `The contract already ends on ${contract.endsOn}. To extend it, edit its end date.` });
    return this.update(id, { endsOn: on });
  }

  delete(id: string): { id: string } {
    this.get(id);
    this.ctx.store.write(() => this.repo.table.setDeleted(id, true));
    this.ctx.changed(['contracts']);
    return { id };
  }

  restore(id: string): SupportContract {
    this.ctx.store.write(() => this.repo.table.setDeleted(id, false));
    this.ctx.changed(['contracts']);
    return this.get(id);
  }

  /** The contract in force on a day, the next one, and whether the account's tier matches it. */
  overview(accountId: string, on: string): ContractOverview {
    const account = this.accounts.get(accountId);
    const active = this.repo.activeOn(accountId, on) ?? null;
    const next =
      this.repo
        .listForAccount(accountId)
        .filter((c) => c.startsOn > on)
        .sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0] ?? null;
    const label = (code: string) => this.catalog.list('tier').find((e) => e.code === code)?.label ?? code;
    const mismatch =
      active && active.tier !== account.tier
        ? `The account is on ${label(account.tier)}, but its contract in force is for ${label(active.tier)}.`
        : null;
    const addOns = active ? addOnsOf(active, this.tiers.list()).map((t) => t.label) : [];
    return { accountTier: account.tier, active, next, addOns, mismatch };
  }

  private fieldsFromTier(input: ContractCreateInput): ContractFields {
    const errors: FieldErrors = {};
    const tierProblem = this.catalog.problem('tier', input.tier);
    const tier = this.tiers.find(input.tier);
    if (tierProblem) errors['tier'] = tierProblem;
    else if (!tier) errors['tier'] = `The ${input.tier} tier has no terms yet. A manager sets them in Settings › Support tiers.`;
    const addOns: TierTerms[] = [];
    for (const code of input.addOns) {
      const addOn = this.tiers.find(code);
      if (!addOn || !addOn.addOn) {
        const known = this.tiers.list().filter((t) => t.addOn).map((t) => t.code);
        errors['addOns'] ??= `"${code}" is not a known add-on. Choose one of: ${known.join(', ') || 'none defined'}.`;
      } else addOns.push(addOn);
    }
    refuse(errors);
    const terms = contractTermsOf(tier as TierTerms, addOns);
    if (input.timeZone !== undefined) {
      if (!isTimeZone(input.timeZone)) refuse({ timeZone: `"${input.timeZone}" is not a time zone. Use an IANA name like Europe/Berlin.` });
      if (terms.coverage.kind === 'business_hours') terms.coverage = { ...terms.coverage, timeZone: input.timeZone };
      else refuse({ timeZone: 'This tier covers 24×7: it has no business hours to place in a time zone.' });
    }
    return contractFieldsSchema.parse({
      tier: input.tier,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      includedHours: input.includedHours ?? terms.includedHours,
      hoursPeriod: input.hoursPeriod ?? terms.hoursPeriod,
      skus: terms.skus,
      slaTargets: terms.slaTargets,
      coverage: terms.coverage,
      dedicatedStaff: input.dedicatedStaff,
      notes: input.notes,
    });
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
