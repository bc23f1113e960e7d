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

  constructor(ctx: ServiceContext, sources: readonly SearchSource[] = searchSources()) {
    this.repo = new SearchRepo(ctx.store);
    this.byTable = new Map(sources.map((s) => [s.table, s.search]));
    // The index is derived data: a build that declares other searchable data than it was built from rebuilds it.
    ensureSearchIndex(ctx.store, sources);
  }

  /** Best matches first. Whatever was typed is searched as words, never as query syntax, so it cannot fail. */
  query(input: SearchQuery): SearchHit[] {
    const { text, kinds, limit } = searchQuerySchema.parse(input);
    const match = toFtsQuery(text);
    if (match === null) return [];
    return this.repo.query(match, kinds ?? [], limit).map((row) => {
      const declaration = this.byTable.get(row.tbl);
      return {
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
      };
    });
  }
}
