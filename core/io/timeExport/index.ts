import { randomBytes } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { FieldbookError, TIME_EXPORT_MIME_TYPES } from '../../model';
import type { TimeExportRequest } from '../../model';
import type { Store } from '../../store/store';
import { writeCsv } from './csv';
import { describeSelection, exportBatches, selectEntries } from './entries';
import type { ExportEntry, ExportSelection } from './entries';
import { assertMarkable, markExported } from './mark';
import type { ExportedRef } from './mark';
import { memoryOutput } from './output';
import { loadApprovals, MAX_PDF_ENTRIES, writePdf } from './pdf';
import { writeXlsx } from './xlsx';

/**
 * Export of time entries (issue 4 §6): the selection is checked first (something to export; approved time
 * only when marking; a PDF a person can read), then the file is written, then — only once the whole file
 * exists — the entries are marked as exported in one transaction.
 */
export interface TimeExportOutcome {
  fileName: string;
  mimeType: string;
  entries: number;
  markedExported: number;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** `time-2026-03-01-to-2026-03-31-contoso.pdf`: says what is inside, and sorts by period. */
export function exportFileName(selection: ExportSelection): string {
  const { request, account } = selection;
  const parts = ['time', request.from, 'to', request.to];
  if (account) parts.push(slug(account.name) || 'account');
  if (request.user) parts.push(slug(request.user.split('@')[0] ?? request.user) || 'person');
  if (request.status) parts.push(request.status);
  return `${parts.join('-')}.${request.format}`;
}

/** Passes batches through, noting each entry so marking can check it did not change meanwhile. */
async function* noting(batches: AsyncIterable<ExportEntry[]>, refs: ExportedRef[]): AsyncGenerator<ExportEntry[]> {
  for await (const batch of batches) {
    for (const e of batch) refs.push({ id: e.id, updatedAt: e.updatedAt });
    yield batch;
  }
}

interface Prepared {
  selection: ExportSelection;
  total: number;
}

export interface ExportLimits {
  /** The most entries a PDF sign-off sheet takes (MAX_PDF_ENTRIES). */
  maxPdfEntries: number;
}
const DEFAULT_LIMITS: ExportLimits = { maxPdfEntries: MAX_PDF_ENTRIES };

/** Checks a request before any byte is written. */
function prepare(store: Store, request: TimeExportRequest, limits: ExportLimits): Prepared {
  const selection = selectEntries(store, request, request.format === 'pdf' ? 'account' : 'date');
  const { counts } = selection;
  const total = selection.rowids.length;
  if (total === 0) throw new FieldbookError('not_found', `No time entries match ${describeSelection(selection)}. Nothing was exported.`);
  if (request.markExported) assertMarkable(counts);
  if (request.format === 'pdf' && total > limits.maxPdfEntries) {
    throw new FieldbookError(
      'invalid',
      `A sign-off timesheet holds at most ${limits.maxPdfEntries.toLocaleString('en')} entries; this selection has ${total.toLocaleString('en')}. Choose a shorter period or one account, or export CSV or XLSX.`,
    );
  }
  return { selection, total };
}

async function writeFile(store: Store, prepared: Prepared, out: Writable, refs: ExportedRef[]): Promise<number> {
  const { selection } = prepared;
  const { request } = selection;
  const generatedAt = store.now();
  // Entries are noted only when they are to be marked: a plain export keeps nothing per entry.
  const batches = request.markExported ? noting(exportBatches(store, selection), refs) : exportBatches(store, selection);
  switch (request.format) {
    case 'csv':
      return writeCsv(batches, out, { bom: request.bom });
    case 'xlsx':
      return writeXlsx(batches, out, { request, selection: describeSelection(selection), generatedAt });
    case 'pdf':
      return writePdf(batches, out, { request, approvals: loadApprovals(store), generatedAt });
  }
}

/** The whole file in memory, for the API (which carries it as one message). */
export async function exportTimeToBuffer(store: Store, request: TimeExportRequest, limits = DEFAULT_LIMITS): Promise<TimeExportOutcome & { bytes: Buffer }> {
  const prepared = prepare(store, request, limits);
  const out = memoryOutput();
  const refs: ExportedRef[] = [];
  const entries = await writeFile(store, prepared, out.stream, refs);
  const markedExported = request.markExported ? markExported(store, refs) : 0;
  return { fileName: exportFileName(prepared.selection), mimeType: TIME_EXPORT_MIME_TYPES[request.format], entries, markedExported, bytes: out.bytes() };
}

/**
 * Streams the file to `path` (the CLI): written beside it under a temporary name and moved into place only
 * after marking succeeded, so a failure leaves neither a partial file nor half-marked entries.
 */
export async function exportTimeToFile(store: Store, request: TimeExportRequest, path: string, limits = DEFAULT_LIMITS): Promise<TimeExportOutcome> {
  const prepared = prepare(store, request, limits);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  const out = createWriteStream(temp, { flags: 'wx' });
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', (error) => reject(new FieldbookError('invalid', `Cannot write ${path}: ${error.message}`)));
  });
  const refs: ExportedRef[] = [];
  try {
    const entries = await writeFile(store, prepared, out, refs);
    const markedExported = request.markExported ? markExported(store, refs) : 0;
    renameSync(temp, path);
    return { fileName: basename(path), mimeType: TIME_EXPORT_MIME_TYPES[request.format], entries, markedExported };
  } catch (error) {
    out.destroy();
    rmSync(temp, { force: true });
    throw error;
  }
}

export { MAX_PDF_ENTRIES } from './pdf';
