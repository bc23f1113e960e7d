// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/** Indexed text columns a searchable table may declare: each gets its own FTS column, so a snippet shows one. */
const TEXT_COLUMNS = 4;

/** A declared text column as indexed: match marks stripped (core/store/searchIndex.ts does the same). */
const text = (column: string) => `replace(replace(coalesce(${column}, ''), char(57344), ''), char(57345), '')`;

/** The c0..c3 values of a document: the declared columns in order, empty text for the rest. */
const texts = (...columns: string[]) => Array.from({ length: TEXT_COLUMNS }, (_, i) => (columns[i] ? text(columns[i]) : `''`)).join(', ');

/**
 * What the backfill below indexes, in the form core/store/searchIndex.ts records it: a build that declares the
 * same finds the index current; one that declares more (or otherwise) rebuilds it once at open.
 */
const RECIPE = JSON.stringify([
  { table: 'accounts', kind: 'account', columns: ['name', 'notes'], title: 'name' },
  { table: 'contracts', kind: 'contract', columns: ['notes'], title: `'Contract ' || starts_on || ' to ' || ends_on` },
  {
    table: 'time_entries',
    kind: 'time_entry',
    columns: ['note'],
    title: `printf('Time %s, %d h %02d min, %s', date, minutes / 60, minutes % 60, replace(category, '_', ' '))`,
  },
]);

export const migration: Migration = {
  id: '0011_search',
  up: (db) => {
    db.exec(`
      -- One document per live searchable record; doc_id is the FTS rowid (source ids are text, from many tables).
      CREATE TABLE search_docs (
        doc_id INTEGER PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        c0 TEXT NOT NULL,
        c1 TEXT NOT NULL,
        c2 TEXT NOT NULL,
        c3 TEXT NOT NULL,
        UNIQUE (tbl, row_id)
      ) STRICT;
      CREATE INDEX search_docs_account ON search_docs (account_id);

      -- External content: the text lives once, in search_docs; snippet() reads it from there. One FTS column
      -- per declared text column (c0 = the first). Prefix indexes for 2 and 3 characters keep type-ahead fast.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        c0, c1, c2, c3,
        content = 'search_docs',
        content_rowid = 'doc_id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      -- The FTS index follows search_docs exactly, in the same transaction (SQLite's external-content pattern).
      CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts (rowid, c0, c1, c2, c3) VALUES (new.doc_id, new.c0, new.c1, new.c2, new.c3);
      END;
      CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, c0, c1, c2, c3) VALUES ('delete', old.doc_id, old.c0, old.c1, old.c2, old.c3);
      END;
      CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, c0, c1, c2, c3) VALUES ('delete', old.doc_id, old.c0, old.c1, old.c2, old.c3);
        INSERT INTO search_fts (rowid, c0, c1, c2, c3) VALUES (new.doc_id, new.c0, new.c1, new.c2, new.c3);
      END;

      -- Backfill: every live record written before search existed.
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, c0, c1, c2, c3)
        SELECT 'accounts', id, account_id, 'account', name, ${texts('name', 'notes')} FROM accounts WHERE deleted = 0;
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, c0, c1, c2, c3)
        SELECT 'contracts', id, account_id, 'contract', 'Contract ' || starts_on || ' to ' || ends_on, ${texts('notes')}
        FROM contracts WHERE deleted = 0;
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, c0, c1, c2, c3)
        SELECT 'time_entries', id, account_id, 'time_entry',
          printf('Time %s, %d h %02d min, %s', date, minutes / 60, minutes % 60, replace(category, '_', ' ')), ${texts('note')}
        FROM time_entries WHERE deleted = 0;

      INSERT INTO local_meta (key, value) VALUES ('search_recipe', '${RECIPE.replace(/'/g, "''")}')
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    `);
  },
};
