import { z } from 'zod';
import { idSchema } from './ids';
import { isoDateSchema } from './team';

/**
 * Adoption (DESIGN.md §4 `adoption`): a capability catalog in the org partition (edited by managers), and per
 * account and capability a status with blockers and dated notes.
 */

export const ADOPTION_STATUSES = ['not_started', 'evaluating', 'piloting', 'adopted', 'blocked'] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];
export const ADOPTION_STATUS_LABELS: Record<AdoptionStatus, string> = {
  not_started: 'Not started',
  evaluating: 'Evaluating',
  piloting: 'Piloting',
  adopted: 'Adopted',
  blocked: 'Blocked',
};

/**
 * How much of a capability a status counts for in the adoption score. Blocked counts as nothing: whatever was
 * piloted is not in use while it is blocked.
 */
export const ADOPTION_CREDIT: Record<AdoptionStatus, number> = {
  not_started: 0,
  evaluating: 0.25,
  piloting: 0.5,
  adopted: 1,
  blocked: 0,
};

// ---- The capability catalog (org partition) ----

export const capabilityCodeSchema = z
  .string({ error: 'Enter a capability code.' })
  .trim()
  .min(1, { error: 'Enter a capability code.' })
  .max(64, { error: 'Capability codes are at most 64 characters.' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'Capability codes use lower-case letters, digits and dashes, like private-networking.' });

export const capabilityFieldsSchema = z.object({
  /** Fixed once created: adoption records refer to it. */
  code: capabilityCodeSchema,
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, { error: 'Name is required.' })
    .max(120, { error: 'Names are at most 120 characters.' }),
  category: z.string().trim().max(60, { error: 'Categories are at most 60 characters.' }),
  description: z.string().trim().max(1000, { error: 'Descriptions are at most 1,000 characters.' }),
  /** How much the capability counts in the adoption score, 1 (nice to have) to 5 (essential). */
  weight: z.number({ error: 'Weight is a whole number from 1 to 5.' }).int({ error: 'Weight is a whole number from 1 to 5.' }).min(1, { error: 'Weight is a whole number from 1 to 5.' }).max(5, { error: 'Weight is a whole number from 1 to 5.' }),
  sort: z.number().int().min(0).max(1_000_000),
});
export type CapabilityFields = z.infer<typeof capabilityFieldsSchema>;
export const CAPABILITY_FIELDS = Object.keys(capabilityFieldsSchema.shape) as Array<keyof CapabilityFields>;

export interface Capability extends CapabilityFields {
  id: string;
}

export const capabilitySaveSchema = z
  .object({
    id: idSchema.optional(),
    code: capabilityCodeSchema,
    name: capabilityFieldsSchema.shape.name,
    category: capabilityFieldsSchema.shape.category.default(''),
    description: capabilityFieldsSchema.shape.description.default(''),
    weight: capabilityFieldsSchema.shape.weight.default(1),
  })
  .strict();
export type CapabilitySave = z.infer<typeof capabilitySaveSchema>;

export const capabilityRefSchema = z.object({ code: capabilityCodeSchema }).strict();

export type CapabilitySeed = Omit<CapabilityFields, 'sort'>;

/** The seeded catalog: what customers of an infrastructure platform typically adopt, essentials weighted up. */
export const DEFAULT_CAPABILITIES: readonly CapabilitySeed[] = [
  { code: 'sso', name: 'Single sign-on (SAML / OIDC)', category: 'Security', description: 'Staff sign in through the customer’s identity provider.', weight: 3 },
  { code: 'rbac', name: 'Role-based access control', category: 'Security', description: 'Least-privilege roles instead of shared admin accounts.', weight: 3 },
  { code: 'audit-logs', name: 'Audit log export to SIEM', category: 'Security', description: 'Audit events streamed to the customer’s SIEM.', weight: 2 },
  { code: 'byok', name: 'Customer-managed keys (BYOK)', category: 'Security', description: 'Data encrypted with keys the customer holds in their KMS or HSM.', weight: 2 },
  { code: 'private-networking', name: 'Private networking', category: 'Networking', description: 'Traffic over private endpoints, never the public internet.', weight: 2 },
  { code: 'backup-dr', name: 'Backup and disaster recovery', category: 'Resilience', description: 'Scheduled backups with a tested restore and a recovery plan.', weight: 3 },
  { code: 'multi-region', name: 'Multi-region replication', category: 'Resilience', description: 'A standby region with replication and failover drills.', weight: 2 },
  { code: 'autoscaling', name: 'Autoscaling', category: 'Operations', description: 'Capacity follows load without tickets.', weight: 1 },
  { code: 'observability', name: 'Metrics and tracing', category: 'Operations', description: 'Platform metrics and traces in the customer’s observability stack.', weight: 2 },
  { code: 'terraform', name: 'Infrastructure as code (Terraform provider)', category: 'Automation', description: 'Environments declared and reviewed as code.', weight: 1 },
  { code: 'k8s-operator', name: 'Kubernetes operator', category: 'Automation', description: 'Workloads managed from the customer’s clusters.', weight: 1 },
];

