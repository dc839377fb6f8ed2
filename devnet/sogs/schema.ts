/**
 * The devnet community server's tables (one SQLite file, `sogs/sogs.sqlite` in devnet's data
 * folder). Modelled on session-pysogs `sogs/schema.sqlite`: the counters (`message_sequence`,
 * `seqno`, `seqno_data`, `seqno_reactions`, `seqno_creation`, `info_updates`) keep the meaning
 * they have there, but they are maintained in TypeScript (./store.ts) rather than by triggers.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  description TEXT,
  image INTEGER,
  created REAL NOT NULL,
  message_sequence INTEGER NOT NULL DEFAULT 0,
  info_updates INTEGER NOT NULL DEFAULT 0,
  read INTEGER NOT NULL DEFAULT 1,
  accessible INTEGER NOT NULL DEFAULT 1,
  write INTEGER NOT NULL DEFAULT 1,
  upload INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  created REAL NOT NULL,
  last_active REAL NOT NULL,
  banned INTEGER NOT NULL DEFAULT 0,
  moderator INTEGER NOT NULL DEFAULT 0,
  admin INTEGER NOT NULL DEFAULT 0,
  visible_mod INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY,
  room INTEGER NOT NULL,
  user INTEGER NOT NULL,
  posted REAL NOT NULL,
  edited REAL,
  seqno INTEGER NOT NULL DEFAULT 0,
  seqno_data INTEGER NOT NULL DEFAULT 0,
  seqno_reactions INTEGER NOT NULL DEFAULT 0,
  seqno_creation INTEGER NOT NULL DEFAULT 0,
  data BLOB,
  data_size INTEGER,
  signature BLOB,
  whisper INTEGER,
  whisper_mods INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_room_seqno ON messages(room, seqno);
CREATE INDEX IF NOT EXISTS messages_room_id ON messages(room, id);
CREATE TABLE IF NOT EXISTS reactions (
  id INTEGER PRIMARY KEY,
  message INTEGER NOT NULL,
  reaction TEXT NOT NULL,
  UNIQUE(message, reaction)
);
CREATE TABLE IF NOT EXISTS user_reactions (
  reaction INTEGER NOT NULL,
  user INTEGER NOT NULL,
  at REAL NOT NULL,
  PRIMARY KEY(reaction, user)
);
CREATE TABLE IF NOT EXISTS pinned_messages (
  room INTEGER NOT NULL,
  message INTEGER NOT NULL,
  pinned_by INTEGER NOT NULL,
  pinned_at REAL NOT NULL,
  PRIMARY KEY(room, message)
);
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  room INTEGER NOT NULL,
  uploader INTEGER NOT NULL,
  message INTEGER,
  size INTEGER NOT NULL,
  uploaded REAL NOT NULL,
  expiry REAL,
  filename TEXT,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS room_users (
  room INTEGER NOT NULL,
  user INTEGER NOT NULL,
  last_active REAL NOT NULL,
  PRIMARY KEY(room, user)
);
CREATE TABLE IF NOT EXISTS user_permission_overrides (
  room INTEGER NOT NULL,
  user INTEGER NOT NULL,
  banned INTEGER NOT NULL DEFAULT 0,
  read INTEGER,
  accessible INTEGER,
  write INTEGER,
  upload INTEGER,
  moderator INTEGER NOT NULL DEFAULT 0,
  admin INTEGER NOT NULL DEFAULT 0,
  visible_mod INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY(room, user)
);
CREATE TABLE IF NOT EXISTS user_request_nonces (
  user INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  expiry REAL NOT NULL,
  PRIMARY KEY(user, nonce)
);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY,
  recipient INTEGER NOT NULL,
  sender INTEGER NOT NULL,
  body BLOB NOT NULL,
  posted_at REAL NOT NULL,
  expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_recipient ON inbox(recipient, id);
CREATE INDEX IF NOT EXISTS inbox_sender ON inbox(sender, id);
CREATE TABLE IF NOT EXISTS ban_futures (
  room INTEGER,
  user INTEGER NOT NULL,
  at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_roles (
  session_id TEXT NOT NULL,
  room INTEGER,
  role TEXT NOT NULL,
  visible INTEGER NOT NULL
);
`;

export function createSchema(db: Database.Database): void {
  db.exec(SCHEMA);
}
