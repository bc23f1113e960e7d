import { z } from 'zod';
import { calendarDateSchema } from './calendarDays';
import { idSchema } from './ids';

/**
 * Roadmap reviews (DESIGN.md §4 `roadmap_reviews`, `review_items`): a dated meeting with a customer, its
 * attendees, agenda and notes, and two kinds of items: asks (feature requests the customer makes) and
 * commitments (what someone promised to do, by when). Items are rows of their own so an ask has a stable id
 * that the portfolio ranking and an action item can point at.
 */

export const ATTENDEE_SIDES = ['customer', 'vendor'] as const;
export type AttendeeSide = (typeof ATTENDEE_SIDES)[number];
export const ATTENDEE_SIDE_LABELS: Record<AttendeeSide, string> = { customer: 'Customer', vendor: 'Our team' };

/** One scale for an ask's priority and its business impact, highest first: the order is the rank the ranking uses. */
export const ASK_LEVELS = ['critical', 'high', 'medium', 'low'] as const;
export type AskLevel = (typeof ASK_LEVELS)[number];
export const ASK_LEVEL_LABELS: Record<AskLevel, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

/** How much the customer wants it. */
export const ASK_PRIORITIES = ASK_LEVELS;
export type AskPriority = AskLevel;
/** What it costs the customer not to have it. */
export const ASK_IMPACTS = ASK_LEVELS;
export type AskImpact = AskLevel;

export const ASK_STATUSES = ['open', 'under_review', 'planned', 'delivered', 'declined'] as const;
export type AskStatus = (typeof ASK_STATUSES)[number];
export const ASK_STATUS_LABELS: Record<AskStatus, string> = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  delivered: 'Delivered',
  declined: 'Declined',
};
/** An ask in one of these states is settled: the customer is no longer waiting for it. */
export const CLOSED_ASK_STATUSES: readonly AskStatus[] = ['delivered', 'declined'];

