import { FieldbookError, newId } from '../model';
import type { Engagement, EngagementFields } from '../model';
import { EngagementsRepo } from '../store/engagementsRepo';
import type { AccountsService } from './accounts';
import type { ServiceContext } from './context';

export interface EngagementCreateInput extends EngagementFields {
  accountId: string;
}

/** Calls, visits, QBRs, escalations and emails: what makes up an account's timeline. */
export class EngagementsService {
  private readonly repo: EngagementsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly accounts: AccountsService,
  ) {
    this.repo = new EngagementsRepo(ctx.store);
  }

  list(accountId: string): Engagement[] {
    this.accounts.get(accountId);
    return this.repo.listForAccount(accountId);
  }

  get(id: string): Engagement {
    const engagement = this.repo.get(id);
    if (!engagement) throw new FieldbookError('not_found', 'That engagement does not exist. It may have been deleted.', { id });
    return engagement;
  }

  create({ accountId, ...fields }: EngagementCreateInput): Engagement {
    this.accounts.get(accountId);
    const id = newId();
    this.ctx.store.write(() => this.repo.insert(id, accountId, { ...fields, occurredAt: new Date(fields.occurredAt).toISOString() }));
    this.ctx.changed(['engagements']);
    return this.get(id);
  }

  update(id: string, patch: Partial<EngagementFields>): Engagement {
    const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<EngagementFields>;
    if (values.occurredAt !== undefined) values.occurredAt = new Date(values.occurredAt).toISOString();
    const changed = this.ctx.store.write(() => this.repo.table.update(id, values));
    if (changed.length > 0) this.ctx.changed(['engagements']);
    return this.get(id);
  }

  delete(id: string): { id: string } {
    this.get(id);
    this.ctx.store.write(() => this.repo.table.setDeleted(id, true));
    this.ctx.changed(['engagements']);
    return { id };
  }

  restore(id: string): Engagement {
    this.ctx.store.write(() => this.repo.table.setDeleted(id, false));
    this.ctx.changed(['engagements']);
    return this.get(id);
  }
}
