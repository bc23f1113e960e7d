import { z } from 'zod';
import { HOURS_PERIODS, RESPONDER_ROLES, SEVERITIES, coverageSchema, skuSchema, slaTargetSchema } from './contract';
import type { ContractFields, Coverage, ResponderRole, Severity, Sku, SlaTarget } from './contract';
import type { PersonRole } from './enums';
import { isTimeZone } from './profile';

/**
 * What each support tier sells (DESIGN.md §4 catalogs): its SLA targets per severity, when they run (coverage)
 * and its SKUs. Kept in the org partition, one record per tier code, edited by managers in Settings. A contract
 * copies these terms when it is sold, so later edits here never change a customer's contract.
 *
 * A tier is a catalog 'tier' entry (Standard, Premium, Premier); an add-on (Cleared / sovereign coverage) is sold
 * on top of a tier and has no catalog entry of its own: it is not something an account "is on".
 */

const code = (what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .min(1, { error: `Choose a ${what.toLowerCase()}.` })
    .max(64, { error: `${what} must be at most 64 characters.` })
    .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: `${what} codes use lower-case letters, digits, - and _.` });

export const tierCodeSchema = code('Support tier');

/** The synced fields of a tier's terms. */
export const tierTermsFieldsSchema = z.object({
  code: tierCodeSchema,
  /** The name people read: an add-on's own name; a tier shows its catalog label, copied here when seeded. */
  label: z.string().trim().min(1, { error: 'Enter a name.' }).max(200, { error: 'Names are at most 200 characters.' }),
  description: z.string().max(2000, { error: 'The description must be at most 2,000 characters.' }),
  /** Sold on top of a tier: its coverage replaces the tier's, its targets tighten the tier's, its SKUs are added. */
  addOn: z.boolean(),
  slaTargets: z.array(slaTargetSchema).max(SEVERITIES.length),
  coverage: coverageSchema,
  skus: z.array(skuSchema).max(50, { error: 'At most 50 SKUs.' }),
  includedHours: z
    .number({ error: 'Included hours must be a number.' })
    .min(0, { error: 'Included hours cannot be negative.' })
    .max(100_000, { error: 'Included hours must be at most 100,000.' }),
  hoursPeriod: z.enum(HOURS_PERIODS, { error: 'Hours are included per month, quarter or year.' }),
});
export type TierTermsFields = z.infer<typeof tierTermsFieldsSchema>;

export interface TierTerms extends TierTermsFields {
  id: string;
  updatedAt: string;
}

type Issue = { path: Array<string | number>; message: string };

/**
 * Rules across fields that a zod shape cannot say: one target per severity, a real time zone, business hours
 * that end after they start (no overnight shifts), distinct working days, holidays and SKU codes.
 */
export function termsIssues(terms: { slaTargets?: readonly SlaTarget[]; coverage?: Coverage; skus?: readonly Sku[] }): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<number>();
  terms.slaTargets?.forEach((t, i) => {
    if (seen.has(t.severity)) issues.push({ path: ['slaTargets', i, 'severity'], message: `Severity ${t.severity} has two rows of targets; keep one.` });
    seen.add(t.severity);
  });
  const c = terms.coverage;
  if (c?.kind === 'business_hours') {
    if (!isTimeZone(c.timeZone)) issues.push({ path: ['coverage', 'timeZone'], message: `"${c.timeZone}" is not a time zone. Use an IANA name like Europe/Berlin.` });
    if (c.end <= c.start) issues.push({ path: ['coverage', 'end'], message: 'Coverage must end after it starts on the same day.' });
    if (new Set(c.days).size !== c.days.length) issues.push({ path: ['coverage', 'days'], message: 'Each working day is listed once.' });
    const holidays = new Set<string>();
    c.holidays.forEach((h, i) => {
      if (!isRealDate(h)) issues.push({ path: ['coverage', 'holidays', i], message: `${h} is not a date.` });
      else if (holidays.has(h)) issues.push({ path: ['coverage', 'holidays', i], message: `${h} is listed twice.` });
      holidays.add(h);
    });
  }
  const skuCodes = new Set<string>();
  terms.skus?.forEach((s, i) => {
    if (skuCodes.has(s.code)) issues.push({ path: ['skus', i, 'code'], message: `SKU ${s.code} is listed twice.` });
    skuCodes.add(s.code);
  });
  return issues;
}

