import { isUuidV7 } from '../../model';
import type { Account } from '../../model';
import type { Services } from '../../services';
import type { FieldIssue, ImportFieldDef } from './target';
import { nameKey } from './accounts';

/** The column naming the account a contact or an adoption row belongs to. */
export const ACCOUNT_FIELD: ImportFieldDef = {
  key: 'account',
  label: 'Account',
  required: true,
  hint: 'The account’s name as in Fieldbook (any case), or its Fieldbook id.',
  aliases: ['account name', 'customer', 'customer name', 'company', 'company name', 'organisation', 'organization', 'client', 'account id'],
};

/** Finds the account a row names, by Fieldbook id or by name (without case or extra spaces). */
export class AccountLookup {
  private readonly byName = new Map<string, Account[]>();
  private readonly byId = new Map<string, Account>();

  constructor(services: Services) {
    for (const account of services.accounts.list({})) {
      this.byId.set(account.id, account);
      const key = nameKey(account.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), account]);
    }
  }

  /** The account, or an issue saying why none: unknown, or a name several accounts share. */
  find(value: string | undefined, issues: FieldIssue[]): Account | undefined {
    if (value === undefined) {
      issues.push({ field: 'account', message: 'Say which account: its name or Fieldbook id.' });
      return undefined;
    }
    if (isUuidV7(value)) {
      const account = this.byId.get(value);
      if (!account) issues.push({ field: 'account', message: 'No account with this Fieldbook id is on this device (it may have been deleted).' });
      return account;
    }
    const named = this.byName.get(nameKey(value)) ?? [];
    if (named.length === 0) issues.push({ field: 'account', message: `No account is named "${value}". Import or create the account first.` });
    if (named.length > 1) issues.push({ field: 'account', message: `${named.length} accounts are named "${value}". Use the account’s Fieldbook id instead.` });
    return named.length === 1 ? named[0] : undefined;
  }
}
