import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_PAGE_SIZE, openConnection, PAGE_SIZE } from '../../../src/main/db/connection';
import type { PageSize } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { DatabaseKeyError } from '../../../src/main/db/errors';
import { rawKeyLiteral } from '../../../src/main/db/key';
import { messagesRepository } from '../../../src/main/db/messages';
import { migrate } from '../../../src/main/db/migrations';
import { rekeyDatabaseFile } from '../../../src/main/db/rekey-file';
import { transactionOf } from '../../../src/main/db/transact';
import { openAsOldVeil, pageSizeOf } from './old-profile';
import { ALICE, incoming, newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

/**
 * A profile's database exactly as Veil made it before session 13: the same pragmas, in the
 * same order, and no page size (so SQLCipher 4's default, 4096), written with the driver
 * directly so that nothing of today’s connection.ts shapes it. Returned open: a crash image can
 * then be copied with its WAL.
 */
function oldProfile(path: string, key: Uint8Array): Database.Database {
  const db = openAsOldVeil(path, key);
  messagesRepository(db, transactionOf(db)).insertIncoming(
    incoming({ body: 'written by the old Veil', sentAt: 1_700_000_000_000 }),
  );
  return db;
}

/**
 * The database and its WAL, each file's SHA-256 (comparing the bytes themselves with toEqual
 * takes seconds): what "nothing written" is checked against. The -shm index is SQLite's
 * scratch, rebuilt at every open after a crash, so it is left out.
 */
function dataFiles(dir: string): Record<string, string> {
  const files = readdirSync(dir).filter((name) => !name.endsWith('-shm'));
  return Object.fromEntries(
    files.map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    ]),
  );
}

const bodies = (path: string, key: Uint8Array): string[] => {
  const db = openDatabase(path, key);
  try {
    return db.messages.pageMessages(ALICE, undefined, 10).map((m) => m.body);
  } finally {
    db.close();
  }
};

describe('database page size', () => {
  it(`creates new files with ${PAGE_SIZE}-byte pages, smaller than SQLCipher's 4096`, () => {
    expect(PAGE_SIZE).toBeLessThan(LEGACY_PAGE_SIZE);
    const path = join(tempDir(), 'veil.db');
    const key = newKey();
    const db = openDatabase(path, key);
    db.messages.insertIncoming(incoming({ body: 'new' }));
    db.close();
    expect(pageSizeOf(path, key)).toBe(PAGE_SIZE);
    expect(statSync(path).size % PAGE_SIZE).toBe(0);
    // A standard SQLCipher reader given the key but not the page size is refused: the size is
    // part of what a forensic tool must be told (cipher_page_size, connection.ts).
    const plain = new Database(path, { readonly: true });
    plain.pragma("cipher = 'sqlcipher'");
    plain.pragma('legacy = 4');
    const literal = rawKeyLiteral(key);
    plain.key(literal);
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/i);
    plain.close();
  });

  it('opens a profile made with 4096-byte pages, reads and writes it, and keeps its page size', () => {
    const dir = tempDir();
    const path = join(dir, 'veil.db');
    const key = newKey();
    oldProfile(path, key).close();

    const db = openDatabase(path, key);
    expect(db.messages.pageMessages(ALICE, undefined, 10).map((m) => m.body)).toEqual([
      'written by the old Veil',
    ]);
    db.messages.insertIncoming(incoming({ body: 'written by today’s Veil', sentAt: 1_800_000_000_000 }));
    db.close();

    expect(bodies(path, key)).toEqual(['written by today’s Veil', 'written by the old Veil']);
    expect(pageSizeOf(path, key)).toBe(LEGACY_PAGE_SIZE);
    // And the old Veil's own settings still open it: nothing was converted behind its back.
    const old = new Database(path);
    old.pragma("cipher = 'sqlcipher'");
    old.pragma('legacy = 4');
    const literal = rawKeyLiteral(key);
    old.key(literal);
    expect(old.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2 });
    old.close();
  });

  it('opens an old profile left with a hot WAL by a crash, its last commits included', () => {
    const live = tempDir();
    const key = newKey();
    const db = oldProfile(join(live, 'veil.db'), key);
    db.pragma('wal_autocheckpoint = 0');
    messagesRepository(db, transactionOf(db)).insertIncoming(
      incoming({ body: 'only in the WAL', sentAt: 1_750_000_000_000 }),
    );
    const crashed = tempDir();
    cpSync(live, crashed, { recursive: true });
    db.close();
    rmSync(join(crashed, 'veil.db-shm'), { force: true });
    expect(statSync(join(crashed, 'veil.db-wal')).size).toBeGreaterThan(0);

    expect(bodies(join(crashed, 'veil.db'), key)).toEqual(['only in the WAL', 'written by the old Veil']);
  });

  for (const size of [PAGE_SIZE, LEGACY_PAGE_SIZE] as const) {
    it(`a wrong key fails with DatabaseKeyError and writes nothing (${size}-byte pages, hot WAL)`, () => {
      const live = tempDir();
      const key = newKey();
      const db =
        size === LEGACY_PAGE_SIZE
          ? oldProfile(join(live, 'veil.db'), key)
          : openConnection(join(live, 'veil.db'), key, { newFilePageSize: size });
      if (size !== LEGACY_PAGE_SIZE) {
        migrate(db);
        messagesRepository(db, transactionOf(db)).insertIncoming(
          incoming({ body: 'written by the old Veil', sentAt: 1_700_000_000_000 }),
        );
      }
      // A crash image: the last commits only in the WAL, which a careless open would checkpoint.
      db.pragma('wal_autocheckpoint = 0');
      messagesRepository(db, transactionOf(db)).insertIncoming(
        incoming({ body: 'only in the WAL', sentAt: 1_750_000_000_000 }),
      );
      const crashed = tempDir();
      cpSync(live, crashed, { recursive: true });
      db.close();
      rmSync(join(crashed, 'veil.db-shm'), { force: true });
      const path = join(crashed, 'veil.db');
      const before = dataFiles(crashed);

      expect(() => openConnection(path, newKey())).toThrow(DatabaseKeyError);
      expect(() => openDatabase(path, newKey())).toThrow(DatabaseKeyError);
      expect(dataFiles(crashed)).toEqual(before);

      expect(bodies(path, key)).toEqual(['only in the WAL', 'written by the old Veil']);
      expect(pageSizeOf(path, key)).toBe(size);
    });

    it(`rekeys a ${size}-byte-page file, open or closed, and keeps its page size`, () => {
      const path = join(tempDir(), 'veil.db');
      const key = newKey();
      if (size === LEGACY_PAGE_SIZE) oldProfile(path, key).close();
      else openConnection(path, key, { newFilePageSize: size satisfies PageSize }).close();

      const db = openDatabase(path, key);
      db.messages.insertIncoming(incoming({ body: 'before the rekey', sentAt: 1_710_000_000_000 }));
      const second = newKey();
      db.rekey(second);
      db.messages.insertIncoming(incoming({ body: 'after the rekey', sentAt: 1_720_000_000_000 }));
      db.close();
      expect(() => openDatabase(path, key)).toThrow(DatabaseKeyError);

      // The closed-file path (a protection change finished at the next start), twice: idempotent.
      const third = newKey();
      rekeyDatabaseFile(path, second, third);
      rekeyDatabaseFile(path, second, third);
      expect(() => openDatabase(path, second)).toThrow(DatabaseKeyError);
      expect(bodies(path, third)).toContain('after the rekey');
      expect(bodies(path, third)).toContain('before the rekey');
      expect(pageSizeOf(path, third)).toBe(size);
      expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    });
  }
});
