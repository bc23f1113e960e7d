import { createRequire } from 'node:module';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import {
  ADOPTION_STATUS_LABELS,
  AGE_BUCKET_LABELS,
  LIFECYCLE_STAGE_LABELS,
  describeCoverageProblem,
  describeDuration,
  shiftWeek,
  weekDays,
  weekLabel,
} from '../model';
import type { AdoptionStatus, MetricsReport, ReportQuery, WeeklyPack, WeeklyPackQuery } from '../model';
import type { ReportsService } from '../reports';

/**
 * The weekly review pack: every figure of the week as a PDF (charts drawn as vector graphics, set in the embedded
 * DejaVu fonts like the other exports) and a CSV of the numbers behind it. The trend charts look back eight weeks.
 */

const require = createRequire(import.meta.url);
const FONT = { regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') };
export const TREND_WEEKS = 8;

const MARGIN = 48;
const BODY = 9;
const MUTED = '#4f5764';
const RULE = '#d5d9e0';
/** Colour-blind-safe series colours (Okabe–Ito), readable on white paper. */
const SERIES = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];
const STATUS_FILL: Record<AdoptionStatus, string> = {
  not_started: '#eceff3',
  evaluating: '#c6dbef',
  piloting: '#6baed6',
  adopted: '#08519c',
  blocked: '#d55e00',
};

