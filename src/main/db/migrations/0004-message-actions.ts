/**
 * Version 4: message actions (issue #17 items 1–3).
 *
 * - Quotes: what a reply quotes, as Session names it (the quoted message's sent timestamp and
 *   author, sync-groups-communities.md §5) plus the text and attachment kind the sender showed,
 *   kept for when the original is not on this computer (deleted, or older than our history).
 * - `deleted_at`: deleted for everyone. The row stays so the timeline can say "This message was
 *   deleted" where it was; its body is emptied, which the FTS update trigger takes out of the
 *   search index.
 * - `sync_hash`: the hash of our sync copy in our own swarm. Unsend deletes it there (the copy in
 *   the recipient's swarm is theirs; only the UnsendRequest reaches it).
 * - `reactions`: one row per (message, reactor, emoji), removals kept as tombstones with the
 *   reaction message's sent timestamp, so an older REACT arriving late never undoes a newer
 *   REMOVE (swarm members hand messages back in any order).
 */
import type { Migration } from './migration';

const SCHEMA = `
ALTER TABLE messages ADD COLUMN quote_id INTEGER;           -- quoted message's sent timestamp (ms)
ALTER TABLE messages ADD COLUMN quote_author TEXT;          -- its author's Session ID
ALTER TABLE messages ADD COLUMN quote_text TEXT;            -- the text the sender quoted
ALTER TABLE messages ADD COLUMN quote_attachment TEXT;      -- content type of its first attachment
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN sync_hash TEXT;

CREATE TABLE reactions (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  reactor TEXT NOT NULL,                     -- Session ID of who reacted
  emoji TEXT NOT NULL,
  at INTEGER NOT NULL,                       -- sent timestamp of the newest reaction message applied
  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  PRIMARY KEY (message_id, reactor, emoji)
) STRICT, WITHOUT ROWID;

-- Reactions, quotes and unsends find their target by (author, sent timestamp): UNIQUE
-- (sender, sent_at) of 0001 is that index already.
`;

export const migration0004: Migration = {
  version: 4,
  name: 'message-actions',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
