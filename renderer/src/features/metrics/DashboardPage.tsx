import { useId, useState } from 'react';
import { shiftWeek, weekDays, weekOf } from '../../../../core/model';
import type { Account, ReportQuery } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { base64ToBytes, saveFile } from '../../api/files';
import { useApp, useCatalog } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { entriesOf } from '../catalog/store';
import { MetricsFigures, useMetrics } from './MetricsView';

const today = () => new Date().toISOString().slice(0, 10);

/** Named periods, each ending with a whole ISO week (a weekly review looks at whole weeks). */
export const PRESETS = [
  { id: 'this_week', label: 'This week', range: (t: string) => ({ from: weekDays(weekOf(t))[0] as string, to: weekDays(weekOf(t))[6] as string }) },
  { id: 'last_week', label: 'Last week', range: (t: string) => ({ from: weekDays(shiftWeek(weekOf(t), -1))[0] as string, to: weekDays(shiftWeek(weekOf(t), -1))[6] as string }) },
  { id: 'last_4', label: 'Last 4 weeks', range: (t: string) => ({ from: weekDays(shiftWeek(weekOf(t), -3))[0] as string, to: weekDays(weekOf(t))[6] as string }) },
  { id: 'last_13', label: 'Last 13 weeks', range: (t: string) => ({ from: weekDays(shiftWeek(weekOf(t), -12))[0] as string, to: weekDays(weekOf(t))[6] as string }) },
] as const;

interface Period {
  from: string;
  to: string;
}

/** The period inputs: presets and two dates; an impossible period is said next to the field and not asked for. */
function PeriodControls({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const [draft, setDraft] = useState(period);
  const errorId = useId();
  const problem = !draft.from || !draft.to ? 'Choose both dates.' : draft.to < draft.from ? 'The period must end on or after the day it starts.' : Date.parse(draft.to) - Date.parse(draft.from) > 365 * 86_400_000 ? 'A report covers at most 366 days.' : null;
  const set = (next: Period) => {
    setDraft(next);
    const bad = !next.from || !next.to || next.to < next.from || Date.parse(next.to) - Date.parse(next.from) > 365 * 86_400_000;
    if (!bad) onChange(next);
  };
  return (
    <div className="metrics-period" role="group" aria-label="Period">
      <div className="metrics-presets">
        {PRESETS.map((p) => {
          const range = p.range(today());
          const active = range.from === period.from && range.to === period.to;
          return (
            <button key={p.id} type="button" className="button button--small" aria-pressed={active} onClick={() => set(range)}>
              {p.label}
            </button>
          );
        })}
      </div>
      <label className="toolbar__filter">
        From
        <input type="date" value={draft.from} onChange={(e) => set({ ...draft, from: e.target.value })} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
      </label>
      <label className="toolbar__filter">
        To
        <input type="date" value={draft.to} onChange={(e) => set({ ...draft, to: e.target.value })} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
      </label>
      {problem ? (
        <p id={errorId} className="field__error metrics-period__error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** Downloads the weekly review pack (PDF and CSV) of the week holding the period's last day. */
function WeeklyPackButton({ query }: { query: ReportQuery }) {
  const { client, toasts } = useApp();
  const [busy, setBusy] = useState(false);
  const week = weekOf(query.to);
  const make = async () => {
    setBusy(true);
    try {
      const { from: _from, to: _to, ...filters } = query;
      const pack = await client.call('reports.weekly', { week, ...filters });
      await saveFile(pack.pdf.filename, base64ToBytes(pack.pdf.content), pack.pdf.mimeType);
      await saveFile(pack.csv.filename, new TextEncoder().encode(pack.csv.content), pack.csv.mimeType);
      toasts.getState().show({ message: `Saved ${pack.pdf.filename} and ${pack.csv.filename}.` });
    } catch (error) {
      toasts.getState().show({ message: `The weekly pack could not be made: ${errorMessage(error)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button--primary" onClick={() => void make()} disabled={busy}>
      {busy ? 'Making the pack…' : `Weekly review pack (${week})`}
    </button>
  );
}

type Filters = Pick<ReportQuery, 'tier' | 'segment' | 'region' | 'owner'>;

/** The portfolio dashboard: every figure across the accounts on this device, for a period and filters. */
export function DashboardPage() {
  const entries = useCatalog((s) => s.entries);
  const [period, setPeriod] = useState<Period>(() => (PRESETS[2] as (typeof PRESETS)[number]).range(today()));
  const [filters, setFilters] = useState<Filters>({});
  const [owner, setOwner] = useState('');
  const query: ReportQuery = { ...period, ...filters };
  const { report, error, loading } = useMetrics(query);
  const select = (key: 'tier' | 'segment' | 'region', kind: 'tier' | 'segment' | 'residency', label: string) => (
    <label className="toolbar__filter">
      {label}
      <select value={filters[key] ?? ''} onChange={(e) => setFilters((f) => ({ ...f, [key]: e.target.value || undefined }))}>
        <option value="">All</option>
        {entriesOf(entries, kind).map((e) => (
          <option key={e.code} value={e.code}>
            {e.label}
          </option>
        ))}
      </select>
    </label>
  );
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <div className="page metrics-page">
      <header className="page-header">
        <PageTitle>Dashboard</PageTitle>
        <div className="page-header__actions">
          <WeeklyPackButton query={query} />
        </div>
      </header>
      <div className="panel metrics-controls">
        <PeriodControls period={period} onChange={setPeriod} />
        <form
          className="toolbar metrics-filters"
          aria-label="Filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters((f) => ({ ...f, owner: owner.trim() || undefined }));
          }}
        >
          {select('tier', 'tier', 'Tier')}
          {select('segment', 'segment', 'Segment')}
          {select('region', 'residency', 'Region')}
          <label className="toolbar__filter">
            Owner (name or email)
            <input type="search" value={owner} onChange={(e) => setOwner(e.target.value)} onBlur={() => setFilters((f) => ({ ...f, owner: owner.trim() || undefined }))} />
          </label>
          {filtered ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setFilters({});
                setOwner('');
              }}
            >
              Clear filters
            </button>
          ) : null}
        </form>
      </div>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      <p className="muted metrics-status" aria-live="polite">
        {loading ? 'Working out the figures…' : report ? `${report.accounts} account${report.accounts === 1 ? '' : 's'} · ${report.query.from} to ${report.query.to} · figures as of ${report.asOf.slice(0, 16).replace('T', ' ')} UTC` : ''}
      </p>
      {report && report.accounts === 0 ? (
        <div className="panel empty">
          <p className="empty__title">{filtered ? 'No account matches these filters' : 'No accounts yet'}</p>
          <p className="muted">{filtered ? 'Clear a filter to see more accounts.' : 'Add an account on Accounts (or sync with your team’s server); its incidents, time and adoption then show here.'}</p>
        </div>
      ) : report ? (
        <MetricsFigures report={report} single={false} />
      ) : null}
    </div>
  );
}

/** The account page's Metrics tab: the same figures for one account, last four weeks by default. */
export function AccountMetricsPanel({ account }: { account: Account }) {
  const [period, setPeriod] = useState<Period>(() => (PRESETS[2] as (typeof PRESETS)[number]).range(today()));
  const { report, error } = useMetrics({ ...period, accountId: account.id });
  return (
    <section className="metrics-account" aria-label={`Metrics for ${account.name}`}>
      <div className="metrics-controls metrics-controls--account">
        <PeriodControls period={period} onChange={setPeriod} />
      </div>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {report ? <MetricsFigures report={report} single /> : <p className="muted">Working out the figures…</p>}
    </section>
  );
}