type Doc = PDFKit.PDFDocument;

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10} %`);
const dur = (ms: number | null) => (ms === null ? '—' : `${Math.round((ms / 3_600_000) * 10) / 10} h`);

function width(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

function room(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  // Every section opens with a line and a chart or table: never leave its heading alone at a page's foot.
  room(doc, 240);
  doc.moveDown(0.8).font('bold').fontSize(13).fillColor('black').text(text, MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.3).font('regular').fontSize(BODY);
}

function line(doc: Doc, text: string, muted = false): void {
  doc.font('regular').fontSize(BODY).fillColor(muted ? MUTED : 'black').text(text, MARGIN, doc.y, { width: width(doc) });
}

function table(doc: Doc, header: string[], rows: string[][], weights: number[]): void {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width(doc));
  const pad = 3;
  const draw = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 8 : BODY);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - MARGIN) {
      doc.addPage();
      if (!bold) draw(header, true);
      doc.font(bold ? 'bold' : 'regular').fontSize(bold ? 8 : BODY);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(bold ? MUTED : 'black').text(c, x + pad, top + pad, { width: (widths[i] ?? 0) - 2 * pad });
      x += widths[i] ?? 0;
    });
    doc.moveTo(MARGIN, top + h).lineTo(MARGIN + width(doc), top + h).lineWidth(bold ? 1 : 0.5).strokeColor(RULE).stroke();
    doc.x = MARGIN;
    doc.y = top + h;
  };
  draw(header, true);
  for (const r of rows) draw(r, false);
  doc.moveDown(0.3);
}

interface Series {
  name: string;
  values: Array<number | null>;
}

/** The smallest round top for an axis of four steps (each step 1, 2, 2.5 or 5 × a power of ten) holding `max`. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 4;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-9) ?? 10 * power;
  return step * 4;
}

/** Axes, gridlines and labels shared by the charts; returns the plot area and the y scale. */
function frame(doc: Doc, title: string, categories: string[], max: number, unit: string, height = 150) {
  room(doc, height + 50);
  doc.font('bold').fontSize(10).fillColor('black').text(title, MARGIN, doc.y, { width: width(doc) });
  const top = doc.y + 6;
  const left = MARGIN + 40;
  const plotW = width(doc) - 40;
  const plotH = height;
  const ceiling = niceCeiling(max);
  doc.font('regular').fontSize(7).fillColor(MUTED);
  for (let i = 0; i <= 4; i += 1) {
    const y = top + plotH - (plotH * i) / 4;
    doc.moveTo(left, y).lineTo(left + plotW, y).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.text(`${Math.round(((ceiling * i) / 4) * 10) / 10}${unit}`, MARGIN, y - 4, { width: 36, align: 'right', lineBreak: false });
  }
  const step = plotW / Math.max(1, categories.length);
  const every = Math.ceil(categories.length / 12);
  categories.forEach((c, i) => {
    if (i % every === 0) doc.text(c, left + i * step, top + plotH + 3, { width: step * every, align: 'left', lineBreak: false });
  });
  const y = (v: number) => top + plotH - (Math.max(0, v) / ceiling) * plotH;
  return { top, left, plotW, plotH, step, y, bottom: top + plotH + 14 };
}

function legend(doc: Doc, series: readonly Series[], at: number): void {
  let x = MARGIN + 40;
  doc.font('regular').fontSize(7);
  series.forEach((s, i) => {
    doc.rect(x, at + 2, 8, 8).fillColor(SERIES[i % SERIES.length] as string).fill();
    doc.fillColor('black').text(s.name, x + 11, at + 2, { lineBreak: false });
    x += 16 + doc.widthOfString(s.name);
  });
  doc.x = MARGIN;
  doc.y = at + 16;
}

function barChart(doc: Doc, title: string, categories: string[], series: Series[], options: { stacked?: boolean; unit?: string; max?: number } = {}): void {
  const totals = categories.map((_, i) => (options.stacked ? series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0) : Math.max(0, ...series.map((s) => s.values[i] ?? 0))));
  const f = frame(doc, title, categories, options.max ?? Math.max(0, ...totals), options.unit ?? '');
  categories.forEach((_, i) => {
    let base = 0;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const barW = options.stacked ? f.step * 0.6 : (f.step * 0.7) / series.length;
      const x = f.left + i * f.step + f.step * 0.15 + (options.stacked ? 0 : k * barW);
      const y0 = f.y(base + v);
      const y1 = f.y(base);
      if (v > 0) doc.rect(x, y0, barW, y1 - y0).fillColor(SERIES[k % SERIES.length] as string).fill();
      if (options.stacked) base += v;
    });
  });
  legend(doc, series, f.bottom);
}

function lineChart(doc: Doc, title: string, categories: string[], series: Series[], unit = ''): void {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const f = frame(doc, title, categories, max, unit);
  series.forEach((s, k) => {
    const color = SERIES[k % SERIES.length] as string;
    let started = false;
    s.values.forEach((v, i) => {
      const x = f.left + i * f.step + f.step / 2;
      if (v === null) {
        started = false;
        return;
      }
      if (!started) doc.moveTo(x, f.y(v));
      else doc.lineTo(x, f.y(v));
      started = true;
    });
    doc.lineWidth(1.5).strokeColor(color).stroke();
    s.values.forEach((v, i) => {
      if (v !== null) doc.circle(f.left + i * f.step + f.step / 2, f.y(v), 1.8).fillColor(color).fill();
    });
  });
  legend(doc, series, f.bottom);
}

function heatMap(doc: Doc, title: string, report: MetricsReport, limit: number): void {
  const caps = report.adoption.capabilities;
  const rows = [...report.adoption.accounts].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).slice(0, limit);
  const labelW = 130;
  const cellW = (width(doc) - labelW) / Math.max(1, caps.length);
  const cellH = 11;
  room(doc, 70 + rows.length * cellH);
  doc.font('bold').fontSize(10).fillColor('black').text(title, MARGIN, doc.y, { width: width(doc) });
  let y = doc.y + 4;
  doc.font('regular').fontSize(6).fillColor(MUTED);
  caps.forEach((c, i) => doc.text(c.name, MARGIN + labelW + i * cellW, y, { width: cellW - 2, height: 16, lineBreak: true, ellipsis: true }));
  y += 18;
  for (const row of rows) {
    doc.font('regular').fontSize(7).fillColor('black').text(`${row.accountName} (${row.score ?? '—'})`, MARGIN, y + 2, { width: labelW - 4, lineBreak: false, ellipsis: true });
    caps.forEach((c, i) => {
      const status = row.statuses[c.code] ?? 'not_started';
      doc.rect(MARGIN + labelW + i * cellW + 1, y, cellW - 2, cellH - 1).fillColor(STATUS_FILL[status]).fill();
    });
    y += cellH;
  }
  let x = MARGIN + labelW;
  doc.font('regular').fontSize(7);
  for (const [status, label] of Object.entries(ADOPTION_STATUS_LABELS) as Array<[AdoptionStatus, string]>) {
    doc.rect(x, y + 4, 8, 8).fillColor(STATUS_FILL[status]).fill();
    doc.fillColor('black').text(label, x + 11, y + 4, { lineBreak: false });
    x += 18 + doc.widthOfString(label);
  }
  doc.x = MARGIN;
  doc.y = y + 20;
}

/** The PDF of a week's report (and its eight-week trend). `generatedAt` fixes the document date. */
export function weeklyPdf(week: string, report: MetricsReport, trend: MetricsReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: FONT.regular,
    info: { Title: `Weekly metrics review ${week}`, Subject: weekLabel(week), Creator: 'Fieldbook', CreationDate: new Date(report.generatedAt) },
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(18).text(`Weekly metrics review ${week}`, { width: width(doc) });
  line(doc, `${weekLabel(week)} · ${report.accounts} accounts · figures as of ${report.asOf.slice(0, 16).replace('T', ' ')} UTC`, true);
  const filters = (['tier', 'segment', 'region', 'owner'] as const).filter((k) => report.query[k]).map((k) => `${k}: ${report.query[k] ?? ''}`);
  if (filters.length > 0) line(doc, `Filters: ${filters.join(', ')}`, true);

  const { sla, mttr, backlog, hours: h, lifecycle, asks, coverage } = report;
  heading(doc, 'SLA attainment');
  line(doc, `${sla.incidents} incident${sla.incidents === 1 ? '' : 's'} opened · overall attainment ${pct(sla.attainment)} · ${sla.breachCount} breaches${sla.withoutContract ? ` · ${sla.withoutContract} without a contract` : ''}`);
  if (sla.rows.length > 0) {
    doc.moveDown(0.4);
    const short = (target: string) => (target === 'first_response' ? 'resp' : target === 'update' ? 'upd' : target === 'engage:support_engineer' ? 'SE' : target === 'engage:developer' ? 'dev' : 'IM');
    barChart(doc, 'Attainment per tier, severity and target (%)', sla.rows.map((r) => `${r.tier.slice(0, 4)} S${r.severity} ${short(r.target)}`), [{ name: 'Attained %', values: sla.rows.map((r) => (r.attainment === null ? null : r.attainment * 100)) }], { max: 100, unit: '%' });
    table(doc, ['Tier', 'Sev', 'Target', 'Met', 'Breached', 'Pending', 'Attainment'], sla.rows.map((r) => [r.tier, String(r.severity), r.label, String(r.met), String(r.breached), String(r.pending), pct(r.attainment)]), [14, 6, 30, 10, 12, 12, 16]);
  }
  if (sla.breaches.length > 0) {
    doc.font('bold').fontSize(10).text('Breaches', MARGIN, doc.y);
    table(doc, ['Account', 'Sev', 'Incident', 'Target', 'Over by'], sla.breaches.map((b) => [b.accountName, String(b.severity), b.summary || 'No summary', b.label, dur(b.overMs)]), [22, 6, 36, 20, 12]);
  }

  heading(doc, 'Time to resolve (MTTR)');
  line(doc, `${mttr.resolved} resolved this week · mean ${dur(mttr.meanMs)} · median ${dur(mttr.medianMs)}`);
  doc.moveDown(0.4);
  lineChart(doc, `MTTR by week, last ${TREND_WEEKS} weeks (hours)`, trend.mttr.weeks.map((w) => w.week.slice(5)), [
    { name: 'Mean', values: trend.mttr.weeks.map((w) => (w.meanMs === null ? null : w.meanMs / 3_600_000)) },
    { name: 'Median', values: trend.mttr.weeks.map((w) => (w.medianMs === null ? null : w.medianMs / 3_600_000)) },
  ]);

  heading(doc, 'Backlog');
  line(doc, `${backlog.openIncidents} open incidents · ${backlog.openActions} open action items, ${backlog.overdueActions} overdue`);
  doc.moveDown(0.4);
  barChart(doc, 'Open work by age', backlog.buckets.map((b) => AGE_BUCKET_LABELS[b.bucket]), [
    { name: 'Incidents', values: backlog.buckets.map((b) => b.incidents) },
    { name: 'Action items', values: backlog.buckets.map((b) => b.actions) },
  ], { stacked: true });

  heading(doc, 'Hours');
  line(doc, `${hours(h.billableMinutes)} h billable · ${hours(h.nonBillableMinutes)} h non-billable this week`);
  doc.moveDown(0.4);
  barChart(doc, `Hours by week, last ${TREND_WEEKS} weeks`, trend.hours.weeks.map((w) => w.week.slice(5)), [
    { name: 'Billable', values: trend.hours.weeks.map((w) => hours(w.billableMinutes)) },
    { name: 'Non-billable', values: trend.hours.weeks.map((w) => hours(w.nonBillableMinutes)) },
  ], { stacked: true, unit: ' h' });
  const burning = h.contracts.filter((c) => c.days.length > 0).slice(0, 5);
  if (burning.length > 0) {
    const dates = burning.reduce((longest, c) => (c.days.length > longest.length ? c.days.map((d) => d.date) : longest), [] as string[]);
    lineChart(doc, 'Burn-down: included hours left (the five closest to running out)', dates.map((d) => d.slice(5)), burning.map((c) => ({
      name: c.accountName,
      values: dates.map((d) => {
        const day = c.days.find((x) => x.date === d);
        return day ? Math.max(0, hours(day.remainingMinutes)) : null;
      }),
    })), ' h');
  }
  if (h.contracts.length > 0)
    table(doc, ['Account', 'Period', 'Included', 'Used', 'Used %', 'Runs out'], h.contracts.slice(0, 25).map((c) => [c.accountName, `${c.periodStart} – ${c.periodEnd}`, `${hours(c.includedMinutes)} h`, `${hours(c.usedMinutes)} h`, c.percentUsed === null ? '—' : `${Math.round(c.percentUsed)} %`, c.exhaustionDate ?? 'Not this period']), [26, 24, 12, 12, 10, 16]);
  if (h.teams.length > 0) table(doc, ['Team', 'People', 'Billable', 'Capacity', 'Utilisation'], h.teams.map((t) => [t.team, String(t.people), `${hours(t.billableMinutes)} h`, `${hours(t.capacityMinutes)} h`, pct(t.utilisation)]), [30, 12, 18, 18, 18]);

  heading(doc, 'Adoption');
  const scored = report.adoption.accounts.filter((a) => a.score !== null);
  line(doc, scored.length === 0 ? 'No adoption recorded.' : `Mean score ${Math.round(scored.reduce((s, a) => s + (a.score ?? 0), 0) / scored.length)} across ${scored.length} accounts`);
  doc.moveDown(0.4);
  lineChart(doc, `Mean adoption score, last ${TREND_WEEKS} weeks`, trend.adoption.trend.map((t) => t.week.slice(5)), [{ name: 'Mean score', values: trend.adoption.trend.map((t) => t.meanScore) }]);
  if (report.adoption.capabilities.length > 0 && report.adoption.accounts.length > 0) heatMap(doc, 'Capability × account (top 30 by score)', report, 30);

  heading(doc, 'Lifecycle');
  line(doc, `${lifecycle.handoffs} hand-offs this week · ${lifecycle.incomplete.length} hand-offs with open checklist items`);
  doc.moveDown(0.4);
  barChart(doc, 'Accounts per stage', lifecycle.stages.map((s) => LIFECYCLE_STAGE_LABELS[s.stage]), [{ name: 'Accounts', values: lifecycle.stages.map((s) => s.accounts) }]);
  table(doc, ['Stage', 'Accounts', 'Median time in stage'], lifecycle.stages.map((s) => [LIFECYCLE_STAGE_LABELS[s.stage], String(s.accounts), s.medianMs === null ? '—' : describeDuration(s.medianMs)]), [40, 20, 40]);
  if (lifecycle.incomplete.length > 0) table(doc, ['Account', 'Hand-off', 'Date', 'Open items'], lifecycle.incomplete.slice(0, 30).map((i) => [i.accountName, `${LIFECYCLE_STAGE_LABELS[i.fromStage]} → ${LIFECYCLE_STAGE_LABELS[i.toStage]}`, i.at.slice(0, 10), `${i.open} of ${i.total}`]), [30, 36, 16, 18]);

  heading(doc, 'Most requested asks');
  if (asks.length === 0) line(doc, 'No asks were raised in reviews this week.', true);
  else table(doc, ['Ask', 'Accounts', 'Top priority', 'Top impact'], asks.map((a) => [a.title, String(a.accountCount), a.topPriority, a.topImpact]), [52, 14, 17, 17]);

  heading(doc, 'Coverage of sovereign and cleared accounts');
  line(doc, `${coverage.accounts} restricted accounts · ${coverage.coveredShifts} of ${coverage.shifts} shifts covered · ${coverage.gaps.length} gaps`);
  if (coverage.gaps.length > 0)
    table(doc, ['Account', 'Gap', 'Why'], coverage.gaps.slice(0, 40).map((g) => [g.accountName, g.label, g.problems.map((p) => `${p.member ?? 'Someone'} ${describeCoverageProblem(p.problem)}`).join('; ') || '—']), [26, 30, 44]);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7).fillColor(MUTED).text(`Weekly metrics review ${week} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 16, { width: width(doc), align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** The numbers behind the pack, one per row: figure, dimension, sub-dimension, measure, value. */
export function weeklyCsv(report: MetricsReport, trend: MetricsReport): string {
  const rows: Array<[string, string, string, string, string | number]> = [];
  const { sla, mttr, backlog, hours: h, adoption, lifecycle, asks, coverage } = report;
  rows.push(['sla', 'all', '', 'incidents', sla.incidents], ['sla', 'all', '', 'attainment', sla.attainment ?? ''], ['sla', 'all', '', 'breaches', sla.breachCount]);
  for (const r of sla.rows) {
    const key = `${r.tier} sev ${r.severity}`;
    rows.push(['sla', key, r.target, 'met', r.met], ['sla', key, r.target, 'breached', r.breached], ['sla', key, r.target, 'pending', r.pending], ['sla', key, r.target, 'attainment', r.attainment ?? '']);
  }
  for (const b of sla.breaches) rows.push(['sla_breach', b.accountName, b.incidentId, b.target, Math.round(b.overMs / 60_000)]);
  rows.push(['mttr', 'week', '', 'resolved', mttr.resolved], ['mttr', 'week', '', 'mean_minutes', mttr.meanMs === null ? '' : Math.round(mttr.meanMs / 60_000)], ['mttr', 'week', '', 'median_minutes', mttr.medianMs === null ? '' : Math.round(mttr.medianMs / 60_000)]);
  for (const w of trend.mttr.weeks) rows.push(['mttr_trend', w.week, '', 'mean_minutes', w.meanMs === null ? '' : Math.round(w.meanMs / 60_000)], ['mttr_trend', w.week, '', 'resolved', w.resolved]);
  rows.push(['backlog', 'all', '', 'open_incidents', backlog.openIncidents], ['backlog', 'all', '', 'open_actions', backlog.openActions], ['backlog', 'all', '', 'overdue_actions', backlog.overdueActions]);
  for (const b of backlog.buckets) rows.push(['backlog', b.bucket, '', 'incidents', b.incidents], ['backlog', b.bucket, '', 'actions', b.actions]);
  rows.push(['hours', 'all', '', 'billable_minutes', h.billableMinutes], ['hours', 'all', '', 'non_billable_minutes', h.nonBillableMinutes]);
  for (const w of trend.hours.weeks) rows.push(['hours_trend', w.week, '', 'billable_minutes', w.billableMinutes], ['hours_trend', w.week, '', 'non_billable_minutes', w.nonBillableMinutes]);
  for (const c of h.contracts) rows.push(['burn', c.accountName, `${c.periodStart}..${c.periodEnd}`, 'used_minutes', c.usedMinutes], ['burn', c.accountName, `${c.periodStart}..${c.periodEnd}`, 'included_minutes', c.includedMinutes], ['burn', c.accountName, `${c.periodStart}..${c.periodEnd}`, 'exhaustion_date', c.exhaustionDate ?? '']);
  for (const p of h.people) rows.push(['utilisation', p.team, p.name, 'billable_minutes', p.billableMinutes], ['utilisation', p.team, p.name, 'utilisation', Math.round(p.utilisation * 1000) / 1000]);
  for (const t of h.teams) rows.push(['utilisation_team', t.team, '', 'utilisation', Math.round(t.utilisation * 1000) / 1000]);
  for (const a of adoption.accounts) rows.push(['adoption', a.accountName, '', 'score', a.score ?? ''], ['adoption', a.accountName, '', 'start_score', a.startScore ?? '']);
  for (const a of adoption.accounts) for (const [code, status] of Object.entries(a.statuses)) rows.push(['adoption_status', a.accountName, code, 'status', status]);
  for (const t of trend.adoption.trend) rows.push(['adoption_trend', t.week, t.end, 'mean_score', t.meanScore === null ? '' : Math.round(t.meanScore * 10) / 10]);
  for (const s of lifecycle.stages) rows.push(['lifecycle', s.stage, '', 'accounts', s.accounts], ['lifecycle', s.stage, '', 'median_days', s.medianMs === null ? '' : Math.round((s.medianMs / 86_400_000) * 10) / 10]);
  rows.push(['lifecycle', 'handoffs', '', 'count', lifecycle.handoffs]);
  for (const i of lifecycle.incomplete) rows.push(['handoff_incomplete', i.accountName, `${i.fromStage}->${i.toStage}`, 'open_items', i.open]);
  asks.forEach((a, i) => rows.push(['asks', String(i + 1), a.title, 'accounts', a.accountCount]));
  rows.push(['coverage', 'all', '', 'restricted_accounts', coverage.accounts], ['coverage', 'all', '', 'shifts', coverage.shifts], ['coverage', 'all', '', 'covered_shifts', coverage.coveredShifts]);
  for (const g of coverage.gaps) rows.push(['coverage_gap', g.accountName, g.shiftName ?? '', 'gap', g.label]);
  return stringify(rows, { header: true, columns: ['figure', 'dimension', 'detail', 'measure', 'value'] });
}

/** The week's report and its eight-week trend, as the PDF and CSV files of the pack. */
export async function weeklyPack(reports: ReportsService, query: WeeklyPackQuery): Promise<WeeklyPack> {
  const { week, ...filters } = query;
  const days = weekDays(week);
  const base: Omit<ReportQuery, 'from' | 'to'> = filters;
  const report = reports.report({ ...base, from: days[0] as string, to: days[6] as string });
  const trend = reports.report({ ...base, from: weekDays(shiftWeek(week, -(TREND_WEEKS - 1)))[0] as string, to: days[6] as string });
  const pdf = await weeklyPdf(week, report, trend);
  return {
    week,
    pdf: { filename: `fieldbook-metrics-${week}.pdf`, mimeType: 'application/pdf', encoding: 'base64', content: pdf.toString('base64') },
    csv: { filename: `fieldbook-metrics-${week}.csv`, mimeType: 'text/csv', encoding: 'utf8', content: weeklyCsv(report, trend) },
  };
}
