import { z } from 'zod';
import { HEALTH_VALUES, LIFECYCLE_STAGES } from './enums';
import type { Health, LifecycleStage } from './enums';
import { idSchema } from './ids';

/** A customer account. Catalog-backed fields hold catalog codes, checked against the catalog by the service. */
export interface Account {
  id: string;
  name: string;
  segment: string;
  tier: string;
  residency: string;
  clearance: string | null;
  stage: LifecycleStage;
  health: Health;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

/** The fields a user edits; the same list drives the store's columns and field clocks. */
export const ACCOUNT_FIELDS = ['name', 'segment', 'tier', 'residency', 'clearance', 'stage', 'health', 'notes'] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

/** A catalog code: its messages name the field, since the UI shows them next to it. */
function code(label: string) {
  return z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(1, { error: `Choose a ${label.toLowerCase()}.` })
    .max(64, { error: `${label} must be at most 64 characters.` });
}

export const accountFieldsSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, { error: 'Name is required.' })
    .max(200, { error: 'Name must be at most 200 characters.' }),
  segment: code('Segment'),
  tier: code('Support tier'),
  residency: code('Residency'),
  clearance: code('Clearance label').nullable(),
  stage: z.enum(LIFECYCLE_STAGES, { error: 'Unknown lifecycle stage.' }),
  health: z.enum(HEALTH_VALUES, { error: 'Health is green, amber or red.' }),
  notes: z.string().max(20_000, { error: 'Notes must be at most 20,000 characters.' }),
});
export type AccountFields = z.infer<typeof accountFieldsSchema>;

/** Creating an account: a name is all that is required; the rest has sensible defaults. */
export const accountCreateSchema = accountFieldsSchema.partial().required({ name: true });
export type AccountCreate = z.infer<typeof accountCreateSchema>;

export const ACCOUNT_DEFAULTS: Omit<AccountFields, 'name'> = {
  segment: 'enterprise',
  tier: 'standard',
  residency: 'global',
  clearance: null,
  stage: 'pre_sales',
  health: 'green',
  notes: '',
};

export const accountUpdateSchema = z.object({
  id: idSchema,
  patch: accountFieldsSchema.partial(),
});
export type AccountUpdate = z.infer<typeof accountUpdateSchema>;

export const ACCOUNT_SORT_KEYS = ['name', 'tier', 'stage', 'health', 'updatedAt'] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];

export const accountListSchema = z
  .object({
    search: z.string().max(200).optional(),
    tier: code('Support tier').optional(),
    stage: z.enum(LIFECYCLE_STAGES).optional(),
    health: z.enum(HEALTH_VALUES).optional(),
    sort: z.enum(ACCOUNT_SORT_KEYS).optional(),
    direction: z.enum(['asc', 'desc']).optional(),
    /** The first this many of the sorted list: a screenful to paint before the rest arrives. */
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .default({});
export type AccountListQuery = z.infer<typeof accountListSchema>;
