/**
 * Opening and rekeying the encrypted SQLite file. Only this module speaks the cipher pragmas.
 *
 * Settings, and why:
 * - `cipher='sqlcipher'`, `legacy=4`: SQLCipher 4's format (AES-256-CBC + HMAC-SHA512 per page),
 *   so standard tools can open a profile for forensics or export given the key.
 * - Raw key (`x'…'`, see key.ts) set with `db.key()` from a wipeable buffer.
 * - WAL: readers never block the writer; WAL pages are encrypted like the main file.
 * - `synchronous=NORMAL`, SQLite's documented choice for WAL ("WAL mode is always consistent
 *   with synchronous=NORMAL", sqlite.org/pragma.html#pragma_synchronous, /wal.html): the WAL is
 *   synced at every checkpoint instead of at every commit. What this trades, precisely:
 *   - corruption: none, in any case. A torn or missing WAL tail is detected by its frame
 *     checksums (and here by each page's HMAC) and ignored at the next open: the database is
 *     the last synced commit, whole.
 *   - an app crash, a kill, a worker dying: nothing is lost. Every commit is in the OS page
 *     cache when `COMMIT` returns; only the OS itself going down can drop it.
 *   - a power cut or kernel panic: the last commits since the previous sync (at most the WAL
 *     since the last checkpoint, in practice the last second or so) may roll back, together.
 *     Every such state is one we already recover from: the outbox row and its message are
 *     written in one transaction, so a rolled-back send is gone from both (never "sending"
 *     without a row to send it); a rolled-back "sent" row is sent again under the same sent
 *     timestamp, which the recipient drops as a copy; a rolled-back received message is fetched
 *     again, since the poller's last hash is saved in a later commit, and a WAL loses only a
 *     suffix of its commits (never a later one without the earlier).
 *   FULL paid an fsync per commit: with three commits per message sent (queue, sent, sync
 *   copy) that was the sender's largest single cost in the bench's profiles (issue #15).
 * - `temp_store=MEMORY`: sorter and temp-table spills would go to unencrypted temp files.
 * - `foreign_keys=ON`: off by default in SQLite; our cascades rely on it.
 */
import { existsSync, statSync } from 'node:fs';
import { DatabaseKeyError } from './errors';
import { assertDatabaseKey, rawKeyLiteral } from './key';
import { createSqlite, sqliteCode } from './sqlite';
import type { Sqlite } from './sqlite';

export const BUSY_TIMEOUT_MS = 5_000;

function configureCipher(db: Sqlite): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
}

function applyKey(db: Sqlite, key: Uint8Array, op: 'key' | 'rekey'): void {
  const literal = rawKeyLiteral(key);
  try {
    const rc = op === 'key' ? db.key(literal) : db.rekey(literal);
    if (rc !== 0) throw new Error(`sqlite3_${op} failed with code ${rc}`);
  } finally {
    literal.fill(0);
  }
}

/**
 * Opens (or creates) the file at `path` with `key`. A key that does not open an existing file
 * throws `DatabaseKeyError` before anything is written: the old file is left byte for byte.
 */
export function openConnection(path: string, key: Uint8Array): Sqlite {
  assertDatabaseKey(key);
  const existed = existsSync(path) && statSync(path).size > 0;
  const db = createSqlite(path, BUSY_TIMEOUT_MS);
  try {
    configureCipher(db);
    applyKey(db, key, 'key');
    // The first read decrypts page 1: this is where a wrong key shows (SQLITE_NOTADB).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (existed && sqliteCode(error) === 'SQLITE_NOTADB') throw new DatabaseKeyError(path);
    throw error;
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch the database to WAL (got ${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Re-encrypts every page under `newKey`. SQLite3MultipleCiphers refuses to rekey in WAL mode, so
 * the WAL is checkpointed into the main file, the journal switched to DELETE, the file rekeyed
 * (inside SQLite's own transaction: a crash rolls back to the old key), and WAL restored.
 */
export function rekeyConnection(db: Sqlite, newKey: Uint8Array): void {
  assertDatabaseKey(newKey);
  if (db.inTransaction) throw new Error('cannot rekey inside a transaction');
  db.pragma('wal_checkpoint(TRUNCATE)');
  // NORMAL is corruption-proof in WAL only: with a rollback journal, a power cut at the wrong
  // moment of this rewrite of every page could corrupt the file. FULL while outside WAL.
  db.pragma('synchronous = FULL');
  try {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`could not leave WAL to rekey (got ${String(mode)})`);
    try {
      applyKey(db, newKey, 'rekey');
    } finally {
      db.pragma('journal_mode = WAL');
    }
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
