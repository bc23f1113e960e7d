import type {
  AskForRanking,
  Attendee,
  ReviewAsk,
  ReviewCommitment,
  ReviewFields,
  ReviewItemFields,
  ReviewItemKind,
  ReviewSummary,
  RoadmapReview,
  RecentReview,
} from '../model';
import type { Store } from './store';
import { PreparedCache } from './preparedCache';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

export const ROADMAP_REVIEWS_SPEC: SyncedTableSpec<keyof ReviewFields> = {
  table: 'roadmap_reviews',
  columns: { date: 'date', title: 'title', attendees: 'attendees', agenda: 'agenda', notes: 'notes' },
  search: { kind: 'review', label: 'Roadmap review', columns: ['title', 'agenda', 'notes'], title: 'title', tab: 'reviews' },
  timeline: [{ kind: 'review', label: 'Roadmap review', date: 'date', title: 'title', detail: 'notes' }],
};

export const REVIEW_ITEMS_SPEC: SyncedTableSpec<keyof ReviewItemFields> = {
  table: 'review_items',
  columns: {
    reviewId: 'review_id',
    kind: 'kind',
    position: 'position',
    title: 'title',
    detail: 'detail',
    priority: 'priority',
    impact: 'impact',
    status: 'status',
    owner: 'owner',
    ownerRef: 'owner_ref',
    due: 'due',
  },
  // Asks and commitments are shown inside their review, so a hit opens the review (focus = review_id).
  search: {
    kind: 'review_item',
    label: 'Ask or commitment',
    columns: ['title', 'detail', 'owner'],
    title: `CASE kind WHEN 'ask' THEN 'Ask: ' ELSE 'Commitment: ' END || title`,
    tab: 'reviews',
    focus: 'review_id',
    visible: 'EXISTS (SELECT 1 FROM roadmap_reviews r WHERE r.id = review_items.review_id AND r.deleted = 0)',
  },
};

interface ReviewRow {
  id: string;
  account_id: string;
  date: string;
  title: string;
  attendees: string;
  agenda: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

interface ItemRow {
  id: string;
  account_id: string;
  review_id: string;
  kind: ReviewItemKind;
  position: number;
  title: string;
  detail: string;
  priority: ReviewAsk['priority'] | null;
  impact: ReviewAsk['impact'] | null;
  status: ReviewAsk['status'] | null;
  owner: string | null;
  owner_ref: string | null;
  due: string | null;
  action_item_id: string | null;
}

function toReview(row: ReviewRow): RoadmapReview {
  return {
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    title: row.title,
    attendees: JSON.parse(row.attendees) as Attendee[],
    agenda: row.agenda,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * An ask row; a value a synced change left out of range reads as the mildest one rather than breaking the
 * review (the service never writes such a row).
 */
function toAsk(row: ItemRow): ReviewAsk {
  return {
    id: row.id,
    reviewId: row.review_id,
    accountId: row.account_id,
    position: row.position,
    title: row.title,
    detail: row.detail,
    priority: row.priority ?? 'low',
    impact: row.impact ?? 'low',
    status: row.status ?? 'open',
    actionItemId: row.action_item_id,
  };
}

function toCommitment(row: ItemRow): ReviewCommitment {
  return {
    id: row.id,
    reviewId: row.review_id,
    accountId: row.account_id,
    position: row.position,
    title: row.title,
    owner: row.owner ?? '',
    ownerRef: row.owner_ref,
    due: row.due,
    actionItemId: row.action_item_id,
  };
}

/** The live action item made from an item (the newest, should two devices both have made one). */
const ACTION_ITEM_OF = `(SELECT a.id FROM action_items a WHERE a.source_table = 'review_items' AND a.source_id = i.id AND a.deleted = 0
  ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS action_item_id`;

const SUMMARY_COLUMNS = `r.id, r.account_id, r.date, r.title, json_array_length(r.attendees) AS attendee_count,
  (SELECT count(*) FROM review_items i WHERE i.review_id = r.id AND i.deleted = 0 AND i.kind = 'ask') AS ask_count,
  (SELECT count(*) FROM review_items i WHERE i.review_id = r.id AND i.deleted = 0 AND i.kind = 'commitment') AS commitment_count`;

interface SummaryRow {
  id: string;
  account_id: string;
  date: string;
  title: string;
  attendee_count: number;
  ask_count: number;
  commitment_count: number;
  account_name?: string;
}

function toSummary(row: SummaryRow): ReviewSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    title: row.title,
    attendeeCount: row.attendee_count,
    askCount: row.ask_count,
    commitmentCount: row.commitment_count,
  };
}

/**
 * Roadmap reviews and their items. Writes go through the synced tables; an item is visible only while its
 * review is (deleting a review leaves its items alone, so undo is lifting one tombstone).
 */
export class ReviewsRepo {
  readonly reviewTable: SyncedTable<keyof ReviewFields>;
  readonly itemTable: SyncedTable<keyof ReviewItemFields>;

