/**
 * Typed failures of the database layer. Messages never contain a key or message text: they are
 * written to logs and shown by the CLI.
 */

/** The key does not open this file (wrong key, or not a Veil database at all). Nothing was written. */
export class DatabaseKeyError extends Error {
  readonly code = 'db.wrong-key';
  constructor(readonly path: string) {
    super(`the database at ${path} cannot be opened with this key (wrong key or not a Veil database)`);
    this.name = 'DatabaseKeyError';
  }
}

/** The file was written by a newer Veil: opening it could corrupt data we do not understand. */
export class DatabaseVersionError extends Error {
  readonly code = 'db.too-new';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database is at schema version ${found}; this Veil knows up to ${known}: update Veil`);
    this.name = 'DatabaseVersionError';
  }
}

/** A value read from the database does not have the shape its table promises. */
export class DatabaseCorruptError extends Error {
  readonly code = 'db.corrupt';
  constructor(what: string) {
    super(`unexpected data in the database: ${what}`);
    this.name = 'DatabaseCorruptError';
  }
}
