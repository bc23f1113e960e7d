import type { z } from 'zod';
import { accountFieldsSchema, catalogEntryFieldsSchema, contractFieldsSchema, timeEntryFieldsSchema, timesheetFieldsSchema } from '../model';
import { timesheetEventFieldsSchema } from '../model';
import { engagementFieldsSchema, incidentFieldsSchema, tierTermsFieldsSchema } from '../model';
import {
  adoptionFieldsSchema,
  adoptionNoteFieldsSchema,
  capabilityFieldsSchema,
  contactFieldsSchema,
  handoffItemFieldsSchema,
  handoffTemplateItemFieldsSchema,
  lifecycleEventFieldsSchema,
  personFieldsSchema,
  rotationFieldsSchema,
  teamMemberFieldsSchema,
} from '../model';
import { actionItemFieldsSchema, reviewFieldsSchema, reviewItemFieldsSchema } from '../model';

/**
 * The synced tables and the schema of each synced field: what a push may carry, checked the same way on
 * the server and the client. `deleted` is a field of every table, with its own clock.
 */
export interface SyncedTableDef {
  /** 'account': the record's account_id names its account ('accounts' rows are their own partition); 'org': the org partition. */
  partition: 'account' | 'org';
  fields: Record<string, z.ZodType>;
  /** Fields whose losing version in a concurrent edit is kept for the user to restore (DESIGN.md §5). */
  longText?: readonly string[];
}

export const SYNCED_TABLES = {
  accounts: { partition: 'account', fields: accountFieldsSchema.shape, longText: ['notes'] },
  catalog_entries: { partition: 'org', fields: catalogEntryFieldsSchema.shape },
  contracts: { partition: 'account', fields: contractFieldsSchema.shape, longText: ['notes'] },
  time_entries: { partition: 'account', fields: timeEntryFieldsSchema.shape, longText: ['note'] },
  // A timesheet is a person's week across accounts, so it lives in the org partition; see the server policy.
  timesheets: { partition: 'org', fields: timesheetFieldsSchema.shape },
  // The append-only history of timesheet status changes (who, when, why); its rules are in the server policy.
  timesheet_events: { partition: 'org', fields: timesheetEventFieldsSchema.shape },
  // What each support tier sells: org-wide, written by managers and admins (see core/model/tierTerms.ts).
  tier_terms: { partition: 'org', fields: tierTermsFieldsSchema.shape },
  incidents: { partition: 'account', fields: incidentFieldsSchema.shape, longText: ['summary'] },
  engagements: { partition: 'account', fields: engagementFieldsSchema.shape, longText: ['notes', 'minutes'] },
  // Team, lifecycle and adoption (issue 3): directories, templates and catalogs in 'org', the rest per account.
  people: { partition: 'org', fields: personFieldsSchema.shape },
  team_roles: { partition: 'account', fields: teamMemberFieldsSchema.shape, longText: ['note'] },
  contacts: { partition: 'account', fields: contactFieldsSchema.shape, longText: ['notes'] },
  on_call_rotations: { partition: 'account', fields: rotationFieldsSchema.shape },
  lifecycle_events: { partition: 'account', fields: lifecycleEventFieldsSchema.shape, longText: ['note'] },
  handoff_items: { partition: 'account', fields: handoffItemFieldsSchema.shape },
  handoff_templates: { partition: 'org', fields: handoffTemplateItemFieldsSchema.shape },
  capabilities: { partition: 'org', fields: capabilityFieldsSchema.shape },
  adoption: { partition: 'account', fields: adoptionFieldsSchema.shape, longText: ['blockers'] },
  adoption_notes: { partition: 'account', fields: adoptionNoteFieldsSchema.shape, longText: ['text'] },
  // Roadmap reviews, their asks and commitments, and action items: per account. Agenda and notes are long text.
  roadmap_reviews: { partition: 'account', fields: reviewFieldsSchema.shape, longText: ['agenda', 'notes'] },
  review_items: { partition: 'account', fields: reviewItemFieldsSchema.shape, longText: ['detail'] },
  action_items: { partition: 'account', fields: actionItemFieldsSchema.shape, longText: ['notes'] },
} as const satisfies Record<string, SyncedTableDef>;

export type SyncedTableName = keyof typeof SYNCED_TABLES;
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTableName[];

export function isSyncedTable(name: string): name is SyncedTableName {
  return Object.hasOwn(SYNCED_TABLES, name);
}

/** The long-text fields of a table, by its protocol name. */
export function longTextFields(table: string): readonly string[] {
  return isSyncedTable(table) ? ((SYNCED_TABLES[table] as SyncedTableDef).longText ?? []) : [];
}

/**
 * Org tables that hold no customer or personal data (catalogs, checklist templates): a revoked device keeps them,
 * as it keeps the tier catalog. Everything else goes with the device (DESIGN.md §5).
 */
export const REFERENCE_TABLES: readonly string[] = ['catalog_entries', 'tier_terms', 'handoff_templates', 'capabilities'];
