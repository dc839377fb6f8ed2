/**
 * Version 14: the search index stops keeping each message's token count (FTS5 `columnsize=0`).
 * That count lives in its own table (`messages_fts_docsize`), one row per message, so every
 * message stored wrote one more b-tree page to the commit (about 1 of its 17 pages, each
 * encrypted by SQLCipher: bench/README.md, session 11). Only ranking (bm25) and the count itself
 * read it; search orders by sent time, and `snippet()` gets the count by tokenizing the one row
 * it shows instead. The index is rebuilt once from `messages` (external content, same
 * tokenizer), so what search finds does not change; the triggers of version 1 keep it in step,
 * by name, as before.
 */
import type { Migration } from './migration';

export const migration0014: Migration = {
  version: 14,
  name: 'fts-without-sizes',
  up: (db) => {
    db.exec(`
      DROP TABLE messages_fts;
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content = 'messages', content_rowid = 'seq', columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    `);
  },
};
