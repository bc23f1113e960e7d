import type { ImportFieldInfo } from '../../model';
import type { Services } from '../../services';

/**
 * A kind of record that can be imported from a spreadsheet. Adding one (contacts, adoption) is a new file with
 * a target and one line in targets.ts; the upload, mapping, preview, commit, dialog and CLI are shared.
 */
export interface ImportTarget {
  type: string;
  label: string;
  fields: readonly ImportFieldDef[];
  /** How a row finds the record it updates, in the user's words (shown in the preview and the docs). */
  matchRule: string;
  /**
   * Starts a preview or a commit. Called inside the commit's transaction, so what it reads (catalogs, existing
   * records) cannot change under it. The services' change notices are collected and sent once, after commit.
   */
  begin(services: Services): ImportRun;
}

export interface ImportFieldDef extends ImportFieldInfo {
  /** Header spellings that map to this field, compared without case, accents or punctuation. */
  aliases: readonly string[];
}

export interface FieldIssue {
  /** The field at fault; null for the row as a whole. */
  field: string | null;
  message: string;
}

/**
 * What importing one row would do. `key` names the record it lands on, so a second row for the same record is
 * caught; `apply` writes it (only ever called inside the commit's transaction).
 */
export type RowPlan =
  | { action: 'create'; key: string; apply: () => void }
  | { action: 'update'; key: string; match: string; changes: string[]; apply: () => void }
  | { action: 'unchanged'; key: string; match: string }
  | { action: 'error'; issues: FieldIssue[] };

export interface ImportRun {
  /**
   * Checks one row (mapped field key → cell text, trimmed; empty cells absent) against the records as they are
   * and says what importing it would do. Never writes.
   */
  plan(cells: Readonly<Record<string, string>>): RowPlan;
}
