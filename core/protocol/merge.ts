import { compareHlc } from './hlc';

/** One field's value and the clock of the change that set it. */
export interface FieldValue {
  value: unknown;
  hlc: string;
  /** Long text only: the clock of the value this change replaced. */
  base?: string | null;
}
export type FieldMap = Record<string, FieldValue>;

/**
 * Last-writer-wins per field (DESIGN.md §5): returns the incoming fields whose clock is newer than the
 * current one. Applying the winners to `current` gives the same state whatever the order of arrival and
 * however often a change is applied.
 */
export function winningFields(current: FieldMap | null, incoming: FieldMap): FieldMap {
  const winners: FieldMap = {};
  for (const [field, change] of Object.entries(incoming)) {
    const existing = current?.[field];
    if (!existing || compareHlc(change.hlc, existing.hlc) > 0) winners[field] = change;
  }
  return winners;
}

export function applyFields(current: FieldMap | null, winners: FieldMap): FieldMap {
  return { ...(current ?? {}), ...winners };
}
