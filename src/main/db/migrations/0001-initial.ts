/**
 * Version 1: 1-to-1 messaging. Conventions: STRICT tables (SQLite rejects a text in an integer
 * column instead of silently storing it), times are integer milliseconds since the epoch,
 * booleans are 0/1 with a CHECK, Session IDs are the canonical 66 lower-case hex characters.
 */
import type { Migration } from './migration';

const bool = (column: string, fallback = 0): string =>
  `${column} INTEGER NOT NULL DEFAULT ${fallback} CHECK (${column} IN (0, 1))`;

const SCHEMA = `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL,              -- the other party's Session ID; ours for Note to Self
  type TEXT NOT NULL CHECK (type IN ('private', 'note_to_self')),
  display_name TEXT,                         -- from their profile
  nickname TEXT,                             -- set by us, wins over display_name
  ${bool('approved')},                       -- we accepted them (sent to, or accepted the request)
  ${bool('approved_me')},                    -- they accepted us
  ${bool('blocked')},
  ${bool('is_request')},                     -- listed under Message requests
  unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  last_message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
  last_message_at INTEGER,
  ${bool('pinned')},
  ${bool('hidden')},
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE contacts (
  session_id TEXT PRIMARY KEY NOT NULL,
  display_name TEXT,
  nickname TEXT,
  avatar_url TEXT,                           -- file-server pointer
  avatar_key BLOB,                           -- key to decrypt the avatar
  ${bool('approved')},
  ${bool('approved_me')},
  ${bool('blocked')},
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- seq is an explicit INTEGER PRIMARY KEY (a rowid alias) because messages_fts refers to rows by
-- rowid, and VACUUM may renumber an implicit rowid, which would silently desync the index.
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  sender TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at INTEGER NOT NULL,                  -- envelope / signature timestamp (ms): Session's message identity
  received_at INTEGER NOT NULL,
  hash TEXT UNIQUE,                          -- swarm hash; NULL while an outgoing message is unsent
  status TEXT NOT NULL,
  expires_at INTEGER,
  -- "read" means "they read it" on an outgoing message and "we read it" on an incoming one.
  CHECK ((direction = 'out' AND status IN ('sending', 'sent', 'failed', 'read'))
      OR (direction = 'in' AND status IN ('unread', 'read'))),
  UNIQUE (sender, sent_at)                   -- a replayed envelope (new hash, same message) is dropped
) STRICT;
CREATE INDEX messages_by_conversation ON messages (conversation_id, sent_at, id);
CREATE INDEX messages_unread ON messages (conversation_id) WHERE status = 'unread';
CREATE INDEX messages_expiring ON messages (expires_at) WHERE expires_at IS NOT NULL;

-- The crash-safe send queue: a row per (message, destination swarm), written in the same
-- transaction as the message. next_attempt_at NULL = given up (failed), waiting for Resend.
CREATE TABLE outbox (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,                   -- the recipient, or our own ID for the sync copy
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, recipient)
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Hashes already handled per polled (pubkey, namespace): swarms return overlapping pages.
CREATE TABLE seen_hashes (
  pubkey TEXT NOT NULL,
  namespace INTEGER NOT NULL,
  hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (pubkey, namespace, hash)
) STRICT, WITHOUT ROWID;
CREATE INDEX seen_hashes_expiring ON seen_hashes (expires_at);

-- The last hash each service node gave us, so the next poll asks only for newer messages.
CREATE TABLE last_hashes (
  snode TEXT NOT NULL,                       -- the node's Ed25519 key (hex)
  pubkey TEXT NOT NULL,
  namespace INTEGER NOT NULL,
  hash TEXT NOT NULL,
  expires_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (snode, pubkey, namespace)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings_kv (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- External-content FTS5: the text lives once, in messages; triggers keep the index in step.
-- remove_diacritics 2: "ecole" finds "école" (many of our users write French).
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, body) VALUES (new.seq, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
  INSERT INTO messages_fts (rowid, body) VALUES (new.seq, new.body);
END;
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
