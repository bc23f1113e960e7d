import { contactFieldsSchema } from '../../model';
import type { Contact, ContactFields } from '../../model';
import type { Services } from '../../services';
import { AccountLookup, ACCOUNT_FIELD } from './accountRef';
import { nameKey } from './accounts';
import type { FieldIssue, ImportFieldDef, ImportRun, ImportTarget, RowPlan } from './target';

const FIELDS: readonly ImportFieldDef[] = [
  ACCOUNT_FIELD,
  { key: 'name', label: 'Name', required: true, hint: 'The contact’s full name.', aliases: ['contact', 'contact name', 'full name', 'person'] },
  { key: 'email', label: 'Email', required: false, hint: 'An email address; with the account it finds the contact to update.', aliases: ['e mail', 'email address', 'mail'] },
  { key: 'phone', label: 'Phone', required: false, hint: 'Digits, spaces and + ( ) - . only.', aliases: ['telephone', 'phone number', 'mobile', 'tel', 'cell'] },
  { key: 'title', label: 'Role or title', required: false, hint: 'What they do, e.g. CTO or Platform lead.', aliases: ['role', 'job title', 'position', 'job'] },
  { key: 'notes', label: 'Notes', required: false, hint: 'Free text.', aliases: ['note', 'comments', 'comment', 'remarks'] },
];

const CONTACT_KEYS = ['name', 'title', 'email', 'phone', 'notes'] as const;

class ContactsImport implements ImportRun {
  private readonly accounts: AccountLookup;
  private readonly contacts = new Map<string, Contact[]>();

  constructor(private readonly services: Services) {
    this.accounts = new AccountLookup(services);
  }

  plan(cells: Readonly<Record<string, string>>): RowPlan {
    const issues: FieldIssue[] = [];
    const account = this.accounts.find(cells['account'], issues);
    const fields: Partial<ContactFields> = {};
    for (const key of CONTACT_KEYS) {
      const value = cells[key];
      if (value !== undefined) fields[key] = value;
    }
    // The model's own rules (email, phone, lengths) in the model's own words.
    const checked = contactFieldsSchema.partial().safeParse(fields);
    if (!checked.success) {
      for (const issue of checked.error.issues) issues.push({ field: String(issue.path[0] ?? '') || null, message: issue.message });
    }
    if (issues.length > 0 || !account) return { action: 'error', issues };

    const existing = this.match(account.id, fields);
    if (!existing) {
      if (fields.name === undefined) return { action: 'error', issues: [{ field: 'name', message: 'Name is required for a new contact.' }] };
      const create = { ...fields, name: fields.name, accountId: account.id };
      const key = `new:${account.id}:${fields.email ? fields.email.toLowerCase() : nameKey(fields.name)}`;
      return { action: 'create', key, apply: () => void this.services.team.createContact(create) };
    }
    // Matched by name, the name is the key, not an edit ("ines ortega" does not rename "Ines Ortega").
    if (!fields.email || existing.email.toLowerCase() !== fields.email.toLowerCase()) delete fields.name;
    else if (fields.name !== undefined && nameKey(fields.name) === nameKey(existing.name)) delete fields.name;
    if (fields.email !== undefined && existing.email.toLowerCase() === fields.email.toLowerCase()) delete fields.email;
    const changes = (Object.keys(fields) as Array<keyof ContactFields>).filter((f) => fields[f] !== existing[f]);
    const key = `id:${existing.id}`;
    const match = `${existing.name} (${account.name})`;
    if (changes.length === 0) return { action: 'unchanged', key, match };
    const patch = Object.fromEntries(changes.map((f) => [f, fields[f]])) as Partial<ContactFields>;
    return { action: 'update', key, match, changes, apply: () => void this.services.team.updateContact({ id: existing.id, patch }) };
  }

  /** The account's contact with the row's email (any case), else the one with its name; an email never matches another's. */
  private match(accountId: string, fields: Partial<ContactFields>): Contact | undefined {
    let contacts = this.contacts.get(accountId);
    if (!contacts) {
      contacts = this.services.team.listContacts(accountId);
      this.contacts.set(accountId, contacts);
    }
    const email = fields.email?.toLowerCase();
    if (email) {
      const byEmail = contacts.find((c) => c.email.toLowerCase() === email);
      if (byEmail) return byEmail;
    }
    if (fields.name === undefined) return undefined;
    const name = nameKey(fields.name);
    // A same-named contact with another email is another person.
    return contacts.find((c) => nameKey(c.name) === name && (!email || c.email === ''));
  }
}

export const CONTACTS_IMPORT: ImportTarget = {
  type: 'contacts',
  label: 'Contacts',
  fields: FIELDS,
  matchRule:
    'A row updates the account’s contact with the same email (ignoring case); without an email, the one with the same name. Rows that match nothing create contacts. Empty cells leave a field as it is.',
  begin: (services) => new ContactsImport(services),
};
