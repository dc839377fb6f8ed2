/**
 * Version 11: a conversation is also a private group (`group`, id `03…`, issue #18) or a
 * community DM (`community_dm`, id = the other side's blinded `15…` ID, issue #19), so that
 * groups and community DMs get the list, requests, unread counts, mute, disappearing messages,
 * attachments, replies and reactions that 1-to-1 conversations have, from the same tables.
 *
 * SQLite cannot change a CHECK in place: the table is rebuilt (SQLite's "12 steps"), with
 * foreign keys off for the step (`foreignKeysOff`) so dropping the old table does not cascade
 * into messages; the runner's foreign_key_check still proves nothing dangles afterwards.
 */
import type { Migration } from './migration';

const bool = (column: string): string => `${column} INTEGER NOT NULL DEFAULT 0 CHECK (${column} IN (0, 1))`;

const COLUMNS = [
  'id',
  'type',
  'display_name',
  'nickname',
  'approved',
  'approved_me',
  'blocked',
  'is_request',
  'unread_count',
  'last_message_id',
  'last_message_at',
  'pinned',
  'hidden',
  'created_at',
  'updated_at',
  'disappearing_mode',
  'disappearing_seconds',
  'disappearing_changed_at',
  'muted_until',
  'mentions_only',
].join(', ');

const SCHEMA = `
CREATE TABLE conversations_v11 (
  id TEXT PRIMARY KEY NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('private', 'note_to_self', 'group', 'community_dm')),
  display_name TEXT,
  nickname TEXT,
  ${bool('approved')},
  ${bool('approved_me')},
  ${bool('blocked')},
  ${bool('is_request')},
  unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  last_message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
  last_message_at INTEGER,
  ${bool('pinned')},
  ${bool('hidden')},
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  disappearing_mode TEXT CHECK (disappearing_mode IN ('after-send', 'after-read')),
  disappearing_seconds INTEGER NOT NULL DEFAULT 0 CHECK (disappearing_seconds >= 0),
  disappearing_changed_at INTEGER NOT NULL DEFAULT 0,
  muted_until INTEGER,
  ${bool('mentions_only')},
  -- A group's ID is 03 + its Ed25519 key; a community DM's is the blinded 15/25 ID.
  CHECK (type <> 'group' OR (length(id) = 66 AND substr(id, 1, 2) = '03')),
  CHECK (type <> 'community_dm' OR (length(id) = 66 AND substr(id, 1, 2) IN ('15', '25')))
) STRICT;
INSERT INTO conversations_v11 (${COLUMNS}) SELECT ${COLUMNS} FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_v11 RENAME TO conversations;
`;

export const migration0011: Migration = {
  version: 11,
  name: 'conversation-kinds',
  foreignKeysOff: true,
  up: (db) => {
    db.exec(SCHEMA);
  },
};
