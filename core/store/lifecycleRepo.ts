import { DEFAULT_HANDOFF_TEMPLATES, LIFECYCLE_STAGES, ORG_PARTITION } from '../model';
import type { HandoffItem, HandoffItemFields, HandoffTemplateItem, HandoffTemplateItemFields, LifecycleEventFields, LifecycleStage } from '../model';
import { ZERO_HLC } from '../protocol/hlc';
import { Queries, decodeRow, derivedId } from './recordCodec';
import type { RecordCodec, RecordMeta } from './recordCodec';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

/** "Hand-off: onboarding → production" (stage codes read as words). */
const HANDOFF_TITLE = `'Hand-off: ' || replace(from_stage, '_', ' ') || ' → ' || replace(to_stage, '_', ' ')`;

export const LIFECYCLE_EVENTS_SPEC: SyncedTableSpec<keyof LifecycleEventFields> = {
  table: 'lifecycle_events',
  columns: { fromStage: 'from_stage', toStage: 'to_stage', at: 'at', fromOwner: 'from_owner', toOwner: 'to_owner', note: 'note' },
  search: { kind: 'handoff', label: 'Hand-off', columns: ['note', 'from_owner', 'to_owner'], title: HANDOFF_TITLE, tab: 'lifecycle' },
  timeline: [{ kind: 'handoff', label: 'Hand-off', date: 'at', title: HANDOFF_TITLE, detail: 'note' }],
};
export const HANDOFF_ITEMS_SPEC: SyncedTableSpec<keyof HandoffItemFields> = {
  table: 'handoff_items',
  columns: { eventId: 'event_id', text: 'text', sort: 'sort', done: 'done', doneAt: 'done_at', doneBy: 'done_by' },
};
export const HANDOFF_TEMPLATES_SPEC: SyncedTableSpec<keyof HandoffTemplateItemFields> = {
  table: 'handoff_templates',
  columns: { stage: 'stage', text: 'text', sort: 'sort' },
};

const EVENTS: RecordCodec<keyof LifecycleEventFields> = { spec: LIFECYCLE_EVENTS_SPEC };
const ITEMS: RecordCodec<keyof HandoffItemFields> = { spec: HANDOFF_ITEMS_SPEC, booleans: ['done'] };
const TEMPLATES: RecordCodec<keyof HandoffTemplateItemFields> = { spec: HANDOFF_TEMPLATES_SPEC };

type Row = Record<string, unknown>;
export type StoredEvent = LifecycleEventFields & RecordMeta;
export type StoredItem = HandoffItem & { accountId: string };

function toItem(row: Row): StoredItem {
  const { createdAt: _c, updatedAt: _u, ...item } = decodeRow<keyof HandoffItemFields, HandoffItemFields>(ITEMS, row);
  return item;
}

function toTemplate(row: Row): HandoffTemplateItem {
  const { id, stage, text, sort } = decodeRow<keyof HandoffTemplateItemFields, HandoffTemplateItemFields>(TEMPLATES, row);
  return { id, stage, text, sort };
}

export class LifecycleRepo {
  readonly events: SyncedTable<keyof LifecycleEventFields>;
  readonly items: SyncedTable<keyof HandoffItemFields>;
  readonly templates: SyncedTable<keyof HandoffTemplateItemFields>;

  private readonly queries: Queries;

  constructor(private readonly store: Store) {
    this.queries = new Queries(store.db);
    this.events = new SyncedTable(store, LIFECYCLE_EVENTS_SPEC);
    this.items = new SyncedTable(store, HANDOFF_ITEMS_SPEC);
    this.templates = new SyncedTable(store, HANDOFF_TEMPLATES_SPEC);
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.queries.all(sql, ...params);
  }

  /**
   * Inserts any default checklist item that is missing. Ids derive from stage and text and the rows carry the zero
   * clock, so every device seeds the same rows and any manager's edit wins; an item a manager removed stays removed.
   */
  seedTemplates(): number {
    const seeds = LIFECYCLE_STAGES.flatMap((stage) =>
      DEFAULT_HANDOFF_TEMPLATES[stage].map((text, sort) => ({ id: derivedId('handoff_template', `${stage}:${text}`), fields: { stage, text, sort } })),
    );
    // Opening a data folder should not take the write lock when there is nothing to add (the usual case).
    if (seeds.every((s) => this.templates.get(s.id))) return 0;
    return this.store.write(() => {
      const missing = seeds.filter((s) => !this.templates.get(s.id));
      for (const s of missing) this.templates.insert(s.id, ORG_PARTITION, s.fields, ZERO_HLC);
      return missing.length;
    });
  }

  listTemplates(stage?: LifecycleStage): HandoffTemplateItem[] {
    const rows = stage
      ? this.all(`SELECT * FROM handoff_templates WHERE deleted = 0 AND stage = ? ORDER BY sort, id`, stage)
      : this.all(`SELECT * FROM handoff_templates WHERE deleted = 0 ORDER BY stage, sort, id`);
    return rows.map(toTemplate);
  }

  template(id: string): HandoffTemplateItem | undefined {
    const row = this.templates.get(id);
    return row && !row.deleted ? toTemplate(row) : undefined;
  }

  /** An account's events, oldest first. */
  listEvents(accountId: string): StoredEvent[] {
    return this.all(`SELECT * FROM lifecycle_events WHERE account_id = ? AND deleted = 0 ORDER BY at, id`, accountId).map((r) =>
      decodeRow<keyof LifecycleEventFields, LifecycleEventFields>(EVENTS, r),
    );
  }

  /** Every live event of every account, oldest first (the lifecycle view reads the whole portfolio). */
  allEvents(): StoredEvent[] {
    return this.all(`SELECT * FROM lifecycle_events WHERE deleted = 0 ORDER BY at, id`).map((r) =>
      decodeRow<keyof LifecycleEventFields, LifecycleEventFields>(EVENTS, r),
    );
  }

  /** Checklist items grouped by event id, each list in checklist order. */
  itemsByEvent(accountId?: string): Map<string, StoredItem[]> {
    const rows = accountId
      ? this.all(`SELECT * FROM handoff_items WHERE account_id = ? AND deleted = 0 ORDER BY event_id, sort, id`, accountId)
      : this.all(`SELECT * FROM handoff_items WHERE deleted = 0 ORDER BY event_id, sort, id`);
    const byEvent = new Map<string, StoredItem[]>();
    for (const row of rows) {
      const item = toItem(row);
      const list = byEvent.get(item.eventId) ?? [];
      list.push(item);
      byEvent.set(item.eventId, list);
    }
    return byEvent;
  }

  /** Checklist size and open items per event, counted in SQL: the portfolio view needs no item texts. */
  checklistCounts(): Map<string, { total: number; open: number }> {
    const rows = this.all(`SELECT event_id AS eventId, COUNT(*) AS total, SUM(done = 0) AS open FROM handoff_items WHERE deleted = 0 GROUP BY event_id`) as Array<{
      eventId: string;
      total: number;
      open: number;
    }>;
    return new Map(rows.map((r) => [r.eventId, { total: r.total, open: r.open }]));
  }

  /** When each live account's stage field last changed: its field clock, read in one query for the portfolio. */
  stageClocks(): Map<string, string | null> {
    const rows = this.all(`SELECT id, json_extract(clocks, '$.stage') AS clock FROM accounts WHERE deleted = 0`) as Array<{ id: string; clock: string | null }>;
    return new Map(rows.map((r) => [r.id, r.clock]));
  }

  item(id: string): StoredItem | undefined {
    const row = this.items.get(id);
    return row && !row.deleted ? toItem(row) : undefined;
  }
}
