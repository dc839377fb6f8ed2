/**
 * Version 6: attachments (issue #16).
 *
 * - attachments: one row per file. `message_id` is NULL while the file is only staged (picked in
 *   the composer, not sent yet); sending moves it onto the message in the same transaction that
 *   queues the message. The pointer columns are Session's AttachmentPointer (§5.5): `size` is the
 *   plaintext size before padding, `key`/`digest` as they travel. `blob` names the local copy,
 *   encrypted under `blob_key` (a random AES-256-GCM key per file, kept only here, in the
 *   encrypted database); NULL while not downloaded (or after "clear downloaded media").
 * - attachment_trash: names of local files whose row went away or let go of its blob. Triggers
 *   fill it whatever deleted the row (delete for me, an unsend, a disappearing timer, a declined
 *   request deleting the conversation, unstaging), and the store removes the files then clears
 *   the names: a crash in between only delays the removal to the next sweep.
 */
import type { Migration } from './migration';

const SCHEMA = `
CREATE TABLE attachments (
  id TEXT PRIMARY KEY NOT NULL,
  message_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
  origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),   -- ours (sent from here) or received
  url TEXT,
  key BLOB,
  digest BLOB,
  size INTEGER NOT NULL CHECK (size >= 0),
  content_type TEXT NOT NULL,
  file_name TEXT,
  flags INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),
  width INTEGER,
  height INTEGER,
  caption TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'uploading', 'downloading', 'ready', 'failed', 'expired')),
  error TEXT,
  blob TEXT UNIQUE,
  blob_key BLOB,
  blob_bytes INTEGER NOT NULL DEFAULT 0 CHECK (blob_bytes >= 0),
  thumb_blob TEXT UNIQUE,
  thumb_key BLOB,
  thumb_type TEXT,
  expires_at INTEGER,                        -- the file server's expiry of our upload (ms)
  created_at INTEGER NOT NULL,
  CHECK ((blob IS NULL) = (blob_key IS NULL)),
  CHECK ((thumb_blob IS NULL) = (thumb_key IS NULL))
) STRICT;
CREATE INDEX attachments_by_message ON attachments (message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_staged ON attachments (created_at) WHERE message_id IS NULL;

CREATE TABLE attachment_trash (blob TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;

CREATE TRIGGER attachments_trash_delete AFTER DELETE ON attachments BEGIN
  INSERT OR IGNORE INTO attachment_trash (blob) SELECT old.blob WHERE old.blob IS NOT NULL;
  INSERT OR IGNORE INTO attachment_trash (blob) SELECT old.thumb_blob WHERE old.thumb_blob IS NOT NULL;
END;
CREATE TRIGGER attachments_trash_update AFTER UPDATE OF blob, thumb_blob ON attachments BEGIN
  INSERT OR IGNORE INTO attachment_trash (blob)
    SELECT old.blob WHERE old.blob IS NOT NULL AND old.blob IS NOT new.blob;
  INSERT OR IGNORE INTO attachment_trash (blob)
    SELECT old.thumb_blob WHERE old.thumb_blob IS NOT NULL AND old.thumb_blob IS NOT new.thumb_blob;
END;
-- Deleted for everyone (an unsend keeps the row, empty, as a notice): its files go.
CREATE TRIGGER messages_unsent_attachments AFTER UPDATE OF deleted_at ON messages
WHEN new.deleted_at IS NOT NULL BEGIN
  DELETE FROM attachments WHERE message_id = new.id;
END;
`;

export const migration0006: Migration = {
  version: 6,
  name: 'attachments',
  up: (db) => {
    db.exec(SCHEMA);
  },
};