/** A YYYY-MM-DD string that names a day on the calendar (not 2026-02-30). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds the cross-field rules to a schema whose output carries terms. */
export function withTermsRules<S extends z.ZodType<{ slaTargets?: readonly SlaTarget[]; coverage?: Coverage; skus?: readonly Sku[] }>>(schema: S, prefix: string[] = []) {
  return schema.superRefine((value, ctx) => {
    for (const issue of termsIssues(value)) ctx.addIssue({ code: 'custom', path: [...prefix, ...issue.path], message: issue.message });
  });
}

export const tierTermsSchema = withTermsRules(tierTermsFieldsSchema);

export const tierTermsSaveSchema = z.object({ terms: tierTermsSchema }).strict();
export const tierCodeInputSchema = z.object({ code: tierCodeSchema }).strict();

/** Only managers and admins change organisation-wide records (the server enforces the same on the org partition). */
export const ORG_EDITOR_ROLES: readonly PersonRole[] = ['manager', 'admin'];
export const canEditOrg = (role: PersonRole | null | undefined): boolean => role !== null && role !== undefined && ORG_EDITOR_ROLES.includes(role);

const businessHours = (timeZone: string): Coverage => ({ kind: 'business_hours', timeZone, days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: [] });

const engage = (minutes: number, roles: readonly ResponderRole[]): SlaTarget['engageMinutes'] => Object.fromEntries(roles.map((r) => [r, minutes]));

function target(severity: Severity, firstResponseMinutes: number, engageMinutes: SlaTarget['engageMinutes'], updateCadenceMinutes: number | null): SlaTarget {
  return { severity, firstResponseMinutes, engageMinutes, updateCadenceMinutes };
}

/**
 * The terms seeded on every device (same ids everywhere, see tierTermsId). Standard runs on business hours and
 * engages a support engineer; Premium runs 24×7 and brings a developer and an incident manager to severity 1;
 * Premier / Dedicated engages all three roles within 15 minutes on every severity, 24×7.
 */
export const DEFAULT_TIER_TERMS: readonly TierTermsFields[] = [
  {
    code: 'standard',
    label: 'Standard',
    description: 'Business-hours support by the support engineering team.',
    addOn: false,
    slaTargets: [
      target(1, 60, engage(60, ['support_engineer']), 240),
      target(2, 240, engage(240, ['support_engineer']), 480),
      target(3, 480, engage(480, ['support_engineer']), null),
      target(4, 960, engage(960, ['support_engineer']), null),
    ],
    coverage: businessHours('UTC'),
    skus: [{ code: 'STD-SUPPORT', label: 'Support engineering hour', rate: 15_000, currency: 'USD', billable: true }],
    includedHours: 0,
    hoursPeriod: 'month',
  },
  {
    code: 'premium',
    label: 'Premium',
    description: '24×7 support with a named TAM; developers and an incident manager join severity 1.',
    addOn: false,
    slaTargets: [
      target(1, 30, { support_engineer: 30, developer: 120, incident_manager: 60 }, 60),
      target(2, 120, { support_engineer: 120, developer: 480 }, 240),
      target(3, 480, engage(480, ['support_engineer']), 1440),
      target(4, 1440, engage(1440, ['support_engineer']), null),
    ],
    coverage: { kind: '24x7' },
    skus: [
      { code: 'PREM-TAM', label: 'Technical account management hour', rate: 22_000, currency: 'USD', billable: true },
      { code: 'PREM-ONSITE', label: 'Onsite hour', rate: 25_000, currency: 'USD', billable: true },
    ],
    includedHours: 16,
    hoursPeriod: 'month',
  },
  {
    code: 'premier',
    label: 'Premier',
    description: 'Premier / Dedicated: a dedicated team — support engineer, developer and incident manager all engaged within 15 minutes on every severity, 24×7.',
    addOn: false,
    slaTargets: [
      target(1, 15, engage(15, RESPONDER_ROLES), 30),
      target(2, 15, engage(15, RESPONDER_ROLES), 60),
      target(3, 15, engage(15, RESPONDER_ROLES), 240),
      target(4, 15, engage(15, RESPONDER_ROLES), 1440),
    ],
    coverage: { kind: '24x7' },
    skus: [
      { code: 'PRM-TAM', label: 'Dedicated TAM hour', rate: 30_000, currency: 'USD', billable: true },
      { code: 'PRM-DEV', label: 'Dedicated developer hour', rate: 28_000, currency: 'USD', billable: true },
      { code: 'PRM-IM', label: 'Incident management hour', rate: 26_000, currency: 'USD', billable: false },
    ],
    includedHours: 40,
    hoursPeriod: 'month',
  },
  {
    code: 'sovereign',
    label: 'Cleared / sovereign coverage',
    description: 'Incidents handled only by cleared staff in the customer’s region, around the clock. Sold on top of a tier.',
    addOn: true,
    slaTargets: [],
    coverage: { kind: '24x7' },
    skus: [{ code: 'SOV-CLEARED', label: 'Cleared engineer hour (sovereign coverage)', rate: 32_000, currency: 'USD', billable: true }],
    includedHours: 0,
    hoursPeriod: 'month',
  },
];

