import { z } from 'zod';

/**
 * Time entries and timesheets (DESIGN.md §4). The sync server enforces their locking rules; the time
 * tracking UI and services build on these schemas.
 */
export const TIME_CATEGORIES = ['onsite', 'remote', 'incident', 'roadmap_review', 'qbr', 'travel', 'admin'] as const;
export const TIME_ENTRY_STATUSES = ['draft', 'submitted', 'approved', 'exported'] as const;
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];
export const TIME_SOURCES = ['timer', 'manual', 'import'] as const;

/** Approved or exported time is never edited: a correction is a new adjustment entry linked to it. */
export const LOCKED_TIME_STATUSES: readonly TimeEntryStatus[] = ['approved', 'exported'];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are written YYYY-MM-DD.' });
const isoInstant = z.iso.datetime({ error: 'Times are ISO 8601 instants.' });

export const timeEntryFieldsSchema = z.object({
  userId: z.string().min(1).max(64),
  /** The calendar date where the work was done, in the worker's time zone then. */
  date: isoDate,
  minutes: z.number().int().min(0, { error: 'Minutes cannot be negative.' }).max(1440, { error: 'No more than 24 hours in a day.' }),
  startedAt: isoInstant.nullable(),
  endedAt: isoInstant.nullable(),
  timeZone: z.string().max(64).nullable(),
  category: z.enum(TIME_CATEGORIES, { error: 'Unknown time category.' }),
  sku: z.string().max(64).nullable(),
  billable: z.boolean(),
  /** Rate in minor units of `currency` per hour. */
  rate: z.number().int().min(0).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'Currencies are ISO 4217 codes like EUR.' }).nullable(),
  note: z.string().max(2000, { error: 'Notes must be at most 2,000 characters.' }),
  source: z.enum(TIME_SOURCES),
  status: z.enum(TIME_ENTRY_STATUSES),
  /** The approved entry this one corrects, if it is an adjustment. */
  adjustsId: z.string().max(64).nullable(),
});
export type TimeEntryFields = z.infer<typeof timeEntryFieldsSchema>;

export const timesheetFieldsSchema = z.object({
  userId: z.string().min(1).max(64),
  week: z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, { error: 'Weeks are ISO weeks like 2026-W48.' }),
  status: z.enum(TIME_ENTRY_STATUSES),
  approvedBy: z.string().max(64).nullable(),
  approvedAt: isoInstant.nullable(),
});
export type TimesheetFields = z.infer<typeof timesheetFieldsSchema>;

/**
 * A new time entry as a person (or an import) gives it; the service fills in the user, status, rate and
 * billable defaults from the account's contract. Shared by manual entry, the timer and imports.
 */
export const timeEntryDraftSchema = z.object({
  accountId: z.string().min(1, { error: 'Choose an account.' }).max(64),
  date: isoDate,
  minutes: timeEntryFieldsSchema.shape.minutes,
  startedAt: isoInstant.nullable().default(null),
  endedAt: isoInstant.nullable().default(null),
  timeZone: z.string().max(64).nullable().default(null),
  category: timeEntryFieldsSchema.shape.category,
  sku: z.string().max(64).nullable().default(null),
  /** null: the SKU's default. */
  billable: z.boolean().nullable().default(null),
  note: timeEntryFieldsSchema.shape.note.default(''),
  adjustsId: z.string().max(64).nullable().default(null),
});
export type TimeEntryDraft = z.infer<typeof timeEntryDraftSchema>;
