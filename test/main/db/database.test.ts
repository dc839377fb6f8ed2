import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { openConnection } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { DatabaseKeyError } from '../../../src/main/db/errors';
import { rawKeyLiteral } from '../../../src/main/db/key';
import { LATEST_VERSION } from '../../../src/main/db/migrations';
import { ALICE, freshDb, incoming, newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('openDatabase', () => {
  it('a transaction that reads then writes commits while another process writes (it waits its turn)', () => {
    const { db, path, key } = freshDb();
    // Another process on the same profile (the CLI next to the app), impatient here.
    const other = openConnection(path, key);
    other.pragma('busy_timeout = 50');
    let otherWrote = false;
    db.transaction(() => {
      db.kv.get('read-first', z.number());
      try {
        other.prepare("INSERT INTO settings_kv (key, value) VALUES ('other', '1')").run();
        otherWrote = true;
      } catch {
        // It waited for our transaction's write lock (and gave up after its 50 ms).
      }
      // A deferred transaction failed here: "database is locked" (its snapshot was stale).
      db.kv.set('mine', 1);
    });
    expect(otherWrote).toBe(false);
    expect(db.kv.get('mine', z.number())).toBe(1);
    other.prepare("INSERT INTO settings_kv (key, value) VALUES ('other', '1')").run();
    other.close();
    db.close();
  });

  it('creates an encrypted, migrated database and reopens it with the same key', () => {
    const { db, path, key } = freshDb();
    expect(db.migrated).toEqual({ from: 0, to: LATEST_VERSION });
    expect(db.messages.insertIncoming(incoming({ body: 'kept' }))).toBe('inserted');
    db.close();
    db.close(); // idempotent

    // No SQLite header: the first page is ciphertext (SQLCipher stores its salt there).
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    const again = openDatabase(path, key);
    expect(again.migrated).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    expect(again.messages.pageMessages(ALICE, undefined, 10).map((m) => m.body)).toEqual(['kept']);
    again.close();
  });

  it('applies WAL, foreign keys, synchronous=NORMAL, in-memory temp store, SQLCipher 4', () => {
    const path = join(tempDir(), 'p.db');
    const raw = openConnection(path, newKey());
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('synchronous', { simple: true })).toBe(1); // NORMAL (safe with WAL: connection.ts)
    expect(raw.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(raw.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(String(raw.pragma('legacy', { simple: true }))).toBe('4');
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    raw.close();
  });

  it('refuses a wrong key with DatabaseKeyError and leaves the file byte for byte', () => {
    const { db, path, key } = freshDb();
    db.messages.insertIncoming(incoming({ body: 'precious' }));
    db.close();
    const before = readFileSync(path);

    expect(() => openDatabase(path, newKey())).toThrow(DatabaseKeyError);
    try {
      openDatabase(path, newKey());
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseKeyError);
      expect((error as DatabaseKeyError).code).toBe('db.wrong-key');
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);

    const ok = openDatabase(path, key);
    expect(ok.messages.pageMessages(ALICE, undefined, 10).map((m) => m.body)).toEqual(['precious']);
    ok.close();
  });

  it('rejects keys that are not 32 bytes before touching the file', () => {
    const path = join(tempDir(), 'p.db');
    expect(() => openDatabase(path, new Uint8Array(16))).toThrow(RangeError);
    expect(existsSync(path)).toBe(false);
  });

  it("builds the raw-key literal x'<64 hex>'", () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    expect(rawKeyLiteral(key).toString('latin1')).toBe(`x'${Buffer.from(key).toString('hex')}'`);
  });

  it('rekeys: the new key opens the data, the old key no longer does', () => {
    const { db, path, key } = freshDb();
    db.messages.insertIncoming(incoming({ body: 'survives rekey' }));
    const next = newKey();
    db.rekey(next);
    // Still usable after the rekey, and back in WAL.
    db.messages.insertIncoming(incoming({ body: 'after rekey', sentAt: 1_800_000_000_000 }));
    db.close();

    expect(() => openDatabase(path, key)).toThrow(DatabaseKeyError);
    const reopened = openDatabase(path, next);
    expect(reopened.messages.pageMessages(ALICE, undefined, 10).map((m) => m.body)).toEqual([
      'after rekey',
      'survives rekey',
    ]);
    reopened.close();
    const raw = openConnection(path, next);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('runs each transaction through one wrapper built at the open, savepoints and rollbacks included', () => {
    const { db } = freshDb();
    // Building better-sqlite3's transaction function for each `transaction(work)` cost four
    // wrappers and twenty property definitions a message sent.
    const built = vi.spyOn(Database.prototype, 'transaction');
    try {
      const m = incoming();
      expect(db.transaction(() => db.transaction(() => db.messages.insertIncoming(m)))).toBe('inserted');
      const other = incoming({ sentAt: m.sentAt + 1 });
      expect(() =>
        db.transaction(() => {
          db.messages.insertIncoming(other);
          throw new Error('undo');
        }),
      ).toThrow('undo');
      // Inner work fails, outer goes on: only the savepoint is rolled back.
      db.transaction(() => {
        expect(() =>
          db.transaction(() => {
            db.messages.insertIncoming(other);
            throw new Error('undo inner');
          }),
        ).toThrow('undo inner');
      });
      expect(built).not.toHaveBeenCalled();
      expect(db.messages.getMessage(m.id)).toBeDefined();
      expect(db.messages.getMessage(other.id)).toBeUndefined();
    } finally {
      built.mockRestore();
      db.close();
    }
  });
});
