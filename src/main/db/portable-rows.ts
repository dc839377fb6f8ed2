/**
 * Every row of every ordinary table, out and back in, for the encrypted profile export
 * (src/main/portability). Generic on purpose: features add tables in their own migrations, and
 * the export must carry them without being told. What is skipped: SQLite's own tables, virtual
 * tables and their shadow tables (the FTS index is rebuilt from `messages` on import).
 *
 * Values are encoded so that a round trip keeps SQLite's storage class: integers as JSON numbers
 * (or `{"i":"…"}` beyond 2^53), reals as `{"r":…}`, text as strings, blobs as `{"b":base64}`.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { openConnection } from './connection';
import { migrate, MIGRATIONS, schemaVersion } from './migrations';
import type { Sqlite } from './sqlite';

export type PortableValue = null | number | string | { i: string } | { r: number } | { b: string };
export type PortableRow = PortableValue[];

export const portableValueSchema: z.ZodType<PortableValue> = z.union([
  z.null(),
  z.number().int(),
  z.string(),
  z.object({ i: z.string().regex(/^-?\d{1,20}$/) }).strict(),
  z.object({ r: z.number() }).strict(),
  z.object({ b: z.base64() }).strict(),
]);

export interface PortableTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: number;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function encodeValue(v: unknown): PortableValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : { i: v.toString() };
  }
  if (typeof v === 'number') return { r: v };
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array)
    return { b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  throw new Error('unexpected SQLite value type');
}

function decodeValue(v: PortableValue): bigint | number | string | Buffer | null {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number') return BigInt(v);
  if ('i' in v) return BigInt(v.i);
  if ('r' in v) return v.r;
  return Buffer.from(v.b, 'base64');
}

/** Ordinary tables worth carrying: not SQLite's, not virtual, not a virtual table's shadow. */
function portableTableNames(db: Sqlite): string[] {
  const all = db
    .prepare("SELECT name, type, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string; sql: string | null }[];
  const virtual = all.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  return all
    .map((t) => t.name)
    .filter(
      (name) =>
        !name.startsWith('sqlite_') &&
        !virtual.includes(name) &&
        !virtual.some((v) => name.startsWith(`${v}_`)),
    );
}

function columnsOf(db: Sqlite, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (c) => c.name,
  );
}

/**
 * A consistent snapshot of the database (one read transaction on a second connection: the app's
 * own connection keeps writing meanwhile, WAL keeps the snapshot stable).
 */
export interface RowSnapshot {
  readonly schemaVersion: number;
  readonly tables: readonly PortableTable[];
  /** Rows of one table, in batches, lazily (never the whole table in memory). */
  rows(table: PortableTable, batchSize: number): Generator<PortableRow[]>;
  close(): void;
}

const EMPTY_SNAPSHOT: RowSnapshot = {
  schemaVersion: 0,
  tables: [],
  *rows() {
    /* nothing */
  },
  close() {
    /* nothing */
  },
};

export function openRowSnapshot(path: string, key: Uint8Array): RowSnapshot {
  // A profile whose database was never opened has no rows yet: nothing to carry.
  if (!existsSync(path)) return EMPTY_SNAPSHOT;
  const db = openConnection(path, key);
  try {
    db.exec('BEGIN');
    const version = schemaVersion(db);
    const tables = portableTableNames(db).map((name) => ({
      name,
      columns: columnsOf(db, name),
      rows: (db.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n,
    }));
    return {
      schemaVersion: version,
      tables,
      *rows(table, batchSize) {
        const stmt = db
          .prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`)
          .raw(true)
          .safeIntegers(true);
        let batch: PortableRow[] = [];
        for (const row of stmt.iterate() as Iterable<unknown[]>) {
          batch.push(row.map(encodeValue));
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      },
      close() {
        if (!db.open) return;
        try {
          db.exec('COMMIT');
        } finally {
          db.close();
        }
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

export class PortableSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortableSchemaError';
  }
}

/**
 * A new database filled with exported rows. It is created at the archive's schema version (so the
 * rows fit the tables they came from), filled with the triggers off (they would run twice what the
 * rows already hold), then the triggers come back, full-text indexes are rebuilt, foreign keys are
 * checked, and the remaining migrations bring it to this Veil's version.
 */
export interface RowLoader {
  beginTable(name: string, columns: readonly string[]): void;
  insert(rows: readonly PortableRow[]): void;
  /** Commits and migrates; throws PortableSchemaError when the rows do not hold together. */
  finish(): void;
  /** Closes without committing (the caller deletes the file). */
  abort(): void;
}

export function createRowLoader(path: string, key: Uint8Array, archiveVersion: number): RowLoader {
  if (archiveVersion > MIGRATIONS.length) {
    throw new PortableSchemaError(`schema version ${archiveVersion} is newer than ${MIGRATIONS.length}`);
  }
  const db = openConnection(path, key);
  let insert: ((row: readonly PortableRow[]) => void) | undefined;
  const seen = new Set<string>();
  let triggers: { name: string; sql: string }[] = [];
  try {
    migrate(db, MIGRATIONS, archiveVersion);
    triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    db.exec('BEGIN IMMEDIATE');
    // References are checked once, at the end: tables arrive in name order, not dependency order.
    db.pragma('defer_foreign_keys = ON');
    for (const t of triggers) db.exec(`DROP TRIGGER ${quote(t.name)}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const known = new Set(portableTableNames(db));
  return {
    beginTable(name, columns) {
      if (!known.has(name) || seen.has(name)) throw new PortableSchemaError(`unexpected table ${name}`);
      seen.add(name);
      const have = new Set(columnsOf(db, name));
      if (columns.length === 0 || columns.some((c) => !have.has(c))) {
        throw new PortableSchemaError(`the columns of ${name} do not match`);
      }
      const stmt = db.prepare(
        `INSERT INTO ${quote(name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      insert = (rows) => {
        for (const row of rows) {
          if (row.length !== columns.length) throw new PortableSchemaError(`a row of ${name} is malformed`);
          stmt.run(row.map(decodeValue));
        }
      };
    },
    insert(rows) {
      if (insert === undefined) throw new PortableSchemaError('rows before their table');
      insert(rows);
    },
    finish() {
      try {
        for (const t of triggers) db.exec(t.sql);
        const fts = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'")
          .all() as { name: string }[];
        for (const { name } of fts) db.exec(`INSERT INTO ${quote(name)} (${quote(name)}) VALUES ('rebuild')`);
        // The index now holds every message: its mark says so (migration 0015; the mark is not
        // carried, like the index's own tables, since its value only means something with them).
        if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'messages_fts_upto'").get() !== undefined)
          db.exec('UPDATE messages_fts_upto SET seq = (SELECT coalesce(max(seq), 0) FROM messages)');
        const broken = db.pragma('foreign_key_check');
        if (Array.isArray(broken) && broken.length > 0) {
          throw new PortableSchemaError('the rows refer to rows that are not there');
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
        throw error instanceof PortableSchemaError
          ? error
          : new PortableSchemaError(error instanceof Error ? error.message : String(error));
      }
      try {
        migrate(db);
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
    abort() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
