import { AGE_BUCKETS, REPORT_LIST_LIMIT, RESPONDER_ROLES, median, slaStatus, weekOf } from '../model';
import type { AgeBucket, BacklogFigure, MttrFigure, ResponderRole, Severity, SlaAttainmentRow, SlaBreach, SlaFigure, SlaPause } from '../model';
import type { Scope } from './scope';
import { accountClause, isoOf, singleClause } from './scope';
import { weeksOfPeriod } from './weeks';

const DAY_MS = 86_400_000;

/** What attainment needs of one target of an incident. */
interface TargetOutcome {
  key: string;
  label: string;
  state: 'met' | 'breached' | 'running' | 'not_started';
  targetMinutes: number;
  remainingMs: number;
}

/**
 * The outcomes of incidents resolved by a report's instant never change until the incident or its contract is
 * edited: kept by incident id with both record versions, so a refreshed dashboard or the next week's report
 * recomputes only what changed. Bounded: dropped whole when it grows past the limit.
 */
export class SettledSla {
  private readonly outcomes = new Map<string, { version: string; targets: TargetOutcome[] }>();
  constructor(private readonly limit = 100_000) {}
  get(id: string, version: string): TargetOutcome[] | undefined {
    const hit = this.outcomes.get(id);
    return hit && hit.version === version ? hit.targets : undefined;
  }
  set(id: string, version: string, targets: TargetOutcome[]): void {
    if (this.outcomes.size >= this.limit) this.outcomes.clear();
    this.outcomes.set(id, { version, targets });
  }
}

interface IncidentRow {
  id: string;
  account_id: string;
  severity: Severity;
  summary: string;
  opened_at: string;
  first_response_at: string | null;
  support_engineer_at: string | null;
  developer_at: string | null;
  incident_manager_at: string | null;
  updates: string;
  pauses: string;
  resolved_at: string | null;
  updated_at: string;
}

type IncidentTuple = [
  id: string,
  accountId: string,
  severity: Severity,
  summary: string,
  openedAt: string,
  firstResponseAt: string | null,
  supportEngineerAt: string | null,
  developerAt: string | null,
  incidentManagerAt: string | null,
  updates: string,
  pauses: string,
  resolvedAt: string | null,
  updatedAt: string,
];

function incidentRow(t: IncidentTuple): IncidentRow {
  return {
    id: t[0],
    account_id: t[1],
    severity: t[2],
    summary: t[3],
    opened_at: t[4],
    first_response_at: t[5],
    support_engineer_at: t[6],
    developer_at: t[7],
    incident_manager_at: t[8],
    updates: t[9],
    pauses: t[10],
    resolved_at: t[11],
    updated_at: t[12],
  };
}

const ENGAGED_COLUMN: Record<ResponderRole, 'support_engineer_at' | 'developer_at' | 'incident_manager_at'> = {
  support_engineer: 'support_engineer_at',
  developer: 'developer_at',
  incident_manager: 'incident_manager_at',
};

/**
 * SLA attainment: every incident *opened* in the period, judged by the SLA clock (core/model/slaClock.ts) under the
 * contract in force when it opened, as of the report's instant. A target is met or breached once decided; one still
 * running at that instant is pending and left out of the attainment (it may yet be met).
 */
