import { z } from 'zod';
import { calendarDateSchema } from './calendarDays';
import { idSchema } from './ids';

/**
 * Action items (DESIGN.md §4 `action_items`): something someone has to do for an account, by a date, with a
 * link to the record it came from (a review's ask or commitment, an incident, …). The link is the source's
 * table, id and a label written when the item was made, so it still reads well if the source is gone.
 */

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};
/** Items in these states need nothing more from anyone: no reminders, not in "My items" by default. */
export const CLOSED_ACTION_STATUSES: readonly ActionStatus[] = ['done', 'dropped'];

const title = z
  .string({ error: 'Title must be text.' })
  .trim()
  .min(1, { error: 'Title is required.' })
  .max(300, { error: 'Title must be at most 300 characters.' });
const owner = z
  .string({ error: 'Owner must be text.' })
  .trim()
  .min(1, { error: 'Owner is required.' })
  .max(200, { error: 'Owner must be at most 200 characters.' });
const ref = z.string().trim().min(1).max(64).nullable();

/** Where an action item came from: a table and record id, and a label people read. */
export const actionSourceSchema = z.object({
  table: z.string().trim().min(1).max(64),
  id: z.string().trim().min(1).max(64),
  label: z.string().trim().min(1).max(300),
});
export type ActionSource = z.infer<typeof actionSourceSchema>;

/** The synced fields of an action item. `accountId` is the partition, not an editable field. */
export const actionItemFieldsSchema = z.object({
  title,
  owner,
  /** The person or contact record of the owner, when there is one (the team domain's ids). */
  ownerRef: ref,
  due: calendarDateSchema('Due date').nullable(),
  status: z.enum(ACTION_STATUSES, { error: 'Status is open, in progress, done or dropped.' }),
  sourceTable: z.string().trim().min(1).max(64).nullable(),
  sourceId: z.string().trim().min(1).max(64).nullable(),
  sourceLabel: z.string().trim().min(1).max(300).nullable(),
  notes: z.string().max(20_000, { error: 'Notes must be at most 20,000 characters.' }),
});
export type ActionItemFields = z.infer<typeof actionItemFieldsSchema>;

export interface ActionItem {
  id: string;
  accountId: string;
  title: string;
  owner: string;
  ownerRef: string | null;
  due: string | null;
  status: ActionStatus;
  source: ActionSource | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

/** An action item as lists show it: with its account's name and where its due date stands today. */
export interface ActionItemView extends ActionItem {
  accountName: string;
  /** Due before today and not done or dropped. */
  overdue: boolean;
  dueToday: boolean;
}

/** An item due today or overdue, as a reminder names it. */
export interface ActionReminder {
  id: string;
  title: string;
  accountId: string;
  accountName: string;
  due: string;
  overdue: boolean;
}

/**
 * The one sentence a reminder leads with ("2 of your action items are due (1 overdue)"), shared by the in-app
 * notice and the desktop notification so both say the same thing.
 */
export function reminderSummary(items: ReadonlyArray<Pick<ActionReminder, 'overdue'>>): string {
  const overdue = items.filter((i) => i.overdue).length;
  if (items.length === 1) return `1 of your action items is ${overdue ? 'overdue' : 'due today'}`;
  return `${items.length} of your action items are due${overdue ? ` (${overdue} overdue)` : ' today'}`;
}

/** A new action item. The owner defaults to you (the local profile) when left out. */
export const actionCreateSchema = z
  .object({
    accountId: idSchema,
    title,
    owner: owner.optional(),
    ownerRef: ref.default(null),
    due: calendarDateSchema('Due date').nullable().default(null),
    status: actionItemFieldsSchema.shape.status.default('open'),
    source: actionSourceSchema.nullable().default(null),
    notes: actionItemFieldsSchema.shape.notes.default(''),
  })
  .strict();
export type ActionCreate = z.input<typeof actionCreateSchema>;

export const actionUpdateSchema = z
  .object({
    id: idSchema,
    patch: actionItemFieldsSchema.pick({ title: true, owner: true, ownerRef: true, due: true, status: true, notes: true }).partial().strict(),
  })
  .strict();
export type ActionUpdate = z.input<typeof actionUpdateSchema>;

export const actionListSchema = z
  .object({
    /** One account's items (every owner); left out: across accounts. */
    accountId: idSchema.optional(),
    /** Only yours: the owner is your profile's name or email. */
    mine: z.boolean().default(false),
    /** Only items due before today. */
    overdue: z.boolean().default(false),
    /** Done and dropped items too. */
    includeClosed: z.boolean().default(false),
  })
  .strict()
  .default({ mine: false, overdue: false, includeClosed: false });
export type ActionListQuery = z.output<typeof actionListSchema>;

/** A status change as the keyboard and the CLI make it. */
export const actionStatusSchema = z.object({ id: idSchema, status: actionItemFieldsSchema.shape.status }).strict();

/** The order "My items" promises: overdue first, then by due date, undated last, then oldest first. */
export function compareActionItems(a: ActionItemView, b: ActionItemView): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
