import { z } from 'zod';

/** Organisation-wide value lists, kept in the `org` partition and editable by managers. */
export const CATALOG_KINDS = ['tier', 'segment', 'residency', 'clearance'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export const CATALOG_KIND_LABELS: Record<CatalogKind, string> = {
  tier: 'support tier',
  segment: 'segment',
  residency: 'residency',
  clearance: 'clearance label',
};

export interface CatalogEntry {
  id: string;
  kind: CatalogKind;
  code: string;
  label: string;
  sort: number;
}

export interface CatalogSeed {
  kind: CatalogKind;
  code: string;
  label: string;
}

/** The residency that means "no restriction on where this account's data may live". */
export const GLOBAL_RESIDENCY = 'global';

export const DEFAULT_CATALOG: readonly CatalogSeed[] = [
  { kind: 'tier', code: 'standard', label: 'Standard' },
  { kind: 'tier', code: 'premium', label: 'Premium' },
  { kind: 'tier', code: 'premier', label: 'Premier' },
  { kind: 'segment', code: 'commercial', label: 'Commercial' },
  { kind: 'segment', code: 'enterprise', label: 'Enterprise' },
  { kind: 'segment', code: 'public_sector', label: 'Public sector' },
  { kind: 'segment', code: 'federal', label: 'Federal' },
  { kind: 'segment', code: 'sovereign', label: 'Sovereign' },
  { kind: 'residency', code: GLOBAL_RESIDENCY, label: 'Global (unrestricted)' },
  { kind: 'residency', code: 'us', label: 'United States' },
  { kind: 'residency', code: 'eu', label: 'European Union' },
  { kind: 'residency', code: 'uk', label: 'United Kingdom' },
  { kind: 'residency', code: 'sg', label: 'Singapore' },
  { kind: 'residency', code: 'il', label: 'Israel' },
  { kind: 'residency', code: 'au', label: 'Australia' },
  { kind: 'clearance', code: 'us-secret', label: 'US Secret' },
  { kind: 'clearance', code: 'uk-sc', label: 'UK Security Check' },
  { kind: 'clearance', code: 'sg-cleared', label: 'Singapore cleared' },
  { kind: 'clearance', code: 'il-cleared', label: 'Israel cleared' },
  { kind: 'clearance', code: 'au-baseline', label: 'Australia Baseline' },
];

export const catalogKindSchema = z.enum(CATALOG_KINDS);

/** The synced fields of a catalog entry. */
export const catalogEntryFieldsSchema = z.object({
  kind: catalogKindSchema,
  code: z.string().trim().min(1).max(64),
  label: z.string().trim().min(1).max(200),
  sort: z.number().int().min(0).max(1_000_000),
});
