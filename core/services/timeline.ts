import { FieldbookError, timelineListSchema, TIMELINE_MAX_PAGE } from '../model';
import type { TimelineListQuery, TimelinePage } from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { LOCAL_TABLE_SPECS } from '../store/localTables';
import { TimelineRepo } from '../store/timelineRepo';
import type { TimelineSource } from '../store/timelineRepo';
import type { ServiceContext } from './context';

/** The tables that put entries on the account timeline (a `timeline` block in their SyncedTableSpec). */
export function timelineSources(): TimelineSource[] {
  return LOCAL_TABLE_SPECS.flatMap((spec) => (spec.timeline ? [{ table: spec.table, timeline: spec.timeline }] : []));
}

/** A jump to an old record may need a long first page; past this it opens at the newest entries instead. */
const MAX_THROUGH_PAGE = 5000;

/** Every record of an account, newest first, a page at a time (keyset: no offsets, stable while rows arrive). */
export class TimelineService {
  private readonly repo: TimelineRepo;
  private readonly accounts: AccountsRepo;

  constructor(ctx: ServiceContext, sources: readonly TimelineSource[] = timelineSources()) {
    this.repo = new TimelineRepo(ctx.store, sources);
    this.accounts = new AccountsRepo(ctx.store);
  }

  list(input: TimelineListQuery): TimelinePage {
    const query = timelineListSchema.parse(input);
    if (!this.accounts.get(query.accountId)) {
      throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id: query.accountId });
    }
    let limit = query.limit;
    if (query.through && !query.after) {
      const found = this.repo.locate(query.accountId, query.kinds, query.through);
      if (found && found.newer < MAX_THROUGH_PAGE) limit = Math.max(limit, found.newer + Math.min(query.limit, TIMELINE_MAX_PAGE));
    }
    // One more than asked tells whether another page exists without a count.
    const rows = this.repo.page({ accountId: query.accountId, kinds: query.kinds, after: query.after, limit: limit + 1 });
    const entries = rows.slice(0, limit);
    const last = entries.at(-1);
    return {
      entries,
      next: rows.length > limit && last ? { at: last.at, key: last.key } : null,
      kinds: this.repo.kinds(),
    };
  }
}
