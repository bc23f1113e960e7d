import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { currencyDecimals, majorUnits, TIME_ROUNDING_LABELS } from '../../model';
import type { TimeExportRequest } from '../../model';
import { DETAIL_COLUMNS } from './columns';
import type { ExportEntry } from './entries';
import { SummaryBuilder } from './summary';
import type { SummaryLine } from './summary';

/**
 * The workbook: "Entries", one row per entry with real date and number cells, and "Summary", the time and
 * amounts per account and SKU with totals. Written with exceljs's streaming writer: each row is committed
 * to the zip as it is made, so 100,000 entries never sit in memory as cells.
 */

/** `#,##0.00 "EUR"`: a number format that says the currency without making the cell text. */
function moneyFormat(currency: string | null): string {
  const decimals = currency ? currencyDecimals(currency) : 2;
  const number = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  return currency ? `${number} "${currency}"` : number;
}

const bold: Partial<ExcelJS.Font> = { bold: true };

function writeSummary(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  request: TimeExportRequest,
  selection: string,
  generatedAt: Date,
  summary: ReturnType<SummaryBuilder['result']>,
): void {
  const sheet = workbook.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 7 }] });
  sheet.columns = [
    { key: 'account', width: 30 },
    { key: 'sku', width: 16 },
    { key: 'skuLabel', width: 28 },
    { key: 'currency', width: 10 },
    { key: 'rate', width: 14 },
    { key: 'hours', width: 10 },
    { key: 'billable', width: 14 },
    { key: 'amount', width: 16 },
  ];
  const title = sheet.addRow(['Time summary']);
  title.font = { bold: true, size: 14 };
  title.commit();
  sheet.addRow(['Period', `${request.from} to ${request.to}`]).commit();
  sheet.addRow(['Selection', selection]).commit();
  sheet.addRow(['Rounding', `${TIME_ROUNDING_LABELS[request.rounding]}, per entry`]).commit();
  // Text, not a date cell: Excel has no time zones, and a bare UTC time would read as local.
  sheet.addRow(['Generated', `${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`]).commit();
  sheet.addRow([]).commit();
  const head = sheet.addRow(['Account', 'SKU', 'SKU name', 'Currency', 'Rate per hour', 'Hours', 'Billable hours', 'Amount']);
  head.font = bold;
  head.commit();

  const first = 8;
  for (const line of summary.lines) summaryLine(sheet, line);
  const last = first + summary.lines.length - 1;
  sheet.addRow([]).commit();

  const hoursCell = (column: string, minutes: number): ExcelJS.CellValue =>
    summary.lines.length > 0 ? { formula: `SUM(${column}${first}:${column}${last})`, result: minutes / 60 } : 0;
  const total = sheet.addRow({ account: 'Total', hours: hoursCell('F', summary.totals.minutes), billable: hoursCell('G', summary.totals.billableMinutes) });
  total.font = bold;
  total.getCell('hours').numFmt = '0.00';
  total.getCell('billable').numFmt = '0.00';
  total.commit();
  for (const { currency, amount } of summary.totals.amounts) {
    const row = sheet.addRow({
      account: `Total amount in ${currency}`,
      currency,
      amount: { formula: `SUMIF(D${first}:D${last},"${currency}",H${first}:H${last})`, result: majorUnits(amount, currency) },
    });
    row.font = bold;
    row.getCell('amount').numFmt = moneyFormat(currency);
    row.commit();
  }
  sheet.commit();
}

function summaryLine(sheet: ExcelJS.Worksheet, line: SummaryLine): void {
  const row = sheet.addRow({
    account: line.accountName,
    sku: line.sku ?? '(no SKU)',
    skuLabel: line.skuLabel,
    currency: line.currency ?? '',
    rate: line.rate === null ? null : majorUnits(line.rate, line.currency ?? 'XXX'),
    hours: line.minutes / 60,
    billable: line.billableMinutes / 60,
    amount: line.amount === null ? null : majorUnits(line.amount, line.currency ?? 'XXX'),
  });
  row.getCell('rate').numFmt = moneyFormat(line.currency);
  row.getCell('hours').numFmt = '0.00';
  row.getCell('billable').numFmt = '0.00';
  row.getCell('amount').numFmt = moneyFormat(line.currency);
  row.commit();
}

export async function writeXlsx(
  batches: AsyncIterable<ExportEntry[]>,
  out: Writable,
  context: { request: TimeExportRequest; selection: string; generatedAt: Date },
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Fieldbook';
  workbook.created = context.generatedAt;
  const sheet = workbook.addWorksheet('Entries', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = DETAIL_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  // One style object per column, given to each of its cells: exceljs recognises a style it has seen by
  // identity, and otherwise works each cell's style out afresh (most of an export's time at 100,000 rows).
  const styles = DETAIL_COLUMNS.map((c): Partial<ExcelJS.Style> => (c.numFmt ? { numFmt: c.numFmt } : {}));
  sheet.getRow(1).font = bold;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: DETAIL_COLUMNS.length } };

  const summary = new SummaryBuilder();
  let count = 0;
  for await (const batch of batches) {
    for (const entry of batch) {
      const row = sheet.addRow(DETAIL_COLUMNS.map((c) => c.cell(entry)));
      styles.forEach((style, i) => (row.getCell(i + 1).style = style));
      row.commit();
      summary.add(entry);
    }
    count += batch.length;
  }
  sheet.commit();
  writeSummary(workbook, context.request, context.selection, context.generatedAt, summary.result());
  await workbook.commit();
  return count;
}
