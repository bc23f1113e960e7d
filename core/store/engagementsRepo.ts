import type { Engagement, EngagementFields } from '../model';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

type EngagementField = keyof EngagementFields;

/** On the timeline the kind leads the second line: "Weekly call · Agreed next steps". */
const ENGAGEMENT_TIMELINE_DETAIL = `CASE kind WHEN 'weekly_call' THEN 'Weekly call' WHEN 'onsite_visit' THEN 'Onsite visit' WHEN 'qbr' THEN 'QBR'
  WHEN 'escalation' THEN 'Escalation' WHEN 'email' THEN 'Email' ELSE kind END || CASE WHEN trim(notes) = '' THEN '' ELSE ' · ' || notes END`;

/** Title and occurred_at are plain columns: the account timeline lists engagements by them. */
export const ENGAGEMENTS_SPEC: SyncedTableSpec<EngagementField> = {
  table: 'engagements',
  columns: { kind: 'kind', occurredAt: 'occurred_at', title: 'title', attendees: 'attendees', notes: 'notes', minutes: 'minutes' },
  search: { kind: 'engagement', label: 'Engagement', columns: ['title', 'attendees', 'notes', 'minutes'], title: 'title', tab: 'engagements' },
  timeline: [{ kind: 'engagement', label: 'Engagement', date: 'occurred_at', title: 'title', detail: ENGAGEMENT_TIMELINE_DETAIL }],
};

interface EngagementRow {
  id: string;
  account_id: string;
  kind: Engagement['kind'];
  occurred_at: string;
  title: string;
  attendees: string;
  notes: string;
  minutes: string;
  deleted: number;
  created_at: string;
  updated_at: string;
}

function toEngagement(row: EngagementRow): Engagement {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    title: row.title,
    attendees: row.attendees,
    notes: row.notes,
    minutes: row.minutes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class EngagementsRepo {
  readonly table: SyncedTable<EngagementField>;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, ENGAGEMENTS_SPEC);
  }

  /** Must run inside `store.write`. */
  insert(id: string, accountId: string, fields: EngagementFields): void {
    this.table.insert(id, accountId, fields);
  }

  get(id: string): Engagement | undefined {
    const row = this.table.get(id) as unknown as EngagementRow | undefined;
    return row && !row.deleted ? toEngagement(row) : undefined;
  }

  /** An account's engagements, newest first. */
  listForAccount(accountId: string): Engagement[] {
    return this.store.db
      .prepare<[string], EngagementRow>('SELECT * FROM engagements WHERE account_id = ? AND deleted = 0 ORDER BY occurred_at DESC, id DESC')
      .all(accountId)
      .map(toEngagement);
  }
}
