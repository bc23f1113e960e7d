import type { CellValue } from 'exceljs';
import { currencyDecimals, exportDecimalHours, formatHm, majorUnits, TIME_CATEGORY_EXPORT_LABELS } from '../../model';
import type { ExportEntry } from './entries';
import { zonedIso, zonedTime } from './zonedTime';

/**
 * The detail columns of the CSV and the XLSX, in one table so both files (and the importer, which reads them
 * back as the `fieldbook` format) agree: each column's header, its CSV text, its workbook cell (real dates
 * and numbers) and that cell's width and number format.
 */
export interface DetailColumn {
  header: string;
  text: (e: ExportEntry) => string;
  cell: (e: ExportEntry) => CellValue;
  width: number;
  numFmt?: string;
}

const MINUTES_PER_DAY = 24 * 60;

export function categoryLabel(category: string): string {
  return (TIME_CATEGORY_EXPORT_LABELS as Record<string, string>)[category] ?? category;
}

/** A calendar date as Excel holds it: a serial number, which exceljs writes from a UTC Date. */
function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Wall-clock time where the work was done, as an Excel date-time (Excel has no time zones). */
function excelLocalTime(instant: string | null, zone: string | null): Date | null {
  if (instant === null) return null;
  const t = zonedTime(instant, zone);
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
}

function rateMajor(e: ExportEntry): number | null {
  return e.rate === null ? null : majorUnits(e.rate, e.currency ?? 'XXX');
}

/** Text cells are the same in both files. */
const textColumn = (header: string, width: number, text: (e: ExportEntry) => string): DetailColumn => ({ header, text, cell: text, width });

export const DETAIL_COLUMNS: readonly DetailColumn[] = [
  { header: 'Date', text: (e) => e.date, cell: (e) => excelDate(e.date), width: 12, numFmt: 'yyyy-mm-dd' },
  textColumn('Person', 24, (e) => e.userId),
  textColumn('Account', 28, (e) => e.accountName),
  textColumn('Category', 15, (e) => categoryLabel(e.category)),
  textColumn('SKU', 14, (e) => e.sku ?? ''),
  textColumn('SKU name', 24, (e) => e.skuLabel),
  textColumn('Billable', 9, (e) => (e.billable ? 'yes' : 'no')),
  // Start and end: ISO 8601 with the offset of the zone the work was done in; in the workbook, that wall time.
  { header: 'Start', text: (e) => (e.startedAt ? zonedIso(e.startedAt, e.timeZone) : ''), cell: (e) => excelLocalTime(e.startedAt, e.timeZone), width: 17, numFmt: 'yyyy-mm-dd hh:mm' },
  { header: 'End', text: (e) => (e.endedAt ? zonedIso(e.endedAt, e.timeZone) : ''), cell: (e) => excelLocalTime(e.endedAt, e.timeZone), width: 17, numFmt: 'yyyy-mm-dd hh:mm' },
  textColumn('Time zone', 18, (e) => e.timeZone ?? ''),
  { header: 'Hours', text: (e) => exportDecimalHours(e.minutes).toFixed(2), cell: (e) => e.minutes / 60, width: 8, numFmt: '0.00' },
  // A duration in Excel is a fraction of a day, shown as [h]:mm.
  { header: 'Duration (h:mm)', text: (e) => formatHm(e.minutes), cell: (e) => e.minutes / MINUTES_PER_DAY, width: 10, numFmt: '[h]:mm' },
  { header: 'Minutes', text: (e) => String(e.minutes), cell: (e) => e.minutes, width: 9, numFmt: '0' },
  {
    header: 'Rate',
    // Per hour, in major units with the currency's decimals (180.00).
    text: (e) => (e.rate === null ? '' : (rateMajor(e) ?? 0).toFixed(currencyDecimals(e.currency ?? 'XXX'))),
    cell: rateMajor,
    width: 11,
    numFmt: '#,##0.00',
  },
  textColumn('Currency', 9, (e) => e.currency ?? ''),
  textColumn('Status', 10, (e) => e.status),
  textColumn('Note', 50, (e) => e.note),
  textColumn('Entry ID', 38, (e) => e.id),
  textColumn('Account ID', 38, (e) => e.accountId),
];

export const DETAIL_HEADERS: readonly string[] = DETAIL_COLUMNS.map((c) => c.header);

/** One entry as CSV cells. */
export function csvCells(entry: ExportEntry): string[] {
  return DETAIL_COLUMNS.map((c) => c.text(entry));
}
