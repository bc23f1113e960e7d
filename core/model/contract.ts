import { z } from 'zod';

/**
 * Support contracts and the SLA terms they carry (DESIGN.md §4 `contracts`). A contract snapshots its tier's
 * SLA targets and coverage when it is sold, so editing the tier catalog later never rewrites what a customer
 * bought. Time tracking reads the SKUs (rates, billable defaults) and included hours from here.
 */

export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The roles an incident may need engaged, each with its own SLA clock. */
export const RESPONDER_ROLES = ['support_engineer', 'developer', 'incident_manager'] as const;
export type ResponderRole = (typeof RESPONDER_ROLES)[number];
export const RESPONDER_ROLE_LABELS: Record<ResponderRole, string> = {
  support_engineer: 'Support engineer',
  developer: 'Developer',
  incident_manager: 'Incident manager',
};

export const HOURS_PERIODS = ['month', 'quarter', 'year'] as const;
export type HoursPeriod = (typeof HOURS_PERIODS)[number];

const minutes = (what: string) =>
  z
    .number({ error: `${what} must be a number of minutes.` })
    .int({ error: `${what} must be whole minutes.` })
    .min(1, { error: `${what} must be at least 1 minute.` })
    .max(525_600, { error: `${what} must be at most a year.` });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are written YYYY-MM-DD.' });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Times are written HH:MM (24-hour).' });

/** The SLA targets for one severity. A role left out of `engage` is not required for that severity. */
export const slaTargetSchema = z.object({
  severity: z.literal(SEVERITIES, { error: 'Severity is 1, 2, 3 or 4.' }),
  firstResponseMinutes: minutes('Time to first response'),
  engageMinutes: z.partialRecord(z.enum(RESPONDER_ROLES), minutes('Time to engage')),
  updateCadenceMinutes: minutes('Update cadence').nullable(),
});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

/** When SLA clocks run: around the clock, or business hours in a time zone minus holidays. */
export const coverageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('24x7') }),
  z.object({
    kind: z.literal('business_hours'),
    /** An IANA zone such as Europe/Berlin. */
    timeZone: z.string().min(1, { error: 'Choose a time zone.' }).max(64),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1, { error: 'Choose at least one working day.' }),
    start: clockTime,
    end: clockTime,
    holidays: z.array(isoDate).max(400),
  }),
]);
export type Coverage = z.infer<typeof coverageSchema>;

/** A billable service sold under a contract; `rate` is minor units of `currency` per hour. */
export const skuSchema = z.object({
  code: z.string().trim().min(1, { error: 'Enter a SKU code.' }).max(64),
  label: z.string().trim().min(1, { error: 'Enter a SKU name.' }).max(200),
  rate: z.number().int().min(0, { error: 'Rates cannot be negative.' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'Currencies are ISO 4217 codes like EUR.' }),
  billable: z.boolean(),
});
export type Sku = z.infer<typeof skuSchema>;

/** The synced fields of a contract. `accountId` is the partition; it is not an editable field. */
export const contractFieldsSchema = z.object({
  tier: z.string().trim().min(1, { error: 'Choose a support tier.' }).max(64),
  startsOn: isoDate,
  endsOn: isoDate,
  includedHours: z.number().min(0, { error: 'Included hours cannot be negative.' }).max(100_000),
  hoursPeriod: z.enum(HOURS_PERIODS, { error: 'Hours are included per month, quarter or year.' }),
  skus: z.array(skuSchema).max(50),
  slaTargets: z.array(slaTargetSchema).max(SEVERITIES.length),
  coverage: coverageSchema,
  /** Named vendor staff dedicated to this customer (person ids or names). */
  dedicatedStaff: z.array(z.string().trim().min(1).max(200)).max(50),
  notes: z.string().max(20_000, { error: 'Notes must be at most 20,000 characters.' }),
});
export type ContractFields = z.infer<typeof contractFieldsSchema>;
export const CONTRACT_FIELDS = Object.keys(contractFieldsSchema.shape) as Array<keyof ContractFields>;

export interface SupportContract extends ContractFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}
