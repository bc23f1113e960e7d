import { ACCOUNT_DEFAULTS, FieldbookError, newId } from '../model';
import type { Account, AccountCreate, AccountFields, AccountListQuery, AccountUpdate, CatalogKind, FieldErrors } from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';

const CATALOG_FIELDS: ReadonlyArray<[keyof AccountFields, CatalogKind]> = [
  ['segment', 'segment'],
  ['tier', 'tier'],
  ['residency', 'residency'],
  ['clearance', 'clearance'],
];

export class AccountsService {
  private readonly repo: AccountsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
  ) {
    this.repo = new AccountsRepo(ctx.store);
  }

  list(query: AccountListQuery): Account[] {
    return this.repo.list(query);
  }

  get(id: string): Account {
    const account = this.repo.get(id);
    if (!account) throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id });
    return account;
  }

  create(input: AccountCreate): Account {
    const fields: AccountFields = { ...ACCOUNT_DEFAULTS, ...stripUndefined(input) };
    const id = newId();
    // Checked inside the write transaction, so a catalog change cannot slip in between check and write.
    this.ctx.store.write(() => {
      this.checkCatalogs(fields);
      this.repo.insert(id, fields);
    });
    this.ctx.changed(['accounts']);
    return this.get(id);
  }

  update({ id, patch }: AccountUpdate): Account {
    const changed = this.ctx.store.write(() => {
      this.checkCatalogs(patch);
      return this.repo.table.update(id, stripUndefined(patch));
    });
    if (changed.length > 0) this.ctx.changed(['accounts']);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    this.get(id);
    this.ctx.store.write(() => this.repo.table.setDeleted(id, true));
    this.ctx.changed(['accounts']);
    return { id };
  }

  /** Undo of delete: the tombstone is lifted with a newer clock, so the restore syncs too. */
  restore(id: string): Account {
    this.ctx.store.write(() => this.repo.table.setDeleted(id, false));
    this.ctx.changed(['accounts']);
    return this.get(id);
  }

  private checkCatalogs(fields: Partial<AccountFields>): void {
    const errors: FieldErrors = {};
    for (const [field, kind] of CATALOG_FIELDS) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      const problem = this.catalog.problem(kind, value);
      if (problem) errors[field] = problem;
    }
    const first = Object.values(errors)[0];
    if (first) throw new FieldbookError('invalid', first, { fields: errors });
  }
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
