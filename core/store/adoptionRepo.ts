import { DEFAULT_CAPABILITIES, ORG_PARTITION } from '../model';
import type { AdoptionFields, AdoptionNote, AdoptionNoteFields, AdoptionStatus, Capability, CapabilityFields } from '../model';
import { ZERO_HLC } from '../protocol/hlc';
import { Queries, decodeRow, derivedId } from './recordCodec';
import type { RecordCodec, RecordMeta } from './recordCodec';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SearchDeclaration } from './searchIndex';
import type { SyncedTableSpec } from './syncedTable';

/** "Kubernetes operator: adopted" — the capability's name from the catalog (its code when gone), and the status set. */
const ADOPTION_NOTE_TITLE = `coalesce((SELECT c.name FROM capabilities c WHERE c.code = adoption_notes.capability AND c.deleted = 0 LIMIT 1), adoption_notes.capability) || coalesce(': ' || replace(adoption_notes.status, '_', ' '), '')`;

// The Adoption tab lists capabilities, so a hit brings the note's capability into view (focus = its code).
const ADOPTION_NOTE_SEARCH: SearchDeclaration = { kind: 'adoption_note', label: 'Adoption note', columns: ['text'], title: ADOPTION_NOTE_TITLE, tab: 'adoption', focus: 'capability' };

export const CAPABILITIES_SPEC: SyncedTableSpec<keyof CapabilityFields> = {
  table: 'capabilities',
  columns: { code: 'code', name: 'name', category: 'category', description: 'description', weight: 'weight', sort: 'sort' },
  // A note's title names its capability: renaming (or removing) one retitles its notes' search hits.
  searchDependents: [{ source: { table: 'adoption_notes', search: ADOPTION_NOTE_SEARCH }, rows: 'capability IN (SELECT code FROM capabilities WHERE id = ?)' }],
};
export const ADOPTION_SPEC: SyncedTableSpec<keyof AdoptionFields> = {
  table: 'adoption',
  columns: { capability: 'capability', status: 'status', blockers: 'blockers', since: 'since' },
};
export const ADOPTION_NOTES_SPEC: SyncedTableSpec<keyof AdoptionNoteFields> = {
  table: 'adoption_notes',
  columns: { capability: 'capability', on: 'on_date', text: 'text', status: 'status' },
  search: ADOPTION_NOTE_SEARCH,
  timeline: [{ kind: 'adoption_note', label: 'Adoption', date: 'on_date', title: ADOPTION_NOTE_TITLE, detail: 'text' }],
};

const CAPABILITIES: RecordCodec<keyof CapabilityFields> = { spec: CAPABILITIES_SPEC };
const ADOPTION: RecordCodec<keyof AdoptionFields> = { spec: ADOPTION_SPEC };
const NOTES: RecordCodec<keyof AdoptionNoteFields> = { spec: ADOPTION_NOTES_SPEC };

type Row = Record<string, unknown>;
export type StoredAdoption = AdoptionFields & RecordMeta;
export type StoredNote = AdoptionNote & { accountId: string };

function toCapability(row: Row): Capability {
  const { id, code, name, category, description, weight, sort } = decodeRow<keyof CapabilityFields, CapabilityFields>(CAPABILITIES, row);
  return { id, code, name, category, description, weight, sort };
}

function toNote(row: Row): StoredNote {
  const { updatedAt: _u, ...note } = decodeRow<keyof AdoptionNoteFields, AdoptionNoteFields>(NOTES, row);
  return note;
}

export class AdoptionRepo {
  readonly capabilities: SyncedTable<keyof CapabilityFields>;
  readonly adoption: SyncedTable<keyof AdoptionFields>;
  readonly notes: SyncedTable<keyof AdoptionNoteFields>;

  private readonly queries: Queries;

  constructor(private readonly store: Store) {
    this.queries = new Queries(store.db);
    this.capabilities = new SyncedTable(store, CAPABILITIES_SPEC);
    this.adoption = new SyncedTable(store, ADOPTION_SPEC);
    this.notes = new SyncedTable(store, ADOPTION_NOTES_SPEC);
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.queries.all(sql, ...params);
  }

  /** A capability's id follows from its code, so the same code added on two devices is one capability. */
  static capabilityId(code: string): string {
    return derivedId('capability', code);
  }

  /** An account has one adoption record per capability, whatever device set it first. */
  static adoptionId(accountId: string, code: string): string {
    return derivedId('adoption', `${accountId}:${code}`);
  }

  /** Inserts any default capability that is missing (with the zero clock: identical on every device, any edit wins). */
  seedCapabilities(): number {
    const seeds = DEFAULT_CAPABILITIES.map((seed, sort) => ({ id: AdoptionRepo.capabilityId(seed.code), fields: { ...seed, sort } }));
    // Opening a data folder should not take the write lock when there is nothing to add (the usual case).
    if (seeds.every((s) => this.capabilities.get(s.id))) return 0;
    return this.store.write(() => {
      const missing = seeds.filter((s) => !this.capabilities.get(s.id));
      for (const s of missing) this.capabilities.insert(s.id, ORG_PARTITION, s.fields, ZERO_HLC);
      return missing.length;
    });
  }

  listCapabilities(): Capability[] {
    return this.all(`SELECT * FROM capabilities WHERE deleted = 0 ORDER BY sort, name COLLATE NOCASE, id`).map(toCapability);
  }

  /** The capability with this code, live or removed (removed: `deleted` is true). */
  capabilityRow(code: string): { capability: Capability; deleted: boolean } | undefined {
    const row = this.capabilities.get(AdoptionRepo.capabilityId(code));
    return row ? { capability: toCapability(row), deleted: row.deleted === 1 } : undefined;
  }

  nextCapabilitySort(): number {
    const row = this.store.db.prepare<[], { n: number | null }>(`SELECT MAX(sort) AS n FROM capabilities`).get();
    return (row?.n ?? -1) + 1;
  }

  listAdoption(accountId?: string): StoredAdoption[] {
    const rows = accountId
      ? this.all(`SELECT * FROM adoption WHERE account_id = ? AND deleted = 0`, accountId)
      : this.all(`SELECT * FROM adoption WHERE deleted = 0`);
    return rows.map((r) => decodeRow<keyof AdoptionFields, AdoptionFields>(ADOPTION, r));
  }

  /** Every live status, without the rest of the records: what the portfolio heat map needs, for many accounts. */
  statusMatrix(): Array<{ accountId: string; capability: string; status: AdoptionStatus }> {
    return this.all(`SELECT account_id AS accountId, capability, status FROM adoption WHERE deleted = 0`) as Array<{ accountId: string; capability: string; status: AdoptionStatus }>;
  }

  adoptionRow(accountId: string, code: string): (StoredAdoption & { deleted: boolean }) | undefined {
    const row = this.adoption.get(AdoptionRepo.adoptionId(accountId, code));
    return row ? { ...decodeRow<keyof AdoptionFields, AdoptionFields>(ADOPTION, row), deleted: row.deleted === 1 } : undefined;
  }

  /** An account's notes, newest first. */
  listNotes(accountId: string): StoredNote[] {
    return this.all(`SELECT * FROM adoption_notes WHERE account_id = ? AND deleted = 0 ORDER BY on_date DESC, created_at DESC, id DESC`, accountId).map(
      toNote,
    );
  }
}
