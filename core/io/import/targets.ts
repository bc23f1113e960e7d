import { ACCOUNTS_IMPORT } from './accounts';
import type { ImportTarget } from './target';

/** Every kind of record that can be imported. Contacts and adoption add their target here. */
export const IMPORT_TARGETS: readonly ImportTarget[] = [
  ACCOUNTS_IMPORT,
];