// ---- Adoption per account (account partition) ----

export const adoptionFieldsSchema = z.object({
  capability: capabilityCodeSchema,
  status: z.enum(ADOPTION_STATUSES, { error: 'Status is not started, evaluating, piloting, adopted or blocked.' }),
  /** What stands in the way; required while the status is blocked. */
  blockers: z.string().trim().max(2000, { error: 'Blockers are at most 2,000 characters.' }),
  /** The date the current status was set. */
  since: isoDateSchema,
});
export type AdoptionFields = z.infer<typeof adoptionFieldsSchema>;
export const ADOPTION_FIELDS = Object.keys(adoptionFieldsSchema.shape) as Array<keyof AdoptionFields>;

export const adoptionNoteFieldsSchema = z.object({
  capability: capabilityCodeSchema,
  on: isoDateSchema,
  text: z.string().trim().max(5000, { error: 'Notes are at most 5,000 characters.' }),
  /** The status set with this note, when the note recorded a change of status. */
  status: z.enum(ADOPTION_STATUSES).nullable(),
});
export type AdoptionNoteFields = z.infer<typeof adoptionNoteFieldsSchema>;

export interface AdoptionNote extends AdoptionNoteFields {
  id: string;
  createdAt: string;
}

/** One capability on one account; capabilities never touched are "not started" with no record. */
export interface AdoptionEntry {
  capability: Capability;
  status: AdoptionStatus;
  blockers: string;
  since: string | null;
  /** Newest first. */
  notes: AdoptionNote[];
}

export interface AccountAdoption {
  accountId: string;
  score: AdoptionScore;
  entries: AdoptionEntry[];
}

export const adoptionSetSchema = z
  .object({
    accountId: idSchema,
    capability: capabilityCodeSchema,
    status: adoptionFieldsSchema.shape.status.optional(),
    note: adoptionNoteFieldsSchema.shape.text.optional(),
    blockers: adoptionFieldsSchema.shape.blockers.optional(),
    /** The date of the change and its note; defaults to today. */
    on: isoDateSchema.optional(),
  })
  .strict();
export type AdoptionSet = z.infer<typeof adoptionSetSchema>;

export interface PortfolioRow {
  accountId: string;
  name: string;
  tier: string;
  score: AdoptionScore;
  /** Capability code → status; a capability missing here is not started. */
  statuses: Record<string, AdoptionStatus>;
}

export interface AdoptionPortfolio {
  capabilities: Capability[];
  accounts: PortfolioRow[];
}

// ---- The adoption score (pure) ----

export interface AdoptionScore {
  /** 0–100, or null when the catalog is empty. */
  score: number | null;
  adopted: number;
  inProgress: number;
  blocked: number;
  total: number;
}

/**
 * The adoption score of an account: the weighted share of the catalog in use,
 *   score = round(100 × Σ weight(c) × credit(status(c)) / Σ weight(c))
 * over the capabilities in the catalog now, where credit is 0 for not started and blocked, 0.25 for evaluating,
 * 0.5 for piloting and 1 for adopted (ADOPTION_CREDIT). A capability without a record is not started; a record of a
 * capability no longer in the catalog does not count.
 */
export function adoptionScore(
  capabilities: ReadonlyArray<Pick<CapabilityFields, 'code' | 'weight'>>,
  statusOf: (code: string) => AdoptionStatus | undefined,
): AdoptionScore {
  let weighted = 0;
  let weights = 0;
  const counts = { adopted: 0, inProgress: 0, blocked: 0 };
  for (const c of capabilities) {
    const status = statusOf(c.code) ?? 'not_started';
    weighted += c.weight * ADOPTION_CREDIT[status];
    weights += c.weight;
    if (status === 'adopted') counts.adopted += 1;
    else if (status === 'blocked') counts.blocked += 1;
    else if (status !== 'not_started') counts.inProgress += 1;
  }
  return { score: weights === 0 ? null : Math.round((100 * weighted) / weights), ...counts, total: capabilities.length };
}
