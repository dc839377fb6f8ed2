import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionId } from '../../../src/crypto/keys';
import { openDatabase } from '../../../src/main/db/database';
import type { VeilDatabase } from '../../../src/main/db/database';
import { newMessageId } from '../../../src/main/db/ids';
import type { MessageHash } from '../../../src/main/db/ids';
import type { IncomingMessage } from '../../../src/main/db/messages';
import type { OutgoingMessage } from '../../../src/main/db/outbox';
import { openConnection } from '../../../src/main/db/connection';
import { MIGRATIONS, migrate } from '../../../src/main/db/migrations';
import type { Sqlite } from '../../../src/main/db/sqlite';
import { createRowLoader, openRowSnapshot } from '../../../src/main/db/portable-rows';
import { tempDir as sharedTempDir } from '../../helpers/temp-dir';

const dirs: string[] = [];

/** A new folder, removed by removeTempDirs, else after the test file's tests. */
export function tempDir(): string {
  const dir = sharedTempDir('veil-db-');
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const newKey = (): Uint8Array => new Uint8Array(randomBytes(32));

export function sessionId(fill?: string): SessionId {
  return `05${fill === undefined ? randomBytes(32).toString('hex') : fill.repeat(64).slice(0, 64)}` as SessionId;
}

export const ME = sessionId('a');
export const ALICE = sessionId('b');
export const BOB = sessionId('c');

/** A fresh database in its own profile folder. */
export function freshDb(): { db: VeilDatabase; dir: string; path: string; key: Uint8Array } {
  const dir = tempDir();
  const path = join(dir, 'veil.db');
  const key = newKey();
  return { db: openDatabase(path, key), dir, path, key };
}

let hashCounter = 0;
export const newHash = (): MessageHash => `hash${(hashCounter++).toString(36)}` as MessageHash;

export function incoming(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  const sentAt = overrides.sentAt ?? 1_700_000_000_000;
  return {
    id: newMessageId(),
    conversationId: ALICE,
    sender: ALICE,
    body: 'hello',
    sentAt,
    receivedAt: sentAt + 10,
    hash: newHash(),
    ...overrides,
  };
}

export function outgoing(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    id: newMessageId(),
    conversationId: ALICE,
    sender: ME,
    body: 'hi there',
    sentAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** Names of files in `dir` whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: Buffer): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(needle));
}

/**
 * A database migrated up to `version` only. The pattern for NNNN.test.ts: build `atVersion(N - 1)`,
 * insert rows with raw SQL of that version, `migrate(raw, MIGRATIONS, N)`, check the rows survived.
 * Version 0 is the empty file, so for 0001 "survives" means the empty keyed file migrates cleanly.
 */
/**
 * Copies the database at `from` table by table into a new file, as a profile's export and import
 * do (a row snapshot, then the loader, which rebuilds the search indexes): the copy's path and the
 * names of the tables the snapshot carried.
 */
export function copyByRows(from: string, key: Uint8Array): { to: string; tables: string[] } {
  const snapshot = openRowSnapshot(from, key);
  const tables = snapshot.tables.map((t) => t.name);
  const to = join(tempDir(), 'copy.db');
  const loader = createRowLoader(to, key, snapshot.schemaVersion);
  for (const table of snapshot.tables) {
    loader.beginTable(table.name, table.columns);
    for (const rows of snapshot.rows(table, 100)) loader.insert(rows);
  }
  snapshot.close();
  loader.finish();
  return { to, tables };
}

export function atVersion(version: number): Sqlite {
  const raw = openConnection(join(tempDir(), 'v.db'), newKey());
  migrate(raw, MIGRATIONS, version);
  return raw;
}

/**
 * One private conversation with ALICE holding one message 'm', written with raw SQL of schema
 * version 1 (the columns every later version still has), sent and received at `at`.
 */
export function insertRawMessage(
  raw: Sqlite,
  m: {
    readonly direction: 'in' | 'out';
    readonly sender: SessionId;
    readonly body: string;
    readonly at: number;
    readonly status: string;
  },
): void {
  raw
    .prepare("INSERT INTO conversations (id, type, created_at, updated_at) VALUES (?, 'private', 1, 1)")
    .run(ALICE);
  raw
    .prepare(
      `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
       VALUES ('m', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(ALICE, m.direction, m.sender, m.body, m.at, m.at, m.status);
}
