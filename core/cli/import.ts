import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import type { InputOf, MethodName, OutputOf } from '../api/contract';
import { FieldbookError, IMPORT_CHUNK_BYTES } from '../model';
import type { ImportIssue, ImportPreview, ImportResult } from '../model';
import type { CliIo } from './main';

export const IMPORT_USAGE = `  import FILE --type TYPE [--map COLUMN=FIELD,...] [--dry-run] [--skip-invalid] [--json]
                                   Import records from a CSV or XLSX file (TYPE: accounts, contacts or
                                   adoption). Columns are mapped from their headers; --map overrides
                                   (COLUMN= leaves one out).
                                   Rows with problems stop the import unless --skip-invalid.`;

const invalid = (message: string) => new FieldbookError('invalid', message);

async function call<K extends MethodName>(core: Core, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await core.link.request(method, input);
  if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
  return result.data as OutputOf<K>;
}

/** `--map "Account=name,Level=tier" --map Owner=` → pairs; a column name may itself hold '=' only at its end. */
export function parseMapOption(values: readonly string[]): Array<[string, string | null]> {
  return values
    .flatMap((v) => v.split(','))
    .filter((pair) => pair.trim() !== '')
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      if (at <= 0) throw invalid(`--map takes COLUMN=FIELD pairs separated by commas; "${pair}" has no "=".`);
      const field = pair.slice(at + 1).trim();
      return [pair.slice(0, at).trim(), field === '' ? null : field];
    });
}

/** Applies --map pairs on top of the guessed mapping; columns are found exactly, else ignoring case. */
function applyOverrides(preview: ImportPreview, pairs: Array<[string, string | null]>): Record<string, string | null> {
  const mapping = { ...preview.mapping };
  const names = preview.columns.map((c) => c.name);
  for (const [column, field] of pairs) {
    const name = names.find((n) => n === column) ?? names.find((n) => n.toLowerCase() === column.toLowerCase());
    if (name === undefined) throw invalid(`The file has no column "${column}". Its columns are: ${names.join(', ')}.`);
    // A field moved to this column leaves the column that had it by guess.
    if (field !== null) for (const [other, f] of Object.entries(mapping)) if (f === field && other !== name) mapping[other] = null;
    mapping[name] = field;
  }
  return mapping;
}

const issueLine = (i: ImportIssue) => `  Row ${i.row}${i.column ? `, ${i.column}` : ''}: ${i.message}`;

function describePreview(preview: ImportPreview): string[] {
  const label = (key: string | null) => preview.fields.find((f) => f.key === key)?.label ?? key;
  const lines = [`${preview.fileName}${preview.sheet ? ` (sheet ${preview.sheet})` : ''}: ${preview.counts.rows} row(s)`, 'Columns:'];
  for (const c of preview.columns) lines.push(`  ${c.name} → ${preview.mapping[c.name] ? label(preview.mapping[c.name] ?? null) : '(not imported)'}`);
  const { create, update, unchanged, error } = preview.counts;
  lines.push(`Would create ${create}, update ${update}, leave ${unchanged} unchanged; ${error} row(s) with problems.`);
  const issues = preview.rows.flatMap((r) => r.issues);
  if (issues.length > 0) lines.push('Problems:', ...issues.map(issueLine));
  return lines;
}

/** `fieldbook import FILE --type accounts …`: the same upload, preview and commit as the app's Import dialog. */
export async function importCommand(dataDir: string, args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { type: { type: 'string' }, map: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    throw invalid(`${(error as Error).message}\n\nUsage:\n${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw invalid(`import needs exactly one FILE.\n\nUsage:\n${IMPORT_USAGE}`);
  if (!values.type) throw invalid('import needs --type: accounts, contacts or adoption.');
  const overrides = parseMapOption(values.map ?? []);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    throw invalid(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  if (data.length === 0) throw invalid(`${file} is empty.`);

  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const { uploadId } = await call(core, 'import.begin', { fileName: basename(file), size: data.length });
    for (let offset = 0; offset < data.length; offset += IMPORT_CHUNK_BYTES) {
      await call(core, 'import.chunk', { uploadId, offset, data: data.subarray(offset, offset + IMPORT_CHUNK_BYTES).toString('base64') });
    }
    const guessed = await call(core, 'import.preview', { uploadId, type: values.type });
    const mapping = applyOverrides(guessed, overrides);
    const preview = await call(core, 'import.preview', { uploadId, type: values.type, mapping });
    const json = values.json === true;
    const report = (extraFields: Record<string, unknown>, lines: string[]) =>
      io.out(json ? JSON.stringify({ file: preview.fileName, mapping: preview.mapping, counts: preview.counts, problems: preview.problems, issues: preview.rows.flatMap((r) => r.issues), ...extraFields }, null, 2) : lines.join('\n'));

    if (preview.problems.length > 0) {
      report({ imported: false }, [...describePreview(preview), 'Nothing was imported:', ...preview.problems.map((p) => `  ${p}`)]);
      if (!json) io.err(`fieldbook: nothing was imported: ${preview.problems.join(' ')}`);
      return 2;
    }
    if (values['dry-run']) {
      report({ imported: false, dryRun: true }, [...describePreview(preview), 'Dry run: nothing was written.']);
      return preview.counts.error > 0 ? 1 : 0;
    }
    if (preview.counts.error > 0 && !values['skip-invalid']) {
      const valid = preview.counts.rows - preview.counts.error;
      report({ imported: false }, describePreview(preview));
      io.err(`fieldbook: nothing was imported: ${preview.counts.error} row(s) have problems. Fix them, or pass --skip-invalid to import the ${valid} other row(s).`);
      return 1;
    }
    const result: ImportResult = await call(core, 'import.commit', { uploadId, type: values.type, mapping });
    report({ imported: true, result }, [
      ...describePreview(preview),
      `Imported: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.skipped} skipped.`,
    ]);
    return 0;
  } finally {
    core.close();
  }
}