/** The stricter of two targets for one severity: the smaller time wins, roles join. */
function stricter(a: SlaTarget, b: SlaTarget): SlaTarget {
  const engageMinutes: SlaTarget['engageMinutes'] = { ...a.engageMinutes };
  for (const role of RESPONDER_ROLES) {
    const m = b.engageMinutes[role];
    if (m !== undefined) engageMinutes[role] = Math.min(m, engageMinutes[role] ?? m);
  }
  const cadences = [a.updateCadenceMinutes, b.updateCadenceMinutes].filter((c): c is number => c !== null);
  return {
    severity: a.severity,
    firstResponseMinutes: Math.min(a.firstResponseMinutes, b.firstResponseMinutes),
    engageMinutes,
    updateCadenceMinutes: cadences.length ? Math.min(...cadences) : null,
  };
}

/**
 * The SLA terms a contract copies when it is sold: the tier's, with each add-on applied in turn (its coverage
 * replaces the tier's, its targets tighten the tier's, its SKUs are added after the tier's).
 */
export function contractTermsOf(tier: TierTermsFields, addOns: readonly TierTermsFields[]): Pick<ContractFields, 'slaTargets' | 'coverage' | 'skus' | 'includedHours' | 'hoursPeriod'> {
  let slaTargets = tier.slaTargets.map((t) => ({ ...t, engageMinutes: { ...t.engageMinutes } }));
  let coverage: Coverage = tier.coverage;
  const skus = [...tier.skus];
  for (const addOn of addOns) {
    coverage = addOn.coverage;
    for (const t of addOn.slaTargets) {
      const existing = slaTargets.find((s) => s.severity === t.severity);
      slaTargets = existing ? slaTargets.map((s) => (s === existing ? stricter(s, t) : s)) : [...slaTargets, t];
    }
    for (const sku of addOn.skus) if (!skus.some((s) => s.code === sku.code)) skus.push(sku);
  }
  slaTargets.sort((a, b) => a.severity - b.severity);
  return { slaTargets, coverage, skus, includedHours: tier.includedHours, hoursPeriod: tier.hoursPeriod };
}

/**
 * The add-ons a contract carries. An add-on is sold as its SKUs, so a contract carries it when it lists one of
 * them; this survives renaming the add-on, not changing its SKU codes (the contract keeps its SKUs either way).
 */
export function addOnsOf(contract: Pick<ContractFields, 'skus'>, terms: readonly TierTermsFields[]): TierTermsFields[] {
  const codes = new Set(contract.skus.map((s) => s.code));
  return terms.filter((t) => t.addOn && t.skus.some((s) => codes.has(s.code)));
}
