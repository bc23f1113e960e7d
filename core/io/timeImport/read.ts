import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { FieldbookError } from '../../model';

/**
 * Reads a CSV or XLSX file into a header and rows of cells. Cells keep what the file holds: text from a
 * CSV; text, numbers, booleans and dates from a workbook (a time of day or a duration arrives as a date on
 * 1899-12-30, Excel's day zero). Row numbers are the ones a spreadsheet shows: the header is row 1.
 */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  row: number;
  cells: Cell[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** More rows than any person's export; beyond it a file is a mistake or an attack, not a timesheet. */
export const MAX_IMPORT_ROWS = 200_000;

function unreadable(message: string): FieldbookError {
  return new FieldbookError('invalid', message, { fields: { file: message } });
}

export function fileKind(fileName: string, bytes: Buffer): 'csv' | 'xlsx' {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw unreadable('This is an old Excel .xls file. Save it as .xlsx or as CSV (UTF-8) and import that.');
  }
  if (/\.xlsx$/i.test(fileName)) throw unreadable('This file is named .xlsx but is not an Excel workbook.');
  return 'csv';
}

/** The delimiter of the header line: a comma, or the semicolon or tab that European spreadsheets write. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a cell is not doubled',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'there is text after a closing quote',
};

function readCsv(bytes: Buffer): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('The file is not UTF-8 text. Save it as “CSV UTF-8” (or export it again) and import that.');
  }
  try {
    const records: string[][] = parse(text, { bom: true, delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), relax_column_count: true, skip_empty_lines: false });
    return records;
  } catch (error) {
    if (error instanceof CsvError) {
      const where = typeof error.lines === 'number' ? ` near line ${error.lines}` : '';
      throw unreadable(`The file could not be read as CSV${where}: ${CSV_PROBLEMS[error.code] ?? 'the cells are not separated the usual way'}. Nothing was imported.`);
    }
    throw error;
  }
}

/** A workbook cell's value as plain data: rich text becomes text, a formula its last result. */
function plainCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date)) ? null : result;
  }
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : null;
  if ('error' in value) return null;
  return null;
}

async function readXlsx(bytes: Buffer): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('The file could not be read as an Excel workbook. Open it in Excel, save it again as .xlsx, and import that.');
  }
  // The first sheet with data: trackers write one; Fieldbook's own export puts its entries first.
  const sheet = workbook.worksheets.find((w) => w.actualRowCount > 0);
  if (!sheet) return [];
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw unreadable(`The sheet has ${sheet.rowCount.toLocaleString('en')} rows; an import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en')}.`);
  const rows: Cell[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(plainCell(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

function isBlank(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

export async function readSheet(fileName: string, bytes: Buffer): Promise<Sheet> {
  const grid = fileKind(fileName, bytes) === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  if (grid.length > MAX_IMPORT_ROWS + 1) throw unreadable(`The file has ${grid.length.toLocaleString('en')} rows; an import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en')}.`);
  const headerIndex = grid.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) throw unreadable('The file is empty: there is no header row and no time in it.');
  const headers = (grid[headerIndex] ?? []).map((c) => (c === null ? '' : String(c).replace(/^\uFEFF/, '').trim()));
  const rows: SheetRow[] = [];
  grid.forEach((cells, index) => {
    if (index > headerIndex && !isBlank(cells)) rows.push({ row: index + 1, cells });
  });
  return { headers, rows };
}
