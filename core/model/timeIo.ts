import { z } from 'zod';
import { isCalendarDate } from './calendarDays';
import { TIME_CATEGORIES, TIME_ENTRY_STATUSES } from './time';
import type { TimeEntryDraft } from './time';
import { TIME_ROUNDINGS } from './timeRounding';

/**
 * Export and import of time entries (issue 4 §6 and §8): the requests the API, the CLI and the renderer share,
 * and the preview an import shows before anything is written.
 */

/** How categories read in exports and previews; imports accept these as well as the codes. */
export const TIME_CATEGORY_EXPORT_LABELS: Record<(typeof TIME_CATEGORIES)[number], string> = {
  onsite: 'Onsite',
  remote: 'Remote',
  incident: 'Incident',
  roadmap_review: 'Roadmap review',
  qbr: 'QBR',
  travel: 'Travel',
  admin: 'Admin',
};


const calendarDate = (what: string) =>
  z.string({ error: `${what} is required.` }).refine(isCalendarDate, { error: `${what} must be a date written YYYY-MM-DD.` });

export const TIME_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type TimeExportFormat = (typeof TIME_EXPORT_FORMATS)[number];

export const TIME_EXPORT_MIME_TYPES: Record<TimeExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** The longest period one export may span; a sign-off covers a month, a billing run a year at most. */
export const MAX_EXPORT_DAYS = 366 * 2;

const datesValid = (r: { from: string; to: string }) => isCalendarDate(r.from) && isCalendarDate(r.to);

export const timeExportRequestSchema = z
  .object({
    from: calendarDate('The start date'),
    to: calendarDate('The end date'),
    /** A person's user id; all people when left out. */
    user: z.string().trim().min(1).max(200).optional(),
    /** An account id or name (any case); all accounts when left out. */
    account: z.string().trim().min(1).max(200).optional(),
    status: z.enum(TIME_ENTRY_STATUSES, { error: 'Status is draft, submitted, approved or exported.' }).optional(),
    format: z.enum(TIME_EXPORT_FORMATS, { error: 'The format is csv, xlsx or pdf.' }),
    rounding: z.enum(TIME_ROUNDINGS, { error: 'Rounding is none, 6 or 15 (minutes).' }).default('none'),
    /** CSV only: a byte-order mark, so Excel reads the file as UTF-8. */
    bom: z.boolean().default(false),
    /** Marks the exported entries as exported (then immutable); every entry must be approved. */
    markExported: z.boolean().default(false),
  })
  .strict()
  // Zod runs these even when a date above failed; a bad date has its own message already.
  .refine((r) => !datesValid(r) || r.from <= r.to, { path: ['to'], error: 'The end date must be on or after the start date.' })
  .refine((r) => !datesValid(r) || (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 < MAX_EXPORT_DAYS, {
    path: ['to'],
    error: 'An export covers at most two years; choose a shorter period.',
  });
export type TimeExportRequest = z.output<typeof timeExportRequestSchema>;

export interface TimeExportFile {
  fileName: string;
  mimeType: string;
  /** The file's bytes, base64: the API carries JSON. */
  contentBase64: string;
  /** Entries in the file. */
  entries: number;
  /** Entries that became exported (0 unless asked to mark). */
  markedExported: number;
}

export const TIME_IMPORT_FORMATS = ['toggl', 'harvest', 'clockify', 'fieldbook', 'generic'] as const;
export type TimeImportFormat = (typeof TIME_IMPORT_FORMATS)[number];
export const TIME_IMPORT_FORMAT_LABELS: Record<TimeImportFormat, string> = {
  toggl: 'Toggl Track',
  harvest: 'Harvest',
  clockify: 'Clockify',
  fieldbook: 'Fieldbook export',
  generic: 'Other (map the columns)',
};

/** What a column of a generic file can hold. `start`/`end` take a time of day or a date and time. */
export const TIME_IMPORT_FIELDS = [
  'date',
  'start',
  'end',
  'duration',
  'hours',
  'minutes',
  'account',
  'note',
  'sku',
  'category',
  'billable',
  'user',
  'ignore',
] as const;
export type TimeImportField = (typeof TIME_IMPORT_FIELDS)[number];
export const TIME_IMPORT_FIELD_LABELS: Record<TimeImportField, string> = {
  date: 'Date',
  start: 'Start time',
  end: 'End time',
  duration: 'Duration (1:30 or 1.5)',
  hours: 'Hours (decimal)',
  minutes: 'Minutes',
  account: 'Account (by name)',
  note: 'Note',
  sku: 'SKU',
  category: 'Category',
  billable: 'Billable (yes/no)',
  user: 'Person',
  ignore: 'Ignore this column',
};

export const DATE_ORDERS = ['auto', 'mdy', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** The API carries files as base64 in one message; larger files are imported with the CLI. */
export const MAX_IMPORT_FILE_BYTES = 700 * 1024;

export const timeImportRequestSchema = z
  .object({
    fileName: z.string().trim().min(1, { error: 'Choose a file.' }).max(260),
    contentBase64: z
      .base64({ error: 'The file could not be read.' })
      .max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4, {
        error: `The file is larger than ${MAX_IMPORT_FILE_BYTES / 1024} KB; import it with the command line: fieldbook time import FILE.`,
      }),
    format: z.enum(['auto', ...TIME_IMPORT_FORMATS], { error: 'Unknown import format.' }).default('auto'),
    /** Column header → field, for the generic format (and to override a detected format's columns). */
    mapping: z.record(z.string().max(200), z.enum(TIME_IMPORT_FIELDS)).optional(),
    /** How to read dates like 03/04/2026: month first, day first, or decided from the file. */
    dateOrder: z.enum(DATE_ORDERS).default('auto'),
    /** The category of rows that name none. */
    defaultCategory: z.enum(TIME_CATEGORIES).default('remote'),
  })
  .strict();
export type TimeImportRequest = z.output<typeof timeImportRequestSchema>;

/** A problem with one row, in the user's words; `column` is the file's header of the cell at fault. */
export interface ImportRowError {
  column: string | null;
  message: string;
}

export type ImportRowStatus = 'ready' | 'duplicate' | 'error';

export interface TimeImportPreviewRow {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  status: ImportRowStatus;
  /** The entry this row becomes; null when the row could not be read. */
  draft: TimeEntryDraft | null;
  /** The account name as written in the file. */
  accountName: string;
  errors: ImportRowError[];
  /** Why the row is a duplicate: another row of the file, or an entry already stored. */
  duplicateOf: { kind: 'row'; row: number } | { kind: 'stored'; id: string } | null;
}

export interface TimeImportPreview {
  format: TimeImportFormat;
  headers: string[];
  /** The column → field mapping used (detected or given). */
  mapping: Record<string, TimeImportField>;
  /** Problems with the whole file (no rows, several people's time, an unreadable file). */
  fileErrors: string[];
  /** Notes that do not block the import (how ambiguous dates were read). */
  notices: string[];
  rows: TimeImportPreviewRow[];
  counts: { rows: number; ready: number; duplicates: number; errors: number };
  /** Minutes of the rows that would be imported. */
  readyMinutes: number;
}

export interface TimeImportResult {
  imported: number;
  skippedDuplicates: number;
  minutes: number;
  ids: string[];
}

/** `Row 7, Duration: …` — one line per problem, for the CLI and error details. */
export function describeRowError(row: number, error: ImportRowError): string {
  return `Row ${row}${error.column ? `, ${error.column}` : ''}: ${error.message}`;
}
