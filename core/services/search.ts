import type Database from 'better-sqlite3';
import { searchQuerySchema } from '../model';
import type { SearchHit, SearchQuery } from '../model';
import { LOCAL_TABLE_SPECS } from '../store/localTables';
import { ensureSearchIndex } from '../store/searchIndex';
import type { SearchDeclaration, SearchSource } from '../store/searchIndex';
import { SearchRepo, snippetSegments, toFtsQuery } from '../store/searchRepo';
import type { ServiceContext } from './context';

/** The searchable tables this build declares (a `search` block in their SyncedTableSpec). */
export function searchSources(): SearchSource[] {
  return LOCAL_TABLE_SPECS.flatMap((spec) => (spec.search ? [{ table: spec.table, search: spec.search }] : []));
}

/** Full-text search over every searchable record on this device. */
export class SearchService {
  private readonly repo: SearchRepo;
  private readonly byTable: Map<string, SearchDeclaration>;
  /** Per table that declares a `focus` or `visible`: reads the focus of a hit's row, nothing when it is hidden. */
  private readonly focusOf: Map<string, Database.Statement<[string], { focus: string | null }>>;

  constructor(ctx: ServiceContext, sources: readonly SearchSource[] = searchSources()) {
    this.repo = new SearchRepo(ctx.store);
    this.byTable = new Map(sources.map((s) => [s.table, s.search]));
    this.focusOf = new Map(
      sources.flatMap((s) =>
        s.search.focus || s.search.visible
          ? [[s.table, ctx.store.db.prepare<[string], { focus: string | null }>(
              `SELECT ${s.search.focus ?? 'id'} AS focus FROM ${s.table} WHERE id = ? AND deleted = 0 AND (${s.search.visible ?? '1'})`,
            )] as const]
          : [],
      ),
    );
    // The index is derived data: a build that declares other searchable data than it was built from rebuilds it.
    ensureSearchIndex(ctx.store, sources);
  }

  /** Best matches first. Whatever was typed is searched as words, never as query syntax, so it cannot fail. */
  query(input: SearchQuery): SearchHit[] {
    const { text, kinds, limit } = searchQuerySchema.parse(input);
    const match = toFtsQuery(text);
    if (match === null) return [];
    // A few spare rows stand in for hits a `visible` condition hides (an ask of a deleted review).
    const rows = this.repo.query(match, kinds ?? [], Math.min(limit + 10, 60));
    const hits: SearchHit[] = [];
    for (const row of rows) {
      if (hits.length === limit) break;
      const lookup = this.focusOf.get(row.tbl);
      const focus = lookup ? lookup.get(row.row_id)?.focus : row.row_id;
      if (focus === undefined || focus === null) continue;
      const declaration = this.byTable.get(row.tbl);
      hits.push({
        table: row.tbl,
        id: row.row_id,
        kind: row.kind,
        kindLabel: declaration?.label ?? row.kind,
        accountId: row.account_id,
        accountName: row.account_name,
        title: row.title,
        // Notes keep their line breaks; a snippet reads as one line.
        snippet: snippetSegments(row.snippet.replace(/\s+/g, ' ').trim()),
        tab: declaration?.tab ?? 'overview',
        focus,
      });
    }
    return hits;
  }
}
