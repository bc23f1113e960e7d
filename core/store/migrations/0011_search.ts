// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/** The indexed text of a row, as core/store/searchIndex.ts builds it: columns one per line, match marks stripped. */
const body = (...columns: string[]) =>
  `replace(replace(${columns.map((c) => `coalesce(${c}, '')`).join(' || char(10) || ')}, char(57344), ''), char(57345), '')`;

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
        body TEXT NOT NULL,
        UNIQUE (tbl, row_id)
      ) STRICT;
      CREATE INDEX search_docs_account ON search_docs (account_id);

      -- External content: the text lives once, in search_docs; snippet() reads it from there. Prefix indexes
      -- for 2 and 3 characters keep type-ahead prefix queries fast.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        body,
        content = 'search_docs',
        content_rowid = 'doc_id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      -- The FTS index follows search_docs exactly, in the same transaction (SQLite's external-content pattern).
      CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts (rowid, body) VALUES (new.doc_id, new.body);
      END;
      CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.doc_id, old.body);
      END;
      CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.doc_id, old.body);
        INSERT INTO search_fts (rowid, body) VALUES (new.doc_id, new.body);
      END;

      -- Backfill: every live record written before search existed.
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, body)
        SELECT 'accounts', id, account_id, 'account', name, ${body('name', 'notes')} FROM accounts WHERE deleted = 0;
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, body)
        SELECT 'contracts', id, account_id, 'contract', 'Contract ' || starts_on || ' to ' || ends_on, ${body('notes')}
        FROM contracts WHERE deleted = 0;
      INSERT INTO search_docs (tbl, row_id, account_id, kind, title, body)
        SELECT 'time_entries', id, account_id, 'time_entry',
          printf('Time %s, %d h %02d min, %s', date, minutes / 60, minutes % 60, replace(category, '_', ' ')), ${body('note')}
        FROM time_entries WHERE deleted = 0;

      INSERT INTO local_meta (key, value) VALUES ('search_recipe', '${RECIPE.replace(/'/g, "''")}')
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    `);
  },
};
