import { FieldbookError, ORG_PARTITION, PERSON_ROLE_LABELS, canEditOrg, termsIssues } from '../model';
import type { FieldErrors, TierTerms, TierTermsFields } from '../model';
import { TierTermsRepo, tierTermsId } from '../store/tierTermsRepo';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import type { ProfileService } from './profile';

/** The support tiers' terms (SLA targets, coverage, SKUs), edited by managers and admins in Settings. */
export class TierTermsService {
  private readonly repo: TierTermsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
    private readonly profile: ProfileService,
  ) {
    this.repo = new TierTermsRepo(ctx.store);
  }

  /** Tiers in catalog order (Standard, Premium, Premier), then add-ons by name. */
  list(): TierTerms[] {
    const rank = new Map(this.catalog.list('tier').map((e, i) => [e.code, i]));
    const order = (t: TierTerms) => (t.addOn ? Number.MAX_SAFE_INTEGER : (rank.get(t.code) ?? Number.MAX_SAFE_INTEGER - 1));
    return this.repo.list().sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label));
  }

  get(code: string): TierTerms {
    const terms = this.repo.get(code);
    if (!terms) throw new FieldbookError('not_found', `There are no terms for "${code}".`, { code });
    return terms;
  }

  /** Terms by code, or undefined: for the contracts service, which words its own errors. */
  find(code: string): TierTerms | undefined {
    return this.repo.get(code);
  }

  /** Creates or replaces the terms of one tier or add-on; a removed one comes back with these terms. */
  save(terms: TierTermsFields): TierTerms {
    this.requireEditor();
    const fields: FieldErrors = {};
    for (const issue of termsIssues(terms)) fields[issue.path.join('.')] ??= issue.message;
    const id = tierTermsId(terms.code);
    this.ctx.store.write(() => {
      // Checked inside the write, so a catalog change cannot slip in between check and write.
      const isTier = this.catalog.problem('tier', terms.code) === null;
      if (!terms.addOn && !isTier) fields['code'] = this.catalog.problem('tier', terms.code) ?? '';
      if (terms.addOn && isTier) fields['code'] = `"${terms.code}" is a support tier; give the add-on a code of its own.`;
      const first = Object.values(fields)[0];
      if (first) throw new FieldbookError('invalid', first, { fields });
      if (this.repo.exists(terms.code)) {
        this.repo.table.setDeleted(id, false);
        this.repo.table.update(id, terms);
      } else {
        this.repo.table.insert(id, ORG_PARTITION, terms);
      }
    });
    this.ctx.changed(['tier_terms']);
    return this.get(terms.code);
  }

  delete(code: string): { code: string } {
    this.requireEditor();
    this.get(code);
    this.ctx.store.write(() => this.repo.table.setDeleted(tierTermsId(code), true));
    this.ctx.changed(['tier_terms']);
    return { code };
  }

  /** Undo of delete. */
  restore(code: string): TierTerms {
    this.requireEditor();
    if (!this.repo.exists(code)) throw new FieldbookError('not_found', `There are no terms for "${code}".`, { code });
    this.ctx.store.write(() => this.repo.table.setDeleted(tierTermsId(code), false));
    this.ctx.changed(['tier_terms']);
    return this.get(code);
  }

  /** Org-wide terms change only by managers and admins; the sync server refuses anyone else's change too. */
  private requireEditor(): void {
    const me = this.profile.get();
    if (canEditOrg(me?.role)) return;
    const who = me ? `Your role is ${PERSON_ROLE_LABELS[me.role].toLowerCase()}.` : 'Set up your profile first.';
    throw new FieldbookError('forbidden', `Only managers and admins change support tiers. ${who}`);
  }
}
