/**
 * Version 15: fewer encrypted pages written per message (bench/README.md, session 12). Every page
 * a commit writes is encrypted by SQLCipher (≈ 20 µs each); a message sent wrote ≈ 17 of them.
 *
 * The search index is filled in batches. Indexing one message wrote a new FTS5 segment, the
 * structure record and an index row: about 3.5 pages of each message's commit. Now a message is
 * indexed when `FTS_BATCH` messages wait (one segment for all of them, in the commit of the last
 * one), and search indexes whatever waits before it reads (search.ts), so no search ever misses
 * a message. The mark: every message with `seq` up to `messages_fts_upto.seq` is in the index,
 * none above it (named after the index: the profile export skips the index's tables, and this
 * one with them; the import rebuilds the index and moves the mark, portable-rows.ts). The
 * triggers keep that true:
 * - a new row above the mark waits; one at or below it (SQLite reuses the largest rowid after
 *   that row was deleted) is indexed at once;
 * - deleting or editing a row touches the index only for a row the index holds: FTS5's
 *   external-content 'delete' of a row it never saw would corrupt it.
 * Everything is in the index at this version (version 1's triggers), so the mark starts at the
 * newest message.
 *
 * The time of the newest profile applied per contact moves into their conversation row
 * (`profile_sent_at`). It was a `settings_kv` row per sender, written by every message received:
 * one more page in each receiving commit, while that commit rewrites the conversation row anyway
 * (its preview and unread count). A sender without a conversation had nothing applied (only a
 * conversation's name and picture are), so their stored time is not needed.
 *
 * `messages_by_conversation` (conversation, sent time, id) goes: about 1.8 pages of each message's
 * commit (a row goes at the end of its conversation's range, in the middle of the index, where
 * pages split often). What read it now reads other indexes: a receipt's and a notice's look-up
 * by time the unique (sender, sent time) (we send every outgoing row; a notice's sender is its
 * author), the unread times the partial unread index, the preview after a deletion the shown-time
 * index of version 2 (the newest as shown, as a new message moves it).
 */
import type { Migration } from './migration';

/** How many messages wait for the search index at most (see search.ts for the reads). */
export const FTS_BATCH = 32;

const PROFILE_TIMES = `
ALTER TABLE conversations ADD COLUMN profile_sent_at INTEGER;
UPDATE conversations SET profile_sent_at = (
  SELECT json_extract(value, '$') FROM settings_kv
  WHERE key = 'contact.profileSentAt.' || conversations.id
    AND json_type(value) = 'integer'
);
DELETE FROM settings_kv WHERE key LIKE 'contact.profileSentAt.%';
`;

const FTS_SCHEMA = `
CREATE TABLE messages_fts_upto (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
) STRICT;
INSERT INTO messages_fts_upto (id, seq) SELECT 1, coalesce(max(seq), 0) FROM messages;

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, body)
    SELECT new.seq, new.body WHERE new.seq <= (SELECT seq FROM messages_fts_upto);
  INSERT INTO messages_fts (rowid, body)
    SELECT seq, body FROM messages
    WHERE seq > (SELECT seq FROM messages_fts_upto)
      AND new.seq >= (SELECT seq FROM messages_fts_upto) + ${FTS_BATCH};
  UPDATE messages_fts_upto SET seq = (SELECT max(seq) FROM messages) WHERE new.seq >= seq + ${FTS_BATCH};
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.seq <= (SELECT seq FROM messages_fts_upto) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
WHEN old.seq <= (SELECT seq FROM messages_fts_upto) BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
  INSERT INTO messages_fts (rowid, body) VALUES (new.seq, new.body);
END;
`;

export const migration0015: Migration = {
  version: 15,
  name: 'fewer-pages',
  up: (db) => {
    db.exec(FTS_SCHEMA);
    db.exec(PROFILE_TIMES);
    db.exec('DROP INDEX messages_by_conversation;');
  },
};
