import { currencyDecimals, decimalHours, formatHm, majorUnits, TIME_CATEGORY_EXPORT_LABELS } from '../../model';
import type { ExportEntry } from './entries';
import { zonedIso } from './zonedTime';

/**
 * The detail columns of the CSV and the XLSX, in one list so both files (and the importer, which reads them
 * back as the `fieldbook` format) agree. Text goes to the CSV; the XLSX writes real dates and numbers.
 */
export const DETAIL_HEADERS = {
  date: 'Date',
  person: 'Person',
  account: 'Account',
  category: 'Category',
  sku: 'SKU',
  skuLabel: 'SKU name',
  billable: 'Billable',
  start: 'Start',
  end: 'End',
  timeZone: 'Time zone',
  hours: 'Hours',
  duration: 'Duration (h:mm)',
  minutes: 'Minutes',
  rate: 'Rate',
  currency: 'Currency',
  status: 'Status',
  note: 'Note',
  entryId: 'Entry ID',
  accountId: 'Account ID',
} as const;
export type DetailColumn = keyof typeof DETAIL_HEADERS;
export const DETAIL_COLUMNS = Object.keys(DETAIL_HEADERS) as DetailColumn[];

export function categoryLabel(category: string): string {
  return (TIME_CATEGORY_EXPORT_LABELS as Record<string, string>)[category] ?? category;
}

/** The rate in major units with the currency's decimals, as text (`180.00`). */
export function rateText(entry: Pick<ExportEntry, 'rate' | 'currency'>): string {
  if (entry.rate === null) return '';
  const currency = entry.currency ?? 'XXX';
  return majorUnits(entry.rate, currency).toFixed(currencyDecimals(currency));
}

/** One entry as CSV cells. Start and end are ISO 8601 with the offset of the zone the work was done in. */
export function csvCells(entry: ExportEntry): string[] {
  const cells: Record<DetailColumn, string> = {
    date: entry.date,
    person: entry.userId,
    account: entry.accountName,
    category: categoryLabel(entry.category),
    sku: entry.sku ?? '',
    skuLabel: entry.skuLabel,
    billable: entry.billable ? 'yes' : 'no',
    start: entry.startedAt ? zonedIso(entry.startedAt, entry.timeZone) : '',
    end: entry.endedAt ? zonedIso(entry.endedAt, entry.timeZone) : '',
    timeZone: entry.timeZone ?? '',
    hours: decimalHours(entry.minutes).toFixed(2),
    duration: formatHm(entry.minutes),
    minutes: String(entry.minutes),
    rate: rateText(entry),
    currency: entry.currency ?? '',
    status: entry.status,
    note: entry.note,
    entryId: entry.id,
    accountId: entry.accountId,
  };
  return DETAIL_COLUMNS.map((c) => cells[c]);
}
