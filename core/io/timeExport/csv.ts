import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Options } from 'csv-stringify/sync';
import { DETAIL_HEADERS, csvCells } from './columns';
import { csvLine } from './csvLine';
import type { ExportEntry } from './entries';
import { endOutput, writeChunk } from './output';

/**
 * RFC 4180 CSV in UTF-8: CRLF line ends, quotes only where needed, one header row. Cells that a spreadsheet
 * would run as a formula (starting with = + - @) get a leading apostrophe, as OWASP advises for files people
 * open in Excel; the importer removes it again. Each batch is written at once with backpressure, so memory
 * holds one batch. The header goes through csv-stringify, the rows through csvLine, which writes the same bytes.
 */
export async function writeCsv(batches: AsyncIterable<ExportEntry[]>, out: Writable, options: { bom: boolean }): Promise<number> {
  const base: Options = { record_delimiter: 'windows', escape_formulas: true };
  await writeChunk(out, stringify([DETAIL_HEADERS], { ...base, bom: options.bom }));
  let count = 0;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let chunk = '';
    for (const entry of batch) chunk += csvLine(csvCells(entry));
    await writeChunk(out, chunk);
    count += batch.length;
  }
  await endOutput(out);
  return count;
}
