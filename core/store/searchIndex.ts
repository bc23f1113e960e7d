import type Database from 'better-sqlite3';
import type { Store } from './store';

/**
 * Full-text search over synced records (DESIGN.md §4), one index for every table that declares itself
 * searchable in its `SyncedTableSpec`.
 *
 * Shape (migration 0011_search): `search_docs` holds one row per live searchable record — which table and
 * record it is, its account, kind, title and the text to index in c0..c3 (the declared columns in order) —
 * and `search_fts` is an FTS5 index over c0..c3 with external content (content_rowid = doc_id). Triggers on
 * `search_docs` keep the FTS index equal to it, the pattern SQLite documents for external content. Why:
 * - many source tables with text ids cannot share one FTS rowid space; `search_docs.doc_id` is that space,
 *   and (tbl, row_id) is unique, so a record's document is found and replaced by key;
 * - snippet() and highlight() need the text: external content reads it from `search_docs`, so it is stored
 *   once for search, not twice (a contentless table could not give snippets);
 * - kind and account filters and the hit's title are plain columns, never tokenized;
 * - one FTS column per declared column lets snippet() show the passage of the column that matched (a note,
 *   not the account name in front of it), and a name match highlights the name.
 *
 * The write path (`SyncedTable`: insert, update, delete, restore, applyRemote) calls `refresh` in the same
 * transaction as the row, and refreshes the documents of other tables whose title reads it (`SearchDependent`);
 * purges call `forget`. A deleted record has no document.
 */
export interface SearchDeclaration {
  /** The record kind hits carry and the kind filter uses ('account', 'contract', 'time_entry'). */
  kind: string;
  /** The kind as people read it ('Account'). */
  label: string;
  /** The text columns whose words are indexed, at most SEARCH_TEXT_COLUMNS, the shortest (a name) first. */
  columns: readonly string[];
  /** An SQL expression over the row's columns giving the hit's title; a column name is the usual case. */
  title: string;
  /** The account page tab a hit opens, with the record in focus. */
  tab: string;
  /**
   * An SQL expression over the row naming what the tab brings into view, when that is not the record itself: a
   * review item's review (`review_id`), an adoption note's capability. The record's id when omitted.
   */
  focus?: string;
  /**
   * An SQL condition over the row that must also hold for a hit to show, checked when searching: a record that
   * lives inside another (an ask in its review) is hidden while its parent is deleted, which no write of its own
   * row would tell the index.
   */
  visible?: string;
}

/** How many text columns a table may declare searchable (the FTS columns c0..c3). */
export const SEARCH_TEXT_COLUMNS = 4;

/** Marks around matched words in snippets. Private-use characters, stripped from indexed text. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/** A searchable table, as far as the index is concerned. */
export interface SearchSource {
  table: string;
  search: SearchDeclaration;
}

const stripMarks = (expr: string) => `replace(replace(${expr}, char(${MATCH_START.charCodeAt(0)}), ''), char(${MATCH_END.charCodeAt(0)}), '')`;

/** The c0..c3 values of a row's document: its declared columns in order, match marks stripped, then empty text. */
function textsSql(search: SearchDeclaration): string {
  if (search.columns.length === 0 || search.columns.length > SEARCH_TEXT_COLUMNS) {
    throw new Error(`A search declaration names 1 to ${SEARCH_TEXT_COLUMNS} text columns; ${search.kind} names ${search.columns.length}.`);
  }
  return Array.from({ length: SEARCH_TEXT_COLUMNS }, (_, i) => {
    const column = search.columns[i];
    return column === undefined ? `''` : stripMarks(`coalesce(${column}, '')`);
  }).join(', ');
}

/** The SELECT that turns live rows of a source into documents; shared by per-row refresh and rebuild. */
function documentsSql(source: SearchSource, where: string): string {
  return `SELECT '${source.table}', id, account_id, '${source.search.kind}', coalesce(${source.search.title}, ''), ${textsSql(source.search)}
    FROM ${source.table} WHERE deleted = 0 AND ${where}`;
}

const DOC_COLUMNS = 'tbl, row_id, account_id, kind, title, c0, c1, c2, c3';
const TEXT_CHANGED = Array.from({ length: SEARCH_TEXT_COLUMNS }, (_, i) => `search_docs.c${i} IS NOT excluded.c${i}`).join(' OR ');

