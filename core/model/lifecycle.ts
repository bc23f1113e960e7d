import { z } from 'zod';
import { LIFECYCLE_STAGES } from './enums';
import type { LifecycleStage } from './enums';
import { idSchema } from './ids';
import type { TeamRole } from './team';

/**
 * Lifecycle and hand-offs (DESIGN.md §4 `lifecycle_events`). A stage change is an event on the account with its
 * date, from- and to-owner and a hand-off checklist copied from the target stage's template (org partition,
 * edited by managers), so editing a template later never rewrites a hand-off that already happened.
 */

/** The role that owns the account in each stage: the hand-off goes to the person holding it. */
export const STAGE_OWNER_ROLES: Record<LifecycleStage, TeamRole> = {
  pre_sales: 'se',
  onboarding: 'csm',
  production: 'tam',
  steady_state: 'tam',
  expansion_renewal: 'ae',
  churned: 'csm',
};

/** The usual next stage (what the Lifecycle tab offers first); any other stage may still be chosen. */
export const NEXT_STAGE: Record<LifecycleStage, LifecycleStage> = {
  pre_sales: 'onboarding',
  onboarding: 'production',
  production: 'steady_state',
  steady_state: 'expansion_renewal',
  expansion_renewal: 'steady_state',
  churned: 'pre_sales',
};

/** The flow the Lifecycle view draws left to right; churned stands apart. */
export const LIFECYCLE_FLOW: readonly LifecycleStage[] = ['pre_sales', 'onboarding', 'production', 'steady_state', 'expansion_renewal'];

const stageSchema = z.enum(LIFECYCLE_STAGES, { error: 'Unknown lifecycle stage.' });
const isoInstant = z.iso.datetime({ offset: true, error: 'Write the date and time as an ISO 8601 instant.' });
const owner = z.string().trim().max(200, { error: 'Owner names are at most 200 characters.' });

// ---- Hand-off checklist templates (org partition) ----

export const handoffTemplateItemFieldsSchema = z.object({
  /** The stage this item is checked on the way into. */
  stage: stageSchema,
  text: z
    .string({ error: 'Describe the checklist item.' })
    .trim()
    .min(1, { error: 'Describe the checklist item.' })
    .max(300, { error: 'Checklist items are at most 300 characters.' }),
  sort: z.number().int().min(0).max(1_000_000),
});
export type HandoffTemplateItemFields = z.infer<typeof handoffTemplateItemFieldsSchema>;

export interface HandoffTemplateItem extends HandoffTemplateItemFields {
  id: string;
}

export const handoffTemplateSaveSchema = z
  .object({ id: idSchema.optional(), stage: stageSchema, text: handoffTemplateItemFieldsSchema.shape.text })
  .strict();
export type HandoffTemplateSave = z.infer<typeof handoffTemplateSaveSchema>;

export const handoffTemplateListSchema = z.object({ stage: stageSchema.optional() }).strict().default({});

/** The seeded checklists: what a good hand-off into each stage covers. Managers edit them in Settings. */
export const DEFAULT_HANDOFF_TEMPLATES: Record<LifecycleStage, readonly string[]> = {
  pre_sales: ['Qualification notes and the customer’s goals recorded', 'Previous owner’s notes and open questions shared'],
  onboarding: [
    'Technical win summary shared with the CSM',
    'Architecture and sizing notes attached',
    'Success criteria agreed with the customer',
    'Kickoff call scheduled',
    'Customer contacts and escalation path recorded',
  ],
  production: [
    'Go-live date confirmed',
    'Support process and SLA walked through with the customer’s operations team',
    'Runbooks and monitoring checked',
    'TAM introduced to the customer’s operations lead',
  ],
  steady_state: ['Adoption baseline recorded', 'Open onboarding issues closed or handed to support', 'First quarterly business review scheduled'],
  expansion_renewal: [
    'Renewal date and commercial owner confirmed',
    'Usage and adoption summary prepared',
    'Expansion opportunities shared with the AE',
    'Open risks and escalations reviewed',
  ],
  churned: ['Exit reason recorded', 'Offboarding and data retention agreed with the customer', 'Access and licences revoked', 'Lessons learned shared with the team'],
};

// ---- Lifecycle events and their checklists (account partition) ----

export const lifecycleEventFieldsSchema = z.object({
  fromStage: stageSchema,
  toStage: stageSchema,
  /** When the hand-off happened (may be earlier than when it was recorded). */
  at: isoInstant,
  fromOwner: owner,
  toOwner: owner,
  note: z.string().max(5000, { error: 'Notes must be at most 5,000 characters.' }),
});
export type LifecycleEventFields = z.infer<typeof lifecycleEventFieldsSchema>;

