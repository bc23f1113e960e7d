import { z } from 'zod';
import { PERSON_ROLES, PERSON_ROLE_LABELS } from './enums';
import type { PersonRole } from './enums';
import { idSchema } from './ids';
import { isTimeZone } from './profile';

/**
 * Who's who on an account (DESIGN.md §4 `people`, `team_roles`, `contacts`): the vendor's people directory
 * (org partition), the roles people hold on an account and the customer's contacts (account partition), and
 * the on-call rotation of premier and dedicated accounts. The pure rotation rules are in rotation.ts.
 */

/** The roles a person holds on one account; the organisation-wide manager and admin roles are not among them. */
export const TEAM_ROLES = ['tam', 'csm', 'se', 'ae', 'escalation_engineer'] as const satisfies readonly PersonRole[];
export type TeamRole = (typeof TEAM_ROLES)[number];
export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  tam: PERSON_ROLE_LABELS.tam,
  csm: PERSON_ROLE_LABELS.csm,
  se: PERSON_ROLE_LABELS.se,
  ae: PERSON_ROLE_LABELS.ae,
  escalation_engineer: PERSON_ROLE_LABELS.escalation_engineer,
};

/** Tiers whose accounts get an on-call rotation (a tier code not in the catalog simply never matches). */
export const ON_CALL_TIERS: readonly string[] = ['premier', 'dedicated'];

export const isoDateSchema = z
  .string({ error: 'Dates are written YYYY-MM-DD.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates are written YYYY-MM-DD.' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: 'That date does not exist.',
  });
