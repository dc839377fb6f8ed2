/**
 * Opening and rekeying the encrypted SQLite file. Only this module speaks the cipher pragmas.
 *
 * Settings, and why:
 * - `cipher='sqlcipher'`, `legacy=4`: SQLCipher 4's format (AES-256-CBC + HMAC-SHA512 per page),
 *   so standard tools can open a profile for forensics or export given the key.
 * - Page size 2048 (`legacy_page_size`, SQLCipher's `cipher_page_size`) for files created since
 *   session 13; older profiles were made with SQLCipher 4's default 4096: the core converts them
 *   once, before its session opens them (page-convert.ts), and until then, or when the disk is
 *   too full to convert, they open as they are (openConnection finds which). A forensic tool must be told both: with SQLCipher, `PRAGMA key = "x'<64 hex>'"`
 *   then `PRAGMA cipher_page_size = 2048` (or 4096 for an older profile) before the first read;
 *   the other SQLCipher 4 defaults apply as they are. Why smaller pages: SQLCipher encrypts and
 *   HMACs (SHA-512, portable C) every page a commit writes, whole, and our commits are small (a
 *   send, "sent" update or received message touches 7 to 13 pages: the row, its indexes, the
 *   outbox, the conversation). At 2048 a send's commit writes 29 KiB instead of 52, and the
 *   app's real transactions take 12-24 % less CPU; reads (the first page of a 10 000-message
 *   conversation, a search) cost about the same; the file is 3 % larger (80 bytes of IV and
 *   HMAC a page).
 *   1024 wrote fewer bytes still but more pages: the "sent" update gained nothing, search got
 *   20 % slower, the file 16 % larger (bench/README.md, "Session 13, database page size").
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

/** A page size SQLCipher 4 accepts: a power of two, 512 to 65536. */
export type PageSize = 512 | 1024 | 2048 | 4096 | 8192 | 16384 | 32768 | 65536;
/** Page size of every file this Veil creates (see the top of this file). */
export const PAGE_SIZE: PageSize = 2048;
/** SQLCipher 4's default, the page size of every profile created before session 13. */
export const LEGACY_PAGE_SIZE: PageSize = 4096;

/** Tried in this order on an existing file: today's size first, where new profiles are. */
const OPEN_PAGE_SIZES: readonly PageSize[] = [...new Set<PageSize>([PAGE_SIZE, LEGACY_PAGE_SIZE])];

function configureCipher(db: Sqlite, pageSize: PageSize): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  // Must precede the key: the codec reads page 1 with this size (SQLCipher's cipher_page_size).
  db.pragma(`legacy_page_size = ${pageSize}`);
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
 * Keys a connection at `pageSize` and decrypts page 1. Returns undefined when page 1 does not
 * decrypt (SQLITE_NOTADB: a wrong key, or the wrong page size, which SQLCipher cannot tell
 * apart); the connection is closed then. Nothing is written by a failed attempt, not even with
 * a hot WAL after a crash: the page-1 read fails before any write, and the checkpoint SQLite
 * tries when the connection closes refuses a WAL whose page size differs or whose frames do not
 * decrypt (test/main/db/page-size.test.ts checks the bytes).
 */
export function tryOpen(path: string, key: Uint8Array, pageSize: PageSize): Sqlite | undefined {
  const db = createSqlite(path, BUSY_TIMEOUT_MS);
  try {
    configureCipher(db, pageSize);
    applyKey(db, key, 'key');
    // The first read decrypts page 1: this is where a wrong key or size shows (SQLITE_NOTADB).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    if (sqliteCode(error) === 'SQLITE_NOTADB') return undefined;
    throw error;
  }
}

/**
 * Opens (or creates) the file at `path` with `key`. A key that does not open an existing file
 * throws `DatabaseKeyError` before anything is written: the old file is left byte for byte.
 *
 * An existing file's page size is found by trying: PAGE_SIZE, then LEGACY_PAGE_SIZE. Why not a
 * marker file recording it: the database alone would no longer be self-sufficient (a copy,
 * a restore from a file backup or a second process given only the path could pair it with a
 * stale or missing marker and fail to open), and trying is cheap and exact: with our raw key
 * there is no KDF to repeat, a wrong size costs page 1 read and its HMAC checked (about 0.2 ms
 * measured, once per open of an older profile), and page 1's HMAC-SHA512 makes a wrong size
 * fail as cleanly as a wrong key. The file itself cannot say: SQLCipher keeps only its salt in
 * clear (page 1's first 16 bytes) and encrypts the rest, SQLite's header and page size included.
 * `newFilePageSize` is for tests and measurements that need a file as an older Veil made it.
 */
export function openConnection(
  path: string,
  key: Uint8Array,
  options: { readonly newFilePageSize?: PageSize } = {},
): Sqlite {
  assertDatabaseKey(key);
  const existed = existsSync(path) && statSync(path).size > 0;
  const sizes = existed ? OPEN_PAGE_SIZES : [options.newFilePageSize ?? PAGE_SIZE];
  let db: Sqlite | undefined;
  for (const size of sizes) {
    db = tryOpen(path, key, size);
    if (db) break;
  }
  if (!db) {
    if (existed) throw new DatabaseKeyError(path);
    throw new Error(`could not create the database at ${path}`);
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
 * Attaches the file at `path` as `schema` under `key` with `pageSize`-byte pages (created if
 * absent): SQLite3MultipleCiphers applies the cipher pragmas set just before an ATTACH to the
 * attached file, and the key is bound as a parameter, never written into the SQL text.
 */
export function attachEncrypted(
  db: Sqlite,
  schema: string,
  path: string,
  key: Uint8Array,
  pageSize: PageSize,
): void {
  configureCipher(db, pageSize);
  const literal = rawKeyLiteral(key);
  try {
    db.prepare(`ATTACH DATABASE ? AS ${schema} KEY ?`).run(path, literal);
  } finally {
    literal.fill(0);
  }
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
