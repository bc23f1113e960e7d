import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { exportDecimalHours, formatHm, formatMoney, TIME_ROUNDING_LABELS, weekOf } from '../../model';
import type { TimeExportRequest } from '../../model';
import type { Store } from '../../store/store';
import { categoryLabel } from './columns';
import type { ExportEntry } from './entries';
import { SummaryBuilder } from './summary';
import { zonedClock } from './zonedTime';

/**
 * The customer sign-off timesheet: one section per account (each starting on a new page) with the period,
 * the entries, totals per SKU, who approved the weeks in Fieldbook, and signature lines for the customer
 * and the vendor. DejaVu Sans is embedded, so the file renders the same anywhere, accents and € included.
 */

/** A sign-off sheet is read by a person: beyond this, a spreadsheet serves better. */
export const MAX_PDF_ENTRIES = 10_000;

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 40;
const FOOTER_SPACE = 24;
const TABLE_FONT = 8;
const CELL_PAD = 3;

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}
const ENTRY_COLUMNS: Column[] = [
  { title: 'Date', width: 54 },
  { title: 'Person', width: 92 },
  { title: 'Category', width: 58 },
  { title: 'SKU', width: 62 },
  { title: 'Time', width: 58 },
  { title: 'Hours', width: 34, align: 'right' },
  { title: 'Note', width: 157 },
];
const TOTAL_COLUMNS: Column[] = [
  { title: 'SKU', width: 80 },
  { title: 'Name', width: 150 },
  { title: 'Hours', width: 55, align: 'right' },
  { title: 'Billable', width: 55, align: 'right' },
  { title: 'Rate per hour', width: 75, align: 'right' },
  { title: 'Amount', width: 100, align: 'right' },
];

export interface WeekApproval {
  userId: string;
  week: string;
  status: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

/** Every timesheet's status, keyed `user|week`: read before the entries stream, since no query may run then. */
export function loadApprovals(store: Store): Map<string, WeekApproval> {
  const rows = store.db
    .prepare<[], { user_id: string; week: string; status: string; approved_by: string | null; approved_at: string | null }>(
      'SELECT user_id, week, status, approved_by, approved_at FROM timesheets WHERE deleted = 0 ORDER BY updated_at',
    )
    .all();
  return new Map(rows.map((r) => [`${r.user_id}|${r.week}`, { userId: r.user_id, week: r.week, status: r.status, approvedBy: r.approved_by, approvedAt: r.approved_at }]));
}

function longDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d LLLL yyyy');
}

function timeRange(entry: ExportEntry): string {
  if (!entry.startedAt || !entry.endedAt) return '';
  return `${zonedClock(entry.startedAt, entry.timeZone)}–${zonedClock(entry.endedAt, entry.timeZone)}`;
}

type Doc = PDFKit.PDFDocument;

interface Section {
  accountId: string;
  accountName: string;
  summary: SummaryBuilder;
  people: Set<string>;
  weeks: Map<string, { userId: string; week: string; unapproved: number }>;
  count: number;
}

class SignOffWriter {
  private readonly doc: Doc;

