import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_PAGE_SIZE, openConnection, PAGE_SIZE } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { DatabaseKeyError } from '../../../src/main/db/errors';
import { messagesRepository } from '../../../src/main/db/messages';
import { transactionOf } from '../../../src/main/db/transact';
import { CONVERT_SUFFIX, convertPageSize, type ConvertStep } from '../../../src/main/db/page-convert';
import { openAsOldVeil, pageSizeOf } from './old-profile';
import { ALICE, BOB, incoming, newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

const CRASHER = fileURLToPath(new URL('./fixtures/convert-crasher.ts', import.meta.url));
const MESSAGES = 300;

/**
 * A profile as Veil made it before session 13 (SQLCipher's default 4096-byte pages, the driver
 * used directly), with messages in two conversations. Returned open, for crash images.
 */
function oldProfile(path: string, key: Uint8Array): Database.Database {
  const db = openAsOldVeil(path, key);
  const messages = messagesRepository(db, transactionOf(db));
  db.transaction(() => {
    for (let i = 0; i < MESSAGES; i++) {
      messages.insertIncoming(
        incoming({
          conversationId: i % 3 === 0 ? BOB : ALICE,
          sender: i % 3 === 0 ? BOB : ALICE,
          body: `message ${i} ${i % 7 === 0 ? 'zebra' : 'plain'}`,
          sentAt: 1_700_000_000_000 + i,
        }),
      );
    }
  })();
  return db;
}

/** Every table's rows, rowids included, for "nothing lost, nothing changed". */
function dump(path: string, key: Uint8Array): Record<string, unknown[]> {
  const db = openConnection(path, key);
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name")
      .pluck()
      .all() as string[];
    const out: Record<string, unknown[]> = {};
    for (const t of tables) {
      const withoutRowid = (
        db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(t) as string
      )
        .toUpperCase()
        .includes('WITHOUT ROWID');
      out[t] = db.prepare(`SELECT ${withoutRowid ? '' : 'rowid AS _r, '}* FROM "${t}" ORDER BY 1`).all();
    }
    out.user_version = [db.pragma('user_version', { simple: true })];
    return out;
  } finally {
    db.close();
  }
}

/** What the app reads: both conversations' pages and a full-text search. */
function appView(path: string, key: Uint8Array) {
  const db = openDatabase(path, key);
  try {
    return {
      alice: db.messages.pageMessages(ALICE, undefined, 1_000).length,
      bob: db.messages.pageMessages(BOB, undefined, 1_000).length,
      zebra: db.search('zebra', { limit: 1_000 }).length,
    };
  } finally {
    db.close();
  }
}

describe('page-size conversion of an older profile', () => {
  it(`converts a ${LEGACY_PAGE_SIZE}-byte profile to ${PAGE_SIZE}, every row, rowid and index kept`, async () => {
    const dir = tempDir();
    const path = join(dir, 'veil.db');
    const key = newKey();
    oldProfile(path, key).close();
    // Read first: a search indexes the messages waiting for the index (a write).
    const view = appView(path, key);
    const before = dump(path, key);
    expect(view.alice + view.bob).toBe(MESSAGES);
    expect(view.zebra).toBeGreaterThan(0);

    const seen: number[] = [];
    const outcome = await convertPageSize(path, key, { rowsPerChunk: 40, onProgress: (f) => seen.push(f) });
    expect(outcome).toBe('converted');
    expect(pageSizeOf(path, key)).toBe(PAGE_SIZE);
    expect(dump(path, key)).toEqual(before);
    expect(appView(path, key)).toEqual(view);
    // Progress: from 0 to 1, never backwards, with steps between (the window shows them).
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(readdirSync(dir).filter((f) => f.includes(CONVERT_SUFFIX))).toEqual([]);
    // Once is enough: the next open finds the new size and does nothing.
    expect(await convertPageSize(path, key)).toBe('current');
  });

  it('keeps the last commits of a hot WAL left by a crash of the old Veil', async () => {
    const live = tempDir();
    const key = newKey();
    const db = oldProfile(join(live, 'veil.db'), key);
    db.pragma('wal_autocheckpoint = 0');
    messagesRepository(db, transactionOf(db)).insertIncoming(
      incoming({ body: 'only in the WAL zebra', sentAt: 1_800_000_000_000 }),
    );
    const crashed = tempDir();
    cpSync(live, crashed, { recursive: true });
    db.close();
    rmSync(join(crashed, 'veil.db-shm'), { force: true });
    const path = join(crashed, 'veil.db');
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);

    expect(await convertPageSize(path, key)).toBe('converted');
    expect(pageSizeOf(path, key)).toBe(PAGE_SIZE);
    expect(appView(path, key).alice + appView(path, key).bob).toBe(MESSAGES + 1);
  });

  it('keeps the profile as it is, and working, when the disk is short of space', async () => {
    const dir = tempDir();
    const path = join(dir, 'veil.db');
    const key = newKey();
    oldProfile(path, key).close();
    const before = dump(path, key);
    const logs: string[] = [];
    const outcome = await convertPageSize(path, key, {
      freeBytes: () => statSync(path).size,
      log: (line) => logs.push(line),
    });
    expect(outcome).toBe('no-space');
    expect(logs).toHaveLength(1);
    expect(pageSizeOf(path, key)).toBe(LEGACY_PAGE_SIZE);
    expect(dump(path, key)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.includes(CONVERT_SUFFIX))).toEqual([]);
  });

  it('refuses a wrong key before writing anything', async () => {
    const dir = tempDir();
    const path = join(dir, 'veil.db');
    const key = newKey();
    oldProfile(path, key).close();
    const before = dump(path, key);
    await expect(convertPageSize(path, newKey())).rejects.toThrow(DatabaseKeyError);
    expect(dump(path, key)).toEqual(before);
    expect(pageSizeOf(path, key)).toBe(LEGACY_PAGE_SIZE);
  });

  const steps: ConvertStep[] = ['checkpointed', 'schema', 'rows', 'copied', 'verified', 'synced', 'renamed'];
  for (const step of steps) {
    it(`a crash after "${step}" leaves a usable profile, and the next open finishes the work`, async () => {
      const dir = tempDir();
      const path = join(dir, 'veil.db');
      const key = newKey();
      oldProfile(path, key).close();
      const before = dump(path, key);
      const child = spawnSync(process.execPath, ['--import', 'tsx', CRASHER, path, step], {
        env: { ...process.env, VEIL_TEST_DB_KEY: Buffer.from(key).toString('hex') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(child.stderr).toBe('');
      expect(child.signal).toBe('SIGKILL');
      // Between the crash and the next conversion, the profile opens as it is: old or new.
      expect(pageSizeOf(path, key)).toBe(step === 'renamed' ? PAGE_SIZE : LEGACY_PAGE_SIZE);
      expect(dump(path, key)).toEqual(before);
      expect(existsSync(path + CONVERT_SUFFIX)).toBe(step !== 'renamed' && step !== 'checkpointed');

      expect(await convertPageSize(path, key)).toBe(step === 'renamed' ? 'current' : 'converted');
      expect(pageSizeOf(path, key)).toBe(PAGE_SIZE);
      expect(dump(path, key)).toEqual(before);
      expect(existsSync(path + CONVERT_SUFFIX)).toBe(false);
    });
  }
});
