import type Database from 'better-sqlite3';
import type { Store } from './store';

/**
 * One kind of entry a table's records make on the account timeline, declared in its `SyncedTableSpec`.
 * Expressions are SQL over the table's columns; a plain column name is the usual case. A record may make
 * several entries (an account: created, and updated later).
 */
export interface TimelineDeclaration {
  /** The kind the timeline filter uses ('account', 'contract', 'time_entry'). */
  kind: string;
  /** The kind as people read it ('Account'). */
  label: string;
  /** The entry's date: an ISO date (YYYY-MM-DD) or an ISO instant. Newest first sorts on this text. */
  date: string;
  title: string;
  /** A second line (a note), or omitted. */
  detail?: string;
  /** What happened, when a record makes more than one entry ('Created', 'Updated'). */
  event?: string;
  /** A condition a row must meet to make this entry. */
  when?: string;
}

export interface TimelineSource {
  table: string;
  timeline: readonly TimelineDeclaration[];
}

export interface TimelineEntry {
  /** Unique within the account's timeline; with `at`, the keyset cursor. */
  key: string;
  table: string;
  id: string;
  kind: string;
  label: string;
  event: string | null;
  at: string;
  title: string;
  detail: string | null;
}

export interface TimelineCursor {
  at: string;
  key: string;
}

export interface TimelinePageQuery {
  accountId: string;
  /** Only these kinds; all when omitted or empty. */
  kinds?: readonly string[];
  after?: TimelineCursor | undefined;
  limit: number;
}

interface Branch {
  source: TimelineSource;
  declaration: TimelineDeclaration;
  /** `table#index`: names the declaration in entry keys. */
  name: string;
}

interface EntryRow {
  tbl: string;
  branch: string;
  id: string;
  key: string;
  at: string;
  title: string | null;
  detail: string | null;
}

/** The account timeline: every declared record of an account, newest first, read a page at a time. */
export class TimelineRepo {
  private readonly branches: Branch[];
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly store: Store,
    sources: readonly TimelineSource[],
  ) {
    this.branches = sources.flatMap((source) => source.timeline.map((declaration, i) => ({ source, declaration, name: `${source.table}#${i}` })));
  }

  /** The kinds on the timeline, in declaration order, each once. */
  kinds(): Array<{ kind: string; label: string }> {
    const seen = new Map<string, string>();
    for (const b of this.branches) if (!seen.has(b.declaration.kind)) seen.set(b.declaration.kind, b.declaration.label);
    return [...seen].map(([kind, label]) => ({ kind, label }));
  }

  page(query: TimelinePageQuery): TimelineEntry[] {
    const branches = this.selected(query.kinds);
    if (branches.length === 0) return [];
    const after = query.after ?? null;
    const rows = this.statement(branches, 'page').all({
      account: query.accountId,
      at: after?.at ?? null,
      key: after?.key ?? null,
      limit: query.limit,
    }) as EntryRow[];
    return rows.map((r) => this.toEntry(r));
  }

  /**
   * Where a record (by id, whatever its table) sits on the timeline: its newest entry among the selected kinds,
   * and how many entries come before it (newer), so a page can be made long enough to show it.
   */
  locate(accountId: string, kinds: readonly string[] | undefined, id: string): { cursor: TimelineCursor; newer: number } | null {
    const branches = this.selected(kinds);
    if (branches.length === 0) return null;
    const found = this.statement(branches, 'record').get({ account: accountId, id }) as EntryRow | undefined;
    if (!found) return null;
    const newer = this.statement(branches, 'count').get({ account: accountId, at: found.at, key: found.key }) as { n: number };
    return { cursor: { at: found.at, key: found.key }, newer: newer.n };
  }

  private selected(kinds: readonly string[] | undefined): Branch[] {
    return kinds && kinds.length > 0 ? this.branches.filter((b) => kinds.includes(b.declaration.kind)) : this.branches;
  }

  private toEntry(row: EntryRow): TimelineEntry {
    const branch = this.branches.find((b) => b.name === row.branch);
    return {
      key: row.key,
      table: row.tbl,
      id: row.id,
      kind: branch?.declaration.kind ?? row.tbl,
      label: branch?.declaration.label ?? row.tbl,
      event: branch?.declaration.event ?? null,
      at: row.at,
      title: row.title ?? '',
      detail: row.detail === null || row.detail === '' ? null : row.detail,
    };
  }

  /** One SELECT per branch, joined with UNION ALL; each branch carries the account and keyset conditions so its indexes apply. */
  private statement(branches: Branch[], shape: 'page' | 'record' | 'count'): Database.Statement {
    const cacheKey = `${shape}:${branches.map((b) => b.name).join(',')}`;
    let stmt = this.statements.get(cacheKey);
    if (stmt) return stmt;
    const keyset = shape === 'page' ? `AND (@at IS NULL OR (e.at, e.key) < (@at, @key))` : shape === 'count' ? `AND (e.at, e.key) > (@at, @key)` : '';
    const union = branches
      .map((b) => {
        const d = b.declaration;
        const filter = shape === 'record' ? 'AND id = @id' : '';
        return `SELECT '${b.source.table}' AS tbl, '${b.name}' AS branch, id, '${b.name}:' || id AS key, ${d.date} AS at,
          ${d.title} AS title, ${d.detail ?? 'NULL'} AS detail
          FROM ${b.source.table} WHERE account_id = @account AND deleted = 0 AND ${d.date} IS NOT NULL ${d.when ? `AND (${d.when})` : ''} ${filter}`;
      })
      .join('\nUNION ALL\n');
    const sql =
      shape === 'count'
        ? `SELECT count(*) AS n FROM (${union}) e WHERE 1 ${keyset}`
        : `SELECT * FROM (${union}) e WHERE 1 ${keyset} ORDER BY e.at DESC, e.key DESC ${shape === 'page' ? 'LIMIT @limit' : 'LIMIT 1'}`;
    stmt = this.store.db.prepare(sql);
    this.statements.set(cacheKey, stmt);
    return stmt;
  }
}