/**
 * A stable description of what the index holds. Stored with the index; a build whose declarations differ
 * (a table became searchable after rows existed, a title changed) rebuilds it once at open.
 */
export function searchRecipe(sources: readonly SearchSource[]): string {
  return JSON.stringify(
    [...sources]
      .sort((a, b) => a.table.localeCompare(b.table))
      .map((s) => ({ table: s.table, kind: s.search.kind, columns: s.search.columns, title: s.search.title })),
  );
}

const RECIPE_KEY = 'search_recipe';

/**
 * Writes the current documents of the live rows of a source matching `where`. The update is skipped when nothing
 * indexed changed, so edits of other fields never touch the FTS index.
 */
function upsertSql(source: SearchSource, where: string): string {
  return `INSERT INTO search_docs (${DOC_COLUMNS}) ${documentsSql(source, where)}
       ON CONFLICT (tbl, row_id) DO UPDATE SET account_id = excluded.account_id, kind = excluded.kind, title = excluded.title,
         c0 = excluded.c0, c1 = excluded.c1, c2 = excluded.c2, c3 = excluded.c3
       WHERE search_docs.account_id IS NOT excluded.account_id OR search_docs.kind IS NOT excluded.kind
          OR search_docs.title IS NOT excluded.title OR ${TEXT_CHANGED}`;
}

/**
 * Documents of another table that read a row of this one (an adoption note's title names its capability): a write
 * of that row refreshes theirs in the same transaction. `rows` is an SQL condition over the other table's rows,
 * with one `?` for the id of the row written here.
 */
export interface SearchDependent {
  source: SearchSource;
  rows: string;
}

/** Refreshes the documents that read a row of another table, whenever that row is written. */
export class DependentDocWriter {
  private readonly upsert: Database.Statement<[string]>;

  constructor(db: Database.Database, dependent: SearchDependent) {
    this.upsert = db.prepare(upsertSql(dependent.source, `(${dependent.rows})`));
  }

  refresh(id: string): void {
    this.upsert.run(id);
  }
}

/** Keeps one table's documents equal to its live rows. */
export class SearchDocWriter {
  private readonly upsert: Database.Statement<[string]>;
  private readonly remove: Database.Statement<[{ id: string }]>;

  constructor(db: Database.Database, source: SearchSource) {
    this.upsert = db.prepare(upsertSql(source, 'id = ?'));
    this.remove = db.prepare(
      `DELETE FROM search_docs WHERE tbl = '${source.table}' AND row_id = @id
       AND NOT EXISTS (SELECT 1 FROM ${source.table} WHERE id = @id AND deleted = 0)`,
    );
  }

  /** Must run inside the write that changed the row: a live row gets its current document, a deleted one none. */
  refresh(id: string, live = false): void {
    this.upsert.run(id);
    // `live`: the caller just inserted the row undeleted, so there is no document of a deleted row to remove.
    if (!live) this.remove.run({ id });
  }
}

/** Removes the documents of a purged table, or of one account's records in it. Inside the purge's write. */
export function forgetDocuments(db: Database.Database, table: string, accountId?: string): void {
  if (accountId === undefined) db.prepare('DELETE FROM search_docs WHERE tbl = ?').run(table);
  else db.prepare('DELETE FROM search_docs WHERE tbl = ? AND account_id = ?').run(table, accountId);
}

/** Rebuilds every document from the live rows of the declared sources, in one write. */
export function rebuildSearchIndex(store: Store, sources: readonly SearchSource[]): number {
  return store.write(() => {
    const db = store.db;
    db.prepare('DELETE FROM search_docs').run();
    let documents = 0;
    for (const source of sources) {
      documents += db.prepare(`INSERT INTO search_docs (${DOC_COLUMNS}) ${documentsSql(source, '1')}`).run().changes;
    }
    // Bulk deletes leave the index fragmented; one merge keeps queries fast.
    db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('optimize')`).run();
    db.prepare('INSERT INTO local_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(RECIPE_KEY, searchRecipe(sources));
    return documents;
  });
}

/** Rebuilds the index when this build declares other searchable data than the index was built from. */
export function ensureSearchIndex(store: Store, sources: readonly SearchSource[]): boolean {
  const stored = store.db.prepare<[string], { value: string }>('SELECT value FROM local_meta WHERE key = ?').get(RECIPE_KEY)?.value;
  if (stored === searchRecipe(sources)) return false;
  rebuildSearchIndex(store, sources);
  return true;
}
