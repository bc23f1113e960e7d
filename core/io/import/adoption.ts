import { DateTime } from 'luxon';
import { ADOPTION_STATUS_LABELS, ADOPTION_STATUSES, adoptionSetSchema, isoDateSchema } from '../../model';
import type { AdoptionEntry, AdoptionSet, AdoptionStatus, Capability } from '../../model';
import type { Services } from '../../services';
import { AccountLookup, ACCOUNT_FIELD } from './accountRef';
import type { FieldIssue, ImportFieldDef, ImportRun, ImportTarget, RowPlan } from './target';

const FIELDS: readonly ImportFieldDef[] = [
  ACCOUNT_FIELD,
  { key: 'capability', label: 'Capability', required: true, hint: 'A capability from the catalog, by name or key, e.g. Kubernetes operator or k8s-operator.', aliases: ['feature', 'capability name', 'product', 'module', 'key'] },
  { key: 'status', label: 'Status', required: false, hint: 'Not started, evaluating, piloting, adopted or blocked.', aliases: ['adoption status', 'adoption', 'state'] },
  { key: 'note', label: 'Note', required: false, hint: 'A dated note; added once (the same note on the same date is not added again).', aliases: ['notes', 'comment', 'comments', 'remarks'] },
  { key: 'blockers', label: 'Blockers', required: false, hint: 'What stands in the way; needed when the status is blocked.', aliases: ['blocker', 'blocked by', 'obstacles', 'issues'] },
  { key: 'on', label: 'Date', required: false, hint: 'When, as YYYY-MM-DD (a spreadsheet date cell is fine); today when empty.', aliases: ['date', 'as of', 'updated', 'updated on', 'when'] },
];

const loose = (value: string) => value.trim().toLocaleLowerCase('en');
const asCode = (value: string) => loose(value).replace(/[\s/-]+/g, '_');

class AdoptionImport implements ImportRun {
  private readonly accounts: AccountLookup;
  private readonly capabilities: Capability[];
  /** Each account's adoption as this run has planned it so far, so later rows of a file see the earlier ones. */
  private readonly planned = new Map<string, Map<string, AdoptionEntry>>();
  private readonly latestDay: string;

  constructor(private readonly services: Services) {
    this.accounts = new AccountLookup(services);
    this.capabilities = services.adoption.catalog();
    const zone = services.profile.get()?.timeZone ?? 'UTC';
    // The adoption service's rule: a day of slack for someone a time zone ahead.
    this.latestDay = DateTime.now().setZone(zone).plus({ days: 1 }).toISODate() ?? '9999-12-31';
  }

