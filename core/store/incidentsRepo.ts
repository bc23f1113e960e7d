import type { Incident, IncidentFields } from '../model';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

type IncidentField = keyof IncidentFields;

/** How an incident reads in search hits and on the timeline: "Sev 1: Checkout API down" (the summary may be empty). */
const INCIDENT_TITLE = `'Sev ' || severity || ': ' || CASE WHEN trim(summary) = '' THEN 'no summary yet' ELSE substr(trim(summary), 1, 120) END`;

export const INCIDENTS_SPEC: SyncedTableSpec<IncidentField> = {
  table: 'incidents',
  columns: {
    severity: 'severity',
    summary: 'summary',
    openedAt: 'opened_at',
    firstResponseAt: 'first_response_at',
    supportEngineerAt: 'support_engineer_at',
    supportEngineerName: 'support_engineer_name',
    developerAt: 'developer_at',
    developerName: 'developer_name',
    incidentManagerAt: 'incident_manager_at',
    incidentManagerName: 'incident_manager_name',
    updates: 'updates',
    pauses: 'pauses',
    resolvedAt: 'resolved_at',
  },
  search: {
    kind: 'incident',
    label: 'Incident',
    columns: ['summary', 'support_engineer_name', 'developer_name', 'incident_manager_name'],
    title: INCIDENT_TITLE,
    tab: 'incidents',
  },
  timeline: [
    { kind: 'incident', label: 'Incident', event: 'Opened', date: 'opened_at', title: INCIDENT_TITLE },
    { kind: 'incident', label: 'Incident', event: 'Resolved', date: 'resolved_at', title: INCIDENT_TITLE, when: 'resolved_at IS NOT NULL' },
  ],
};

interface IncidentRow {
  id: string;
  account_id: string;
  severity: Incident['severity'];
  summary: string;
  opened_at: string;
  first_response_at: string | null;
  support_engineer_at: string | null;
  support_engineer_name: string;
  developer_at: string | null;
  developer_name: string;
  incident_manager_at: string | null;
  incident_manager_name: string;
  updates: string;
  pauses: string;
  resolved_at: string | null;
  deleted: number;
  created_at: string;
  updated_at: string;
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    accountId: row.account_id,
    severity: row.severity,
    summary: row.summary,
    openedAt: row.opened_at,
    firstResponseAt: row.first_response_at,
    supportEngineerAt: row.support_engineer_at,
    supportEngineerName: row.support_engineer_name,
    developerAt: row.developer_at,
    developerName: row.developer_name,
    incidentManagerAt: row.incident_manager_at,
    incidentManagerName: row.incident_manager_name,
    updates: JSON.parse(row.updates) as string[],
    pauses: JSON.parse(row.pauses) as Incident['pauses'],
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Incidents per account. Writes go through the one synced-table path. */
export class IncidentsRepo {
  readonly table: SyncedTable<IncidentField>;

  constructor(private readonly store: Store) {
    this.table = new SyncedTable(store, INCIDENTS_SPEC);
  }

  /** Must run inside `store.write`. */
  insert(id: string, accountId: string, fields: IncidentFields): void {
    this.table.insert(id, accountId, fields);
  }

  get(id: string): Incident | undefined {
    const row = this.table.get(id) as unknown as IncidentRow | undefined;
    return row && !row.deleted ? toIncident(row) : undefined;
  }

  /** Open incidents first, then newest opened first; one account's or every account's. */
  list(query: { accountId?: string | undefined; open?: boolean | undefined }): Incident[] {
    const where = ['deleted = 0'];
    const params: string[] = [];
    if (query.accountId !== undefined) {
      where.push('account_id = ?');
      params.push(query.accountId);
    }
    if (query.open === true) where.push('resolved_at IS NULL');
    if (query.open === false) where.push('resolved_at IS NOT NULL');
    const sql = `SELECT * FROM incidents WHERE ${where.join(' AND ')} ORDER BY resolved_at IS NOT NULL, opened_at DESC, id DESC`;
    return this.store.db.prepare<string[], IncidentRow>(sql).all(...params).map(toIncident);
  }
}
