import { randomBytes } from 'node:crypto';
import { FieldbookError, importBeginSchema, importChunkSchema, importCommitSchema, importPreviewSchema } from '../../model';
import type {
  ImportCommitInput,
  ImportIssue,
  ImportPreview,
  ImportPreviewInput,
  ImportPreviewRow,
  ImportResult,
  ImportTypeInfo,
} from '../../model';
import { createServices } from '../../services';
import type { ServiceContext, Services } from '../../services';
import { readSpreadsheet } from '../spreadsheet';
import type { SheetTable } from '../spreadsheet';
import { guessMapping, mappingProblems } from './mapping';
import type { FieldIssue, ImportTarget, RowPlan } from './target';
import { IMPORT_TARGETS } from './targets';

/** Uploads waiting for preview or commit; the oldest goes when a new one would exceed this. */
const MAX_UPLOADS = 4;
const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Rows without issues shown in a preview; rows with issues are always all shown. */
const PREVIEW_CLEAN_ROWS = 500;

interface Upload {
  fileName: string;
  data: Buffer;
  received: number;
  startedAt: number;
  /** Parsed once, reused while the user adjusts the mapping. */
  table: Promise<SheetTable> | null;
}

interface EvaluatedRow {
  row: number;
  values: Record<string, string>;
  plan: RowPlan;
  issues: ImportIssue[];
}

/**
 * Spreadsheet import (issue 3 §9): upload in pieces, preview with a column mapping (nothing written), commit
 * every valid row in one transaction through the services. Re-importing a file updates what changed and
 * creates nothing twice: each target matches rows to records by a stable key (see its matchRule).
 */
