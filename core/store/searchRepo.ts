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
export const RANK_WINDOW = 2000;
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

/** Reads the search index: best matches first (bm25), each with a snippet. */
export class SearchRepo {
  private readonly statements = new Map<number, Database.Statement>();

  constructor(private readonly store: Store) {}

  /** `match` must come from `toFtsQuery`. `kinds` empty: every kind. */
  query(match: string, kinds: readonly string[], limit: number): SearchRow[] {
    const params: Record<string, string | number> = { match, limit, window: RANK_WINDOW };
    kinds.forEach((kind, i) => (params[`kind${i}`] = kind));
    return this.statement(kinds.length).all(params) as SearchRow[];
  }

  /**
   * Three steps, so the work stays bounded however common the words are:
   * 1. `recent`: the newest RANK_WINDOW matching documents of the wanted kinds whose account is here, with
   *    their bm25 score. FTS5 walks its doclists in rowid order and stops at the window, so a word in half of
   *    100,000 notes costs a window, not 50,000 scores.
   * 2. `best`: the `limit` best-scored of those.
   * 3. snippets for those rows only: `best` drives the join (CROSS JOIN fixes the order), and FTS5 looks each
   *    one up by rowid within the MATCH.
   * A query matching fewer documents than the window is ranked exactly over all its matches.
   */
  private statement(kindCount: number): Database.Statement {
    let stmt = this.statements.get(kindCount);
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
       ),
       best AS (SELECT doc_id, score FROM recent ORDER BY score, doc_id DESC LIMIT @limit)
       SELECT d.tbl, d.row_id, d.account_id, a.name AS account_name, d.kind, d.title,
         snippet(search_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) AS snippet
       FROM best
       CROSS JOIN search_fts ON search_fts.rowid = best.doc_id
       JOIN search_docs d ON d.doc_id = best.doc_id
       LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted = 0
       WHERE search_fts MATCH @match
       ORDER BY best.score, best.doc_id DESC`,
    );
    this.statements.set(kindCount, stmt);
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
