import { DateTime } from 'luxon';
import { z } from 'zod';
import { HOURS_PERIODS, contractFieldsSchema } from './contract';
import type { ContractFields, SupportContract } from './contract';
import { idSchema } from './ids';
import type { Incident } from './incident';
import type { SlaReport, SlaTerms } from './slaClock';
import { isRealDate, tierCodeSchema, withTermsRules } from './tierTerms';

/** The inputs and answers of the contracts and incidents API, beyond the records themselves. */

const date = (what: string) =>
  z
    .string({ error: `${what} is a date like 2026-01-31.` })
    .refine(isRealDate, { error: `${what} is a date like 2026-01-31.` });

export const contractCreateSchema = z
  .object({
    accountId: idSchema,
    tier: tierCodeSchema,
    /** Add-on codes (Cleared / sovereign coverage) sold with the tier. */
    addOns: z.array(tierCodeSchema).max(10).default([]),
    startsOn: date('The start'),
    endsOn: date('The end'),
    /** Left out: the tier's included hours and period. */
    includedHours: contractFieldsSchema.shape.includedHours.optional(),
    hoursPeriod: z.enum(HOURS_PERIODS, { error: 'Hours are included per month, quarter or year.' }).optional(),
    /** The customer's time zone for business-hours coverage; left out: the tier's. */
    timeZone: z.string().trim().min(1).max(64).optional(),
    dedicatedStaff: contractFieldsSchema.shape.dedicatedStaff.default([]),
    notes: contractFieldsSchema.shape.notes.default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The contract must end on or after the day it starts.' });
  });
export type ContractCreate = z.input<typeof contractCreateSchema>;

export const contractUpdateSchema = z
  .object({
    id: idSchema,
    patch: withTermsRules(contractFieldsSchema.partial().strict()),
  })
  .strict();
export type ContractUpdate = z.input<typeof contractUpdateSchema>;

export const contractEndSchema = z.object({ id: idSchema, on: date('The end') }).strict();
export const contractListSchema = z.object({ accountId: idSchema }).strict();
export const contractOverviewSchema = z.object({ accountId: idSchema, on: date('The date') }).strict();

/** What the account's Overview shows of its contracts on a day. */
export interface ContractOverview {
  accountTier: string;
  /** The contract in force on the day, if any. */
  active: SupportContract | null;
  /** The next contract to start after the day, if any. */
  next: SupportContract | null;
  /** Labels of the add-ons the active contract carries. */
  addOns: string[];
  /** Why the account's tier and its contract disagree, in words; null when they agree or there is no contract. */
  mismatch: string | null;
}

/** An incident with the contract that governs it and its SLA clocks as of the answer. */
export interface IncidentView {
  incident: Incident;
  /** The contract in force when the incident opened; null when none was. */
  contractId: string | null;
  tier: string | null;
  /** That contract's SLA terms, so a screen can tick the clocks itself. */
  terms: SlaTerms | null;
  sla: SlaReport | null;
}

export interface IncidentStats {
  accountId: string | null;
  open: number;
  resolved: number;
  /** Mean time to resolve in minutes (wall clock, opened → resolved); null with nothing resolved. */
  mttrMinutes: number | null;
}

/** The calendar day an instant falls on where the contract's coverage runs (UTC for 24×7). */
export function contractDayOf(contract: Pick<ContractFields, 'coverage'>, instant: string): string {
  // A UTC instant's day in UTC is its first ten characters: no zone arithmetic for 24×7 contracts.
  if (contract.coverage.kind !== 'business_hours' && /^\d{4}-\d{2}-\d{2}T[^+]*Z$/.test(instant)) return instant.slice(0, 10);
  const zone = contract.coverage.kind === 'business_hours' ? contract.coverage.timeZone : 'UTC';
  const local = DateTime.fromISO(instant, { zone });
  return (local.isValid ? local : DateTime.fromISO(instant, { zone: 'UTC' })).toISODate() ?? instant.slice(0, 10);
}

/**
 * The contract that governs an incident: the one in force on the day it opened (in that contract's own time
 * zone), the latest-starting one when periods overlap, as ContractsRepo.activeOn picks.
 */
export function contractInForce<C extends Pick<SupportContract, 'id' | 'startsOn' | 'endsOn' | 'coverage'>>(contracts: readonly C[], openedAt: string): C | null {
  const candidates = contracts.filter((c) => {
    const day = contractDayOf(c, openedAt);
    return c.startsOn <= day && day <= c.endsOn;
  });
  candidates.sort((a, b) => (a.startsOn === b.startsOn ? b.id.localeCompare(a.id) : b.startsOn.localeCompare(a.startsOn)));
  return candidates[0] ?? null;
}
