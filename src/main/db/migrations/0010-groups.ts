/**
 * Version 10: private groups v2 (issue #18).
 *
 * - groups: one row per 03 group we created, joined or were invited to. `admin_seed` is the
 *   group's Ed25519 seed (admins only) and `auth_data` the 100-byte member auth data from the
 *   invitation (members); both are secrets and live only in this encrypted database and in the
 *   account's own (encrypted) UserGroups config. `status`: invited → joined, or left/declined.
 * - group_members: the membership as Members (namespace 14) says, or as we wrote it (admins).
 * - group_keys: every encryption key of the group by generation (Keys, namespace 12): messages
 *   of older generations stay readable.
 * - group_messages: namespace-11 messages by swarm hash; (sender, sent_at) deduplicates copies.
 */
import type { Migration } from './migration';

const bool = (column: string, fallback = 0): string =>
  `${column} INTEGER NOT NULL DEFAULT ${fallback} CHECK (${column} IN (0, 1))`;

const SCHEMA = `
CREATE TABLE groups (
  group_id TEXT PRIMARY KEY NOT NULL CHECK (length(group_id) = 66 AND substr(group_id, 1, 2) = '03'),
  name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('invited', 'joined', 'left')),
  admin_seed BLOB CHECK (admin_seed IS NULL OR length(admin_seed) = 32),
  auth_data BLOB CHECK (auth_data IS NULL OR length(auth_data) = 100),
  invited_by TEXT,
  invited_at INTEGER,
  joined_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  session_id TEXT NOT NULL CHECK (length(session_id) = 66),
  name TEXT NOT NULL DEFAULT '',
  ${bool('admin')},
  status TEXT NOT NULL CHECK (status IN ('not-sent', 'sent', 'failed', 'accepted', 'removed')),
  PRIMARY KEY (group_id, session_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE group_keys (
  group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  generation INTEGER NOT NULL CHECK (generation >= 0),
  key BLOB NOT NULL CHECK (length(key) = 32),
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (group_id, generation)
) STRICT, WITHOUT ROWID;

CREATE TABLE group_messages (
  group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  sender TEXT NOT NULL CHECK (length(sender) = 66),
  body TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  ${bool('mine')},
  ${bool('read')},
  PRIMARY KEY (group_id, hash),
  UNIQUE (group_id, sender, sent_at)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_messages_by_time ON group_messages (group_id, sent_at);
`;

export const migration0010: Migration = {
  version: 10,
  name: 'groups',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
