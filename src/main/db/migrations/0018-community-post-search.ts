/**
 * Version 17: community posts in the search index (the list's search found 1-to-1 and group
 * messages only).
 *
 * `community_messages` has no rowid (WITHOUT ROWID, keyed by room and server id), and an FTS5
 * row needs one integer. Each post's index row is `room_id * 2^42 + id` (its "search key"): one
 * integer per (room, id) for rooms below 2^21 and server ids below 2^42 (about 4.4 million
 * million), so no two posts share it and the sum never leaves SQLite's 64-bit integers. A post
 * outside those ranges (only a hostile server would send such an id) is stored but not indexed.
 *
 * The index is external-content, like `messages_fts`: the text is kept once, in
 * `community_messages`, read through the view `community_posts_searchable` (the posts that are
 * indexed, by key). FTS5 reads that view by key for `snippet()` and 'rebuild'; the partial index
 * on the same expression makes that a look-up instead of a scan of every post.
 *
 * Triggers keep it in step, in the statement that writes the post: a page of posts is one
 * transaction, so its posts go into one FTS5 segment (no statement more per post from the app).
 * A post is indexed while it has a body and is not deleted; an edit, a deletion (ours or by a
 * moderator: body NULL, deleted 1) and a room left (its posts deleted by the cascade) take its
 * row out with the text it was indexed with, which is what an external-content 'delete' needs.
 * A poll that brings a post again unchanged touches nothing (the update trigger's WHEN).
 *
 * What it costs (measured in session 15 with the repository's `upsertPosts`, a room already
 * holding 2 000 posts): a page of 100 posts is still 102 statements from the app (BEGIN, 100
 * upserts, COMMIT: the triggers run inside the upserts) but about 44 WAL frames instead of 21
 * (the FTS5 segment, its structure record and merges ≈ 18, the key index ≈ 5); a poll bringing
 * one post, about 7.6 instead of 3.4. Filling the index in batches, as messages do (0015), would
 * take most of the per-poll part away if it matters.
 */
import type { Migration } from './migration';

/** 2^42: the search key is `room_id * KEY_ROOM_STEP + id`. */
export const KEY_ROOM_STEP = 4398046511104;
/** Rooms with an id below this (2^21) are indexed. */
export const KEY_ROOM_LIMIT = 2097152;

const key = (row: string): string => `${row}.room_id * ${KEY_ROOM_STEP} + ${row}.id`;
/** Which posts the index holds: the view, the partial index and every trigger say the same. */
const indexed = (row: string): string =>
  `${row}.body IS NOT NULL AND ${row}.deleted = 0 AND ${row}.room_id BETWEEN 0 AND ${KEY_ROOM_LIMIT - 1} AND ${row}.id < ${KEY_ROOM_STEP}`;
const bare = (text: string): string => text.replaceAll('community_messages.', '');

const SCHEMA = `
CREATE INDEX community_messages_by_search_key ON community_messages ((${bare(key('community_messages'))}))
  WHERE ${bare(indexed('community_messages'))};
CREATE VIEW community_posts_searchable AS
  SELECT ${bare(key('community_messages'))} AS search_key, body FROM community_messages
  WHERE ${bare(indexed('community_messages'))};
CREATE VIRTUAL TABLE community_posts_fts USING fts5(
  body, content = 'community_posts_searchable', content_rowid = 'search_key', columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO community_posts_fts (community_posts_fts) VALUES ('rebuild');

CREATE TRIGGER community_posts_fts_insert AFTER INSERT ON community_messages
WHEN ${indexed('new')} BEGIN
  INSERT INTO community_posts_fts (rowid, body) VALUES (${key('new')}, new.body);
END;
CREATE TRIGGER community_posts_fts_delete AFTER DELETE ON community_messages
WHEN ${indexed('old')} BEGIN
  INSERT INTO community_posts_fts (community_posts_fts, rowid, body) VALUES ('delete', ${key('old')}, old.body);
END;
CREATE TRIGGER community_posts_fts_update AFTER UPDATE OF body, deleted ON community_messages
WHEN old.body IS NOT new.body OR old.deleted IS NOT new.deleted BEGIN
  INSERT INTO community_posts_fts (community_posts_fts, rowid, body)
    SELECT 'delete', ${key('old')}, old.body WHERE ${indexed('old')};
  INSERT INTO community_posts_fts (rowid, body) SELECT ${key('new')}, new.body WHERE ${indexed('new')};
END;
`;

export const migration0018: Migration = {
  version: 18,
  name: 'community-post-search',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