export const clockTimeSchema = z
  .string({ error: 'Times are written HH:MM (24-hour).' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Times are written HH:MM (24-hour).' });
export const timeZoneSchema = z.string({ error: 'Choose a time zone.' }).max(64).refine(isTimeZone, { error: 'Unknown time zone.' });

const name = (what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, { error: `${what} is required.` })
    .max(200, { error: `${what} must be at most 200 characters.` });
const optionalEmail = z.union([z.literal(''), z.email({ error: 'Enter an email address like name@example.com.' })], {
  error: 'Enter an email address like name@example.com.',
});
const catalogCode = (what: string) =>
  z
    .string({ error: `${what} must be text.` })
    .trim()
    .min(1, { error: `Choose a ${what.toLowerCase()}.` })
    .max(64);

/** API input naming one account. */
export const accountRefSchema = z.object({ accountId: idSchema }).strict();

// ---- People (the vendor's directory, org partition) ----

export const personFieldsSchema = z.object({
  name: name('Name'),
  email: z.email({ error: 'Enter an email address like name@example.com.' }),
  roles: z.array(z.enum(PERSON_ROLES, { error: 'Unknown role.' })).min(1, { error: 'Choose at least one role.' }).max(PERSON_ROLES.length),
  /** Clearance labels (catalog codes): a person may work a labelled account only with that exact label. */
  clearances: z.array(catalogCode('Clearance label')).max(20),
  /** A residency code: the region the person works from. */
  homeRegion: catalogCode('Home region'),
  timeZone: timeZoneSchema,
});
export type PersonFields = z.infer<typeof personFieldsSchema>;
export const PERSON_FIELDS = Object.keys(personFieldsSchema.shape) as Array<keyof PersonFields>;

export interface Person extends PersonFields {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** A directory entry as screens list it: the local profile appears as "me" until the directory knows this person. */
export interface DirectoryPerson extends PersonFields {
  /** null for "me" when no directory record carries my email. */
  id: string | null;
  isMe: boolean;
}

export const personSaveSchema = z.object({ id: idSchema.optional(), fields: personFieldsSchema }).strict();
export type PersonSave = z.infer<typeof personSaveSchema>;

// ---- Team members (who holds which role on an account) ----

/**
 * A role held on an account. The name and email are kept on the record so a team can be written down before the
 * person is in the directory (or offline, before the directory arrives); `personId` links the directory entry.
 */
export const teamMemberFieldsSchema = z.object({
  role: z.enum(TEAM_ROLES, { error: 'Choose a role: TAM, CSM, SE, AE or escalation engineer.' }),
  personId: idSchema.nullable(),
  name: name('Name'),
  email: optionalEmail,
  note: z.string().max(2000, { error: 'Notes must be at most 2,000 characters.' }),
});
export type TeamMemberFields = z.infer<typeof teamMemberFieldsSchema>;
export const TEAM_MEMBER_FIELDS = Object.keys(teamMemberFieldsSchema.shape) as Array<keyof TeamMemberFields>;

export interface TeamMember extends TeamMemberFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

/** Adding a member: a directory person (by id), "me", or a name (matched against the directory by name or email). */
export const teamMemberAddSchema = z
  .object({
    accountId: idSchema,
    role: teamMemberFieldsSchema.shape.role,
    personId: idSchema.optional(),
    me: z.boolean().optional(),
    name: z.string().trim().max(200, { error: 'Name must be at most 200 characters.' }).optional(),
    email: optionalEmail.optional(),
    note: teamMemberFieldsSchema.shape.note.optional(),
  })
  .strict();
export type TeamMemberAdd = z.infer<typeof teamMemberAddSchema>;

// ---- Customer contacts ----

export const contactFieldsSchema = z.object({
  name: name('Name'),
  title: z.string().trim().max(200, { error: 'Title must be at most 200 characters.' }),
  email: optionalEmail,
  phone: z
    .string()
    .trim()
    .max(40, { error: 'Phone numbers are at most 40 characters.' })
    .regex(/^[+()\d\s./-]*(?:\s*(?:x|ext\.?)\s*\d+)?$/i, { error: 'Phone numbers use digits, spaces and + ( ) - . only.' }),
  notes: z.string().max(5000, { error: 'Notes must be at most 5,000 characters.' }),
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;
export const CONTACT_FIELDS = Object.keys(contactFieldsSchema.shape) as Array<keyof ContactFields>;

export interface Contact extends ContactFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

export const contactCreateSchema = contactFieldsSchema.partial().required({ name: true }).extend({ accountId: idSchema }).strict();
export type ContactCreate = z.infer<typeof contactCreateSchema>;
export const contactUpdateSchema = z.object({ id: idSchema, patch: contactFieldsSchema.partial().strict() }).strict();
export type ContactUpdate = z.infer<typeof contactUpdateSchema>;

// ---- On-call rotation ----

/**
 * One shift of a rotation, in the rotation's time zone: it starts at `start` on each of `days` (ISO weekdays,
 * 1 = Monday) and ends at `end`, the next day when `end` is not after `start` (so 22:00–06:00 runs overnight and
 * 00:00–00:00 is a whole day). `order` lists team member ids: week n of the rotation is answered by order[n mod length].
 */
export const shiftSchema = z.object({
  id: z.string().trim().min(1).max(64),
  name: name('Shift name').max(100, { error: 'Shift names are at most 100 characters.' }),
  start: clockTimeSchema,
  end: clockTimeSchema,
  days: z
    .array(z.number().int().min(1).max(7), { error: 'Choose the days the shift starts on.' })
    .min(1, { error: 'Choose at least one day.' })
    .max(7)
    .refine((days) => new Set(days).size === days.length, { error: 'A day is listed twice.' }),
  order: z.array(idSchema).max(52, { error: 'A rotation order has at most 52 weeks.' }),
});
export type Shift = z.infer<typeof shiftSchema>;

export const rotationFieldsSchema = z.object({
  timeZone: timeZoneSchema,
  /** The rotation starts at its first hand-off on or after this date (in the rotation's zone); nobody answers before. */
  startsOn: isoDateSchema,
  /** The weekly hand-off: the next person in each shift's order takes over at this weekday and time. */
  handoffDay: z.number({ error: 'Choose the hand-off day.' }).int().min(1).max(7),
  handoffTime: clockTimeSchema,
  shifts: z
    .array(shiftSchema)
    .min(1, { error: 'A rotation needs at least one shift.' })
    .max(12, { error: 'A rotation has at most 12 shifts.' })
    .refine((shifts) => new Set(shifts.map((s) => s.id)).size === shifts.length, { error: 'Two shifts share an id.' }),
});
export type RotationFields = z.infer<typeof rotationFieldsSchema>;
export const ROTATION_FIELDS = Object.keys(rotationFieldsSchema.shape) as Array<keyof RotationFields>;

export interface Rotation extends RotationFields {
  id: string;
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

export const rotationSaveSchema = z.object({ accountId: idSchema, fields: rotationFieldsSchema }).strict();
export type RotationSave = z.infer<typeof rotationSaveSchema>;

/** Everything the Team tab shows for one account. */
export interface AccountTeam {
  accountId: string;
  members: TeamMember[];
  contacts: Contact[];
  rotation: Rotation | null;
  /** Whether the account's tier gets an on-call rotation. */
  rotationApplies: boolean;
  /** The directory entries of the members (by member id), for clearances, region and time zone. */
  people: Record<string, DirectoryPerson>;
}
