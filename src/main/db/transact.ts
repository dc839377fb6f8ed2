/**
 * The one transaction wrapper of a connection, built once at open and handed to every
 * repository that needs more than one statement to commit together (and exposed as
 * `VeilDatabase.transaction`).
 */
import type { Sqlite } from './sqlite';

/** Runs `work` in one transaction (inside another one it is a savepoint) and returns its result. */
export type Transact = <T>(work: () => T) => T;

export function transactionOf(db: Sqlite): Transact {
  // One transaction function serves every call: better-sqlite3's `db.transaction(fn)` builds
  // four wrappers and defines five properties on each, and was called anew for each
  // transaction (every message sent paid it). Nesting (a savepoint) is decided when it runs,
  // not when it is built, so one wrapper behaves the same.
  const inTransaction = db.transaction((work: () => unknown): unknown => work());
  // `work`'s own result, typed by the caller's `work`. BEGIN IMMEDIATE: a deferred transaction
  // that reads first and then writes fails at once with "database is locked"
  // (SQLITE_BUSY_SNAPSHOT, no busy wait) when another process (the CLI next to the app, parallel
  // commands) committed since its read, or holds the write lock when it comes to write; taking
  // the write lock at BEGIN waits out the busy timeout instead. One process alone sees no
  // difference.
  return <T>(work: () => T): T => inTransaction.immediate(work) as T;
}