  plan(cells: Readonly<Record<string, string>>): RowPlan {
    const issues: FieldIssue[] = [];
    const account = this.accounts.find(cells['account'], issues);
    const capability = this.capability(cells['capability'], issues);
    const status = this.status(cells['status'], issues);
    const on = cells['on'];
    if (on !== undefined) {
      const date = isoDateSchema.safeParse(on);
      if (!date.success) issues.push({ field: 'on', message: `"${on}": ${date.error.issues[0]?.message ?? 'Dates are written YYYY-MM-DD.'}` });
      else if (on > this.latestDay) issues.push({ field: 'on', message: 'A change cannot be dated in the future.' });
    }
    const note = cells['note'];
    const blockers = cells['blockers'];
    const lengths = adoptionSetSchema.pick({ note: true, blockers: true }).safeParse({ note, blockers });
    if (!lengths.success) for (const issue of lengths.error.issues) issues.push({ field: String(issue.path[0] ?? '') || null, message: issue.message });
    if (status === undefined && note === undefined && blockers === undefined && cells['status'] === undefined) {
      issues.push({ field: null, message: 'The row has no status, note or blockers: there is nothing to record.' });
    }
    if (issues.length > 0 || !account || !capability) return { action: 'error', issues };

    const entry = this.entry(account.id, capability.code);
    // An older dated row does not roll back a newer status: re-importing a history changes nothing.
    const statusApplies = status !== undefined && status !== entry.status && (on === undefined || entry.since === null || on >= entry.since);
    const nextStatus = statusApplies ? status : entry.status;
    const nextBlockers = blockers ?? entry.blockers;
    if (nextStatus === 'blocked' && nextBlockers.trim() === '') {
      return { action: 'error', issues: [{ field: blockers === undefined && cells['status'] !== undefined ? 'status' : 'blockers', message: 'Say what blocks it: a blocked capability needs its blockers (map a Blockers column).' }] };
    }
    // The same note on the same date (any date when the row has none) is already there.
    const noteNeeded = note !== undefined && !entry.notes.some((n) => n.text === note && (on === undefined || n.on === on));
    const changes = [...(statusApplies ? ['status'] : []), ...(nextBlockers !== entry.blockers ? ['blockers'] : []), ...(noteNeeded ? ['note'] : [])];
    const key = `${account.id}:${capability.code}:${on ?? ''}`;
    const match = `${capability.name} at ${account.name}`;
    if (changes.length === 0) return { action: 'unchanged', key, match };

    const input: AdoptionSet = {
      accountId: account.id,
      capability: capability.code,
      ...(statusApplies ? { status } : {}),
      ...(nextBlockers !== entry.blockers ? { blockers: nextBlockers } : {}),
      ...(noteNeeded ? { note } : {}),
      ...(on !== undefined ? { on } : {}),
    };
    // What the service will write, so the next rows of this file are planned against it.
    const day = on ?? DateTime.now().toISODate();
    this.setEntry(account.id, {
      ...entry,
      status: nextStatus,
      blockers: nextBlockers,
      since: statusApplies ? day : entry.since,
      notes: noteNeeded || statusApplies ? [{ id: '', createdAt: '', capability: capability.code, on: day, text: note ?? '', status: statusApplies ? nextStatus : null }, ...entry.notes] : entry.notes,
    });
    const action = entry.since === null && entry.notes.length === 0 ? 'create' : 'update';
    const apply = () => void this.services.adoption.set(input);
    return action === 'create' ? { action, key, apply } : { action, key, match, changes, apply };
  }

  private capability(value: string | undefined, issues: FieldIssue[]): Capability | undefined {
    if (value === undefined) {
      issues.push({ field: 'capability', message: 'Say which capability: its name or key.' });
      return undefined;
    }
    const found = this.capabilities.find((c) => loose(c.code) === loose(value) || loose(c.name) === loose(value));
    if (!found) {
      const names = this.capabilities.map((c) => c.name);
      const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')} and ${names.length - 12} more` : names.join(', ');
      issues.push({ field: 'capability', message: `"${value}" is not in the capability catalog. Use one of: ${shown}.` });
    }
    return found;
  }

  private status(value: string | undefined, issues: FieldIssue[]): AdoptionStatus | undefined {
    if (value === undefined) return undefined;
    const found = ADOPTION_STATUSES.find((s) => s === asCode(value) || loose(ADOPTION_STATUS_LABELS[s]) === loose(value));
    if (!found) issues.push({ field: 'status', message: `"${value}" is not an adoption status. Use one of: ${ADOPTION_STATUSES.map((s) => ADOPTION_STATUS_LABELS[s]).join(', ')}.` });
    return found;
  }

  private entry(accountId: string, code: string): AdoptionEntry {
    let entries = this.planned.get(accountId);
    if (!entries) {
      entries = new Map(this.services.adoption.forAccount(accountId).entries.map((e) => [e.capability.code, e]));
      this.planned.set(accountId, entries);
    }
    const entry = entries.get(code);
    if (!entry) throw new Error(`Capability ${code} is missing from the account's adoption.`);
    return entry;
  }

  private setEntry(accountId: string, entry: AdoptionEntry): void {
    this.planned.get(accountId)?.set(entry.capability.code, entry);
  }
}

export const ADOPTION_IMPORT: ImportTarget = {
  type: 'adoption',
  label: 'Adoption updates',
  fields: FIELDS,
  matchRule:
    'Each row sets one capability’s status on one account (found by name or Fieldbook id) and adds its note once: the same note on the same date is not added again, and a row dated before the current status does not roll it back.',
  begin: (services) => new AdoptionImport(services),
};
