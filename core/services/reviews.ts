import { ASK_FOLLOW_UP_DAYS, FieldbookError, addDays, newId, rankAsks } from '../model';
import type {
  ActionItemFields,
  ActionItemView,
  RankedAsk,
  RecentReview,
  ReviewDetail,
  ReviewFields,
  ReviewItemFields,
  ReviewSaveParsed,
  ReviewSummary,
} from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { ReviewsRepo } from '../store/reviewsRepo';
import { ACTION_TABLES, ActionsService } from './actions';
import type { ServiceContext } from './context';

export const REVIEW_TABLES = ['roadmap_reviews', 'review_items'];
/** The source table an action item made from an ask or a commitment points at. */
export const REVIEW_ITEM_SOURCE = 'review_items';

type ItemDraft = { id?: string | undefined; fields: Omit<ReviewItemFields, 'reviewId' | 'position'> };

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

  recent(limit: number): RecentReview[] {
    return this.repo.recent(limit);
  }

  /** The portfolio ranking of asks across accounts; the rules are in the model's `rankAsks`. */
  rankAsks(includeClosed: boolean): RankedAsk[] {
    return rankAsks(this.repo.asksForRanking(), includeClosed);
  }

  /**
   * Creates (no `id`) or saves a review with its asks and commitments in one transaction: items keep their ids,
   * new ones are added, ones left out are deleted, and only fields that changed get a new clock.
   */
  save(input: ReviewSaveParsed): ReviewDetail {
    const id = input.id ?? newId();
    const fields: ReviewFields = { date: input.date, title: input.title, attendees: input.attendees, agenda: input.agenda, notes: input.notes };
    const drafts = {
      ask: input.asks.map<ItemDraft>((a) => ({
        id: a.id,
        fields: { kind: 'ask', title: a.title, detail: a.detail, priority: a.priority, impact: a.impact, status: a.status, owner: null, ownerRef: null, due: null },
      })),
      commitment: input.commitments.map<ItemDraft>((c) => ({
        id: c.id,
        fields: { kind: 'commitment', title: c.title, detail: '', priority: null, impact: null, status: null, owner: c.owner, ownerRef: c.ownerRef, due: c.due },
      })),
    };
    this.ctx.store.write(() => {
      this.liveAccount(input.accountId);
      if (input.id === undefined) {
        this.repo.reviewTable.insert(id, input.accountId, fields);
      } else {
        const existing = this.repo.get(id);
        if (!existing) throw new FieldbookError('not_found', 'That review does not exist. It may have been deleted.', { id });
        if (existing.accountId !== input.accountId) throw new FieldbookError('invalid', 'A review cannot move to another account.', { id });
        this.repo.reviewTable.update(id, fields);
      }
      this.saveItems(id, input.accountId, [...drafts.ask, ...drafts.commitment]);
    });
    this.ctx.changed(REVIEW_TABLES);
    return this.get(id);
  }

  /** Must run inside `store.write`. */
  private saveItems(reviewId: string, accountId: string, drafts: ItemDraft[]): void {
    const live = this.repo.liveItemIds(reviewId);
    const kept = new Set<string>();
    const positions = { ask: 0, commitment: 0 };
    for (const draft of drafts) {
      const values: ReviewItemFields = { ...draft.fields, reviewId, position: positions[draft.fields.kind]++ };
      if (draft.id === undefined) {
        this.repo.itemTable.insert(newId(), accountId, values);
        continue;
      }
      const row = this.repo.itemTable.get(draft.id);
      if (!row || row['review_id'] !== reviewId || row['kind'] !== draft.fields.kind) {
        const what = draft.fields.kind === 'ask' ? 'An ask' : 'A commitment';
        throw new FieldbookError('invalid', `${what} in this form does not belong to this review. Reload the review and try again.`, { id: draft.id });
      }
      if (kept.has(draft.id)) throw new FieldbookError('invalid', 'The same item appears twice in this review.', { id: draft.id });
      kept.add(draft.id);
      // An item deleted on another device meanwhile comes back: the person saving still wants it.
      if (row.deleted) this.repo.itemTable.setDeleted(draft.id, false);
      this.repo.itemTable.update(draft.id, values);
    }
    for (const gone of live) if (!kept.has(gone)) this.repo.itemTable.setDeleted(gone, true);
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
