import { z } from 'zod';

/**
 * Importing records from a spreadsheet (CSV or XLSX): the file is uploaded in pieces, previewed with a column
 * mapping (nothing is written), then committed in one transaction. The kinds of record that can be imported
 * are registered in core/io/import/targets.ts.
 */

/** A field of an import target that a column can be mapped to. */
export interface ImportFieldInfo {
  key: string;
  label: string;
  required: boolean;
  /** What the cells may hold, in the user's words. */
  hint: string;
}

export interface ImportTypeInfo {
  type: string;
  label: string;
  fields: ImportFieldInfo[];
  /** How a row finds the record it updates, in the user's words. */
  matchRule: string;
}

/** A problem with one cell or row, said the way the user sees the file. */
export interface ImportIssue {
  /** The row number as a spreadsheet app shows it (the header is usually row 1). */
  row: number;
  /** The file's column header, when one cell is at fault. */
  column: string | null;
  field: string | null;
  message: string;
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

export interface ImportPreviewRow {
  row: number;
  action: ImportAction;
  /** The mapped cells, by field key, as the file has them. */
  values: Record<string, string>;
  /** For updates and unchanged rows: the record it matched (its name). */
  match: string | null;
  /** For updates: the fields that change. */
  changes: string[];
  issues: ImportIssue[];
}

export interface ImportColumn {
  name: string;
  /** The first few non-empty values, to help choose a mapping. */
  samples: string[];
}

export interface ImportPreview {
  uploadId: string;
  type: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  /** The worksheet read, for XLSX. */
  sheet: string | null;
  columns: ImportColumn[];
  /** Column name → field key; null: the column is not imported. */
  mapping: Record<string, string | null>;
  fields: ImportFieldInfo[];
  matchRule: string;
  /** Problems with the file or the mapping as a whole; while there are any, nothing can be imported. */
  problems: string[];
  counts: { rows: number; create: number; update: number; unchanged: number; error: number };
  /** Every row with an issue and the first rows without, in file order (see `rowsOmitted`). */
  rows: ImportPreviewRow[];
  rowsOmitted: number;
}

export interface ImportResult {
  type: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not imported because of their issues. */
  skipped: number;
  issues: ImportIssue[];
}

/** Upload pieces: small enough for every transport (the browser host takes 1 MB frames). */
export const IMPORT_CHUNK_BYTES = 512 * 1024;
export const IMPORT_MAX_FILE_BYTES = 25 * 1024 * 1024;

const uploadId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'That upload is not known. Choose the file again.' });
const importType = z.string().trim().min(1, { error: 'Choose what the file holds.' }).max(64);

export const importBeginSchema = z
  .object({
    fileName: z.string().trim().min(1, { error: 'The file needs a name.' }).max(260, { error: 'The file name is too long.' }),
    size: z
      .number()
      .int()
      .min(1, { error: 'The file is empty.' })
      .max(IMPORT_MAX_FILE_BYTES, { error: `The file is larger than ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB; split it and import the parts.` }),
  })
  .strict();

export const importChunkSchema = z
  .object({
    uploadId,
    offset: z.number().int().min(0),
    /** Base64 of at most IMPORT_CHUNK_BYTES bytes. */
    data: z.string().max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4, { error: 'An upload piece is too large.' }),
  })
  .strict();

/** Column name → field key; '' or null leaves the column out. */
export const importMappingSchema = z.record(z.string().max(300), z.string().max(64).nullable()).refine((m) => Object.keys(m).length <= 500, {
  error: 'The mapping has too many columns.',
});

export const importPreviewSchema = z
  .object({
    uploadId,
    type: importType,
    /** Omitted: guessed from the headers. */
    mapping: importMappingSchema.optional(),
  })
  .strict();
export type ImportPreviewInput = z.input<typeof importPreviewSchema>;

export const importCommitSchema = z.object({ uploadId, type: importType, mapping: importMappingSchema }).strict();
export type ImportCommitInput = z.input<typeof importCommitSchema>;
