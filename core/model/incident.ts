import { z } from 'zod';
import { RESPONDER_ROLES, SEVERITIES } from './contract';
import type { ResponderRole } from './contract';
import { idSchema } from './ids';
import type { SlaIncident, SlaPause } from './slaClock';

/**
 * Incidents (DESIGN.md §4): severity, when it opened, the first response, each responder role engaged (who and
 * when), the customer updates sent, pauses while waiting on the customer, and the resolution. Each role has its
 * own columns so two people engaging different roles on two devices both win (per-field clocks); the updates and
 * pauses are lists, where a concurrent edit on two devices keeps the later list.
 */

/** Stored instants are UTC ISO strings ending in Z, so they sort as text. */
const storedInstant = z.iso.datetime({ error: 'Times are ISO 8601 instants.' });
/** What people and the CLI type: an ISO instant with Z or an offset; the service stores it in UTC. */
const givenInstant = (what: string) => z.iso.datetime({ offset: true, error: `${what} must be a date and time like 2026-03-27T17:30:00+01:00.` });

export const severitySchema = z.coerce.number({ error: 'Severity is 1, 2, 3 or 4.' }).pipe(z.literal(SEVERITIES, { error: 'Severity is 1, 2, 3 or 4.' }));

export const SEVERITY_LABELS: Record<(typeof SEVERITIES)[number], string> = {
  1: 'Sev 1 — critical',
  2: 'Sev 2 — major',
  3: 'Sev 3 — minor',
  4: 'Sev 4 — question',
};

export const slaPauseSchema = z.object({ start: storedInstant, end: storedInstant.nullable() });

/** The synced field names of each role's engagement. */
export const ENGAGED_FIELDS = {
  support_engineer: { at: 'supportEngineerAt', name: 'supportEngineerName' },
  developer: { at: 'developerAt', name: 'developerName' },
  incident_manager: { at: 'incidentManagerAt', name: 'incidentManagerName' },
} as const satisfies Record<ResponderRole, { at: string; name: string }>;

const responderName = z.string().trim().max(200, { error: 'Names are at most 200 characters.' });

export const incidentFieldsSchema = z.object({
  severity: z.literal(SEVERITIES, { error: 'Severity is 1, 2, 3 or 4.' }),
  summary: z.string().trim().max(2000, { error: 'The summary must be at most 2,000 characters.' }),
  openedAt: storedInstant,
  firstResponseAt: storedInstant.nullable(),
  supportEngineerAt: storedInstant.nullable(),
  supportEngineerName: responderName,
  developerAt: storedInstant.nullable(),
  developerName: responderName,
  incidentManagerAt: storedInstant.nullable(),
  incidentManagerName: responderName,
  updates: z.array(storedInstant).max(500, { error: 'At most 500 updates per incident.' }),
  pauses: z.array(slaPauseSchema).max(200, { error: 'At most 200 pauses per incident.' }),
  resolvedAt: storedInstant.nullable(),
});
export type IncidentFields = z.infer<typeof incidentFieldsSchema>;

export interface Incident extends IncidentFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

/** What the SLA clocks need of an incident. */
export function slaIncidentOf(incident: IncidentFields): SlaIncident {
  const engagedAt: Partial<Record<ResponderRole, string | null>> = {};
  for (const role of RESPONDER_ROLES) engagedAt[role] = incident[ENGAGED_FIELDS[role].at];
  return {
    severity: incident.severity,
    openedAt: incident.openedAt,
    firstResponseAt: incident.firstResponseAt,
    engagedAt,
    updates: incident.updates,
    resolvedAt: incident.resolvedAt,
    pauses: incident.pauses,
  };
}

/** The pause in progress, if the incident waits on the customer now. */
export function openPause(incident: Pick<IncidentFields, 'pauses'>): SlaPause | undefined {
  return incident.pauses.find((p) => p.end === null);
}

// ---- API inputs ----

const at = givenInstant('The time').optional();

export const incidentOpenSchema = z
  .object({
    accountId: idSchema,
    severity: severitySchema,
    openedAt: givenInstant('Opened').optional(),
    summary: incidentFieldsSchema.shape.summary.default(''),
  })
  .strict();
export type IncidentOpen = z.input<typeof incidentOpenSchema>;

