import { CLOSED_ACTION_STATUSES, FieldbookError, compareActionItems, newId, todayIn } from '../model';
import type { ActionItemFields, ActionItemView, ActionListQuery, ActionReminder, ActionStatus, Profile } from '../model';
import type { z } from 'zod';
import type { actionCreateSchema, actionUpdateSchema } from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { ActionItemsRepo } from '../store/actionItemsRepo';
import type { ActionItemWithAccount } from '../store/actionItemsRepo';
import { ProfileRepo } from '../store/profileRepo';
import type { ServiceContext } from './context';

export const ACTION_TABLES = ['action_items'];

type ActionCreateParsed = z.output<typeof actionCreateSchema>;
type ActionUpdateParsed = z.output<typeof actionUpdateSchema>;

/** Action items: owner, due date, status and the record they came from; "My items"; due reminders. */
export class ActionsService {
  readonly repo: ActionItemsRepo;
  private readonly accounts: AccountsRepo;
  private readonly profiles: ProfileRepo;

  constructor(private readonly ctx: ServiceContext) {
    this.repo = new ActionItemsRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
    this.profiles = new ProfileRepo(ctx.store);
  }

  /** The local person: whose items are "mine", and whose calendar "today" is on. */
  me(): Profile | null {
    return this.profiles.get();
  }

  /** Today on the local person's calendar (the system's when there is no profile yet). */
  today(): string {
    return todayIn(this.me()?.timeZone ?? null, this.ctx.store.now());
  }

  list(query: ActionListQuery): ActionItemView[] {
    const today = this.today();
    const me = this.me();
    const items = this.repo.list({
      ...(query.accountId !== undefined ? { accountId: this.liveAccount(query.accountId) } : {}),
      ...(query.mine ? { owners: me ? [me.name, me.email] : [] } : {}),
      ...(query.overdue ? { dueBefore: today } : {}),
      includeClosed: query.includeClosed,
    });
    return items.map((item) => this.view(item, today)).sort(compareActionItems);
  }

  get(id: string): ActionItemView {
    const item = this.repo.get(id);
    if (!item) throw new FieldbookError('not_found', 'That action item does not exist. It may have been deleted.', { id });
    return this.view(item, this.today());
  }

  create(input: ActionCreateParsed): ActionItemView {
    const id = newId();
    this.ctx.store.write(() => this.insert(id, input.accountId, this.fieldsOf(input)));
    this.ctx.changed(ACTION_TABLES);
    return this.get(id);
  }

  /**
   * Must run inside `store.write`: the one insert path, also used by a review's follow-up so the item and its
   * checks share that transaction.
   */
  insert(id: string, accountId: string, fields: ActionItemFields): void {
    this.liveAccount(accountId);
    this.repo.table.insert(id, accountId, fields);
  }

  /** The fields of a new item; the owner defaults to the local person. */
  fieldsOf(input: Omit<ActionCreateParsed, 'accountId'>): ActionItemFields {
    const owner = input.owner ?? this.me()?.name;
    if (owner === undefined) {
      const message = 'Owner is required: there is no profile yet to make you the owner.';
      throw new FieldbookError('invalid', message, { fields: { owner: message } });
    }
    return {
      title: input.title,
      owner,
      ownerRef: input.ownerRef,
      due: input.due,
      status: input.status,
      sourceTable: input.source?.table ?? null,
      sourceId: input.source?.id ?? null,
      sourceLabel: input.source?.label ?? null,
      notes: input.notes,
    };
  }

  update({ id, patch }: ActionUpdateParsed): ActionItemView {
    this.get(id);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<ActionItemFields>;
    const changed = this.ctx.store.write(() => this.repo.table.update(id, defined));
    if (changed.length > 0) this.ctx.changed(ACTION_TABLES);
    return this.get(id);
  }

  setStatus(id: string, status: ActionStatus): ActionItemView {
    return this.update({ id, patch: { status } });
  }

  delete(id: string): { id: string } {
    this.get(id);
    this.ctx.store.write(() => this.repo.table.setDeleted(id, true));
    this.ctx.changed(ACTION_TABLES);
    return { id };
  }

  /** Undo of delete: the tombstone is lifted with a newer clock, so the restore syncs too. */
  restore(id: string): ActionItemView {
    this.ctx.store.write(() => this.repo.table.setDeleted(id, false));
    this.ctx.changed(ACTION_TABLES);
    return this.get(id);
  }

  /** Your items due today or before, not done or dropped: what a reminder is about. */
  due(): ActionReminder[] {
    const me = this.me();
    if (!me) return [];
    const today = this.today();
    return this.repo
      .list({ owners: [me.name, me.email], dueOnOrBefore: today, includeClosed: false })
      .map((item) => this.view(item, today))
      .sort(compareActionItems)
      .map(toReminder);
  }

  /**
   * The due items not yet announced today, recorded as announced in the same transaction: each item is
   * announced once per day however often this runs and however many processes run it.
   */
  claimReminders(): ActionReminder[] {
    const today = this.today();
    // Reading first keeps the usual case (nothing due) free of a write transaction.
    if (this.due().length === 0) return [];
    return this.ctx.store.write(() => {
      this.repo.forgetRemindersBefore(today);
      return this.due().filter((item) => this.repo.claimReminder(item.id, today));
    });
  }

  private view(item: ActionItemWithAccount, today: string): ActionItemView {
    const open = !CLOSED_ACTION_STATUSES.includes(item.status);
    return { ...item, overdue: open && item.due !== null && item.due < today, dueToday: open && item.due === today };
  }

  private liveAccount(accountId: string): string {
    if (!this.accounts.get(accountId)) {
      throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id: accountId });
    }
    return accountId;
  }
}

function toReminder(item: ActionItemView): ActionReminder {
  return { id: item.id, title: item.title, accountId: item.accountId, accountName: item.accountName, due: item.due ?? '', overdue: item.overdue };
}
