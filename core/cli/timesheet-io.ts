import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import { describeRowError, FieldbookError, formatHm, TIME_EXPORT_FORMATS, TIME_IMPORT_FIELDS, TIME_IMPORT_FORMAT_LABELS, timeExportRequestSchema, timeImportRequestSchema } from '../model';
import type { TimeImportField, TimeImportPreview } from '../model';
import type { CliIo } from './main';

/**
 * `fieldbook timesheet export` and `fieldbook time import`: the same export and import as the app, reading
 * and writing files directly (no size limit, streamed to disk). The export and import code (exceljs,
 * pdfkit, csv) loads only when one of these commands runs, so other commands start as fast as before.
 */
export const TIME_IO_USAGE = `  timesheet export --from DATE --to DATE [--user U] [--account A] [--status S]
               --format csv|xlsx|pdf [--round none|6|15] [--bom] [--mark-exported] --out FILE
                                   Export time entries (PDF: a customer sign-off timesheet).
  time import FILE [--format toggl|harvest|clockify|fieldbook|generic] [--map COLUMN=FIELD,...]
               [--date-order mdy|dmy] [--category C] [--dry-run] [--json]
                                   Import time from a CSV or XLSX (Toggl, Harvest, Clockify, ...).`;

class TimeIoUsageError extends Error {}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TimeIoUsageError((error as Error).message);
  }
}

/** A schema's first problem, as the user's sentence. */
function firstIssue(error: { issues: ReadonlyArray<{ message: string }> }): string {
  return error.issues[0]?.message ?? 'The options are not valid.';
}

