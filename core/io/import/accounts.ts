import { accountFieldsSchema, CATALOG_KIND_LABELS, HEALTH_LABELS, HEALTH_VALUES, isUuidV7, LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES } from '../../model';
import type { Account, AccountFields, CatalogEntry, CatalogKind } from '../../model';
import type { Services } from '../../services';
import type { FieldIssue, ImportFieldDef, ImportRun, ImportTarget, RowPlan } from './target';

type Field = 'id' | keyof AccountFields;

const FIELDS: ReadonlyArray<ImportFieldDef & { key: Field }> = [
  { key: 'name', label: 'Name', required: true, hint: 'The account name; it also finds the account to update.', aliases: ['account', 'account name', 'customer', 'customer name', 'company', 'company name', 'organisation', 'organization', 'client'] },
  { key: 'tier', label: 'Support tier', required: false, hint: 'A tier code or name, e.g. premier or Premier.', aliases: ['support tier', 'support level', 'level', 'plan'] },
  { key: 'segment', label: 'Segment', required: false, hint: 'A segment code or name, e.g. public_sector or Public sector.', aliases: ['market segment', 'sector'] },
  { key: 'residency', label: 'Residency', required: false, hint: 'A residency code or name, e.g. eu or European Union.', aliases: ['data residency', 'region', 'data region'] },
  { key: 'clearance', label: 'Clearance', required: false, hint: 'A clearance label code or name; "none" for unrestricted.', aliases: ['clearance label', 'classification'] },
  { key: 'stage', label: 'Lifecycle stage', required: false, hint: 'Pre-sales, Onboarding, Production, Steady state, Expansion / renewal or Churned.', aliases: ['lifecycle', 'phase'] },
  { key: 'health', label: 'Health', required: false, hint: 'Green, amber or red.', aliases: ['health status', 'rag', 'status'] },
  { key: 'notes', label: 'Notes', required: false, hint: 'Free text.', aliases: ['note', 'comments', 'comment', 'description', 'remarks'] },
  { key: 'id', label: 'Fieldbook id', required: false, hint: 'The id of an account in Fieldbook (from an export); the row then updates that account.', aliases: ['fieldbook id'] },
];

const CATALOG_FIELDS: ReadonlyArray<[Field & CatalogKind, CatalogKind]> = [
  ['tier', 'tier'],
  ['segment', 'segment'],
  ['residency', 'residency'],
  ['clearance', 'clearance'],
];

/** Values meaning "no clearance label" (unrestricted). */
const NO_CLEARANCE = new Set(['none', 'unrestricted', 'no', '-', 'n/a']);

/** Names compare without case and with runs of spaces as one: "ACME  corp" is "Acme Corp". */
export const nameKey = (name: string) => name.replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');

/** A code or label, without case; for enums also with spaces and dashes as underscores ("Steady state"). */
const loose = (value: string) => value.trim().toLocaleLowerCase('en');
const asCode = (value: string) => loose(value).replace(/[\s/-]+/g, '_');

function enumValue<T extends string>(value: string, codes: readonly T[], labels: Record<T, string>): T | undefined {
  return codes.find((c) => c === asCode(value) || loose(labels[c]) === loose(value));
}

class AccountsImport implements ImportRun {
  private readonly byName = new Map<string, Account[]>();
  private readonly byId = new Map<string, Account>();

