import { FieldbookError } from '../../model';
import type { TimeEntryStatus } from '../../model';
import type { Store } from '../../store/store';
import { SyncedTable } from '../../store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../../store/timeTables';

/** An entry as the export read it: marking checks it has not changed since. */
export interface ExportedRef {
  id: string;
  updatedAt: string;
}

/** Only approved time becomes exported (and then immutable); entries already exported stay so. */
export function assertMarkable(counts: Record<TimeEntryStatus, number>): void {
  const open = counts.draft + counts.submitted;
  if (open === 0) return;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = [counts.draft ? `${counts.draft} draft` : '', counts.submitted ? `${counts.submitted} submitted` : ''].filter(Boolean).join(', ');
  throw new FieldbookError(
    'invalid',
    `Only approved time can be marked as exported, and ${open} of the ${total} selected ${total === 1 ? 'entry' : 'entries'} ${open === 1 ? 'is' : 'are'} not approved yet (${parts}). Get those weeks approved first, or export only approved time. Nothing was exported.`,
    { fields: { markExported: 'Some selected entries are not approved.' }, counts },
  );
}

/**
 * Marks the exported entries as exported, all in one transaction through the synced write path (so the
 * change syncs). If any entry changed after the export read it, nothing is marked: the file would not
 * match what was locked.
 */
export function markExported(store: Store, refs: readonly ExportedRef[]): number {
  const table = new SyncedTable(store, TIME_ENTRIES_SPEC);
  return store.write(() => {
    const changed: string[] = [];
    let marked = 0;
    for (const ref of refs) {
      const row = table.get(ref.id);
      const status = row?.['status'];
      if (!row || row.deleted || row.updated_at !== ref.updatedAt || (status !== 'approved' && status !== 'exported')) {
        changed.push(ref.id);
      } else if (status === 'approved') {
        table.update(ref.id, { status: 'exported' });
        marked += 1;
      }
    }
    if (changed.length > 0) {
      throw new FieldbookError(
        'conflict',
        `${changed.length} of the ${refs.length} exported ${refs.length === 1 ? 'entry' : 'entries'} changed while the export ran, so nothing was marked as exported. Export again.`,
        { ids: changed.slice(0, 20) },
      );
    }
    return marked;
  });
}