export const handoffItemFieldsSchema = z.object({
  eventId: idSchema,
  text: handoffTemplateItemFieldsSchema.shape.text,
  sort: z.number().int().min(0).max(1_000_000),
  done: z.boolean(),
  doneAt: isoInstant.nullable(),
  doneBy: z.string().max(200).nullable(),
});
export type HandoffItemFields = z.infer<typeof handoffItemFieldsSchema>;

export interface HandoffItem extends HandoffItemFields {
  id: string;
}

export interface LifecycleEvent extends LifecycleEventFields {
  id: string;
  accountId: string;
  createdAt: string;
  items: HandoffItem[];
  /** Items not ticked yet: an incomplete hand-off is allowed, and shown. */
  openItems: number;
}

export const lifecycleMoveSchema = z
  .object({
    accountId: idSchema,
    to: stageSchema,
    /** Defaults to now; a hand-off may be recorded after the fact but not dated in the future. */
    at: isoInstant.optional(),
    /** Default: the team member holding the current stage's owning role. */
    fromOwner: owner.optional(),
    /** Default: the team member holding the target stage's owning role. */
    toOwner: owner.optional(),
    note: lifecycleEventFieldsSchema.shape.note.optional(),
    /** The template items (of the target stage) already done at the hand-off. */
    done: z.array(idSchema).max(200).optional(),
  })
  .strict();
export type LifecycleMove = z.infer<typeof lifecycleMoveSchema>;

export const handoffTickSchema = z.object({ id: idSchema, done: z.boolean() }).strict();
export type HandoffTick = z.infer<typeof handoffTickSchema>;

/** One account's lifecycle as the Lifecycle tab shows it. */
export interface AccountLifecycle {
  accountId: string;
  stage: LifecycleStage;
  /** When the account entered its current stage. */
  enteredAt: string;
  /** Milliseconds in the current stage, as of the answer. */
  timeInStageMs: number;
  asOf: string;
  /** The owner of the current stage: who holds its owning role on the account, if anyone does. */
  owner: { role: TeamRole; name: string | null };
  /** Newest first. */
  events: LifecycleEvent[];
  openItems: number;
}

/** The Lifecycle area: the stages as a flow with their accounts and times. */
export interface LifecycleOverview {
  asOf: string;
  stages: Array<{
    stage: LifecycleStage;
    ownerRole: TeamRole;
    accounts: Array<{ id: string; name: string; enteredAt: string; timeInStageMs: number }>;
    /** Median time the accounts now in the stage have spent in it; null when none is. */
    medianCurrentMs: number | null;
    /** Median length of finished stays in the stage, across all accounts; null when there were none. */
    medianCompletedMs: number | null;
  }>;
  /** Hand-offs with checklist items still open, oldest first. */
  incomplete: Array<{ accountId: string; accountName: string; eventId: string; fromStage: LifecycleStage; toStage: LifecycleStage; at: string; open: number; total: number }>;
}

// ---- Time in stage (pure) ----

/** One stay of an account in a stage. `until` null: it is still there. `from` null: when it started is unknown. */
export interface StageStint {
  stage: LifecycleStage;
  from: string | null;
  until: string | null;
}

/**
 * The stays of one account, oldest first. The first stay starts when the account was created. The current stay
 * starts at the last event when that event led to the current stage; otherwise (no event yet, or the stage was set
 * another way: the account form, an import, a synced edit) `stageSetAt`, when the stage field last changed, says when.
 */
export function stageStints(
  account: { stage: LifecycleStage; createdAt: string; stageSetAt: string },
  events: ReadonlyArray<Pick<LifecycleEventFields, 'fromStage' | 'toStage' | 'at'>>,
): StageStint[] {
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const last = sorted.at(-1);
  if (!last) return [{ stage: account.stage, from: account.stageSetAt, until: null }];
  const stints: StageStint[] = [];
  let stage: LifecycleStage = sorted[0]?.fromStage ?? account.stage;
  let from: string | null = account.createdAt;
  for (const event of sorted) {
    // An event dated before the account existed here (recorded after the fact): that earlier stay has no known start.
    const start = from !== null && Date.parse(from) <= Date.parse(event.at) ? from : null;
    stints.push({ stage, from: start, until: event.at });
    stage = event.toStage;
    from = event.at;
  }
  if (last.toStage === account.stage) {
    stints.push({ stage, from, until: null });
  } else {
    stints.push({ stage, from, until: account.stageSetAt });
    stints.push({ stage: account.stage, from: account.stageSetAt, until: null });
  }
  return stints;
}

/** A stay's length in milliseconds as of `asOf`; null when its start is unknown. Never negative. */
export function stintMs(stint: StageStint, asOf: string): number | null {
  if (stint.from === null) return null;
  return Math.max(0, Date.parse(stint.until ?? asOf) - Date.parse(stint.from));
}

/** The median of a list (the mean of the middle two for an even count); null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const DAY_MS = 86_400_000;

/** "12 days", "3 hours", "less than an hour": how long, for people. */
export function describeDuration(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return 'less than an hour';
}
