import Database from 'better-sqlite3-multiple-ciphers';
import { openConnection } from '../../../src/main/db/connection';
import { rawKeyLiteral } from '../../../src/main/db/key';
import { migrate } from '../../../src/main/db/migrations';

/**
 * A profile's database opened exactly as Veil did before session 13: the same pragmas, in the
 * same order, and no page size (so SQLCipher 4's default, 4096), with the driver directly so that
 * nothing of today's connection.ts shapes it; migrated to the current schema. Returned open: a
 * crash image can then be copied with its WAL.
 */
export function openAsOldVeil(path: string, key: Uint8Array): Database.Database {
  const db = new Database(path, { timeout: 5_000 });
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  const literal = rawKeyLiteral(key);
  db.key(literal);
  literal.fill(0);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** The page size of the database at `path`, read through today's connection. */
export function pageSizeOf(path: string, key: Uint8Array): number {
  const raw = openConnection(path, key);
  try {
    return Number(raw.pragma('page_size', { simple: true }));
  } finally {
    raw.close();
  }
}
