// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * The workspace records become searchable (incidents, engagements, reviews and their asks and commitments,
 * action items, adoption notes, contacts, hand-offs): their existing rows get documents here, and the recipe
 * below is what core/store/searchIndex.ts computes from this build's declarations, so the first open after this
 * migration finds the index current instead of rebuilding it.
 */
interface Source {
  table: string;
  kind: string;
  columns: string[];
  title: string;
}

const SOURCES: Source[] = [
  { table: 'accounts', kind: 'account', columns: ['name', 'notes'], title: 'name' },
  { table: 'action_items', kind: 'action_item', columns: ['title', 'notes', 'owner'], title: 'title' },
  {
    table: 'adoption_notes',
    kind: 'adoption_note',
    columns: ['text'],
    title:
      "coalesce((SELECT c.name FROM capabilities c WHERE c.code = adoption_notes.capability AND c.deleted = 0 LIMIT 1), adoption_notes.capability) || coalesce(': ' || replace(adoption_notes.status, '_', ' '), '')",
  },
  { table: 'contacts', kind: 'contact', columns: ['name', 'title', 'email', 'notes'], title: 'name' },
  { table: 'contracts', kind: 'contract', columns: ['notes'], title: "'Contract ' || starts_on || ' to ' || ends_on" },
  { table: 'engagements', kind: 'engagement', columns: ['title', 'attendees', 'notes', 'minutes'], title: 'title' },
  {
    table: 'incidents',
    kind: 'incident',
    columns: ['summary', 'support_engineer_name', 'developer_name', 'incident_manager_name'],
    title: "'Sev ' || severity || ': ' || CASE WHEN trim(summary) = '' THEN 'no summary yet' ELSE substr(trim(summary), 1, 120) END",
  },
  {
    table: 'lifecycle_events',
    kind: 'handoff',
    columns: ['note', 'from_owner', 'to_owner'],
    title: "'Hand-off: ' || replace(from_stage, '_', ' ') || ' → ' || replace(to_stage, '_', ' ')",
  },
  {
    table: 'review_items',
    kind: 'review_item',
    columns: ['title', 'detail', 'owner'],
    title: "CASE kind WHEN 'ask' THEN 'Ask: ' ELSE 'Commitment: ' END || title",
  },
  { table: 'roadmap_reviews', kind: 'review', columns: ['title', 'agenda', 'notes'], title: 'title' },
  {
    table: 'time_entries',
    kind: 'time_entry',
    columns: ['note'],
    title: "printf('Time %s, %d h %02d min, %s', date, minutes / 60, minutes % 60, replace(category, '_', ' '))",
  },
];

/** Indexed by 0011_search already, with the same columns and titles. */
const INDEXED_BEFORE = new Set(['accounts', 'contracts', 'time_entries']);

const TEXT_COLUMNS = 4;
/** A declared text column as indexed: match marks stripped (as in 0011_search). */
const text = (column: string) => `replace(replace(coalesce(${column}, ''), char(57344), ''), char(57345), '')`;
const texts = (columns: string[]) => Array.from({ length: TEXT_COLUMNS }, (_, i) => (columns[i] ? text(columns[i]) : `''`)).join(', ');

const RECIPE = JSON.stringify(SOURCES);

export const migration: Migration = {
  id: '0013_search_workspace',
  up: (db) => {
    const backfill = SOURCES.filter((s) => !INDEXED_BEFORE.has(s.table))
      .map(
        (s) => `DELETE FROM search_docs WHERE tbl = '${s.table}';
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, c0, c1, c2, c3)
        SELECT '${s.table}', id, account_id, '${s.kind}', coalesce(${s.title}, ''), ${texts(s.columns)} FROM ${s.table} WHERE deleted = 0;`,
      )
      .join('\n');
    db.exec(`
      ${backfill}
      INSERT INTO local_meta (key, value) VALUES ('search_recipe', '${RECIPE.replace(/'/g, "''")}')
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    `);
  },
};
