/**
 * Version 9: communities (issue #19).
 *
 * - community_servers: one row per server (canonical base URL, §4.1) with what we keep per server:
 *   its capabilities and the DM inbox/outbox positions.
 * - community_rooms: joined rooms, their info, our permissions, the polling position (`since` the
 *   highest seqno seen), the read mark (the highest message id read) and the room image.
 * - community_messages: posts by (room, server id); `seqno` moves on edits and deletions, so it
 *   has an index of its own; opening a room reads the newest page by (room, id) — the key — so a
 *   room of 10 000 posts opens by index, not by sort.
 * - community_reactions: the server's counts per (message, emoji), replaced as polls bring them.
 * - community_dms: blinded messages from the servers' inbox and outbox, by server id.
 */
import type { Migration } from './migration';

const bool = (column: string, fallback = 0): string =>
  `${column} INTEGER NOT NULL DEFAULT ${fallback} CHECK (${column} IN (0, 1))`;

const SCHEMA = `
CREATE TABLE community_servers (
  base_url TEXT PRIMARY KEY NOT NULL,
  server_pk TEXT NOT NULL CHECK (length(server_pk) = 64),
  capabilities TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(capabilities)),
  inbox_since INTEGER NOT NULL DEFAULT 0 CHECK (inbox_since >= 0),
  outbox_since INTEGER NOT NULL DEFAULT 0 CHECK (outbox_since >= 0),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE community_rooms (
  id INTEGER PRIMARY KEY,
  base_url TEXT NOT NULL REFERENCES community_servers (base_url) ON DELETE CASCADE,
  token TEXT NOT NULL,                       -- as the server spells it
  token_key TEXT NOT NULL,                   -- lower-case, what UserGroups keys it by
  name TEXT NOT NULL,
  description TEXT,
  info_updates INTEGER NOT NULL DEFAULT 0,
  active_users INTEGER NOT NULL DEFAULT 0,
  since_seqno INTEGER NOT NULL DEFAULT 0 CHECK (since_seqno >= 0),
  read_id INTEGER NOT NULL DEFAULT 0 CHECK (read_id >= 0),
  ${bool('has_older', 1)},                   -- older posts may exist on the server
  ${bool('can_read', 1)},
  ${bool('can_write', 1)},
  ${bool('moderator')},
  ${bool('admin')},
  image_id TEXT,
  image BLOB,
  joined_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (base_url, token_key)
) STRICT;

CREATE TABLE community_messages (
  room_id INTEGER NOT NULL REFERENCES community_rooms (id) ON DELETE CASCADE,
  id INTEGER NOT NULL CHECK (id >= 0),
  seqno INTEGER NOT NULL,
  sender TEXT NOT NULL,                      -- 15…/25…/05… as the server gives it
  sender_name TEXT,                          -- the profile name the post carried
  body TEXT,                                 -- NULL once deleted
  posted_at INTEGER NOT NULL,                -- ms
  edited_at INTEGER,
  ${bool('deleted')},
  ${bool('mine')},
  PRIMARY KEY (room_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX community_messages_by_seqno ON community_messages (room_id, seqno);

CREATE TABLE community_reactions (
  room_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  emoji TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  count INTEGER NOT NULL CHECK (count >= 0),
  ${bool('you')},
  reactors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reactors)),
  PRIMARY KEY (room_id, message_id, emoji),
  FOREIGN KEY (room_id, message_id) REFERENCES community_messages (room_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE community_dms (
  base_url TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  server_id INTEGER NOT NULL,
  peer TEXT NOT NULL,                        -- the other side's blinded ID
  peer_session_id TEXT,                      -- their real Session ID, when they wrote to us
  body TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  ${bool('read')},
  PRIMARY KEY (base_url, direction, server_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX community_dms_by_peer ON community_dms (base_url, peer, sent_at);
`;

export const migration0009: Migration = {
  version: 9,
  name: 'communities',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
