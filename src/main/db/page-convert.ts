/**
 * Converting a profile made before session 13 (4096-byte pages) to today's PAGE_SIZE, once, at
 * open (why smaller pages: connection.ts). SQLite3MultipleCiphers has no `sqlcipher_export`, and
 * SQLite's VACUUM cannot change the page size of a WAL database, so the copy is VACUUM's own
 * algorithm done by hand, in chunks, which is also what lets the window show progress:
 *
 * 1. The old file's WAL is folded back and the file left in rollback-journal mode (no -wal
 *    beside it at the rename), then read inside one transaction: its shared lock keeps any other
 *    process from writing to it while it is copied.
 * 2. A new file beside it (`<db>.pages-2048`, same key, new page size) gets the schema and the
 *    rows, table by table, rowids kept (the full-text index refers to messages by rowid). The
 *    indexes, triggers and views come after the rows, so copying fires nothing.
 * 3. The new file is checked on its own connection (integrity_check, every table's row count,
 *    user_version, page size), fsynced, and renamed over the old one (atomic), then the folder
 *    is fsynced.
 *
 * A crash anywhere leaves a usable profile: before the rename the old file is whole (it is only
 * read) and the next open deletes the half-made copy and starts again; after it, the new file is
 * whole and opens at PAGE_SIZE. Short of disk space (the copy needs about the file's size), the
 * profile stays as it is and works at 4096: nothing is said to the user, one line is logged.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { attachEncrypted, openConnection, PAGE_SIZE, tryOpen } from './connection';
import type { PageSize } from './connection';
import type { Sqlite } from './sqlite';

/** The half-made copy's name, beside the profile's database. */
export const CONVERT_SUFFIX = '.pages-2048';

/** Points where tests simulate a crash (a hook that kills the process). */
export type ConvertStep = 'checkpointed' | 'schema' | 'rows' | 'copied' | 'verified' | 'synced' | 'renamed';

export type ConvertOutcome =
  /** No file yet, or already at PAGE_SIZE. */
  | 'current'
  | 'converted'
  /** Not enough free disk space: the file is kept as it is, and works. */
  | 'no-space'
  /** Another connection holds the file (it could not leave WAL): tried again at the next open. */
  | 'busy';

export interface ConvertOptions {
  /** Called with 0…1 as the copy goes, at most once per whole percent. */
  readonly onProgress?: (fraction: number) => void;
  readonly log?: (line: string) => void;
  /** Free bytes where the database is (tests give less). */
  readonly freeBytes?: (dir: string) => number;
  /** Tests only: runs after each step (a crash there must leave a usable profile). */
  readonly afterStep?: (step: ConvertStep) => void;
  readonly rowsPerChunk?: number;
  /** The page size to convert to: PAGE_SIZE, or another for measurements that need a file as an older Veil made it. */
  readonly to?: PageSize;
}

/**
 * Rows per step between two turns of the event loop: a 10 000-message profile then reports
 * about 25 steps and never holds the core's thread for long (0.6-1.0 s in all at load 15).
 */
const ROWS_PER_CHUNK = 500;
/** Beyond the file's size: the new file is ~3 % larger (each page's IV and HMAC), plus margin. */
const SPACE_FACTOR = 1.1;
const SPACE_MARGIN = 16 * 1024 * 1024;

const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function freeBytesAt(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

function removeCopy(copy: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
}

/** fsync of a file, or of a folder (so that a rename is durable); a folder cannot be on Windows. */
function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    /* folders on Windows: the rename is as durable as the OS makes it */
  } finally {
    closeSync(fd);
  }
}

interface SchemaRow {
  readonly type: string;
  readonly name: string;
  readonly sql: string | null;
  readonly rootpage: number;
}

/** `CREATE X name…` as `CREATE X conv.name…` (sqlite_master keeps the statement normalised). */
function inCopy(sql: string, prefix: string): string {
  if (!sql.startsWith(prefix)) throw new Error(`unexpected schema statement: ${sql.slice(0, 40)}`);
  return `${prefix}conv.${sql.slice(prefix.length)}`;
}

function hasRowid(db: Sqlite, table: string): boolean {
  try {
    db.prepare(`SELECT rowid FROM main.${quote(table)} LIMIT 0`);
    return true;
  } catch {
    return false; // WITHOUT ROWID
  }
}