export function slaFigure(scope: Scope, settled: SettledSla = new SettledSla()): SlaFigure {
  const one = singleClause(scope, 'account_id');
  // Rows as arrays (no object per row), the row named only once its account and contract are known.
  const rows = scope
    .prepare<string[], IncidentTuple>(
      `SELECT id, account_id, severity, summary, opened_at, first_response_at, support_engineer_at, developer_at, incident_manager_at,
              updates, pauses, resolved_at, updated_at
       FROM incidents WHERE deleted = 0 AND opened_at >= ? AND opened_at < ?${one.sql}`,
    )
    .raw()
    .all(scope.startIso, scope.endIso, ...one.params);
  const asOf = new Date(scope.asOfMs);
  const byKey = new Map<string, SlaAttainmentRow>();
  const breaches: SlaBreach[] = [];
  let incidents = 0;
  let withoutContract = 0;
  for (const tuple of rows) {
    const account = scope.accounts.get(tuple[1]);
    if (!account) continue;
    incidents += 1;
    const contract = scope.contractInForceAt(tuple[1], tuple[4]);
    if (!contract) {
      withoutContract += 1;
      continue;
    }
    const [id, accountId, severity, summary, openedAt, , , , , , , resolvedAt, updatedAt] = tuple;
    const done = resolvedAt !== null && Date.parse(resolvedAt) <= scope.asOfMs;
    const version = `${updatedAt}|${contract.id}|${contract.updatedAt}`;
    let targets = done ? settled.get(id, version) : undefined;
    if (!targets) {
      const row = incidentRow(tuple);
      // Times after the report's instant had not happened yet as of it.
      const upTo = (iso: string | null): string | null => (iso !== null && Date.parse(iso) <= scope.asOfMs ? iso : null);
      const engagedAt: Partial<Record<ResponderRole, string | null>> = {};
      for (const role of RESPONDER_ROLES) engagedAt[role] = upTo(row[ENGAGED_COLUMN[role]]);
      const pauses = (JSON.parse(row.pauses) as SlaPause[]).filter((p) => Date.parse(p.start) <= scope.asOfMs).map((p) => ({ start: p.start, end: upTo(p.end) }));
      const report = slaStatus(
        { slaTargets: contract.slaTargets, coverage: contract.coverage },
        {
          severity: row.severity,
          openedAt: row.opened_at,
          firstResponseAt: upTo(row.first_response_at),
          engagedAt,
          updates: (JSON.parse(row.updates) as string[]).filter((u) => Date.parse(u) <= scope.asOfMs),
          resolvedAt: upTo(row.resolved_at),
          pauses,
        },
        asOf,
      );
      targets = report.targets.map((t) => ({ key: t.key, label: t.label, state: t.state, targetMinutes: t.targetMinutes, remainingMs: t.remainingMs }));
      // Resolved by the report's instant: every clock has stopped, so the outcome holds for any later report too.
      if (done) settled.set(id, version, targets);
    }
    for (const target of targets) {
      const key = `${contract.tier}|${severity}|${target.key}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { tier: contract.tier, severity: severity, target: target.key, label: target.label, met: 0, breached: 0, pending: 0, attainment: null };
        byKey.set(key, entry);
      }
      if (target.state === 'met') entry.met += 1;
      else if (target.state === 'breached') {
        entry.breached += 1;
        breaches.push({
          incidentId: id,
          accountId,
          accountName: account.name,
          tier: contract.tier,
          severity: severity,
          summary,
          openedAt,
          target: target.key,
          label: target.label,
          targetMinutes: target.targetMinutes,
          overMs: Math.max(0, -target.remainingMs),
        });
      } else entry.pending += 1;
    }
  }
  const targetOrder = (t: string) => (t === 'first_response' ? 0 : t === 'update' ? 9 : 1 + RESPONDER_ROLES.indexOf(t.slice(7) as ResponderRole));
  const list = [...byKey.values()].sort((a, b) => a.tier.localeCompare(b.tier) || a.severity - b.severity || targetOrder(a.target) - targetOrder(b.target));
  let met = 0;
  let breached = 0;
  for (const r of list) {
    r.attainment = r.met + r.breached === 0 ? null : r.met / (r.met + r.breached);
    met += r.met;
    breached += r.breached;
  }
  breaches.sort((a, b) => a.severity - b.severity || b.overMs - a.overMs || a.incidentId.localeCompare(b.incidentId));
  return {
    incidents,
    withoutContract,
    rows: list,
    attainment: met + breached === 0 ? null : met / (met + breached),
    breaches: breaches.slice(0, REPORT_LIST_LIMIT),
    breachCount: breaches.length,
  };
}

/**
 * MTTR: every incident *resolved* in the period (whenever it opened), wall-clock time from opening to resolution;
 * mean and median, and the same per ISO week of resolution.
 */
export function mttrFigure(scope: Scope): MttrFigure {
  const one = singleClause(scope, 'account_id');
  // Rows as arrays (no object per row); only the listed ones become items.
  const rows = scope
    .prepare<string[], [id: string, accountId: string, severity: Severity, summary: string, resolvedAt: string, ms: number]>(
      `SELECT id, account_id, severity, summary, resolved_at,
              max(0, CAST(round((julianday(resolved_at) - julianday(opened_at)) * 86400000) AS INTEGER)) AS ms
       FROM incidents WHERE deleted = 0 AND resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at < ?${one.sql}`,
    )
    .raw()
    .all(scope.startIso, scope.asOfIso, ...one.params)
    .filter((r) => scope.accounts.has(r[1]));
  const byWeek = new Map<string, number[]>();
  for (const r of rows) {
    const week = weekOf(r[4].slice(0, 10));
    const list = byWeek.get(week) ?? [];
    list.push(r[5]);
    byWeek.set(week, list);
  }
  const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const all = rows.map((r) => r[5]);
  return {
    resolved: rows.length,
    meanMs: mean(all),
    medianMs: median(all),
    weeks: weeksOfPeriod(scope).map(({ week }) => {
      const values = byWeek.get(week) ?? [];
      return { week, resolved: values.length, meanMs: mean(values), medianMs: median(values) };
    }),
    items: rows
      .sort((a, b) => b[5] - a[5] || a[0].localeCompare(b[0]))
      .slice(0, REPORT_LIST_LIMIT)
      .map(([id, accountId, severity, summary, , ms]) => ({
        accountId,
        accountName: scope.accounts.get(accountId)?.name ?? '',
        tab: 'incidents' as const,
        id,
        label: summary.trim() || 'No summary',
        severity,
        durationMs: ms,
      })),
  };
}

/** The ageing bucket of something opened `ageMs` ago. */
export function ageBucket(ageMs: number): AgeBucket {
  if (ageMs < DAY_MS) return 'under_1d';
  if (ageMs < 7 * DAY_MS) return '1_7d';
  if (ageMs < 30 * DAY_MS) return '7_30d';
  return 'over_30d';
}

/**
 * Backlog at the report's instant: incidents opened before it and not resolved by it; action items open or in
 * progress now that existed by then (items keep no closing date, so their state is today's), aged from creation;
 * overdue when due before the report's last day. Counted in SQL; only the listed records are read.
 */
export function backlogFigure(scope: Scope): BacklogFigure {
  const acc = accountClause(scope, 'account_id');
  const asOf = scope.asOfIso;
  // Bucket edges as instants: ISO UTC text sorts as time, so the buckets are plain comparisons.
  const edge = (days: number) => isoOf(scope.asOfMs - days * DAY_MS);
  // Edges bound as parameters, so the statement text stays the same and is prepared once.
  const bucketSql = (column: string) => `CASE WHEN ${column} > ? THEN 'under_1d' WHEN ${column} > ? THEN '1_7d' WHEN ${column} > ? THEN '7_30d' ELSE 'over_30d' END`;
  const edges = [edge(1), edge(7), edge(30)];
  const openIncidents = `SELECT id, account_id, severity, summary, opened_at FROM incidents
       WHERE deleted = 0 AND resolved_at IS NULL AND opened_at < ?${acc.sql}
       UNION ALL
       SELECT id, account_id, severity, summary, opened_at FROM incidents
       WHERE deleted = 0 AND resolved_at IS NOT NULL AND resolved_at >= ? AND opened_at < ?${acc.sql}`;
  const incidentParams = [asOf, ...acc.params, asOf, asOf, ...acc.params];
  const counts = new Map<AgeBucket, { incidents: number; actions: number }>(AGE_BUCKETS.map((b) => [b, { incidents: 0, actions: 0 }]));
  // One pass over the open incidents (the part resolved after the instant scans an index range that, for a past
  // period, holds most incidents): the backlog at one instant is small, so its rows are counted and the oldest
  // listed here rather than scanned a second time for the list.
  const open = scope
    .prepare<string[], [id: string, accountId: string, severity: Severity, summary: string, openedAt: string, bucket: AgeBucket]>(
      `SELECT id, account_id, severity, summary, opened_at, ${bucketSql('opened_at')} AS bucket FROM (${openIncidents})`,
    )
    .raw()
    .all(...edges, ...incidentParams);
  for (const r of open) (counts.get(r[5]) as { incidents: number }).incidents += 1;
  const openIncidentCount = open.length;
  // Oldest first, ties by id, in SQLite's text order (plain code-unit comparison).
  const incidentRows = open
    .sort((x, y) => (x[4] < y[4] ? -1 : x[4] > y[4] ? 1 : x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, REPORT_LIST_LIMIT)
    .map(([id, account_id, severity, summary, opened_at]) => ({ id, account_id, severity, summary, opened_at }));

  const openActions = `FROM action_items WHERE deleted = 0 AND status IN ('open', 'in_progress') AND created_at < ?${acc.sql}`;
  let openActionCount = 0;
  let overdue = 0;
  for (const r of scope
    .prepare<string[], { bucket: AgeBucket; n: number; late: number }>(
      `SELECT ${bucketSql('created_at')} AS bucket, count(*) AS n, SUM(due IS NOT NULL AND due < ?) AS late ${openActions} GROUP BY bucket`,
    )
    .all(...edges, scope.asOfDate, asOf, ...acc.params)) {
    (counts.get(r.bucket) as { actions: number }).actions = r.n;
    openActionCount += r.n;
    overdue += r.late;
  }
  const actionRows = scope
    .prepare<string[], { id: string; account_id: string; title: string; owner: string; due: string | null; created_at: string; late: number }>(
      // The listed items are picked from the covering index (0015), and only they are read from the table.
      `SELECT a.id, a.account_id, a.title, a.owner, a.due, a.created_at, (a.due IS NOT NULL AND a.due < ?) AS late
       FROM (SELECT rowid AS r, (due IS NOT NULL AND due < ?) AS late, coalesce(due, '9999') AS due_key, id ${openActions}
             ORDER BY late DESC, due_key, id LIMIT ${REPORT_LIST_LIMIT}) top
       JOIN action_items a ON a.rowid = top.r
       ORDER BY top.late DESC, top.due_key, top.id`,
    )
    .all(scope.asOfDate, scope.asOfDate, asOf, ...acc.params);

  return {
    asOf,
    openIncidents: openIncidentCount,
    openActions: openActionCount,
    overdueActions: overdue,
    buckets: AGE_BUCKETS.map((bucket) => ({ bucket, ...(counts.get(bucket) as { incidents: number; actions: number }) })),
    incidents: incidentRows.map((r) => ({
      accountId: r.account_id,
      accountName: scope.accounts.get(r.account_id)?.name ?? '',
      tab: 'incidents' as const,
      id: r.id,
      label: r.summary.trim() || 'No summary',
      severity: r.severity,
      openedAt: r.opened_at,
      bucket: ageBucket(scope.asOfMs - Date.parse(r.opened_at)),
    })),
    actions: actionRows.map((r) => ({
      accountId: r.account_id,
      accountName: scope.accounts.get(r.account_id)?.name ?? '',
      tab: 'actions' as const,
      id: r.id,
      label: r.title,
      owner: r.owner,
      due: r.due,
      overdue: r.late === 1,
      bucket: ageBucket(scope.asOfMs - Date.parse(r.created_at)),
    })),
  };
}
