import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import {
  ADOPTION_STATUS_LABELS,
  AGE_BUCKET_LABELS,
  LIFECYCLE_STAGE_LABELS,
  describeCoverageProblem,
  describeDuration,
  formatSlaDuration,
} from '../../../../core/model';
import type { AdoptionStatus, MetricsReport, ReportQuery, ReportRef } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { labelOf } from '../catalog/store';
import { useCatalog } from '../../app/context';
import { useDataChanged } from '../reviews/useDataChanged';
import { axisStyle, Chart, useChartTheme } from './Chart';
import type { ChartOption, ChartTheme } from './Chart';

/** The tables whose changes can move a figure: a change to any of them refreshes the view. */
export const METRICS_TABLES = [
  'accounts', 'incidents', 'contracts', 'time_entries', 'action_items', 'adoption', 'adoption_notes', 'capabilities',
  'lifecycle_events', 'handoff_items', 'roadmap_reviews', 'review_items', 'people', 'team_roles', 'on_call_rotations',
] as const;

const hours = (minutes: number) => `${(Math.round((minutes / 60) * 10) / 10).toLocaleString('en')} h`;
const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10} %`);
const dur = (ms: number | null) => (ms === null ? '—' : formatSlaDuration(ms));
const ADOPTION_ORDER: AdoptionStatus[] = ['not_started', 'evaluating', 'piloting', 'adopted', 'blocked'];

/** Opens the record behind a figure on its account's tab (focused when the tab supports it). */
export function useDrillDown(): (ref: Pick<ReportRef, 'accountId' | 'tab' | 'id'>, reviewId?: string) => void {
  const stores = useApp();
  return useCallback(
    (ref, reviewId) => {
      if (ref.tab === 'reviews' && reviewId) stores.reviews.getState().openReview(ref.accountId, reviewId);
      stores.nav.getState().go('accounts');
      stores.accounts.getState().show({ kind: 'page', id: ref.accountId, tab: ref.tab, ...(ref.id ? { focus: ref.id } : {}) });
    },
    [stores],
  );
}

/** Loads the report for a query and keeps it current while shown. */
export function useMetrics(query: ReportQuery | null): { report: MetricsReport | null; error: string | null; loading: boolean } {
  const { client } = useApp();
  const key = JSON.stringify(query);
  const [state, setState] = useState<{ key: string | null; report: MetricsReport | null; error: string | null }>({ key: null, report: null, error: null });
  const load = useCallback(() => {
    if (key === 'null') return;
    const parsed = JSON.parse(key) as ReportQuery;
    client.call('reports.metrics', parsed).then(
      (report) => setState({ key, report, error: null }),
      (error: unknown) => setState({ key, report: null, error: errorMessage(error) }),
    );
  }, [client, key]);
  useEffect(load, [load]);
  useDataChanged(METRICS_TABLES, load);
  // The last answer stays on screen while the next one is worked out.
  return { report: state.report, error: state.error, loading: state.key !== key };
}

function Section({ id, title, summary, children }: { id: string; title: string; summary: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel metrics-section" id={id} aria-labelledby={headingId}>
      <header className="metrics-section__header">
        <h2 id={headingId} tabIndex={-1}>
          {title}
        </h2>
        <p className="muted">{summary}</p>
      </header>
      {children}
    </section>
  );
}

function Empty({ title, next }: { title: string; next: string }) {
  return (
    <div className="empty metrics-empty">
      <p className="empty__title">{title}</p>
      <p className="muted">{next}</p>
    </div>
  );
}

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="sync-table metrics-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A list of the records behind a figure; each opens its record. */
function RecordList<T>({ label, items, total, render, limit = 10 }: { label: string; items: readonly T[]; total: number; render: (item: T) => ReactNode; limit?: number }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, limit);
  return (
    <div className="metrics-records">
      <ul aria-label={label} className="metrics-records__list">
        {shown.map((item, i) => (
          <li key={i}>{render(item)}</li>
        ))}
      </ul>
      {items.length > limit && !all ? (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show all {items.length}
          {total > items.length ? ` of ${total} (the first ${items.length} are listed)` : ''}
        </button>
      ) : null}
    </div>
  );
}

/** One record behind a figure: a button that opens it, its title over a line of detail (red when overdue). */
function RecordButton({ onClick, title, detail, alert = false }: { onClick: () => void; title: ReactNode; detail: ReactNode; alert?: boolean }) {
  return (
    <button type="button" className="metrics-record" onClick={onClick}>
      <span className="metrics-record__title">{title}</span>
      <span className={alert ? 'metrics-overdue' : 'muted'}>{detail}</span>
    </button>
  );
}

function grid(): ChartOption['grid'] {
  return { left: 48, right: 16, top: 36, bottom: 48, containLabel: true };
}

function legend(theme: ChartTheme): ChartOption['legend'] {
  return { top: 0, textStyle: { color: theme.text } };
}

function tooltip(theme: ChartTheme): ChartOption['tooltip'] {
  return { trigger: 'axis', backgroundColor: theme.surface, borderColor: theme.border, textStyle: { color: theme.text } };
}

function SlaSection({ report, theme, single }: { report: MetricsReport; theme: ChartTheme; single: boolean }) {
  const open = useDrillDown();
  const { sla } = report;
  const option = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      // Room on the right for the "100 %" labels.
      grid: { left: 48, right: 60, top: 36, bottom: 48, containLabel: true },
      tooltip: tooltip(theme),
      xAxis: { type: 'value', max: 100, name: '% attained', ...axisStyle(theme) },
      yAxis: { type: 'category', data: sla.rows.map((r) => `${r.tier} S${r.severity} ${r.label}`), inverse: true, ...axisStyle(theme) },
      series: [
        {
          type: 'bar',
          name: 'Attained %',
          // Every bar says its figure: 0 % and "still running" must not both look like an empty row.
          label: { show: true, position: 'right', color: theme.text, formatter: '{c} %' },
          data: sla.rows.map((r) =>
            r.attainment === null ? { value: 0, label: { show: true, position: 'right' as const, color: theme.muted, formatter: 'pending' } } : Math.round(r.attainment * 1000) / 10,
          ),
        },
      ],
    }),
    [sla, theme],
  );
  return (
    <Section
      id="metrics-sla"
      title="SLA attainment"
      summary={
        sla.incidents === 0
          ? 'No incidents opened in this period.'
          : `${sla.incidents} incident${sla.incidents === 1 ? '' : 's'} opened · ${pct(sla.attainment)} of decided targets met · ${sla.breachCount} breach${sla.breachCount === 1 ? '' : 'es'}${sla.withoutContract ? ` · ${sla.withoutContract} without a contract` : ''}`
      }
    >
      {sla.rows.length === 0 ? (
        <Empty
          title={sla.incidents === 0 ? 'No incidents in this period' : 'No SLA targets applied'}
          next={sla.incidents === 0 ? (single ? 'Incidents opened on the Incidents tab count here.' : 'Widen the period or clear a filter; incidents are opened on an account’s Incidents tab.') : 'These incidents opened without a contract in force: add the contract on the Contracts tab.'}
        />
      ) : (
        <Chart
          label={`SLA attainment per tier, severity and target: ${sla.rows.map((r) => `${r.tier} severity ${r.severity} ${r.label} ${pct(r.attainment)}`).join('; ')}`}
          option={option}
          height={Math.max(160, 26 * sla.rows.length + 70)}
          table={<DataTable caption="SLA attainment" head={['Tier', 'Severity', 'Target', 'Met', 'Breached', 'Pending', 'Attainment']} rows={sla.rows.map((r) => [r.tier, r.severity, r.label, r.met, r.breached, r.pending, pct(r.attainment)])} />}
        />
      )}
      {sla.breaches.length > 0 ? (
        <>
          <h3 className="metrics-subheading">Breaches</h3>
          <RecordList
            label="SLA breaches"
            items={sla.breaches}
            total={sla.breachCount}
            render={(b) => (
              <RecordButton
                onClick={() => open({ accountId: b.accountId, tab: 'incidents', id: b.incidentId })}
                title={<>Sev {b.severity} · {b.summary.trim() || 'No summary'}</>}
                detail={<>{b.accountName} · {b.label} over by {formatSlaDuration(b.overMs)} (target {formatSlaDuration(b.targetMinutes * 60_000)})</>}
              />
            )}
          />
        </>
      ) : null}
    </Section>
  );
}

function MttrSection({ report, theme }: { report: MetricsReport; theme: ChartTheme }) {
  const open = useDrillDown();
  const { mttr } = report;
  const option = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      legend: legend(theme),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: mttr.weeks.map((w) => w.week), ...axisStyle(theme) },
      yAxis: { type: 'value', name: 'hours', ...axisStyle(theme) },
      series: [
        { type: 'line', name: 'Mean', connectNulls: false, data: mttr.weeks.map((w) => (w.meanMs === null ? null : Math.round(w.meanMs / 360_000) / 10)) },
        { type: 'line', name: 'Median', data: mttr.weeks.map((w) => (w.medianMs === null ? null : Math.round(w.medianMs / 360_000) / 10)) },
      ],
    }),
    [mttr, theme],
  );
  return (
    <Section id="metrics-mttr" title="Time to resolve" summary={mttr.resolved === 0 ? 'No incident was resolved in this period.' : `${mttr.resolved} resolved · mean ${dur(mttr.meanMs)} · median ${dur(mttr.medianMs)}`}>
      {mttr.resolved === 0 ? (
        <Empty title="Nothing resolved in this period" next="Resolve incidents on an account’s Incidents tab; their time to resolve counts in the week they were resolved." />
      ) : (
        <>
          <Chart
            label={`Mean and median time to resolve per week: ${mttr.weeks.map((w) => `${w.week} mean ${dur(w.meanMs)}, median ${dur(w.medianMs)}`).join('; ')}`}
            option={option}
            table={<DataTable caption="Time to resolve per week" head={['Week', 'Resolved', 'Mean', 'Median']} rows={mttr.weeks.map((w) => [w.week, w.resolved, dur(w.meanMs), dur(w.medianMs)])} />}
          />
          <h3 className="metrics-subheading">Longest to resolve</h3>
          <RecordList
            label="Incidents resolved in the period, longest first"
            items={mttr.items}
            total={mttr.resolved}
            limit={5}
            render={(i) => (
              <RecordButton
                onClick={() => open(i)}
                title={<>Sev {i.severity} · {i.label}</>}
                detail={<>{i.accountName} · {formatSlaDuration(i.durationMs)}</>}
              />
            )}
          />
        </>
      )}
    </Section>
  );
}

function BacklogSection({ report, theme }: { report: MetricsReport; theme: ChartTheme }) {
  const open = useDrillDown();
  const { backlog } = report;
  const [bucket, setBucket] = useState<string | null>(null);
  const option = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      legend: legend(theme),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: backlog.buckets.map((b) => AGE_BUCKET_LABELS[b.bucket]), ...axisStyle(theme) },
      yAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
      series: [
        { type: 'bar', name: 'Incidents', stack: 'open', data: backlog.buckets.map((b) => b.incidents) },
        { type: 'bar', name: 'Action items', stack: 'open', data: backlog.buckets.map((b) => b.actions) },
      ],
    }),
    [backlog, theme],
  );
  const incidents = backlog.incidents.filter((i) => bucket === null || i.bucket === bucket);
  const actions = backlog.actions.filter((a) => bucket === null || a.bucket === bucket);
  const total = backlog.openIncidents + backlog.openActions;
  return (
    <Section id="metrics-backlog" title="Backlog" summary={`${backlog.openIncidents} open incident${backlog.openIncidents === 1 ? '' : 's'} · ${backlog.openActions} open action item${backlog.openActions === 1 ? '' : 's'}, ${backlog.overdueActions} overdue`}>
      {total === 0 ? (
        <Empty title="Nothing open at the end of the period" next="Open incidents and action items that are not done show here by age." />
      ) : (
        <>
          <Chart
            label={`Open work by age: ${backlog.buckets.map((b) => `${AGE_BUCKET_LABELS[b.bucket]} ${b.incidents} incidents and ${b.actions} action items`).join('; ')}`}
            option={option}
            onSelect={({ dataIndex }) => setBucket(backlog.buckets[dataIndex]?.bucket ?? null)}
            table={<DataTable caption="Open work by age" head={['Age', 'Incidents', 'Action items']} rows={backlog.buckets.map((b) => [AGE_BUCKET_LABELS[b.bucket], b.incidents, b.actions])} />}
          />
          <div className="metrics-filter" role="group" aria-label="Show open work of one age">
            {[null, ...backlog.buckets.map((b) => b.bucket)].map((b) => (
              <button key={b ?? 'all'} type="button" className="button button--small" aria-pressed={bucket === b} onClick={() => setBucket(b)}>
                {b === null ? 'Any age' : AGE_BUCKET_LABELS[b]}
              </button>
            ))}
          </div>
          <div className="metrics-columns">
            <div>
              <h3 className="metrics-subheading">Open incidents ({incidents.length})</h3>
              <RecordList
                label="Open incidents"
                items={incidents}
                total={bucket === null ? backlog.openIncidents : incidents.length}
                render={(i) => (
                  <RecordButton
                    onClick={() => open(i)}
                    title={<>Sev {i.severity} · {i.label}</>}
                    detail={<>{i.accountName} · open {formatSlaDuration(Date.parse(backlog.asOf) - Date.parse(i.openedAt))}</>}
                  />
                )}
              />
            </div>
            <div>
              <h3 className="metrics-subheading">Open action items ({actions.length})</h3>
              <RecordList
                label="Open action items"
                items={actions}
                total={bucket === null ? backlog.openActions : actions.length}
                render={(a) => (
                  <RecordButton
                    onClick={() => open(a)} alert={a.overdue}
                    title={<>{a.label}</>}
                    detail={<>{a.accountName} · {a.owner} · {a.due ? `${a.overdue ? 'overdue since' : 'due'} ${a.due}` : 'no due date'}</>}
                  />
                )}
              />
            </div>
          </div>
        </>
      )}
    </Section>
  );
}

function HoursSection({ report, theme, single }: { report: MetricsReport; theme: ChartTheme; single: boolean }) {
  const open = useDrillDown();
  const { hours: h } = report;
  const withSeries = useMemo(() => h.contracts.filter((c) => c.days.length > 0), [h]);
  const [contractId, setContractId] = useState<string | null>(null);
  const contract = useMemo(() => withSeries.find((c) => c.contractId === contractId) ?? withSeries[0] ?? null, [withSeries, contractId]);
  const weeksOption = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      legend: legend(theme),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: h.weeks.map((w) => w.week), ...axisStyle(theme) },
      yAxis: { type: 'value', name: 'hours', ...axisStyle(theme) },
      series: [
        { type: 'bar', name: 'Billable', stack: 'hours', data: h.weeks.map((w) => Math.round(w.billableMinutes / 6) / 10) },
        { type: 'bar', name: 'Non-billable', stack: 'hours', data: h.weeks.map((w) => Math.round(w.nonBillableMinutes / 6) / 10) },
      ],
    }),
    [h, theme],
  );
  const burnOption = useMemo<ChartOption | null>(() => {
    if (!contract) return null;
    const included = contract.includedMinutes / 60;
    const days = contract.days.length;
    const periodDays = Math.round((Date.parse(contract.periodEnd) - Date.parse(contract.periodStart)) / 86_400_000) + 1;
    return {
      color: theme.series,
      grid: grid(),
      legend: legend(theme),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: contract.days.map((d) => d.date), ...axisStyle(theme) },
      yAxis: { type: 'value', name: 'hours left', ...axisStyle(theme) },
      series: [
        { type: 'line', name: 'Hours left', step: 'end', data: contract.days.map((d) => Math.round(d.remainingMinutes / 6) / 10) },
        // The even burn that would use the hours exactly by the period's end.
        { type: 'line', name: 'Even pace', lineStyle: { type: 'dashed' }, symbol: 'none', data: contract.days.map((_, i) => Math.round((included - (included * (i + 1)) / periodDays) * 10) / 10).slice(0, days) },
      ],
    };
  }, [contract, theme]);
  const teamsOption = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: h.teams.map((t) => t.team), ...axisStyle(theme), axisLabel: { color: theme.muted, interval: 0, width: 110, overflow: 'break', lineHeight: 14 } },
      yAxis: { type: 'value', name: '% of capacity billed', ...axisStyle(theme) },
      series: [{ type: 'bar', name: 'Utilisation', data: h.teams.map((t) => Math.round(t.utilisation * 1000) / 10) }],
    }),
    [h, theme],
  );
  const logged = h.billableMinutes + h.nonBillableMinutes;
  return (
    <Section id="metrics-hours" title="Hours" summary={`${hours(h.billableMinutes)} billable · ${hours(h.nonBillableMinutes)} non-billable${h.contracts.length ? ` · ${h.contracts.filter((c) => c.level !== 'ok').length} contract(s) at 80 % or more of their hours` : ''}`}>
      {logged === 0 ? (
        <Empty title="No time logged in this period" next="Time logged on the Time page (timer, week grid or import) counts here." />
      ) : (
        <Chart
          label={`Billable and non-billable hours per week: ${h.weeks.map((w) => `${w.week} ${hours(w.billableMinutes)} billable, ${hours(w.nonBillableMinutes)} non-billable`).join('; ')}`}
          option={weeksOption}
          table={<DataTable caption="Hours per week" head={['Week', 'Billable', 'Non-billable']} rows={h.weeks.map((w) => [w.week, hours(w.billableMinutes), hours(w.nonBillableMinutes)])} />}
        />
      )}
      <h3 className="metrics-subheading">Burn-down against included hours</h3>
      {h.contracts.length === 0 ? (
        <Empty title="No contract with included hours" next={single ? 'Add a contract with included hours on the Contracts tab to see its burn-down.' : 'Contracts with included hours (Premium, Premier) show their burn-down here.'} />
      ) : (
        <>
          {withSeries.length > 1 ? (
            <label className="toolbar__filter metrics-inline-field">
              Contract
              <select value={contract?.contractId ?? ''} onChange={(e) => setContractId(e.target.value)}>
                {withSeries.map((c) => (
                  <option key={c.contractId} value={c.contractId}>
                    {c.accountName} ({c.percentUsed === null ? '—' : `${Math.round(c.percentUsed)} %`})
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {contract && burnOption ? (
            <Chart
              label={`Burn-down for ${contract.accountName}: ${hours(contract.usedMinutes)} of ${hours(contract.includedMinutes)} used from ${contract.periodStart}; ${contract.exhaustionDate ? `runs out ${contract.exhaustionDate}` : 'lasts the period'}`}
              option={burnOption}
              table={<DataTable caption={`Hours left each day, ${contract.accountName}`} head={['Date', 'Hours left']} rows={contract.days.map((d) => [d.date, hours(d.remainingMinutes)])} />}
            />
          ) : null}
          <DataTable
            caption="Contracts and their included hours"
            head={['Account', 'Period', 'Used', 'Included', 'Runs out']}
            rows={h.contracts.slice(0, single ? 5 : 15).map((c) => [
              <button key="a" type="button" className="link-button" onClick={() => open({ accountId: c.accountId, tab: 'contracts', id: c.contractId })}>
                {c.accountName}
              </button>,
              `${c.periodStart} – ${c.periodEnd}`,
              `${hours(c.usedMinutes)} (${c.percentUsed === null ? '—' : `${Math.round(c.percentUsed)} %`})`,
              hours(c.includedMinutes),
              <span key="r" className={c.level === 'ok' ? '' : 'metrics-overdue'}>
                {c.exhaustionDate ? `${c.exhausted ? 'Ran out' : 'Forecast'} ${c.exhaustionDate}` : 'Lasts the period'}
              </span>,
            ])}
          />
        </>
      )}
      {h.people.length > 0 ? (
        <>
          <h3 className="metrics-subheading">Utilisation</h3>
          <p className="muted metrics-note">Billable hours on these accounts over 8 hours per working day of the period.</p>
          {!single && h.teams.length > 0 ? (
            <Chart
              label={`Utilisation per team: ${h.teams.map((t) => `${t.team} ${pct(t.utilisation)}`).join('; ')}`}
              option={teamsOption}
              height={220}
              table={<DataTable caption="Utilisation per team" head={['Team', 'People', 'Billable', 'Capacity', 'Utilisation']} rows={h.teams.map((t) => [t.team, t.people, hours(t.billableMinutes), hours(t.capacityMinutes), pct(t.utilisation)])} />}
            />
          ) : null}
          <DataTable caption="Utilisation per person" head={['Person', 'Team', 'Billable', 'Non-billable', 'Utilisation']} rows={h.people.slice(0, 15).map((p) => [p.name, p.team, hours(p.billableMinutes), hours(p.nonBillableMinutes), pct(p.utilisation)])} />
        </>
      ) : null}
    </Section>
  );
}

function AdoptionSection({ report, theme, single }: { report: MetricsReport; theme: ChartTheme; single: boolean }) {
  const open = useDrillDown();
  const { adoption } = report;
  const rows = useMemo(() => [...adoption.accounts].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.accountName.localeCompare(b.accountName)).slice(0, 25), [adoption]);
  const trendOption = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: adoption.trend.map((t) => t.week), ...axisStyle(theme) },
      yAxis: { type: 'value', min: 0, max: 100, name: 'score', ...axisStyle(theme) },
      series: [{ type: 'line', name: single ? 'Score' : 'Mean score', data: adoption.trend.map((t) => (t.meanScore === null ? null : Math.round(t.meanScore * 10) / 10)) }],
    }),
    [adoption, theme, single],
  );
  const heatOption = useMemo<ChartOption>(() => {
    const colors = theme.dark ? ['#2a2f37', '#2e4a6e', '#3f77b8', '#8db0ff', '#f0a35e'] : ['#eceff3', '#c6dbef', '#6baed6', '#08519c', '#d55e00'];
    return {
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { backgroundColor: theme.surface, borderColor: theme.border, textStyle: { color: theme.text } },
      xAxis: { type: 'category', data: adoption.capabilities.map((c) => c.name), ...axisStyle(theme), axisLabel: { color: theme.muted, rotate: 35, interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'category', data: rows.map((r) => r.accountName), inverse: true, ...axisStyle(theme) },
      visualMap: {
        type: 'piecewise',
        show: false,
        dimension: 2,
        pieces: ADOPTION_ORDER.map((status, i) => ({ value: i, label: ADOPTION_STATUS_LABELS[status], color: colors[i] as string })),
      },
      series: [
        {
          type: 'heatmap',
          name: 'Adoption',
          itemStyle: { borderColor: theme.surface, borderWidth: 2 },
          data: rows.flatMap((r, y) => adoption.capabilities.map((c, x) => [x, y, ADOPTION_ORDER.indexOf(r.statuses[c.code] ?? 'not_started')])),
        },
      ],
    };
  }, [adoption, rows, theme]);
  const scored = adoption.accounts.filter((a) => a.score !== null);
  const mean = scored.length === 0 ? null : scored.reduce((s, a) => s + (a.score ?? 0), 0) / scored.length;
  return (
    <Section id="metrics-adoption" title="Adoption" summary={mean === null ? 'No capabilities in the catalog.' : `${single ? 'Score' : 'Mean score'} ${Math.round(mean)} at the end of the period`}>
      {adoption.capabilities.length === 0 || adoption.accounts.length === 0 ? (
        <Empty title="Nothing to score" next="Add capabilities in Settings › Capabilities and record each account’s status on its Adoption tab." />
      ) : (
        <>
          <Chart
            label={`${single ? 'Adoption score' : 'Mean adoption score'} per week: ${adoption.trend.map((t) => `${t.week} ${t.meanScore === null ? '—' : Math.round(t.meanScore)}`).join('; ')}`}
            option={trendOption}
            height={200}
            table={<DataTable caption="Adoption score per week" head={['Week', 'Ends', single ? 'Score' : 'Mean score']} rows={adoption.trend.map((t) => [t.week, t.end, t.meanScore === null ? '—' : Math.round(t.meanScore * 10) / 10])} />}
          />
          <h3 className="metrics-subheading">Capability × account{rows.length < adoption.accounts.length ? ` (the ${rows.length} highest scores)` : ''}</h3>
          <p className="metrics-legend" aria-hidden="true">
            {ADOPTION_ORDER.map((s) => (
              <span key={s} className={`metrics-legend__item metrics-legend__item--${s}`}>
                {ADOPTION_STATUS_LABELS[s]}
              </span>
            ))}
          </p>
          <Chart
            label="Capability by account heat map of adoption status; the table lists every status in words"
            option={heatOption}
            height={single ? 170 : Math.max(220, rows.length * 30 + 150)}
            onSelect={({ dataIndex }) => {
              const row = rows[Math.floor(dataIndex / Math.max(1, adoption.capabilities.length))];
              if (row) open({ accountId: row.accountId, tab: 'adoption', id: null });
            }}
            table={
              <DataTable
                caption="Adoption status per account and capability"
                head={['Account', 'Score', ...adoption.capabilities.map((c) => c.name)]}
                rows={rows.map((r) => [r.accountName, r.score ?? '—', ...adoption.capabilities.map((c) => ADOPTION_STATUS_LABELS[r.statuses[c.code] ?? 'not_started'])])}
              />
            }
          />
          {!single ? (
            <RecordList
              label="Accounts by adoption score"
              items={rows}
              total={adoption.accounts.length}
              limit={5}
              render={(r) => (
                <RecordButton
                  onClick={() => open({ accountId: r.accountId, tab: 'adoption', id: null })}
                  title={<>{r.accountName}</>}
                  detail={<>score {r.score ?? '—'}{r.startScore !== null && r.score !== null && r.score !== r.startScore ? ` (${r.score > r.startScore ? '+' : ''}${r.score - r.startScore} in the period)` : ''}</>}
                />
              )}
            />
          ) : null}
        </>
      )}
    </Section>
  );
}

function LifecycleSection({ report, theme, single }: { report: MetricsReport; theme: ChartTheme; single: boolean }) {
  const open = useDrillDown();
  const { nav } = useApp();
  const { lifecycle } = report;
  const option = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      tooltip: tooltip(theme),
      xAxis: { type: 'category', data: lifecycle.stages.map((s) => LIFECYCLE_STAGE_LABELS[s.stage]), ...axisStyle(theme), axisLabel: { color: theme.muted, interval: 0, width: 90, overflow: 'break', lineHeight: 14 } },
      yAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
      series: [{ type: 'bar', name: 'Accounts', data: lifecycle.stages.map((s) => s.accounts) }],
    }),
    [lifecycle, theme],
  );
  return (
    <Section id="metrics-lifecycle" title="Lifecycle" summary={`${lifecycle.handoffs} hand-off${lifecycle.handoffs === 1 ? '' : 's'} in the period · ${lifecycle.incomplete.length} with open checklist items`}>
      {!single ? (
        <Chart
          label={`Accounts per stage: ${lifecycle.stages.map((s) => `${LIFECYCLE_STAGE_LABELS[s.stage]} ${s.accounts}`).join('; ')}`}
          option={option}
          height={220}
          // The accounts of each stage are listed in the Lifecycle area.
          onSelect={() => nav.getState().go('lifecycle')}
          table={<DataTable caption="Accounts per stage" head={['Stage', 'Accounts', 'Median time in stage']} rows={lifecycle.stages.map((s) => [LIFECYCLE_STAGE_LABELS[s.stage], s.accounts, s.medianMs === null ? '—' : describeDuration(s.medianMs)])} />}
        />
      ) : (
        <p>
          {lifecycle.stages
            .filter((s) => s.accounts > 0)
            .map((s) => `${LIFECYCLE_STAGE_LABELS[s.stage]} for ${s.medianMs === null ? 'an unknown time' : describeDuration(s.medianMs)}`)
            .join('; ')}
        </p>
      )}
      {lifecycle.incomplete.length === 0 ? (
        <p className="muted">Every hand-off’s checklist is complete.</p>
      ) : (
        <>
          <h3 className="metrics-subheading">Hand-offs with open checklist items</h3>
          <RecordList
            label="Hand-offs with open checklist items"
            items={lifecycle.incomplete}
            total={lifecycle.incomplete.length}
            render={(i) => (
              <RecordButton
                onClick={() => open(i)}
                title={<>{i.accountName}: {LIFECYCLE_STAGE_LABELS[i.fromStage]} → {LIFECYCLE_STAGE_LABELS[i.toStage]}</>}
                detail={<>{i.at.slice(0, 10)} · {i.open} of {i.total} items open</>}
              />
            )}
          />
        </>
      )}
    </Section>
  );
}

function AsksSection({ report, theme }: { report: MetricsReport; theme: ChartTheme }) {
  const open = useDrillDown();
  const { asks } = report;
  const option = useMemo<ChartOption>(
    () => ({
      color: theme.series,
      grid: grid(),
      tooltip: tooltip(theme),
      xAxis: { type: 'value', minInterval: 1, name: 'accounts', ...axisStyle(theme) },
      yAxis: { type: 'category', data: asks.map((a) => a.title), inverse: true, ...axisStyle(theme), axisLabel: { color: theme.muted, width: 180, overflow: 'truncate' } },
      series: [{ type: 'bar', name: 'Accounts asking', data: asks.map((a) => a.accountCount) }],
    }),
    [asks, theme],
  );
  return (
    <Section id="metrics-asks" title="Most requested asks" summary={asks.length === 0 ? 'No asks raised in reviews in this period.' : `Top ${asks.length} asks raised in roadmap reviews of the period`}>
      {asks.length === 0 ? (
        <Empty title="No asks in this period" next="Asks recorded in roadmap reviews (an account’s Reviews tab) are ranked here by how many accounts ask." />
      ) : (
        <>
          <Chart
            label={`Asks by number of accounts asking: ${asks.map((a) => `${a.title} ${a.accountCount}`).join('; ')}`}
            option={option}
            height={Math.max(140, asks.length * 28 + 60)}
            onSelect={({ dataIndex }) => {
              const first = asks[dataIndex]?.accounts[0];
              if (first) open({ accountId: first.accountId, tab: 'reviews', id: null }, first.reviewId);
            }}
            table={<DataTable caption="Most requested asks" head={['Ask', 'Accounts', 'Top priority', 'Top impact']} rows={asks.map((a) => [a.title, a.accountCount, a.topPriority, a.topImpact])} />}
          />
          <RecordList
            label="Accounts asking"
            items={asks.flatMap((a) => a.accounts.map((acc) => ({ ask: a.title, ...acc })))}
            total={asks.reduce((n, a) => n + a.accountCount, 0)}
            limit={6}
            render={(a) => (
              <RecordButton
                onClick={() => open({ accountId: a.accountId, tab: 'reviews', id: null }, a.reviewId)}
                title={<>{a.ask}</>}
                detail={<>{a.accountName} · review of {a.reviewDate} · {a.priority} priority</>}
              />
            )}
          />
        </>
      )}
    </Section>
  );
}

function CoverageSection({ report }: { report: MetricsReport }) {
  const open = useDrillDown();
  const entries = useCatalog((s) => s.entries);
  const label = (kind: 'clearance' | 'residency', code: string) => labelOf(entries, kind, code);
  const { coverage } = report;
  return (
    <Section
      id="metrics-coverage"
      title="Coverage of sovereign and cleared accounts"
      summary={coverage.accounts === 0 ? 'No sovereign or cleared accounts here.' : `${coverage.accounts} account${coverage.accounts === 1 ? '' : 's'} · ${coverage.coveredShifts} of ${coverage.shifts} on-call shifts covered · ${coverage.gaps.length} gap${coverage.gaps.length === 1 ? '' : 's'}`}
    >
      {coverage.accounts === 0 ? (
        <p className="muted">Accounts with a clearance label or a residency other than Global are checked here.</p>
      ) : coverage.gaps.length === 0 ? (
        <p className="muted">Every shift has a person with the required clearance in the required region.</p>
      ) : (
        <RecordList
          label="Coverage gaps"
          items={coverage.gaps}
          total={coverage.gaps.length}
          render={(g) => (
            <RecordButton
              onClick={() => open({ accountId: g.accountId, tab: 'team', id: null })}
              title={<>{g.accountName} · {g.label}</>}
              detail={<>Needs {[g.requirement.clearance ? label('clearance', g.requirement.clearance) : null, g.requirement.region ? `working from ${label('residency', g.requirement.region)}` : null].filter(Boolean).join(', ')}{g.problems.length > 0 ? ` · ${g.problems.map((p) => `${p.member ?? 'Someone'} ${describeCoverageProblem(p.problem, label)}`).join('; ')}` : ''}</>}
            />
          )}
        />
      )}
    </Section>
  );
}

/** Headline figures; each jumps to its section. */
function Tiles({ report }: { report: MetricsReport }) {
  const scored = report.adoption.accounts.filter((a) => a.score !== null);
  const tiles: Array<{ target: string; label: string; value: string; note: string }> = [
    { target: 'metrics-sla', label: 'SLA attainment', value: pct(report.sla.attainment), note: `${report.sla.breachCount} breach${report.sla.breachCount === 1 ? '' : 'es'}` },
    { target: 'metrics-mttr', label: 'Mean time to resolve', value: dur(report.mttr.meanMs), note: `median ${dur(report.mttr.medianMs)}` },
    { target: 'metrics-backlog', label: 'Open incidents', value: String(report.backlog.openIncidents), note: `${report.backlog.openActions} action items, ${report.backlog.overdueActions} overdue` },
    { target: 'metrics-hours', label: 'Billable hours', value: hours(report.hours.billableMinutes), note: `${hours(report.hours.nonBillableMinutes)} non-billable` },
    { target: 'metrics-adoption', label: 'Adoption score', value: scored.length ? String(Math.round(scored.reduce((s, a) => s + (a.score ?? 0), 0) / scored.length)) : '—', note: scored.length > 1 ? `mean of ${scored.length} accounts` : 'out of 100' },
    { target: 'metrics-coverage', label: 'Coverage gaps', value: String(report.coverage.gaps.length), note: `${report.coverage.accounts} restricted accounts` },
  ];
  return (
    <ul className="metrics-tiles" aria-label="Headline figures">
      {tiles.map((t) => (
        <li key={t.target}>
          <a className="metrics-tile" href={`#${t.target}`} onClick={(e) => {
            e.preventDefault();
            const el = document.getElementById(t.target);
            el?.scrollIntoView?.({ block: 'start' });
            el?.querySelector<HTMLElement>('h2')?.focus();
          }}>
            <span className="metrics-tile__label">{t.label}</span>
            <span className="metrics-tile__value">{t.value}</span>
            <span className="metrics-tile__note">{t.note}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Every figure of a report, as the portfolio dashboard and the account Metrics tab show them. */
export function MetricsFigures({ report, single }: { report: MetricsReport; single: boolean }) {
  const theme = useChartTheme();
  return (
    <div className="metrics-figures">
      <Tiles report={report} />
      <SlaSection report={report} theme={theme} single={single} />
      <MttrSection report={report} theme={theme} />
      <BacklogSection report={report} theme={theme} />
      <HoursSection report={report} theme={theme} single={single} />
      <AdoptionSection report={report} theme={theme} single={single} />
      <LifecycleSection report={report} theme={theme} single={single} />
      <AsksSection report={report} theme={theme} />
      {!single || report.coverage.accounts > 0 ? <CoverageSection report={report} /> : null}
    </div>
  );
}
