import { z } from 'zod';
import { ISO_WEEK, isIsoWeek } from './isoWeek';
import type { Profile } from './profile';
import { TIME_CATEGORIES, timeEntryDraftSchema, timeEntryFieldsSchema } from './time';
import type { TimeEntryFields, TimesheetFields } from './time';

/** A stored time entry as the API returns it. */
export interface TimeEntry extends TimeEntryFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The person time is logged as. Before a device registers with a server the one local person is "me"; their
 * email (lower-cased) identifies them on every device, so the same week gets the same timesheet id everywhere.
 */
export function userIdOf(profile: Pick<Profile, 'email'>): string {
  return profile.email.trim().toLowerCase();
}

/** Managers and admins approve time (the server enforces the same rule when it syncs). */
export const APPROVER_ROLES = ['manager', 'admin'] as const;
export function isApproverRole(role: string): boolean {
  return (APPROVER_ROLES as readonly string[]).includes(role);
}

/**
 * Every status change of a timesheet, kept with who and when (a synced, append-only history). Entry-level
 * actions concern one late entry or adjustment in an already approved week.
 */
export const TIMESHEET_ACTIONS = ['submitted', 'withdrawn', 'approved', 'rejected', 'entry_approved', 'entry_rejected'] as const;
export type TimesheetAction = (typeof TIMESHEET_ACTIONS)[number];

const isoInstant = z.iso.datetime({ error: 'Times are ISO 8601 instants.' });
export const weekSchema = z
  .string()
  .regex(ISO_WEEK, { error: 'Weeks are ISO weeks like 2026-W48.' })
  .refine(isIsoWeek, { error: 'That year has no week 53.' });
export const REASON_MAX = 1000;

export const timesheetEventFieldsSchema = z.object({
  timesheetId: z.string().min(1).max(64),
  /** Whose week it is. */
  userId: z.string().min(1).max(64),
  week: weekSchema,
  action: z.enum(TIMESHEET_ACTIONS),
  /** Who changed the status. */
  actor: z.string().min(1).max(64),
  at: isoInstant,
  /** Why a week or entry was rejected; empty otherwise. */
  reason: z.string().max(REASON_MAX),
  /** The entry an entry-level action concerns. */
  entryId: z.string().max(64).nullable(),
});
export type TimesheetEventFields = z.infer<typeof timesheetEventFieldsSchema>;

export interface TimesheetEvent extends TimesheetEventFields {
  id: string;
}

/** A person's week as the UI shows it; `status` is `draft` for a week never submitted. */
export interface TimesheetView extends TimesheetFields {
  id: string;
  /** Oldest first. */
  history: TimesheetEvent[];
  /** The reason of the latest rejection, while the week is back in draft because of it. */
  rejection: { reason: string; actor: string; at: string } | null;
}

/** One row of the weekly grid: an account × SKU, its minutes per day (Monday first) and total. */
export interface WeekGridRow {
  key: string;
  accountId: string;
  sku: string | null;
  /** Seven day totals. */
  days: number[];
  total: number;
  /** Whether any day of the row holds entries that cannot change (submitted, approved, exported). */
  locked: boolean[];
}

export interface WeekGrid {
  rows: WeekGridRow[];
  dayTotals: number[];
  total: number;
}

export const rowKey = (accountId: string, sku: string | null) => `${accountId}\u0000${sku ?? ''}`;

/**
 * Entries that count: an adjustment replaces the entry it corrects (it carries the corrected values), so an
 * entry that a live adjustment points at no longer counts. Used by the grid, the day limit and entitlements.
 */
export function effectiveEntries<T extends { id: string; adjustsId: string | null }>(entries: readonly T[]): T[] {
  const replaced = new Set(entries.map((e) => e.adjustsId).filter((id): id is string => id !== null));
  return entries.filter((e) => !replaced.has(e.id));
}

/**
 * The weekly grid: rows account × SKU (plus `extraRows`, rows a person added or copied that hold no time yet),
 * columns the week's days, totals per row, day and week. Pure, so the UI and tests share it.
 */
export function buildWeekGrid(
  entries: readonly Pick<TimeEntry, 'id' | 'accountId' | 'sku' | 'date' | 'minutes' | 'status' | 'adjustsId'>[],
  days: readonly string[],
  extraRows: ReadonlyArray<{ accountId: string; sku: string | null }> = [],
): WeekGrid {
  const rows = new Map<string, WeekGridRow>();
  const row = (accountId: string, sku: string | null) => {
    const key = rowKey(accountId, sku);
    let r = rows.get(key);
    if (!r) {
      r = { key, accountId, sku, days: days.map(() => 0), total: 0, locked: days.map(() => false) };
      rows.set(key, r);
    }
    return r;
  };
  for (const extra of extraRows) row(extra.accountId, extra.sku);
  const dayTotals = days.map(() => 0);
  for (const entry of effectiveEntries(entries)) {
    const index = days.indexOf(entry.date);
    if (index < 0) continue;
    const r = row(entry.accountId, entry.sku);
    r.days[index] = (r.days[index] ?? 0) + entry.minutes;
    r.total += entry.minutes;
    if (entry.status !== 'draft') r.locked[index] = true;
    dayTotals[index] = (dayTotals[index] ?? 0) + entry.minutes;
  }
  return { rows: [...rows.values()], dayTotals, total: dayTotals.reduce((a, b) => a + b, 0) };
}