export async function timeIoCommand(dataDir: string, area: 'timesheet' | 'time', args: string[], io: CliIo): Promise<number> {
  try {
    return area === 'timesheet' ? await exportCommand(dataDir, args, io) : await importCommand(dataDir, args, io);
  } catch (error) {
    if (error instanceof TimeIoUsageError) {
      io.err(`fieldbook: ${error.message}\n\nUsage:\n${TIME_IO_USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function exportCommand(dataDir: string, args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'export') throw new TimeIoUsageError(`Unknown command "timesheet ${action ?? ''}".`);
  const { values, positionals } = parse(rest, {
    from: { type: 'string' },
    to: { type: 'string' },
    user: { type: 'string' },
    account: { type: 'string' },
    status: { type: 'string' },
    format: { type: 'string' },
    round: { type: 'string' },
    bom: { type: 'boolean' },
    'mark-exported': { type: 'boolean' },
    out: { type: 'string' },
  });
  if (positionals.length > 0) throw new TimeIoUsageError(`Unexpected argument "${positionals[0]}".`);
  const out = values['out'] as string | undefined;
  if (!values['from'] || !values['to'] || !out) throw new TimeIoUsageError('timesheet export needs --from DATE, --to DATE and --out FILE.');
  // The format may be left to the file's extension: --out march.xlsx.
  const fromExtension = extname(out).slice(1).toLowerCase();
  const format = (values['format'] as string | undefined) ?? ((TIME_EXPORT_FORMATS as readonly string[]).includes(fromExtension) ? fromExtension : undefined);
  if (!format) throw new TimeIoUsageError('timesheet export needs --format csv, xlsx or pdf.');
  const request = timeExportRequestSchema.safeParse({
    from: values['from'],
    to: values['to'],
    ...(values['user'] ? { user: values['user'] } : {}),
    ...(values['account'] ? { account: values['account'] } : {}),
    ...(values['status'] ? { status: values['status'] } : {}),
    format,
    rounding: values['round'] ?? 'none',
    bom: values['bom'] ?? false,
    markExported: values['mark-exported'] ?? false,
  });
  if (!request.success) throw new TimeIoUsageError(firstIssue(request.error));
  if (request.data.bom && request.data.format !== 'csv') throw new TimeIoUsageError('--bom applies to CSV only.');

  const { exportTimeToFile } = await import('../io/timeExport');
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const path = resolve(out);
    const outcome = await exportTimeToFile(core.store, request.data, path);
    const marked = request.data.markExported ? `; ${outcome.markedExported} marked as exported` : '';
    io.out(`Exported ${outcome.entries} ${outcome.entries === 1 ? 'entry' : 'entries'} to ${path}${marked}.`);
    return 0;
  } finally {
    core.close();
  }
}

/** `Day=date,Customer=account` → a column mapping; the last `=` splits, so a header may contain one. */
function parseMapping(text: string): Record<string, TimeImportField> {
  const mapping: Record<string, TimeImportField> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim().toLowerCase();
    if (at <= 0 || !column) throw new TimeIoUsageError(`--map takes COLUMN=FIELD pairs separated by commas; "${pair}" is not one.`);
    if (!(TIME_IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new TimeIoUsageError(`"${field}" is not a field to map to. Use one of: ${TIME_IMPORT_FIELDS.join(', ')}.`);
    }
    mapping[column] = field as TimeImportField;
  }
  return mapping;
}

function describePreview(preview: TimeImportPreview): string[] {
  const { counts } = preview;
  const lines = [
    `${TIME_IMPORT_FORMAT_LABELS[preview.format]}: ${counts.rows} ${counts.rows === 1 ? 'row' : 'rows'} — ${counts.ready} ready (${formatHm(preview.readyMinutes)}), ${counts.duplicates} duplicate${counts.duplicates === 1 ? '' : 's'}, ${counts.errors} with errors.`,
  ];
  for (const notice of preview.notices) lines.push(`Note: ${notice}`);
  const duplicates = preview.rows.filter((r) => r.status === 'duplicate');
  if (duplicates.length > 0) {
    const shown = duplicates.slice(0, 20).map((r) => (r.duplicateOf?.kind === 'row' ? `row ${r.row} (same as row ${r.duplicateOf.row})` : `row ${r.row} (already stored)`));
    lines.push(`Duplicates, skipped: ${shown.join(', ')}${duplicates.length > 20 ? `, and ${duplicates.length - 20} more` : ''}.`);
  }
  return lines;
}

async function importCommand(dataDir: string, args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'import') throw new TimeIoUsageError(`Unknown command "time ${action ?? ''}".`);
  const { values, positionals } = parse(rest, {
    format: { type: 'string' },
    map: { type: 'string' },
    'date-order': { type: 'string' },
    category: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new TimeIoUsageError('time import needs one FILE.');
  const mapping = values['map'] ? parseMapping(values['map'] as string) : undefined;
  const request = timeImportRequestSchema
    .omit({ contentBase64: true })
    .safeParse({
      fileName: file,
      format: values['format'] ?? (mapping ? 'generic' : 'auto'),
      ...(mapping ? { mapping } : {}),
      dateOrder: values['date-order'] ?? 'auto',
      ...(values['category'] ? { defaultCategory: values['category'] } : {}),
    });
  if (!request.success) throw new TimeIoUsageError(firstIssue(request.error));
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new FieldbookError('not_found', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
  }

  const { importTime, planProblems, planTimeImport } = await import('../io/timeImport/preview');
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const input = { ...request.data, bytes };
    const preview = await planTimeImport(core.store, input);
    const problems = planProblems(preview);
    if (values['dry-run'] || problems.length > 0) {
      if (values['json']) io.out(JSON.stringify(preview, null, 2));
      else io.out(describePreview(preview).join('\n'));
      if (problems.length > 0) {
        io.err([...preview.fileErrors.map((e) => `fieldbook: ${e}`), ...preview.rows.flatMap((r) => r.errors.map((e) => `fieldbook: ${describeRowError(r.row, e)}`)), 'fieldbook: Nothing was imported.'].join('\n'));
        return 1;
      }
      if (!values['json']) io.out(`Dry run: nothing was imported. Run again without --dry-run to import the ${preview.counts.ready} ready ${preview.counts.ready === 1 ? 'row' : 'rows'}.`);
      return 0;
    }
    const result = await importTime(core.store, input);
    if (values['json']) io.out(JSON.stringify(result, null, 2));
    else {
      io.out(describePreview(preview).join('\n'));
      io.out(`Imported ${result.imported} ${result.imported === 1 ? 'entry' : 'entries'} (${formatHm(result.minutes)}) as drafts${result.skippedDuplicates ? `; skipped ${result.skippedDuplicates} duplicate${result.skippedDuplicates === 1 ? '' : 's'}` : ''}.`);
    }
    return 0;
  } finally {
    core.close();
  }
}
