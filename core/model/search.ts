import { z } from 'zod';
import { idSchema } from './ids';

/** A piece of a snippet or title; `match` pieces are the words that matched, shown highlighted. */
export interface TextSegment {
  text: string;
  match: boolean;
}

/** One record found by full-text search, with where it lives so the app can open it. */
export interface SearchHit {
  /** The synced table and record id. */
  table: string;
  id: string;
  kind: string;
  kindLabel: string;
  accountId: string;
  /** The account's name; null for an organisation-wide record. */
  accountName: string | null;
  title: string;
  /** The best-matching passage of the record's text. */
  snippet: TextSegment[];
  /** The account page tab that shows the record. */
  tab: string;
  /** What that tab brings into view: the record's id, or the record that shows it (a review item's review). */
  focus: string;
}

const kindSchema = z.string().trim().min(1).max(64);

export const SEARCH_MAX_LIMIT = 50;

export const searchQuerySchema = z
  .object({
    text: z.string({ error: 'Type something to search for.' }).max(500, { error: 'Search for at most 500 characters.' }),
    kinds: z.array(kindSchema).max(32).optional(),
    limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(20),
  })
  .strict();
export type SearchQuery = z.input<typeof searchQuerySchema>;

/** One entry on an account's timeline. */
export interface TimelineItem {
  key: string;
  table: string;
  id: string;
  kind: string;
  label: string;
  /** What happened, when a record makes more than one entry ('Created', 'Updated'). */
  event: string | null;
  /** An ISO date (YYYY-MM-DD) or instant. */
  at: string;
  title: string;
  detail: string | null;
}

export const timelineCursorSchema = z.object({ at: z.string().min(1).max(64), key: z.string().min(1).max(300) }).strict();
export type TimelineCursorInput = z.infer<typeof timelineCursorSchema>;

export const TIMELINE_MAX_PAGE = 200;

export const timelineListSchema = z
  .object({
    accountId: idSchema,
    kinds: z.array(kindSchema).max(32).optional(),
    /** The last entry of the previous page (keyset pagination). */
    after: timelineCursorSchema.optional(),
    limit: z.number().int().min(1).max(TIMELINE_MAX_PAGE).default(50),
    /** A record id to include: the first page then reaches down to it (a jump from search). */
    through: idSchema.optional(),
  })
  .strict();
export type TimelineListQuery = z.input<typeof timelineListSchema>;

export interface TimelinePage {
  entries: TimelineItem[];
  /** Pass as `after` for the next page; null at the end. */
  next: TimelineCursorInput | null;
  /** Every kind the timeline can show, for the filter. */
  kinds: Array<{ kind: string; label: string }>;
}