// ---- API inputs ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are written YYYY-MM-DD.' });

export const timeListSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    accountId: z.string().min(1).max(64).optional(),
    /** Everyone's entries on this device instead of only mine. */
    everyone: z.boolean().optional(),
  })
  .strict()
  .default({});
export type TimeListQuery = z.output<typeof timeListSchema>;

export const timeAddSchema = timeEntryDraftSchema.strict();

/** What may change on a draft entry; the account is its partition and never changes. */
export const timeEntryPatchSchema = z
  .object({
    date: isoDate.optional(),
    minutes: timeEntryFieldsSchema.shape.minutes.optional(),
    startedAt: timeEntryFieldsSchema.shape.startedAt.optional(),
    endedAt: timeEntryFieldsSchema.shape.endedAt.optional(),
    category: timeEntryFieldsSchema.shape.category.optional(),
    sku: timeEntryFieldsSchema.shape.sku.optional(),
    billable: z.boolean().optional(),
    note: timeEntryFieldsSchema.shape.note.optional(),
  })
  .strict();
export type TimeEntryPatch = z.infer<typeof timeEntryPatchSchema>;
export const timeUpdateSchema = z.object({ id: z.string().min(1).max(64), patch: timeEntryPatchSchema }).strict();

/** A correction of locked time: a new entry with the corrected values, linked to the one it replaces. */
export const timeAdjustSchema = z
  .object({
    id: z.string().min(1).max(64),
    minutes: timeEntryFieldsSchema.shape.minutes,
    note: timeEntryFieldsSchema.shape.note.optional(),
    category: timeEntryFieldsSchema.shape.category.optional(),
    sku: timeEntryFieldsSchema.shape.sku.optional(),
    billable: z.boolean().optional(),
  })
  .strict();
export type TimeAdjust = z.infer<typeof timeAdjustSchema>;

/** The grid's cell edit: set the day total of a row (account × SKU). */
export const timeSetCellSchema = z
  .object({
    accountId: z.string().min(1, { error: 'Choose an account.' }).max(64),
    sku: z.string().max(64).nullable(),
    date: isoDate,
    minutes: timeEntryFieldsSchema.shape.minutes,
    /** For a new entry: the category (default: the row's latest entry's, else remote). */
    category: z.enum(TIME_CATEGORIES).optional(),
  })
  .strict();
export type TimeSetCell = z.infer<typeof timeSetCellSchema>;

export const timesheetWeekSchema = z.object({ week: weekSchema }).strict();
export const timesheetGetSchema = z.object({ userId: z.string().min(1).max(64).optional(), week: weekSchema }).strict();
export const timeSkusSchema = z.object({ accountId: z.string().min(1).max(64), date: isoDate }).strict();
export const timeEntitlementSchema = z.object({ accountId: z.string().min(1).max(64), date: isoDate.optional() }).strict();
/** The forgotten-timer question's answer: the real minutes, or nothing to keep what was written. */
export const timerResolveLimitSchema = z.object({ minutes: timeEntryFieldsSchema.shape.minutes.optional() }).strict().default({});
export const timesheetDecisionSchema = z.object({ userId: z.string().min(1).max(64), week: weekSchema }).strict();
export const timesheetRejectSchema = timesheetDecisionSchema
  .extend({
    reason: z
      .string()
      .trim()
      .min(1, { error: 'Say why the week is rejected, so it can be fixed.' })
      .max(REASON_MAX, { error: `A reason is at most ${REASON_MAX} characters.` }),
  })
  .strict();
export const entryDecisionSchema = z.object({ id: z.string().min(1).max(64) }).strict();
export const entryRejectSchema = entryDecisionSchema.extend({ reason: timesheetRejectSchema.shape.reason }).strict();

/** A week waiting for a manager, as the Approvals view lists it. */
export interface PendingWeek {
  userId: string;
  week: string;
  submittedAt: string | null;
  minutes: number;
  billableMinutes: number;
  entries: number;
}

/** A late entry or an adjustment in an already approved week, waiting for a manager. */
export interface PendingEntry {
  entry: TimeEntry;
  /** The entry it corrects, when it is an adjustment. */
  original: TimeEntry | null;
  week: string;
}

export interface WeekView {
  week: string;
  userId: string;
  days: string[];
  entries: TimeEntry[];
  timesheet: TimesheetView;
}

export const TIME_CATEGORY_LABELS: Record<TimeEntry['category'], string> = {
  onsite: 'Onsite',
  remote: 'Remote',
  incident: 'Incident',
  roadmap_review: 'Roadmap review',
  qbr: 'QBR',
  travel: 'Travel',
  admin: 'Admin',
};

export const TIME_STATUS_LABELS: Record<TimeEntry['status'], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  exported: 'Exported',
};