/** Corrections: any recorded time may be changed or cleared (null); the service checks they still make sense. */
export const incidentUpdateSchema = z
  .object({
    id: idSchema,
    patch: z
      .object({
        severity: severitySchema,
        summary: incidentFieldsSchema.shape.summary,
        openedAt: givenInstant('Opened'),
        firstResponseAt: givenInstant('First response').nullable(),
        supportEngineerAt: givenInstant('Engaged').nullable(),
        supportEngineerName: responderName,
        developerAt: givenInstant('Engaged').nullable(),
        developerName: responderName,
        incidentManagerAt: givenInstant('Engaged').nullable(),
        incidentManagerName: responderName,
        resolvedAt: givenInstant('Resolved').nullable(),
      })
      .partial()
      .strict(),
  })
  .strict();
export type IncidentUpdate = z.input<typeof incidentUpdateSchema>;

/** Record something at a time: `at` left out means now. */
export const incidentAtSchema = z.object({ id: idSchema, at }).strict();
export const incidentEngageSchema = z
  .object({ id: idSchema, role: z.enum(RESPONDER_ROLES, { error: 'The role is support_engineer, developer or incident_manager.' }), at, name: responderName.optional() })
  .strict();
export const incidentResolveSchema = z.object({ id: idSchema, at, summary: incidentFieldsSchema.shape.summary.optional() }).strict();
export const incidentListSchema = z.object({ accountId: idSchema.optional(), open: z.boolean().optional() }).strict().default({});

export const INCIDENT_FIELD_LABELS: Partial<Record<keyof IncidentFields, string>> = {
  openedAt: 'opened',
  firstResponseAt: 'the first response',
  supportEngineerAt: 'the support engineer engaged',
  developerAt: 'the developer engaged',
  incidentManagerAt: 'the incident manager engaged',
  resolvedAt: 'resolved',
};

/** Recorded times may run this far ahead of the device clock (two devices' clocks differ a little). */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * What is wrong with an incident's times, by field: nothing happens before it opened or after it was resolved,
 * nothing is recorded in the future, pauses do not overlap and only one is open. Pure: the service runs it
 * on every write; the forms show its messages next to the fields.
 */
export function incidentProblems(fields: IncidentFields, now: Date): Record<string, string> {
  const problems: Record<string, string> = {};
  const opened = Date.parse(fields.openedAt);
  const resolved = fields.resolvedAt === null ? null : Date.parse(fields.resolvedAt);
  const latest = now.getTime() + FUTURE_SKEW_MS;
  if (opened > latest) problems['openedAt'] = 'An incident cannot open in the future.';
  const timed = ['firstResponseAt', 'supportEngineerAt', 'developerAt', 'incidentManagerAt', 'resolvedAt'] as const;
  for (const field of timed) {
    const value = fields[field];
    if (value === null) continue;
    const t = Date.parse(value);
    const what = INCIDENT_FIELD_LABELS[field] ?? field;
    const name = what.charAt(0).toUpperCase() + what.slice(1);
    if (t < opened) problems[field] = `${name} cannot be before the incident opened.`;
    else if (t > latest) problems[field] = `${name} cannot be in the future.`;
    else if (field !== 'resolvedAt' && resolved !== null && t > resolved) problems[field] = `${name} cannot be after the incident was resolved.`;
  }
  fields.updates.forEach((u) => {
    const t = Date.parse(u);
    if (t < opened || (resolved !== null && t > resolved)) problems['updates'] ??= 'Updates fall between opening and resolution.';
  });
  const pauses = [...fields.pauses].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  pauses.forEach((p, i) => {
    const start = Date.parse(p.start);
    const end = p.end === null ? Infinity : Date.parse(p.end);
    const next = pauses[i + 1];
    if (start < opened) problems['pauses'] ??= 'A pause cannot start before the incident opened.';
    else if (end < start) problems['pauses'] ??= 'A pause cannot end before it starts.';
    else if (next && Date.parse(next.start) < end) problems['pauses'] ??= 'Pauses cannot overlap.';
    else if (resolved !== null && end > resolved) problems['pauses'] ??= 'A pause must end by the time the incident is resolved.';
  });
  return problems;
}
