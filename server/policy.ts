import type { PersonRole } from '../core/model';
import { LOCKED_TIME_STATUSES } from '../core/model';
import type { FieldMap } from '../core/protocol/merge';
import type { AccountPolicy, Access, User } from './storage/serverStore';

/**
 * The one policy check of the server (DESIGN.md §5, §6). Every op and every pull goes through here.
 * A user sees an account only with a grant, the account's clearance label (if any), and a residency this
 * server may hold. The org partition is readable by all and writable by managers and admins.
 */
export interface PolicyContext {
  user: User;
  grants: Map<string, Access>;
  residencies: readonly string[];
}

const ORG_WRITERS: readonly PersonRole[] = ['manager', 'admin'];

export type Denial = { code: 'forbidden'; message: string; hideAccount?: boolean };

export function residencyAllowed(ctx: PolicyContext, residency: string): boolean {
  return ctx.residencies.includes(residency);
}

export function clearanceHeld(user: User, label: string | null): boolean {
  return label === null || user.clearances.includes(label);
}

// The read rule (grant + clearance + residency) runs as SQL in ServerStore.readableAccountsSql, so a pull
// filters in the database; it must stay the same rule as writeDenial below minus the write grant.

/** May this user write to an existing account (or the org partition)? null when allowed. */
export function writeDenial(ctx: PolicyContext, account: AccountPolicy | 'org'): Denial | null {
  if (account === 'org') {
    return ctx.user.roles.some((r) => ORG_WRITERS.includes(r))
      ? null
      : { code: 'forbidden', message: 'Only managers and admins may change organisation-wide catalogs.' };
  }
  if (!residencyAllowed(ctx, account.residency)) {
    return { code: 'forbidden', message: `This server may not store data of residency "${account.residency}".`, hideAccount: true };
  }
  if (!clearanceHeld(ctx.user, account.clearance)) {
    return { code: 'forbidden', message: 'You do not hold the clearance this account requires.', hideAccount: true };
  }
  if (ctx.grants.get(account.accountId) !== 'write') return { code: 'forbidden', message: 'You have no write access to this account.' };
  return null;
}

/** May this user create an account with this residency and label? The creator is then granted write access. */
export function createDenial(ctx: PolicyContext, residency: string, clearance: string | null): Denial | null {
  if (!residencyAllowed(ctx, residency)) {
    return { code: 'forbidden', message: `This server may not store data of residency "${residency}".`, hideAccount: true };
  }
  if (!clearanceHeld(ctx.user, clearance)) {
    return { code: 'forbidden', message: 'You do not hold the clearance this account requires.', hideAccount: true };
  }
  return null;
}

export type RecordDenial = { code: 'forbidden' | 'locked'; message: string };

const isApprover = (user: User) => user.roles.some((r) => ORG_WRITERS.includes(r));
const valueOf = (fields: FieldMap | null, name: string): unknown => fields?.[name]?.value;
/**
 * Whether a record's person is this user: the server's user id, or their email, which the app logs time under
 * before a device knows the server's id (core/model/timesheet.ts userIdOf).
 */
const isSelf = (user: User, value: unknown): boolean =>
  typeof value === 'string' && (value === user.id || value.toLowerCase() === user.email.toLowerCase());
const DECISIONS: readonly unknown[] = ['approved', 'rejected', 'entry_approved', 'entry_rejected'];

/** The timesheet history only grows, each event names its real author, and only approvers record decisions. */
function historyDenial(ctx: PolicyContext, current: FieldMap | null, incoming: FieldMap): RecordDenial | null {
  if (current) return { code: 'locked', message: 'The timesheet history cannot be changed; it only grows.' };
  if (!isSelf(ctx.user, valueOf(incoming, 'actor'))) return { code: 'forbidden', message: 'A timesheet history entry must name you as the person who made the change.' };
  if (DECISIONS.includes(valueOf(incoming, 'action')) && !isApprover(ctx.user)) {
    return { code: 'forbidden', message: 'Only managers and admins approve or reject time.' };
  }
  if (!isSelf(ctx.user, valueOf(incoming, 'userId')) && !isApprover(ctx.user)) {
    return { code: 'forbidden', message: 'You can submit or withdraw only your own timesheets.' };
  }
  return null;
}

/**
 * Rules on the content of time records, on top of the partition rules: approved or exported time is locked
 * (a correction is a new adjustment entry), only managers and admins approve, and people log and submit their
 * own time. `current` is the record as the server holds it; `incoming` the fields of the op.
 */
export function recordDenial(ctx: PolicyContext, table: string, current: FieldMap | null, incoming: FieldMap): RecordDenial | null {
  if (table === 'timesheet_events') return historyDenial(ctx, current, incoming);
  if (table !== 'time_entries' && table !== 'timesheets') return null;
  const what = table === 'time_entries' ? 'time entry' : 'timesheet';
  const status = valueOf(current, 'status');
  const nextStatus = valueOf(incoming, 'status');
  if (typeof status === 'string' && (LOCKED_TIME_STATUSES as readonly string[]).includes(status)) {
    // The one change allowed to locked time: an approver marking approved time as exported to billing.
    const onlyExport = Object.keys(incoming).length === 1 && status === 'approved' && nextStatus === 'exported';
    if (!(onlyExport && isApprover(ctx.user))) {
      return { code: 'locked', message: `This ${what} is ${status} and can no longer change. Record a correction as a new adjustment entry.` };
    }
  }
  if (typeof nextStatus === 'string' && (LOCKED_TIME_STATUSES as readonly string[]).includes(nextStatus) && !isApprover(ctx.user)) {
    return { code: 'forbidden', message: 'Only managers and admins approve or export time.' };
  }
  const owner = valueOf(incoming, 'userId') ?? valueOf(current, 'userId');
  if (!isSelf(ctx.user, owner) && !isApprover(ctx.user)) {
    return { code: 'forbidden', message: `You can change only your own ${what}s.` };
  }
  return null;
}