  constructor(
    out: Writable,
    private readonly request: TimeExportRequest,
    private readonly approvals: Map<string, WeekApproval>,
    generatedAt: Date,
  ) {
    // Pages stay in memory until the end so each footer can say "page n of N"; MAX_PDF_ENTRIES bounds them.
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      info: { Title: `Timesheet ${request.from} to ${request.to}`, Creator: 'Fieldbook', CreationDate: generatedAt },
    });
    this.doc.on('pageAdded', () => this.pageAccounts.push(this.accountName));
    this.doc.registerFont('body', FONT_REGULAR);
    this.doc.registerFont('bold', FONT_BOLD);
    this.doc.pipe(out);
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_SPACE;
  }

  /** Starts a new page when `height` does not fit on this one; returns true if it did. */
  private ensureSpace(height: number, onNewPage?: () => void): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.doc.addPage();
    onNewPage?.();
    return true;
  }

  private rowHeight(columns: Column[], cells: string[], font: 'body' | 'bold'): number {
    this.doc.font(font).fontSize(TABLE_FONT);
    return Math.max(...columns.map((c, i) => this.doc.heightOfString(cells[i] ?? '', { width: c.width - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  }

  private drawRow(columns: Column[], cells: string[], font: 'body' | 'bold', shade = false): void {
    const height = this.rowHeight(columns, cells, font);
    const top = this.doc.y;
    if (shade) this.doc.rect(MARGIN, top, this.width, height).fill('#eef0f3');
    this.doc.fillColor('#1b1f24').font(font).fontSize(TABLE_FONT);
    let x = MARGIN;
    columns.forEach((c, i) => {
      this.doc.text(cells[i] ?? '', x + CELL_PAD, top + CELL_PAD, { width: c.width - 2 * CELL_PAD, align: c.align ?? 'left' });
      x += c.width;
    });
    this.doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + this.width, top + height)
      .lineWidth(0.5)
      .strokeColor('#d5d9e0')
      .stroke();
    this.doc.x = MARGIN;
    this.doc.y = top + height;
  }

  private heading(text: string, size: number): void {
    this.doc.fillColor('#1b1f24').font('bold').fontSize(size).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  private line(label: string, value: string): void {
    this.doc.font('bold').fontSize(10).fillColor('#1b1f24').text(`${label}: `, MARGIN, this.doc.y, { continued: true, width: this.width });
    this.doc.font('body').text(value);
  }

  private section: Section | null = null;
  private sections = 0;
  private accountName = '';
  /** The account each page belongs to, for its footer (the first page is the first account's). */
  private readonly pageAccounts: string[] = [];

  /** Adds an entry; entries come ordered by account, and a new account closes the previous section. */
  add(entry: ExportEntry): void {
    if (this.section?.accountId !== entry.accountId) {
      this.closeSection();
      this.openSection(entry);
    }
    const section = this.section as Section;
    const cells = [entry.date, entry.userId, categoryLabel(entry.category), entry.sku ?? '', timeRange(entry), formatHm(entry.minutes), entry.note];
    this.ensureSpace(this.rowHeight(ENTRY_COLUMNS, cells, 'body'), () => this.entriesHeader());
    this.drawRow(ENTRY_COLUMNS, cells, 'body');
    section.summary.add(entry);
    section.people.add(entry.userId);
    const week = weekOf(entry.date);
    const key = `${entry.userId}|${week}`;
    const w = section.weeks.get(key) ?? { userId: entry.userId, week, unapproved: 0 };
    if (entry.status !== 'approved' && entry.status !== 'exported') w.unapproved += 1;
    section.weeks.set(key, w);
    section.count += 1;
  }

  private entriesHeader(): void {
    this.drawRow(ENTRY_COLUMNS, ENTRY_COLUMNS.map((c) => c.title), 'bold', true);
  }

  private openSection(entry: ExportEntry): void {
    this.accountName = entry.accountName;
    if (this.sections > 0) this.doc.addPage();
    else this.pageAccounts[0] = entry.accountName;
    this.sections += 1;
    this.section = { accountId: entry.accountId, accountName: entry.accountName, summary: new SummaryBuilder(), people: new Set(), weeks: new Map(), count: 0 };
    this.doc.y = MARGIN;
    this.heading('Timesheet for customer sign-off', 16);
    this.line('Account', entry.accountName);
    this.line('Period', `${longDate(this.request.from)} – ${longDate(this.request.to)}`);
    this.line('Rounding', `${TIME_ROUNDING_LABELS[this.request.rounding]}${this.request.rounding === 'none' ? '' : ', per entry'}`);
    this.doc.moveDown(0.8);
    this.entriesHeader();
  }

  private closeSection(): void {
    const section = this.section;
    if (!section) return;
    this.totals(section.summary, section.count);
    const weeks = [...section.weeks.values()].sort((a, b) => a.week.localeCompare(b.week) || a.userId.localeCompare(b.userId));
    this.approvalsBlock([...section.people].sort(), weeks);
    this.signatures(section.accountName);
  }

  private totals(summary: SummaryBuilder, count: number): void {
    const { lines, totals } = summary.result();
    this.doc.moveDown(1);
    // The heading, the column titles and a first line stay together.
    this.ensureSpace(60);
    this.heading('Totals per SKU', 12);
    const header = () => this.drawRow(TOTAL_COLUMNS, TOTAL_COLUMNS.map((c) => c.title), 'bold', true);
    header();
    for (const l of lines) {
      const cells = [
        l.sku ?? '(no SKU)',
        l.skuLabel,
        formatHm(l.minutes),
        formatHm(l.billableMinutes),
        l.rate !== null && l.currency ? formatMoney(l.rate, l.currency) : '',
        l.amount !== null && l.currency ? formatMoney(l.amount, l.currency) : '',
      ];
      this.ensureSpace(this.rowHeight(TOTAL_COLUMNS, cells, 'body'), header);
      this.drawRow(TOTAL_COLUMNS, cells, 'body');
    }
    const amounts = totals.amounts.map((a) => formatMoney(a.amount, a.currency)).join('\n');
    const totalCells = ['Total', `${count} ${count === 1 ? 'entry' : 'entries'}`, formatHm(totals.minutes), formatHm(totals.billableMinutes), '', amounts];
    this.ensureSpace(this.rowHeight(TOTAL_COLUMNS, totalCells, 'bold'));
    this.drawRow(TOTAL_COLUMNS, totalCells, 'bold', true);
    this.doc.moveDown(0.4);
    this.doc
      .font('body')
      .fontSize(9)
      .fillColor('#4f5764')
      .text(`Total time ${formatHm(totals.minutes)} (${exportDecimalHours(totals.minutes).toFixed(2)} h), of which billable ${formatHm(totals.billableMinutes)} (${exportDecimalHours(totals.billableMinutes).toFixed(2)} h).`, MARGIN, this.doc.y, { width: this.width });
  }

  private approvalsBlock(people: string[], weeks: Array<{ userId: string; week: string; unapproved: number }>): void {
    const lines = weeks.map((w) => {
      const sheet = this.approvals.get(`${w.userId}|${w.week}`);
      if (w.unapproved > 0) return `${w.week}, ${w.userId}: ${w.unapproved} ${w.unapproved === 1 ? 'entry is' : 'entries are'} not approved yet.`;
      if (sheet?.approvedBy) {
        const when = sheet.approvedAt ? ` on ${sheet.approvedAt.slice(0, 10)}` : '';
        return `${w.week}, ${w.userId}: approved by ${sheet.approvedBy}${when}.`;
      }
      return `${w.week}, ${w.userId}: approved (the approval record is not on this device).`;
    });
    this.doc.moveDown(1);
    this.doc.font('body').fontSize(9);
    const height = 40 + lines.reduce((h, l) => h + this.doc.heightOfString(l, { width: this.width }), 0);
    this.ensureSpace(Math.min(height, this.bottom - MARGIN));
    this.heading('Approval in Fieldbook', 12);
    this.doc.font('body').fontSize(9).fillColor('#1b1f24').text(`People: ${people.join(', ')}`, MARGIN, this.doc.y, { width: this.width });
    for (const l of lines) {
      this.ensureSpace(14);
      this.doc.font('body').fontSize(9).fillColor('#1b1f24').text(l, MARGIN, this.doc.y, { width: this.width });
    }
  }

  /** Two signature blocks side by side, kept together on one page. */
  private signatures(accountName: string): void {
    this.doc.moveDown(1.2);
    this.ensureSpace(150);
    this.heading('Sign-off', 12);
    this.doc
      .font('body')
      .fontSize(9)
      .fillColor('#4f5764')
      .text('By signing, both parties confirm the time above as the basis for invoicing.', MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(1);
    const top = this.doc.y;
    const half = (this.width - 30) / 2;
    const block = (x: number, title: string) => {
      this.doc.font('bold').fontSize(10).fillColor('#1b1f24').text(title, x, top, { width: half });
      ['Name', 'Signature', 'Date'].forEach((label, i) => {
        const y = top + 34 + i * 30;
        this.doc.font('body').fontSize(9).fillColor('#1b1f24').text(label, x, y - 10, { width: 60 });
        this.doc.moveTo(x + 60, y).lineTo(x + half, y).lineWidth(0.7).strokeColor('#8a929e').stroke();
      });
    };
    block(MARGIN, `For the customer (${accountName})`);
    block(MARGIN + half + 30, 'For the vendor');
    this.doc.x = MARGIN;
    this.doc.y = top + 34 + 3 * 30;
  }

  async finish(out: Writable): Promise<void> {
    this.closeSection();
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      this.doc.switchToPage(i);
      // The footer sits in the bottom margin: lift the margin so pdfkit does not start a new page for it.
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = this.doc.page.height - MARGIN;
      const period = `${longDate(this.request.from)} – ${longDate(this.request.to)}`;
      this.doc.font('body').fontSize(8).fillColor('#4f5764');
      this.doc.text(`${this.pageAccounts[i - range.start] ?? ''} · ${period}`, MARGIN, y, { width: this.width * 0.75, lineBreak: false, ellipsis: true });
      this.doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, y, { width: this.width, align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = bottomMargin;
    }
    this.doc.flushPages();
    // pdfkit ends `out` itself through the pipe once its last bytes are written.
    const finished = once(out, 'finish');
    this.doc.end();
    await finished;
  }
}

export async function writePdf(
  batches: AsyncIterable<ExportEntry[]>,
  out: Writable,
  context: { request: TimeExportRequest; approvals: Map<string, WeekApproval>; generatedAt: Date },
): Promise<number> {
  const writer = new SignOffWriter(out, context.request, context.approvals, context.generatedAt);
  let count = 0;
  for await (const batch of batches) {
    for (const entry of batch) writer.add(entry);
    count += batch.length;
  }
  await writer.finish(out);
  return count;
}
