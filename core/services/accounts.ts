import { ACCOUNT_DEFAULTS, FieldbookError, newId } from '../model';
import type { Account, AccountCreate, AccountFields, AccountListQuery, AccountUpdate, CatalogKind, FieldErrors } from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import { HandoffRecorder } from './handoffs';

const CATALOG_FIELDS: ReadonlyArray<[keyof AccountFields, CatalogKind]> = [
  ['segment', 'segment'],
  ['tier', 'tier'],
  ['residency', 'residency'],
  ['clearance', 'clearance'],
];

/** The note on a hand-off recorded from a plain stage edit rather than the Lifecycle tab's hand-off. */
export const STAGE_SET_DIRECTLY_NOTE = 'Stage set on the account, not through a hand-off: checklist not walked.';

export class AccountsService {
  private readonly repo: AccountsRepo;
  private readonly handoffs: HandoffRecorder;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
  ) {
    this.repo = new AccountsRepo(ctx.store);
    this.handoffs = new HandoffRecorder(ctx.store);
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
    let handedOff = false;
    const changed = this.ctx.store.write(() => {
      this.checkCatalogs(patch);
      // A stage set here (the account form, the CLI, an import) is a hand-off like one on the Lifecycle tab:
      // it gets its dated record and an open checklist, so time in stage and hand-off reviews stay true.
      const current = patch.stage === undefined ? null : this.repo.get(id);
      if (current && patch.stage !== undefined && patch.stage !== current.stage) {
        this.handoffs.record(current, { to: patch.stage, at: this.ctx.store.now().toISOString(), note: STAGE_SET_DIRECTLY_NOTE, done: new Set() });
        handedOff = true;
      }
      return this.repo.table.update(id, stripUndefined(patch));
    });
    if (changed.length > 0) this.ctx.changed(handedOff ? ['accounts', 'lifecycle_events', 'handoff_items'] : ['accounts']);
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