export const REVIEW_ITEM_KINDS = ['ask', 'commitment'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

/** How many days an ask's follow-up is given when it becomes an action item: asks carry no due date. */
export const ASK_FOLLOW_UP_DAYS = 14;
export const DEFAULT_REVIEW_TITLE = 'Roadmap review';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max.toLocaleString('en')} characters.` });
const longText = (label: string, max: number) =>
  z.string({ error: `${label} must be text.` }).max(max, { error: `${label} must be at most ${max.toLocaleString('en')} characters.` });
/** A reference to a contact or person record; those records come from the team domain. */
const refId = z.string().trim().min(1).max(64).nullable();

export const attendeeSchema = z.object({
  name: text('Attendee name', 200),
  side: z.enum(ATTENDEE_SIDES, { error: 'An attendee is on the customer side or ours.' }),
  refId: refId.default(null),
});
export type Attendee = z.infer<typeof attendeeSchema>;

/** The synced fields of a review. `accountId` is the partition, not an editable field. */
export const reviewFieldsSchema = z.object({
  date: calendarDateSchema('Review date'),
  title: text('Title', 200),
  attendees: z.array(attendeeSchema).max(100, { error: 'A review has at most 100 attendees.' }),
  agenda: longText('Agenda', 20_000),
  notes: longText('Notes', 100_000),
});
export type ReviewFields = z.infer<typeof reviewFieldsSchema>;

/**
 * The synced fields of a review item. Each field is validated alone (that is how a sync push is checked);
 * which fields an ask or a commitment needs is the editor schemas' and the service's business.
 */
export const reviewItemFieldsSchema = z.object({
  reviewId: idSchema,
  kind: z.enum(REVIEW_ITEM_KINDS),
  position: z.number().int().min(0).max(10_000),
  title: text('Title', 300),
  detail: longText('Details', 5000),
  priority: z.enum(ASK_PRIORITIES).nullable(),
  impact: z.enum(ASK_IMPACTS).nullable(),
  status: z.enum(ASK_STATUSES).nullable(),
  owner: z.string().trim().max(200).nullable(),
  ownerRef: refId,
  due: calendarDateSchema('Due date').nullable(),
});
export type ReviewItemFields = z.infer<typeof reviewItemFieldsSchema>;

/** The fields of an ask a person edits. */
const askFields = z.object({
  title: text('Ask', 300),
  priority: z.enum(ASK_PRIORITIES, { error: 'Choose a priority: critical, high, medium or low.' }),
  impact: z.enum(ASK_IMPACTS, { error: 'Choose a business impact: critical, high, medium or low.' }),
  status: z.enum(ASK_STATUSES, { error: 'Unknown ask status.' }),
  detail: longText('Details', 5000),
});

/** The fields of a commitment a person edits. */
const commitmentFields = z.object({
  title: text('Commitment', 300),
  owner: text('Owner', 200),
  ownerRef: refId,
  due: calendarDateSchema('Due date').nullable(),
});

/** A new ask as the editor and the CLI give it. */
export const askDraftSchema = askFields.extend({
  status: askFields.shape.status.default('open'),
  detail: askFields.shape.detail.default(''),
});
export type AskDraft = z.input<typeof askDraftSchema>;

export const commitmentDraftSchema = commitmentFields.extend({
  ownerRef: refId.default(null),
  due: commitmentFields.shape.due.default(null),
});
export type CommitmentDraft = z.input<typeof commitmentDraftSchema>;

/** A new review with its asks and commitments, written in one transaction. */
export const reviewCreateSchema = z.object({
  accountId: idSchema,
  date: reviewFieldsSchema.shape.date,
  title: reviewFieldsSchema.shape.title.default(DEFAULT_REVIEW_TITLE),
  attendees: reviewFieldsSchema.shape.attendees.default([]),
  agenda: reviewFieldsSchema.shape.agenda.default(''),
  notes: reviewFieldsSchema.shape.notes.default(''),
  asks: z.array(askDraftSchema).max(200, { error: 'A review has at most 200 asks.' }).default([]),
  commitments: z.array(commitmentDraftSchema).max(200, { error: 'A review has at most 200 commitments.' }).default([]),
});
export type ReviewCreate = z.input<typeof reviewCreateSchema>;
export type ReviewCreateParsed = z.output<typeof reviewCreateSchema>;

/**
 * Changes to a review, in one transaction: only the fields the person changed travel, so a change someone else
 * made meanwhile (another device, the CLI) to a field or a row this person did not touch is kept.
 */
export const reviewUpdateSchema = z
  .object({
    id: idSchema,
    patch: reviewFieldsSchema.partial().strict().default({}),
    addAsks: z.array(askDraftSchema).max(200).default([]),
    addCommitments: z.array(commitmentDraftSchema).max(200).default([]),
    changeAsks: z.array(askFields.partial().extend({ id: idSchema }).strict()).max(200).default([]),
    changeCommitments: z.array(commitmentFields.partial().extend({ id: idSchema }).strict()).max(200).default([]),
    removeItems: z.array(idSchema).max(400).default([]),
  })
  .strict();
export type ReviewUpdate = z.input<typeof reviewUpdateSchema>;
export type ReviewUpdateParsed = z.output<typeof reviewUpdateSchema>;

export interface RoadmapReview extends ReviewFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewAsk {
  id: string;
  reviewId: string;
  accountId: string;
  position: number;
  title: string;
  detail: string;
  priority: AskPriority;
  impact: AskImpact;
  status: AskStatus;
  /** The live action item made from this ask, if any. */
  actionItemId: string | null;
}

export interface ReviewCommitment {
  id: string;
  reviewId: string;
  accountId: string;
  position: number;
  title: string;
  owner: string;
  ownerRef: string | null;
  due: string | null;
  actionItemId: string | null;
}

export interface ReviewDetail extends RoadmapReview {
  asks: ReviewAsk[];
  commitments: ReviewCommitment[];
}

/** One line of a list of reviews. */
export interface ReviewSummary {
  id: string;
  accountId: string;
  date: string;
  title: string;
  attendeeCount: number;
  askCount: number;
  commitmentCount: number;
}

export interface RecentReview extends ReviewSummary {
  accountName: string;
}

/** One account asking for a ranked ask: what it said most recently. */
export interface AskingAccount {
  accountId: string;
  accountName: string;
  askId: string;
  reviewId: string;
  reviewDate: string;
  title: string;
  priority: AskPriority;
  impact: AskImpact;
  status: AskStatus;
}

/** Asks with the same title across accounts, ranked (see rankAsks). */
export interface RankedAsk {
  /** The normalised title the asks were grouped by. */
  key: string;
  /** The title as most recently written. */
  title: string;
  accountCount: number;
  topPriority: AskPriority;
  topImpact: AskImpact;
  accounts: AskingAccount[];
}

export const reviewListSchema = z.object({ accountId: idSchema }).strict();
export const recentReviewsSchema = z
  .object({ limit: z.number().int().min(1).max(500).default(20) })
  .strict()
  .default({ limit: 20 });
export const rankAsksSchema = z
  .object({ includeClosed: z.boolean().default(false) })
  .strict()
  .default({ includeClosed: false });
export const followUpSchema = z.object({ itemId: idSchema }).strict();

export const REVIEW_EXPORT_FORMATS = ['md', 'pdf'] as const;
export type ReviewExportFormat = (typeof REVIEW_EXPORT_FORMATS)[number];
export const reviewExportSchema = z
  .object({ id: idSchema, format: z.enum(REVIEW_EXPORT_FORMATS, { error: 'Export as md (Markdown) or pdf.' }) })
  .strict();

/** A file made for the user to save: text as is, binary as base64 (it has to cross a JSON channel). */
export interface ExportedFile {
  filename: string;
  mimeType: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

/**
 * The key asks are grouped by across accounts: case, accents, punctuation and spacing do not make two asks
 * different ("SSO via SAML" and "sso — via saml" are one ask).
 */
export function askKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Rank of a priority or impact: higher is more important (critical 4 … low 1). */
export function levelRank(level: AskLevel): number {
  return ASK_LEVELS.length - ASK_LEVELS.indexOf(level);
}

/** An ask as the ranking reads it: what an asking account shows, plus its place in its review. */
export interface AskForRanking extends AskingAccount {
  position: number;
}

const isNewer = (a: AskForRanking, b: AskForRanking): boolean =>
  a.reviewDate > b.reviewDate || (a.reviewDate === b.reviewDate && a.position > b.position);
const highest = (levels: readonly AskLevel[]): AskLevel => levels.reduce((best, l) => (levelRank(l) > levelRank(best) ? l : best));

/**
 * The portfolio ranking of asks, in one place so the UI's explanation and the code agree:
 * 1. asks are grouped by `askKey(title)`;
 * 2. each account counts once per group, with its most recent ask (latest review date, then later in the review);
 * 3. accounts whose most recent ask is delivered or declined are left out, unless `includeClosed`;
 * 4. groups rank by the number of accounts asking, then the highest priority, then the highest business impact
 *    any of those accounts gave, then by title.
 */
export function rankAsks(asks: readonly AskForRanking[], includeClosed: boolean): RankedAsk[] {
  const latest = new Map<string, Map<string, AskForRanking>>();
  for (const ask of asks) {
    const key = askKey(ask.title);
    if (key === '') continue;
    const byAccount = latest.get(key) ?? new Map<string, AskForRanking>();
    latest.set(key, byAccount);
    const current = byAccount.get(ask.accountId);
    if (!current || isNewer(ask, current)) byAccount.set(ask.accountId, ask);
  }
  const ranked: RankedAsk[] = [];
  for (const [key, byAccount] of latest) {
    const asking = [...byAccount.values()].filter((a) => includeClosed || !CLOSED_ASK_STATUSES.includes(a.status));
    const newest = asking.reduce<AskForRanking | null>((n, a) => (n === null || isNewer(a, n) ? a : n), null);
    if (newest === null) continue;
    // The drill-down lists the most pressing accounts first.
    asking.sort(
      (a, b) =>
        levelRank(b.priority) - levelRank(a.priority) || levelRank(b.impact) - levelRank(a.impact) || a.accountName.localeCompare(b.accountName),
    );
    ranked.push({
      key,
      title: newest.title,
      accountCount: asking.length,
      topPriority: highest(asking.map((a) => a.priority)),
      topImpact: highest(asking.map((a) => a.impact)),
      accounts: asking.map(({ position: _position, ...a }) => a),
    });
  }
  return ranked.sort(
    (a, b) =>
      b.accountCount - a.accountCount ||
      levelRank(b.topPriority) - levelRank(a.topPriority) ||
      levelRank(b.topImpact) - levelRank(a.topImpact) ||
      a.title.localeCompare(b.title),
  );
}
