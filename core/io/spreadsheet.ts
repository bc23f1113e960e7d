import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import { FieldbookError } from '../model';

/** A spreadsheet as rows of text, the way a person sees it: a header row and numbered data rows. */
export interface SheetTable {
  format: 'csv' | 'xlsx';
  sheet: string | null;
  /** Unique, non-empty column names from the header row. */
  headers: string[];
  /** Data rows below the header; `row` is the number a spreadsheet app shows. Blank rows are left out. */
  rows: Array<{ row: number; cells: string[] }>;
}

/** More rows than this is a job for several files, not one preview. */
export const MAX_IMPORT_ROWS = 20_000;

const invalid = (message: string) => new FieldbookError('invalid', message);

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Reads a CSV (any common delimiter, UTF-8 or Windows-1252) or an XLSX workbook's first sheet with data. */
export async function readSpreadsheet(fileName: string, data: Buffer): Promise<SheetTable> {
  const ext = extname(fileName).toLowerCase();
  if (data.subarray(0, 4).equals(OLE) || ext === '.xls') {
    throw invalid('This is an old-style Excel file (.xls). Save it as .xlsx or .csv and import that.');
  }
  if (data.subarray(0, 4).equals(ZIP)) return readXlsx(data);
  if (ext === '.xlsx') throw invalid('This file is named .xlsx but is not an Excel workbook. Save it again from your spreadsheet app.');
  return readCsv(data, ext === '.tsv' ? '\t' : undefined);
}

function readCsv(data: Buffer, delimiter: string | undefined): SheetTable {
  const text = decodeText(data);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiter ?? sniffDelimiter(text),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    throw invalid(`The file could not be read as CSV: ${(error as Error).message.replace(/\.$/, '')}. Check its quotes, or save it again as CSV.`);
  }
  // Records are numbered as a spreadsheet app numbers rows (a quoted line break stays inside its row).
  return toTable('csv', null, records.map((cells, i) => ({ row: i + 1, cells })));
}

/** UTF-8 when it is valid UTF-8; otherwise the file came from an older Excel on Windows. */
function decodeText(data: Buffer): string {
  if (data.subarray(0, 1024).includes(0)) throw invalid('This file is not a CSV or XLSX spreadsheet.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** The delimiter used most in the first line outside quotes: comma, semicolon (European Excel) or tab. */
function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [',', 0])[0];
}

async function readXlsx(data: Buffer): Promise<SheetTable> {
  // Loaded on first use: a large library most sessions never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw invalid('The file could not be read as an Excel workbook (.xlsx). Save it again from your spreadsheet app, or as CSV.');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw invalid('The workbook has no rows. Put the records on the first sheet, with a header row.');
  const rows: Array<{ row: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ row: number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return toTable('xlsx', sheet.name, rows);
}

/** A cell as the text a person reads in it: formulas by their result, dates as ISO dates, rich text as plain. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

function columnLetter(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

const blank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** The first non-blank row is the header; names are trimmed, blanks named by column letter, repeats numbered. */
function toTable(format: SheetTable['format'], sheet: string | null, all: Array<{ row: number; cells: string[] }>): SheetTable {
  const headerIndex = all.findIndex((r) => !blank(r.cells));
  if (headerIndex === -1) throw invalid('The file is empty. It needs a header row naming the columns, then one row per record.');
  const rawHeaders = all[headerIndex]?.cells ?? [];
  const body = all.slice(headerIndex + 1).filter((r) => !blank(r.cells));
  if (body.length > MAX_IMPORT_ROWS) {
    throw invalid(`The file has ${body.length.toLocaleString('en')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at a time.`);
  }
  const width = Math.max(rawHeaders.length, ...body.map((r) => r.cells.length));
  const seen = new Map<string, number>();
  const headers = Array.from({ length: width }, (_, i) => {
    const base = (rawHeaders[i] ?? '').replace(/\s+/g, ' ').trim() || `Column ${columnLetter(i)}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
  return { format, sheet, headers, rows: body.map((r) => ({ row: r.row, cells: headers.map((_, i) => r.cells[i] ?? '') })) };
}