  private readonly cache: PreparedCache;

  constructor(store: Store) {
    this.reviewTable = new SyncedTable(store, ROADMAP_REVIEWS_SPEC);
    this.itemTable = new SyncedTable(store, REVIEW_ITEMS_SPEC);    this.cache = new PreparedCache(store.db);
  }

  private prepared<P extends unknown[] = unknown[], R = unknown>(sql: string) {
    return this.cache.get<P, R>(sql);
  }

  get(id: string): RoadmapReview | undefined {
    const row = this.prepared<[string], ReviewRow>('SELECT * FROM roadmap_reviews WHERE id = ? AND deleted = 0').get(id);
    return row ? toReview(row) : undefined;
  }

  /** The live items of a review, in their order. */
  itemsOf(reviewId: string): { asks: ReviewAsk[]; commitments: ReviewCommitment[] } {
    const rows = this.prepared<[string], ItemRow>(`SELECT i.*, ${ACTION_ITEM_OF} FROM review_items i WHERE i.review_id = ? AND i.deleted = 0 ORDER BY i.position, i.id`)
      .all(reviewId);
    return { asks: rows.filter((r) => r.kind === 'ask').map(toAsk), commitments: rows.filter((r) => r.kind === 'commitment').map(toCommitment) };
  }

  /** A live item whose review is live too, with its review. */
  item(id: string): { kind: 'ask'; item: ReviewAsk; review: RoadmapReview } | { kind: 'commitment'; item: ReviewCommitment; review: RoadmapReview } | undefined {
    const row = this.prepared<[string], ItemRow>(`SELECT i.*, ${ACTION_ITEM_OF} FROM review_items i WHERE i.id = ? AND i.deleted = 0`)
      .get(id);
    const review = row ? this.get(row.review_id) : undefined;
    if (!row || !review) return undefined;
    return row.kind === 'ask' ? { kind: 'ask', item: toAsk(row), review } : { kind: 'commitment', item: toCommitment(row), review };
  }

  /** Where a new row of a kind goes: after every row of that kind the review has had, removed ones included. */
  nextPosition(reviewId: string, kind: ReviewItemKind): number {
    const row = this.prepared<[string, string], { last: number | null }>('SELECT max(position) AS last FROM review_items WHERE review_id = ? AND kind = ?')
      .get(reviewId, kind);
    return (row?.last ?? -1) + 1;
  }

  /** An account's reviews, newest first. */
  listForAccount(accountId: string): ReviewSummary[] {
    return this.prepared<[string], SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM roadmap_reviews r WHERE r.account_id = ? AND r.deleted = 0 ORDER BY r.date DESC, r.created_at DESC, r.id DESC`,
      )
      .all(accountId)
      .map(toSummary);
  }

  /** The newest reviews across live accounts. */
  recent(limit: number): RecentReview[] {
    return this.prepared<[number], SummaryRow & { account_name: string }>(
        `SELECT ${SUMMARY_COLUMNS}, acc.name AS account_name FROM roadmap_reviews r
         JOIN accounts acc ON acc.id = r.account_id AND acc.deleted = 0
         WHERE r.deleted = 0 ORDER BY r.date DESC, r.created_at DESC, r.id DESC LIMIT ?`,
      )
      .all(limit)
      .map((row) => ({ ...toSummary(row), accountName: row.account_name }));
  }

  /** Every live ask of a live review of a live account, as the portfolio ranking reads them. */
  asksForRanking(): AskForRanking[] {
    interface Row {
      id: string;
      account_id: string;
      account_name: string;
      review_id: string;
      review_date: string;
      title: string;
      position: number;
      priority: ReviewAsk['priority'] | null;
      impact: ReviewAsk['impact'] | null;
      status: ReviewAsk['status'] | null;
    }
    return this.prepared<[], Row>(
        `SELECT i.id, i.account_id, acc.name AS account_name, i.review_id, r.date AS review_date, i.title, i.position,
                i.priority, i.impact, i.status
         FROM review_items i
         JOIN roadmap_reviews r ON r.id = i.review_id AND r.deleted = 0
         JOIN accounts acc ON acc.id = i.account_id AND acc.deleted = 0
         WHERE i.kind = 'ask' AND i.deleted = 0`,
      )
      .all()
      .map((row) => ({
        askId: row.id,
        accountId: row.account_id,
        accountName: row.account_name,
        reviewId: row.review_id,
        reviewDate: row.review_date,
        title: row.title,
        position: row.position,
        priority: row.priority ?? 'low',
        impact: row.impact ?? 'low',
        status: row.status ?? 'open',
      }));
  }
}
