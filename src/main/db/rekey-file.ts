/**
 * Re-encrypting a closed database file under a new key, for a change of protection made while no
 * session holds the file open (or finished at the next start after a crash). Idempotent: a file
 * already under `to` is left as it is, so finishing an interrupted change twice is harmless.
 */
import { existsSync, statSync } from 'node:fs';
import { openConnection, rekeyConnection } from './connection';
import { DatabaseKeyError } from './errors';
import type { Sqlite } from './sqlite';

/** The profile's database, in its folder. */
export const DATABASE_FILE = 'veil.db';

function close(db: Sqlite): void {
  // Folds the WAL back so the file is whole under the key it now has.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export function rekeyDatabaseFile(path: string, from: Uint8Array, to: Uint8Array): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  let db: Sqlite;
  try {
    db = openConnection(path, from);
  } catch (error) {
    if (!(error instanceof DatabaseKeyError)) throw error;
    // Not under the old key: it must already be under the new one (else this throws too).
    close(openConnection(path, to));
    return;
  }
  try {
    rekeyConnection(db, to);
  } finally {
    close(db);
  }
}