  constructor(
    private readonly services: Services,
    private readonly catalog: CatalogEntry[],
  ) {
    for (const account of services.accounts.list({})) {
      this.byId.set(account.id, account);
      const key = nameKey(account.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), account]);
    }
  }

  plan(cells: Readonly<Record<string, string>>): RowPlan {
    const issues: FieldIssue[] = [];
    const fields = this.fields(cells, issues);
    const id = cells['id'];
    if (id !== undefined && !isUuidV7(id)) {
      issues.push({ field: 'id', message: `"${id}" is not a Fieldbook account id. If the column holds another system's ids, do not import it.` });
    }
    if (issues.length > 0) return { action: 'error', issues };

    const existing = this.find(id, fields.name, issues);
    if (issues.length > 0) return { action: 'error', issues };
    if (!existing) {
      if (fields.name === undefined) return { action: 'error', issues: [{ field: 'name', message: 'Name is required for a new account.' }] };
      const create = { ...fields, name: fields.name };
      return { action: 'create', key: `new:${nameKey(create.name)}`, apply: () => void this.services.accounts.create(create) };
    }
    // Matched by name, the name is the key, not an edit: "ACME corp" does not rename "Acme Corp".
    if (id === undefined) delete fields.name;
    const changes = (Object.keys(fields) as Array<keyof AccountFields>).filter((f) => fields[f] !== existing[f]);
    const key = `id:${existing.id}`;
    if (changes.length === 0) return { action: 'unchanged', key, match: existing.name };
    const patch = Object.fromEntries(changes.map((f) => [f, fields[f]])) as Partial<AccountFields>;
    return { action: 'update', key, match: existing.name, changes, apply: () => void this.services.accounts.update({ id: existing.id, patch }) };
  }

  /** The record a row updates: by Fieldbook id when given, else by name; an ambiguous name is an issue. */
  private find(id: string | undefined, name: string | undefined, issues: FieldIssue[]): Account | undefined {
    if (id !== undefined) {
      const account = this.byId.get(id);
      if (!account) issues.push({ field: 'id', message: 'No account with this Fieldbook id is on this device (it may have been deleted).' });
      return account;
    }
    if (name === undefined) return undefined;
    const named = this.byName.get(nameKey(name)) ?? [];
    if (named.length > 1) {
      issues.push({ field: 'name', message: `${named.length} accounts are already named "${name}". Add a Fieldbook id column to say which one this row updates.` });
    }
    return named.length === 1 ? named[0] : undefined;
  }

  /** The row's values in the model's terms; every problem is reported, not just the first. */
  private fields(cells: Readonly<Record<string, string>>, issues: FieldIssue[]): Partial<AccountFields> {
    const out: Partial<AccountFields> = {};
    if (cells['name'] !== undefined) out.name = cells['name'];
    if (cells['notes'] !== undefined) out.notes = cells['notes'];
    for (const [field, kind] of CATALOG_FIELDS) {
      const value = cells[field];
      if (value === undefined) continue;
      if (field === 'clearance' && NO_CLEARANCE.has(loose(value))) {
        out.clearance = null;
        continue;
      }
      const entry = this.catalog.find((e) => e.kind === kind && (loose(e.code) === loose(value) || loose(e.label) === loose(value)));
      if (entry) out[field] = entry.code;
      else issues.push({ field, message: this.unknown(kind, value) });
    }
    const stage = cells['stage'];
    if (stage !== undefined) {
      const code = enumValue(stage, LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS);
      if (code) out.stage = code;
      else issues.push({ field: 'stage', message: `"${stage}" is not a lifecycle stage. Use one of: ${LIFECYCLE_STAGES.map((s) => LIFECYCLE_STAGE_LABELS[s]).join(', ')}.` });
    }
    const health = cells['health'];
    if (health !== undefined) {
      const code = enumValue(health, HEALTH_VALUES, HEALTH_LABELS);
      if (code) out.health = code;
      else issues.push({ field: 'health', message: `"${health}" is not a health. Use green, amber or red.` });
    }
    // The model's own rules (lengths) in the model's own words.
    const checked = accountFieldsSchema.partial().safeParse(out);
    if (!checked.success) {
      for (const issue of checked.error.issues) issues.push({ field: String(issue.path[0] ?? '') || null, message: issue.message });
    }
    return out;
  }

  private unknown(kind: CatalogKind, value: string): string {
    const allowed = this.catalog.filter((e) => e.kind === kind).map((e) => e.label);
    return `"${value}" is not a known ${CATALOG_KIND_LABELS[kind]}. Use one of: ${allowed.join(', ')}.`;
  }
}

export const ACCOUNTS_IMPORT: ImportTarget = {
  type: 'accounts',
  label: 'Accounts',
  fields: FIELDS,
  matchRule:
    'A row updates the account with the same Fieldbook id when that column is imported; otherwise the account with the same name (ignoring case and extra spaces). Rows that match nothing create accounts. Empty cells leave a field as it is.',
  begin: (services) => new AccountsImport(services, services.catalog.list()),
};
