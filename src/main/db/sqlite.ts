/**
 * The driver, seen through one door: every other module of src/main/db takes a `Sqlite` handle
 * from here, so swapping or wrapping the driver touches one file.
 */
import Database from 'better-sqlite3-multiple-ciphers';

export type Sqlite = Database.Database;
export type SqliteStatement<P extends unknown[]> = Database.Statement<P>;

/** Values we bind: the driver also takes bigint and Buffer, we only use these. */
export type SqlValue = string | number | Uint8Array | null;

/** `timeout` is SQLite's busy timeout (ms): a second connection waits instead of failing. */
export function createSqlite(path: string, busyTimeoutMs: number): Sqlite {
  return new Database(path, { timeout: busyTimeoutMs });
}

/** SQLite's result code on a driver error (`SQLITE_NOTADB`, …), or undefined for anything else. */
export function sqliteCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}
