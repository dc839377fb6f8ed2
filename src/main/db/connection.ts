/**
 * Opening and rekeying the encrypted SQLite file. Only this module speaks the cipher pragmas.
 *
 * Settings, and why:
 * - `cipher='sqlcipher'`, `legacy=4`: SQLCipher 4's format (AES-256-CBC + HMAC-SHA512 per page),
 *   so standard tools can open a profile for forensics or export given the key.
 * - Raw key (`x'…'`, see key.ts) set with `db.key()` from a wipeable buffer.
 * - WAL: readers never block the writer; WAL pages are encrypted like the main file.
 * - `synchronous=FULL`: with WAL, NORMAL can lose the last commits on power loss (never on an
 *   app crash). A message the UI showed as "sending", or a received message whose hash we then
 *   skip, must survive a power cut too; at messaging write rates an fsync per commit is cheap.
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
    db.pragma('synchronous = FULL');
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
  const mode = db.pragma('journal_mode = DELETE', { simple: true });
  if (mode !== 'delete') throw new Error(`could not leave WAL to rekey (got ${String(mode)})`);
  try {
    applyKey(db, newKey, 'rekey');
  } finally {
    db.pragma('journal_mode = WAL');
  }
}
