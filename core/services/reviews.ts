import { ASK_FOLLOW_UP_DAYS, FieldbookError, addDays, newId, rankAsks } from '../model';
import type {
  ActionItemFields,
  ActionItemView,
  RankedAsk,
  RecentReview,
  ReviewDetail,
  ReviewFields,
  ReviewItemFields,
  ReviewCreateParsed,
  ReviewItemKind,
  ReviewUpdateParsed,
  ReviewSummary,
} from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { ReviewsRepo } from '../store/reviewsRepo';
import { ACTION_TABLES, ActionsService } from './actions';
import type { ServiceContext } from './context';

export const REVIEW_TABLES = ['roadmap_reviews', 'review_items'];
/** The source table an action item made from an ask or a commitment points at. */
export const REVIEW_ITEM_SOURCE = 'review_items';

type ItemValues = Omit<ReviewItemFields, 'reviewId' | 'position'>;

function askValues(ask: ReviewCreateParsed['asks'][number]): ItemValues {
  return { kind: 'ask', title: ask.title, detail: ask.detail, priority: ask.priority, impact: ask.impact, status: ask.status, owner: null, ownerRef: null, due: null };
}

function commitmentValues(c: ReviewCreateParsed['commitments'][number]): ItemValues {
  return { kind: 'commitment', title: c.title, detail: '', priority: null, impact: null, status: null, owner: c.owner, ownerRef: c.ownerRef, due: c.due };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Roadmap reviews with their asks and commitments; follow-ups into action items; the portfolio's asks. */
export class ReviewsService {
  readonly repo: ReviewsRepo;
  private readonly accounts: AccountsRepo;
  /** A follow-up writes an action item through the actions domain's own insert path. */
  private readonly actions: ActionsService;

  constructor(private readonly ctx: ServiceContext) {
    this.repo = new ReviewsRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
    this.actions = new ActionsService(ctx);
  }

  list(accountId: string): ReviewSummary[] {
    this.liveAccount(accountId);
    return this.repo.listForAccount(accountId);
  }

  get(id: string): ReviewDetail {
    const review = this.repo.get(id);
    if (!review || !this.accounts.get(review.accountId)) {
      throw new FieldbookError('not_found', 'That review does not exist. It may have been deleted.', { id });
    }
    return { ...review, ...this.repo.itemsOf(id) };
  }

  /** The review an ask or commitment belongs to: where an action item made from it leads back to. */
  ofItem(itemId: string): ReviewDetail {
    const found = this.repo.item(itemId);
    if (!found) throw new FieldbookError('not_found', 'That ask or commitment no longer exists. It may have been removed from its review.', { id: itemId });
    return this.get(found.review.id);
  }

  recent(limit: number): RecentReview[] {
    return this.repo.recent(limit);
  }

  /** The portfolio ranking of asks across accounts; the rules are in the model's `rankAsks`. */
  rankAsks(includeClosed: boolean): RankedAsk[] {
    return rankAsks(this.repo.asksForRanking(), includeClosed);
  }

  /** A new review with its asks and commitments, in one transaction. */
  create(input: ReviewCreateParsed): ReviewDetail {
    const id = newId();
    const fields: ReviewFields = { date: input.date, title: input.title, attendees: input.attendees, agenda: input.agenda, notes: input.notes };
    this.ctx.store.write(() => {
      this.liveAccount(input.accountId);
      this.repo.reviewTable.insert(id, input.accountId, fields);
      input.asks.forEach((ask, position) => this.repo.itemTable.insert(newId(), input.accountId, { ...askValues(ask), reviewId: id, position }));
      input.commitments.forEach((c, position) => this.repo.itemTable.insert(newId(), input.accountId, { ...commitmentValues(c), reviewId: id, position }));
    });
    this.ctx.changed(REVIEW_TABLES);
    return this.get(id);
  }

  /**
   * Applies the changes a person made to a review, in one transaction: changed review fields, added rows (after
   * the existing ones), changed fields of rows, and removed rows. What was not touched is not written, so a
   * concurrent change to it from another device survives.
   */
  update(input: ReviewUpdateParsed): ReviewDetail {
    const { id } = input;
    this.ctx.store.write(() => {
      const review = this.repo.get(id);
      if (!review) throw new FieldbookError('not_found', 'That review does not exist. It may have been deleted.', { id });
      this.liveAccount(review.accountId);
      this.repo.reviewTable.update(id, stripUndefined(input.patch));
      const rowOf = (itemId: string, kind: ReviewItemKind) => {
        const row = this.repo.itemTable.get(itemId);
        if (!row || row['review_id'] !== id || row['kind'] !== kind) {
          throw new FieldbookError('invalid', `${kind === 'ask' ? 'An ask' : 'A commitment'} in this form does not belong to this review. Reload the review and try again.`, { id: itemId });
        }
        return row;
      };
      for (const itemId of input.removeItems) {
        const row = this.repo.itemTable.get(itemId);
        if (!row || row['review_id'] !== id) throw new FieldbookError('invalid', 'A removed row does not belong to this review. Reload the review and try again.', { id: itemId });
        this.repo.itemTable.setDeleted(itemId, true);
      }
      const change = (itemId: string, kind: ReviewItemKind, values: Partial<ReviewItemFields>) => {
        // A row removed on another device meanwhile comes back: the person editing it still wants it.
        if (rowOf(itemId, kind).deleted) this.repo.itemTable.setDeleted(itemId, false);
        this.repo.itemTable.update(itemId, values);
      };
      for (const { id: itemId, ...ask } of input.changeAsks) change(itemId, 'ask', stripUndefined(ask));
      for (const { id: itemId, ...commitment } of input.changeCommitments) change(itemId, 'commitment', stripUndefined(commitment));
      let askPosition = this.repo.nextPosition(id, 'ask');
      for (const ask of input.addAsks) this.repo.itemTable.insert(newId(), review.accountId, { ...askValues(ask), reviewId: id, position: askPosition++ });
      let commitmentPosition = this.repo.nextPosition(id, 'commitment');
      for (const c of input.addCommitments) {
        this.repo.itemTable.insert(newId(), review.accountId, { ...commitmentValues(c), reviewId: id, position: commitmentPosition++ });
      }
    });
    this.ctx.changed(REVIEW_TABLES);
    return this.get(id);
  }

  /** A tombstone on the review alone; its items stay and come back with it on undo. */
  delete(id: string): { id: string } {
    this.get(id);
    this.ctx.store.write(() => this.repo.reviewTable.setDeleted(id, true));
    this.ctx.changed(REVIEW_TABLES);
    return { id };
  }

  restore(id: string): ReviewDetail {
    this.ctx.store.write(() => this.repo.reviewTable.setDeleted(id, false));
    this.ctx.changed(REVIEW_TABLES);
    return this.get(id);
  }

  /**
   * Turns an ask or a commitment into an action item linked to it, in one transaction with its checks: the item
   * and its review are live, and no live action item was made from it yet. A commitment's owner and due date
   * carry over; an ask's follow-up is yours, due ASK_FOLLOW_UP_DAYS from today.
   */
  followUp(itemId: string): ActionItemView {
    const actionId = newId();
    this.ctx.store.write(() => {
      const found = this.repo.item(itemId);
      if (!found) throw new FieldbookError('not_found', 'That ask or commitment no longer exists. It may have been removed from its review.', { id: itemId });
      const { review } = found;
      if (found.item.actionItemId !== null) {
        const what = found.kind === 'ask' ? 'This ask' : 'This commitment';
        throw new FieldbookError('conflict', `${what} already has an action item.`, { id: itemId, actionItemId: found.item.actionItemId });
      }
      const when = `${review.title}, ${review.date}`;
      const base: Omit<ActionItemFields, 'title' | 'owner' | 'ownerRef' | 'due' | 'sourceLabel'> = {
        status: 'open',
        sourceTable: REVIEW_ITEM_SOURCE,
        sourceId: itemId,
        notes: '',
      };
      const fields: ActionItemFields =
        found.kind === 'commitment'
          ? { ...base, title: found.item.title, owner: found.item.owner, ownerRef: found.item.ownerRef, due: found.item.due, sourceLabel: clip(`Commitment from ${when}`) }
          : {
              ...this.actions.fieldsOf({
                title: clip(`Follow up on ask: ${found.item.title}`),
                owner: undefined,
                ownerRef: null,
                due: addDays(this.actions.today(), ASK_FOLLOW_UP_DAYS),
                status: 'open',
                source: null,
                notes: '',
              }),
              ...base,
              sourceLabel: clip(`Ask “${found.item.title}” from ${when}`),
            };
      this.actions.insert(actionId, review.accountId, fields);
    });
    this.ctx.changed(ACTION_TABLES);
    return this.actions.get(actionId);
  }

  private liveAccount(accountId: string): void {
    if (!this.accounts.get(accountId)) {
      throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id: accountId });
    }
  }
}

/** Labels and titles have a length limit; a long ask title is cut with an ellipsis rather than refused. */
function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
