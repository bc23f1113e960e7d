import type Database from 'better-sqlite3';
import { ORG_PARTITION } from '../model';
import { MATCH_END, MATCH_START } from './searchIndex';
import type { Store } from './store';

/** The most words of a query that are searched for; the rest are ignored. */
export const MAX_QUERY_TERMS = 16;
/**
 * How many of the newest matching documents are ranked. Enough to rank every match of a specific query; a
 * word in most notes ranks its newest matches instead of all of them, which keeps type-ahead fast.
 */
export const RANK_WINDOW = 1000;
/** Words in a snippet around the matches. */
const SNIPPET_TOKENS = 20;

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error: each whitespace-separated chunk
 * becomes a quoted phrase (a double quote inside is doubled, so AND, OR, NEAR, *, ^, : and parentheses are
 * just text) with a prefix star, so words match as they are typed; all chunks must match. Chunks without a
 * letter or digit are dropped: the tokenizer would make them empty phrases. Null when nothing is left.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/u)
    .filter((chunk) => /[\p{L}\p{N}]/u.test(chunk))
    .slice(0, MAX_QUERY_TERMS)
    .map((chunk) => `"${chunk.replace(/"/g, '""')}"*`);
  return terms.length === 0 ? null : terms.join(' ');
}

export interface SearchRow {
  tbl: string;
  row_id: string;
  account_id: string;
  account_name: string | null;
  kind: string;
  title: string;
  /** The best-matching passage of the best-matching column, matches between MATCH_START and MATCH_END. */
  snippet: string;
}

type RankedRow = Omit<SearchRow, 'snippet'> & { doc_id: number };

/**
 * Reads the search index: best matches first (bm25), each with a snippet. Two passes, so the work stays
 * bounded however common the words are:
 * 1. rank: the newest RANK_WINDOW matching documents (of the wanted kinds, whose account is here) get their
 *    bm25 score and the best `limit` are kept. FTS5 walks its doclists in rowid order and stops at the window:
 *    a word in half of 100,000 notes costs a window of scores, not 50,000 (ORDER BY rank would score all).
 * 2. snippets: one more pass over the rowid range of those rows only, computing snippet() for them alone
 *    (a rowid lookup per row would set the query up again each time, and a long prefix is costly to set up).
 * Both run in one read transaction, so they see the same index.
 */
export class SearchRepo {
  private readonly ranked = new Map<number, Database.Statement>();
  private readonly snippets: Database.Statement<[{ match: string; low: number; high: number; ids: string }], { doc_id: number; snippet: string }>;
  private readonly read: (match: string, kinds: readonly string[], limit: number) => SearchRow[];

  constructor(private readonly store: Store) {
    // `+rowid IN`: a filter, not a lookup constraint, so FTS5 scans the range once and the filter runs before
    // snippet() is computed.
    this.snippets = store.db.prepare(
      `SELECT search_fts.rowid AS doc_id, snippet(search_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) AS snippet
       FROM search_fts
       WHERE search_fts MATCH @match AND search_fts.rowid BETWEEN @low AND @high
         AND +search_fts.rowid IN (SELECT value FROM json_each(@ids))`,
    );
    this.read = store.db.transaction((match: string, kinds: readonly string[], limit: number) => {
      const params: Record<string, string | number> = { match, limit, window: RANK_WINDOW };
      kinds.forEach((kind, i) => (params[`kind${i}`] = kind));
      const rows = this.rankStatement(kinds.length).all(params) as RankedRow[];
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.doc_id);
      const snippets = new Map(this.snippets.all({ match, low: Math.min(...ids), high: Math.max(...ids), ids: JSON.stringify(ids) }).map((r) => [r.doc_id, r.snippet]));
      return rows.map(({ doc_id, ...row }) => ({ ...row, snippet: snippets.get(doc_id) ?? '' }));
    });
  }

  /** `match` must come from `toFtsQuery`. `kinds` empty: every kind. */
  query(match: string, kinds: readonly string[], limit: number): SearchRow[] {
    return this.read(match, kinds, limit);
  }

  private rankStatement(kindCount: number): Database.Statement {
    let stmt = this.ranked.get(kindCount);
    if (stmt) return stmt;
    const kindFilter = kindCount > 0 ? `AND d.kind IN (${Array.from({ length: kindCount }, (_, i) => `@kind${i}`).join(', ')})` : '';
    stmt = this.store.db.prepare(
      `WITH recent AS (
         SELECT search_fts.rowid AS doc_id, bm25(search_fts) AS score
         FROM search_fts
         JOIN search_docs d ON d.doc_id = search_fts.rowid
         LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted = 0
         WHERE search_fts MATCH @match ${kindFilter}
           -- A record of an account no longer here (deleted) leads nowhere; org-wide records have no account.
           AND (a.id IS NOT NULL OR d.account_id = '${ORG_PARTITION}')
         ORDER BY search_fts.rowid DESC
         LIMIT @window
       )
       SELECT recent.doc_id, d.tbl, d.row_id, d.account_id, a.name AS account_name, d.kind, d.title
       FROM recent
       JOIN search_docs d ON d.doc_id = recent.doc_id
       LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted = 0
       ORDER BY recent.score, recent.doc_id DESC
       LIMIT @limit`,
    );
    this.ranked.set(kindCount, stmt);
    return stmt;
  }
}

/** A snippet as text runs, each marked whether it matched; the renderer shows matches as <mark>. */
export function snippetSegments(snippet: string): Array<{ text: string; match: boolean }> {
  const segments: Array<{ text: string; match: boolean }> = [];
  let match = false;
  let text = '';
  const push = () => {
    if (text !== '') segments.push({ text, match });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === MATCH_START || ch === MATCH_END) {
      push();
      match = ch === MATCH_START;
    } else text += ch;
  }
  push();
  return segments;
}
