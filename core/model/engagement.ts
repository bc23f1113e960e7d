import { z } from 'zod';
import { idSchema } from './ids';

/**
 * Engagements (DESIGN.md §4): the calls, visits, reviews, escalations and emails that make up an account's
 * timeline. The title and `occurredAt` are plain columns so the timeline can list them; attendees are free
 * text until contacts exist.
 */
export const ENGAGEMENT_KINDS = ['weekly_call', 'onsite_visit', 'qbr', 'escalation', 'email'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const ENGAGEMENT_KIND_LABELS: Record<EngagementKind, string> = {
  weekly_call: 'Weekly call',
  onsite_visit: 'Onsite visit',
  qbr: 'QBR',
  escalation: 'Escalation',
  email: 'Email',
};

const storedInstant = z.iso.datetime({ error: 'Times are ISO 8601 instants.' });

export const engagementFieldsSchema = z.object({
  kind: z.enum(ENGAGEMENT_KINDS, { error: 'Choose a kind: weekly call, onsite visit, QBR, escalation or email.' }),
  occurredAt: storedInstant,
  title: z.string({ error: 'Enter a title.' }).trim().min(1, { error: 'Enter a title.' }).max(200, { error: 'Titles are at most 200 characters.' }),
  attendees: z.string().trim().max(2000, { error: 'Attendees must be at most 2,000 characters.' }),
  notes: z.string().max(20_000, { error: 'Notes must be at most 20,000 characters.' }),
  /** The meeting's minutes, when someone took them. */
  minutes: z.string().max(50_000, { error: 'Minutes must be at most 50,000 characters.' }),
});
export type EngagementFields = z.infer<typeof engagementFieldsSchema>;

export interface Engagement extends EngagementFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

const givenInstant = z.iso.datetime({ offset: true, error: 'Enter the date and time, like 2026-03-27T10:00:00+01:00.' });

export const engagementCreateSchema = z
  .object({
    accountId: idSchema,
    kind: engagementFieldsSchema.shape.kind,
    occurredAt: givenInstant,
    title: engagementFieldsSchema.shape.title,
    attendees: engagementFieldsSchema.shape.attendees.default(''),
    notes: engagementFieldsSchema.shape.notes.default(''),
    minutes: engagementFieldsSchema.shape.minutes.default(''),
  })
  .strict();
export type EngagementCreate = z.input<typeof engagementCreateSchema>;

export const engagementUpdateSchema = z
  .object({
    id: idSchema,
    patch: z
      .object({
        kind: engagementFieldsSchema.shape.kind,
        occurredAt: givenInstant,
        title: engagementFieldsSchema.shape.title,
        attendees: engagementFieldsSchema.shape.attendees,
        notes: engagementFieldsSchema.shape.notes,
        minutes: engagementFieldsSchema.shape.minutes,
      })
      .partial()
      .strict(),
  })
  .strict();
export type EngagementUpdate = z.input<typeof engagementUpdateSchema>;

export const engagementListSchema = z.object({ accountId: idSchema }).strict();