function copyTableSql(db: Sqlite, table: string): { readonly byRowid: boolean; readonly sql: string } {
  const columns = (db.pragma(`main.table_xinfo(${quote(table)})`) as { name: string; hidden: number }[])
    .filter((c) => c.hidden === 0)
    .map((c) => quote(c.name))
    .join(', ');
  if (!hasRowid(db, table)) {
    return {
      byRowid: false,
      sql: `INSERT INTO conv.${quote(table)} (${columns}) SELECT ${columns} FROM main.${quote(table)}`,
    };
  }
  return {
    byRowid: true,
    sql: `INSERT INTO conv.${quote(table)} (rowid, ${columns}) SELECT rowid, ${columns} FROM main.${quote(table)} WHERE rowid > ? AND rowid <= ?`,
  };
}

/**
 * Copies every row of the old database (`main`) into the attached copy (`conv`) and returns
 * each table's row count, for the check of the copy.
 */
async function copyInto(
  db: Sqlite,
  options: ConvertOptions,
  progress: (fraction: number) => void,
): Promise<Map<string, number>> {
  const step = options.afterStep ?? (() => undefined);
  const schema = db
    .prepare('SELECT type, name, sql, rootpage FROM main.sqlite_master ORDER BY rowid')
    .all() as SchemaRow[];
  // Virtual tables first: creating one creates its shadow tables, whose rows are copied below.
  for (const r of schema) {
    if (r.type === 'table' && r.rootpage === 0 && r.sql) db.exec(inCopy(r.sql, 'CREATE VIRTUAL TABLE '));
  }
  const exists = db.prepare("SELECT 1 FROM conv.sqlite_master WHERE type = 'table' AND name = ?").pluck();
  const tables = schema.filter((r) => r.type === 'table' && r.rootpage > 0 && r.name !== 'sqlite_sequence');
  for (const t of tables) {
    if (exists.get(t.name) !== undefined) {
      db.prepare(`DELETE FROM conv.${quote(t.name)}`).run(); // a shadow table's initial rows
    } else if (t.sql) {
      db.exec(inCopy(t.sql, 'CREATE TABLE '));
    }
  }
  step('schema');

  const counts = new Map<string, number>();
  for (const t of tables) {
    counts.set(
      t.name,
      Number(
        db
          .prepare(`SELECT count(*) FROM main.${quote(t.name)}`)
          .pluck()
          .get(),
      ),
    );
  }
  const total = Math.max(
    1,
    [...counts.values()].reduce((a, b) => a + b, 0),
  );
  const chunk = options.rowsPerChunk ?? ROWS_PER_CHUNK;
  let copied = 0;
  for (const t of tables) {
    const { byRowid, sql } = copyTableSql(db, t.name);
    const insert = db.prepare(sql);
    if (!byRowid) {
      copied += insert.run().changes;
    } else {
      const chunkEnd = db
        .prepare(`SELECT rowid FROM main.${quote(t.name)} WHERE rowid > ? ORDER BY rowid LIMIT 1 OFFSET ?`)
        .pluck();
      let after: number | bigint = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const end = chunkEnd.get(after, chunk - 1) as number | bigint | undefined;
        copied += insert.run(after, end ?? Number.MAX_SAFE_INTEGER).changes;
        progress((0.9 * Math.min(copied, total)) / total);
        if (end === undefined) break;
        after = end;
        step('rows');
        await nextTurn();
      }
    }
  }
  if (schema.some((r) => r.name === 'sqlite_sequence')) {
    db.exec(
      'DELETE FROM conv.sqlite_sequence; INSERT INTO conv.sqlite_sequence SELECT * FROM main.sqlite_sequence',
    );
  }
  // Indexes, then triggers and views: after the rows, so that nothing fires while copying.
  for (const r of schema) {
    if (r.type !== 'index' || !r.sql) continue; // no sql: a constraint's own index, made with its table
    db.exec(
      inCopy(r.sql, r.sql.startsWith('CREATE UNIQUE INDEX ') ? 'CREATE UNIQUE INDEX ' : 'CREATE INDEX '),
    );
  }
  progress(0.95);
  await nextTurn();
  for (const r of schema) {
    if (r.type === 'trigger' && r.sql) db.exec(inCopy(r.sql, 'CREATE TRIGGER '));
    if (r.type === 'view' && r.sql) db.exec(inCopy(r.sql, 'CREATE VIEW '));
  }
  for (const pragma of ['user_version', 'application_id']) {
    db.pragma(`conv.${pragma} = ${Number(db.pragma(`main.${pragma}`, { simple: true }))}`);
  }
  return counts;
}