export class ImportService {
  private readonly uploads = new Map<string, Upload>();
  private services: Services | null = null;
  private readonly touched = new Set<string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly targets: readonly ImportTarget[] = IMPORT_TARGETS,
    private readonly now: () => number = Date.now,
  ) {}

  types(): ImportTypeInfo[] {
    return this.targets.map((t) => ({ type: t.type, label: t.label, matchRule: t.matchRule, fields: t.fields.map(({ key, label, required, hint }) => ({ key, label, required, hint })) }));
  }

  begin(input: unknown): { uploadId: string } {
    const { fileName, size } = importBeginSchema.parse(input);
    this.expire();
    while (this.uploads.size >= MAX_UPLOADS) {
      const oldest = this.uploads.keys().next().value;
      if (oldest === undefined) break;
      this.uploads.delete(oldest);
    }
    const uploadId = randomBytes(12).toString('base64url');
    this.uploads.set(uploadId, { fileName, data: Buffer.alloc(size), received: 0, startedAt: this.now(), table: null });
    return { uploadId };
  }

  /** Pieces arrive in order; a repeated piece (a retry) is accepted again, a gap is refused. */
  chunk(input: unknown): { received: number; size: number } {
    const { uploadId, offset, data } = importChunkSchema.parse(input);
    const upload = this.upload(uploadId);
    const bytes = Buffer.from(data, 'base64');
    if (offset > upload.received) throw new FieldbookError('invalid', 'A piece of the file is missing. Choose the file again.');
    if (offset + bytes.length > upload.data.length) throw new FieldbookError('invalid', 'The file is larger than announced. Choose the file again.');
    bytes.copy(upload.data, offset);
    upload.received = Math.max(upload.received, offset + bytes.length);
    upload.table = null;
    return { received: upload.received, size: upload.data.length };
  }

  async preview(input: ImportPreviewInput): Promise<ImportPreview> {
    const query = importPreviewSchema.parse(input);
    const target = this.target(query.type);
    const upload = this.upload(query.uploadId);
    const table = await this.table(upload);
    const mapping = query.mapping ? normalise(query.mapping) : guessMapping(table.headers, target.fields);
    const problems = mappingProblems(mapping, table.headers, target.fields, target.label);
    const rows = problems.length > 0 ? [] : this.evaluate(table, target, mapping, false);
    const counts = { rows: table.rows.length, create: 0, update: 0, unchanged: 0, error: 0 };
    for (const r of rows) counts[r.plan.action] += 1;
    let clean = 0;
    const shown: ImportPreviewRow[] = [];
    for (const r of rows) {
      if (r.plan.action !== 'error' && (clean += 1) > PREVIEW_CLEAN_ROWS) continue;
      shown.push({
        row: r.row,
        action: r.plan.action,
        values: r.values,
        match: r.plan.action === 'update' || r.plan.action === 'unchanged' ? r.plan.match : null,
        changes: r.plan.action === 'update' ? r.plan.changes : [],
        issues: r.issues,
      });
    }
    return {
      uploadId: query.uploadId,
      type: target.type,
      fileName: upload.fileName,
      format: table.format,
      sheet: table.sheet,
      columns: table.headers.map((name, i) => ({ name, samples: samples(table, i) })),
      mapping: Object.fromEntries(table.headers.map((h) => [h, mapping[h] ?? null])),
      fields: this.types().find((t) => t.type === target.type)?.fields ?? [],
      matchRule: target.matchRule,
      problems,
      counts,
      rows: shown,
      rowsOmitted: rows.length - shown.length,
    };
  }

  /** Writes every row without issues, in one transaction; rows with issues are skipped and reported. */
  async commit(input: ImportCommitInput): Promise<ImportResult> {
    const query = importCommitSchema.parse(input);
    const target = this.target(query.type);
    const upload = this.upload(query.uploadId);
    const table = await this.table(upload);
    const mapping = normalise(query.mapping);
    const problems = mappingProblems(mapping, table.headers, target.fields, target.label);
    if (problems.length > 0) throw new FieldbookError('invalid', `Nothing was imported. ${problems.join(' ')}`, { problems });
    this.touched.clear();
    // Planned again inside the transaction: the records may have changed since the preview.
    const rows = this.ctx.store.write(() => this.evaluate(table, target, mapping, true));
    const result: ImportResult = { type: target.type, created: 0, updated: 0, unchanged: 0, skipped: 0, issues: [] };
    for (const r of rows) {
      if (r.plan.action === 'create') result.created += 1;
      else if (r.plan.action === 'update') result.updated += 1;
      else if (r.plan.action === 'unchanged') result.unchanged += 1;
      else {
        result.skipped += 1;
        result.issues.push(...r.issues);
      }
    }
    this.uploads.delete(query.uploadId);
    // One notice for the whole import, not one per row.
    if (this.touched.size > 0) this.ctx.changed([...this.touched]);
    return result;
  }

  /**
   * Plans every row (and with `write`, applies it: only inside the commit's transaction). A second row about
   * the same record is an issue: each record is imported once per file.
   */
  private evaluate(table: SheetTable, target: ImportTarget, mapping: Record<string, string | null>, write: boolean): EvaluatedRow[] {
    const run = target.begin(this.importServices());
    const columnOf = new Map<string, string>();
    const indexOf = new Map<string, number>();
    table.headers.forEach((h, i) => {
      const field = mapping[h];
      if (field) {
        columnOf.set(field, h);
        indexOf.set(field, i);
      }
    });
    const firstRowOf = new Map<string, number>();
    return table.rows.map(({ row, cells }) => {
      const values: Record<string, string> = {};
      for (const [field, i] of indexOf) {
        const text = (cells[i] ?? '').trim();
        if (text !== '') values[field] = text;
      }
      let plan = run.plan(values);
      if (plan.action !== 'error') {
        const first = firstRowOf.get(plan.key);
        if (first !== undefined) plan = { action: 'error', issues: [{ field: null, message: `Row ${first} already imports this ${singular(target)}; only the first row for it is imported.` }] };
        else firstRowOf.set(plan.key, row);
      }
      if (write && (plan.action === 'create' || plan.action === 'update')) plan.apply();
      const issues = plan.action === 'error' ? plan.issues.map((i: FieldIssue) => ({ row, column: i.field ? (columnOf.get(i.field) ?? null) : null, field: i.field, message: i.message })) : [];
      return { row, values, plan, issues };
    });
  }

  /** Services over the same store whose change notices are collected, so an import sends one notice. */
  private importServices(): Services {
    this.services ??= createServices({ store: this.ctx.store, changed: (tables) => tables.forEach((t) => this.touched.add(t)) });
    return this.services;
  }

  private target(type: string): ImportTarget {
    const target = this.targets.find((t) => t.type === type);
    if (!target) throw new FieldbookError('invalid', `Fieldbook cannot import "${type}". It can import: ${this.targets.map((t) => t.type).join(', ')}.`);
    return target;
  }

  private upload(uploadId: string): Upload {
    this.expire();
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new FieldbookError('not_found', 'That file is no longer here (uploads are kept for an hour). Choose the file again.');
    return upload;
  }

  private table(upload: Upload): Promise<SheetTable> {
    if (upload.received < upload.data.length) throw new FieldbookError('invalid', 'The file has not arrived completely. Choose the file again.');
    upload.table ??= readSpreadsheet(upload.fileName, upload.data);
    // A file that cannot be read is not kept as a rejected promise: the next attempt reads it again.
    void upload.table.catch(() => (upload.table = null));
    return upload.table;
  }

  private expire(): void {
    for (const [id, upload] of this.uploads) if (this.now() - upload.startedAt > UPLOAD_TTL_MS) this.uploads.delete(id);
  }
}

const singular = (target: ImportTarget) => target.label.toLowerCase().replace(/s$/, '');

/** '' and null both mean "not imported". */
function normalise(mapping: Record<string, string | null>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(mapping).map(([column, field]) => [column, field === '' ? null : field]));
}

function samples(table: SheetTable, column: number): string[] {
  const out: string[] = [];
  for (const { cells } of table.rows) {
    const value = (cells[column] ?? '').trim();
    if (value !== '' && !out.includes(value)) out.push(value.length > 60 ? `${value.slice(0, 59)}…` : value);
    if (out.length === 3) break;
  }
  return out;
}
