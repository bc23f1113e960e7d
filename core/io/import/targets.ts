import { ACCOUNTS_IMPORT } from './accounts';
import { ADOPTION_IMPORT } from './adoption';
import { CONTACTS_IMPORT } from './contacts';
import type { ImportTarget } from './target';

/** Every kind of record that can be imported, in the order the dialog offers them. */
export const IMPORT_TARGETS: readonly ImportTarget[] = [
  ACCOUNTS_IMPORT,
  CONTACTS_IMPORT,
  ADOPTION_IMPORT,
];