/** The copy, on its own connection: what "verified" means before the old file is replaced. */
function verify(
  copy: string,
  key: Uint8Array,
  pageSize: PageSize,
  counts: Map<string, number>,
  userVersion: number,
): void {
  const db = tryOpen(copy, key, pageSize);
  if (!db) throw new Error('the converted copy does not open');
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the converted copy fails integrity_check: ${String(integrity)}`);
    if (db.pragma('page_size', { simple: true }) !== pageSize)
      throw new Error('the copy has the wrong page size');
    if (db.pragma('user_version', { simple: true }) !== userVersion)
      throw new Error('the copy lost user_version');
    for (const [table, n] of counts) {
      const got = Number(
        db
          .prepare(`SELECT count(*) FROM ${quote(table)}`)
          .pluck()
          .get(),
      );
      if (got !== n) throw new Error(`the copy of ${table} has ${got} rows instead of ${n}`);
    }
  } finally {
    db.close();
  }
}

/**
 * Converts the database at `path` to PAGE_SIZE if it has another page size; a no-op otherwise
 * (one extra open). Call it before `openDatabase`, with no other connection to the file. Throws
 * only if the old file cannot be opened (a wrong key: DatabaseKeyError) or the copy fails its
 * check; the old file is then untouched and still the profile.
 */
export async function convertPageSize(
  path: string,
  key: Uint8Array,
  options: ConvertOptions = {},
): Promise<ConvertOutcome> {
  const copy = path + CONVERT_SUFFIX;
  const target = options.to ?? PAGE_SIZE;
  if (!existsSync(path) || statSync(path).size === 0) return 'current';
  // A copy left by an interrupted conversion: the old file is still the profile, start again.
  removeCopy(copy);
  const step = options.afterStep ?? (() => undefined);
  const log = options.log ?? (() => undefined);
  let lastPercent = -1;
  const progress = (fraction: number): void => {
    const percent = Math.floor(fraction * 100);
    if (percent === lastPercent) return;
    lastPercent = percent;
    options.onProgress?.(percent / 100);
  };

  const db = openConnection(path, key);
  let counts = new Map<string, number>();
  let userVersion = 0;
  try {
    if (db.pragma('page_size', { simple: true }) === target) return 'current';
    const walPath = `${path}-wal`;
    const need = (statSync(path).size + (existsSync(walPath) ? statSync(walPath).size : 0)) * SPACE_FACTOR;
    const free = (options.freeBytes ?? freeBytesAt)(dirname(path));
    if (free < need + SPACE_MARGIN) {
      log(
        `database: ${Math.round(free / 1e6)} MB free, the page-size conversion needs ${Math.round((need + SPACE_MARGIN) / 1e6)} MB; kept as it is`,
      );
      return 'no-space';
    }
    progress(0);
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    // Leaving WAL needs the file to ourselves: another process still has it open.
    if (checkpoint?.busy !== 0 || db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') {
      log('database: another connection holds the file; the page-size conversion waits for the next open');
      return 'busy';
    }
    step('checkpointed');
    userVersion = Number(db.pragma('user_version', { simple: true }));
    // Defensive mode (the driver's default) forbids writing a full-text index's shadow tables,
    // which is how the index is copied as it is instead of rebuilt. This connection runs only
    // the statements below and is closed at the end.
    db.unsafeMode(true);
    // Rows are copied table by table, parents not necessarily first (as VACUUM does).
    db.pragma('foreign_keys = OFF');
    attachEncrypted(db, 'conv', copy, key, target);
    try {
      // A crash leaves a copy that is deleted, never used: no journal, no syncs until the end.
      db.pragma('conv.journal_mode = OFF');
      db.pragma('conv.synchronous = OFF');
      db.exec('BEGIN');
      try {
        counts = await copyInto(db, options, progress);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      db.exec('DETACH DATABASE conv');
    }
    step('copied');
  } catch (error) {
    removeCopy(copy);
    throw error;
  } finally {
    // In DELETE mode, closing leaves neither -wal nor -shm beside the old file.
    db.close();
  }

  try {
    verify(copy, key, target, counts, userVersion);
    step('verified');
    fsyncPath(copy);
    step('synced');
    // Whatever journal sits beside the old file would be applied to the new one: never rename then.
    if (existsSync(`${path}-journal`) || (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0)) {
      throw new Error('the old database still has a journal beside it');
    }
  } catch (error) {
    removeCopy(copy);
    throw error;
  }
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(copy, path);
  fsyncPath(dirname(path));
  step('renamed');
  progress(1);
  log(`database: converted to ${target}-byte pages`);
  return 'converted';
}

/**
 * Whether the database at `path` already has today's page size (`current`), an older one
 * (`older`: convert it), or could not be read with `key` (a wrong key, a busy file: the session's
 * own open says why, as it always did). One open of the file, closed before returning.
 */
export function pageSizeState(path: string, key: Uint8Array): 'current' | 'older' | 'unreadable' {
  try {
    const db = openConnection(path, key);
    try {
      return db.pragma('page_size', { simple: true }) === PAGE_SIZE ? 'current' : 'older';
    } finally {
      db.close();
    }
  } catch {
    return 'unreadable';
  }
}
