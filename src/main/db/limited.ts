/**
 * Statements whose LIMIT is a literal, one prepared per value used. SQLite (3.53 here) marks a
 * statement whose LIMIT is a bound parameter as expired at every bind, so that the query planner
 * sees the value: each run of `… LIMIT ?` prepares the statement again (≈ 10–40 µs instead of
 * ≈ 1 µs, sqlite3Reprepare in a profile of the idle app). The statements the idle timers run
 * every few seconds take their limit from here instead: the plan is the one `LIMIT ?` had with
 * that value, compiled once.
 */
import type { Sqlite, SqliteStatement } from './sqlite';

/** Distinct limits kept prepared; the callers use one or two (their batch sizes). */
const MAX_KEPT = 8;

export function limitedStatement<P extends unknown[]>(
  db: Sqlite,
  sqlWithLimit: (limit: number) => string,
  init: (s: SqliteStatement<P>) => SqliteStatement<P> = (s) => s,
): (limit: number) => SqliteStatement<P> {
  const kept = new Map<number, SqliteStatement<P>>();
  return (limit) => {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`bad LIMIT ${limit}`);
    let s = kept.get(limit);
    if (!s) {
      if (kept.size >= MAX_KEPT) kept.clear();
      s = init(db.prepare<P>(sqlWithLimit(limit)));
      kept.set(limit, s);
    }
    return s;
  };
}
