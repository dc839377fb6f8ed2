import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { FTS_BATCH } from '../../../../src/main/db/migrations/0015-fewer-pages';
import { searchRepository } from '../../../../src/main/db/search';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { transactionOf } from '../../../../src/main/db/transact';
import { openConnection } from '../../../../src/main/db/connection';
import { newMessageId } from '../../../../src/main/db/ids';
import {
  ALICE,
  BOB,
  atVersion,
  copyByRows,
  insertRawMessage,
  newKey,
  removeTempDirs,
  tempDir,
} from '../helpers';

afterEach(removeTempDirs);

/** What the index alone finds (no batch indexed first), by message id. */
const indexed = (raw: Sqlite, word: string): unknown[] =>
  raw
    .prepare(
      'SELECT m.id FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid WHERE messages_fts MATCH ? ORDER BY m.seq',
    )
    .pluck()
    .all(word);

const mark = (raw: Sqlite): unknown => raw.prepare('SELECT seq FROM messages_fts_upto').pluck().get();

let n = 0;
function add(raw: Sqlite, body: string): string {
  const id = newMessageId();
  n++;
  raw
    .prepare(
      "INSERT OR IGNORE INTO conversations (id, type, created_at, updated_at) VALUES (?, 'private', 1, 1)",
    )
    .run(ALICE);
  raw
    .prepare(
      `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
       VALUES (?, ?, 'in', ?, ?, ?, ?, 'read')`,
    )
    .run(id, ALICE, ALICE, body, 1000 + n, 1000 + n);
  return id;
}

/** FTS5 compares the index with the messages table: any row indexed twice, or missing, fails. */
function checkIndex(raw: Sqlite): void {
  raw.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
}

describe('migration 0015 (the search index filled in batches)', () => {
  it('starts with everything indexed, then indexes new messages by batches', () => {
    const raw = atVersion(14);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'la gare', at: 5, status: 'read' });
    migrate(raw, MIGRATIONS, 15);
    expect(schemaVersion(raw)).toBe(15);
    expect(indexed(raw, 'gare')).toEqual(['m']);
    expect(mark(raw)).toBe(1);
    const waiting = Array.from({ length: FTS_BATCH - 1 }, () => add(raw, 'gare du nord'));
    // Not in the index yet: a commit per message wrote no index page.
    expect(indexed(raw, 'gare')).toEqual(['m']);
    const last = add(raw, 'gare du nord');
    expect(indexed(raw, 'gare')).toEqual(['m', ...waiting, last]);
    expect(mark(raw)).toBe(FTS_BATCH + 1);
    checkIndex(raw);
    raw.close();
  });

  it('search indexes what waits before it reads: no message is ever missed', () => {
    const raw = atVersion(15);
    const id = add(raw, "L'école est fermée");
    expect(indexed(raw, 'ecole')).toEqual([]);
    const search = searchRepository(raw, transactionOf(raw)).search;
    expect(search('ecole').map((h) => h.messageId)).toEqual([id]);
    expect(indexed(raw, 'ecole')).toEqual([id]);
    checkIndex(raw);
    raw.close();
  });

  it('edits and deletions keep the index exact, waiting or indexed, and a reused rowid is indexed', () => {
    const raw = atVersion(15);
    const old = add(raw, 'ancien message');
    const search = searchRepository(raw, transactionOf(raw)).search;
    search('ancien'); // indexes it: the mark moves past it
    const waitingEdited = add(raw, 'brouillon');
    const waitingDeleted = add(raw, 'effacé');
    raw.prepare("UPDATE messages SET body = 'corrigé' WHERE id = ?").run(waitingEdited);
    raw.prepare('DELETE FROM messages WHERE id = ?').run(waitingDeleted);
    raw.prepare("UPDATE messages SET body = 'nouveau texte' WHERE id = ?").run(old);
    expect(indexed(raw, 'ancien')).toEqual([]);
    expect(indexed(raw, 'nouveau')).toEqual([old]);
    expect(search('brouillon')).toEqual([]);
    expect(search('corrigé').map((h) => h.messageId)).toEqual([waitingEdited]);
    expect(search('effacé')).toEqual([]);
    checkIndex(raw);
    // The newest row, indexed, deleted: SQLite gives its rowid to the next row, below the mark.
    raw.prepare('DELETE FROM messages WHERE id = ?').run(waitingEdited);
    const reused = add(raw, 'réutilisé');
    expect(indexed(raw, 'reutilise')).toEqual([reused]);
    checkIndex(raw);
    raw.close();
  });

  it('an exported profile imports with its index whole and its mark after every message', () => {
    const from = join(tempDir(), 'a.db');
    const key = newKey();
    const a = openConnection(from, key);
    migrate(a);
    const ids = [add(a, 'premier'), add(a, 'second')];
    a.close();
    const { to, tables } = copyByRows(from, key);
    expect(tables).not.toContain('messages_fts_upto');
    const b = openConnection(to, key);
    expect(mark(b)).toBe(b.prepare('SELECT max(seq) FROM messages').pluck().get());
    expect(indexed(b, 'premier')).toEqual([ids[0]]);
    const next = add(b, 'troisième');
    expect(
      searchRepository(b, transactionOf(b))
        .search('troisième')
        .map((h) => h.messageId),
    ).toEqual([next]);
    checkIndex(b);
    b.close();
  });
});

describe('migration 0015 (the newest profile time in the conversation row)', () => {
  it('moves each contact’s stored time into their conversation and drops the settings rows', () => {
    const raw = atVersion(14);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'salut', at: 5, status: 'read' });
    const set = raw.prepare('INSERT INTO settings_kv (key, value) VALUES (?, ?)');
    set.run(`contact.profileSentAt.${ALICE}`, '1754971101000');
    set.run(`contact.profileSentAt.${BOB}`, '1754971102000'); // no conversation: nothing to keep
    set.run('theme', '"dark"');
    migrate(raw, MIGRATIONS, 15);
    expect(raw.prepare('SELECT id, profile_sent_at FROM conversations').all()).toEqual([
      { id: ALICE, profile_sent_at: 1_754_971_101_000 },
    ]);
    expect(raw.prepare('SELECT key FROM settings_kv').pluck().all()).toEqual(['theme']);
    raw.close();
  });
});

describe('migration 0015 (messages_by_conversation dropped)', () => {
  it('drops the index; what read it reads other indexes, never the whole table', () => {
    const raw = atVersion(14);
    migrate(raw, MIGRATIONS, 15);
    const indexes = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all();
    expect(indexes).not.toContain('messages_by_conversation');
    expect(indexes).toContain('messages_by_shown_at');
    const plan = (sql: string): string =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    // A receipt's look-up (messages.ts): one row by the unique (sender, sent time).
    expect(
      plan(
        "SELECT id FROM messages WHERE sender = 'a' AND sent_at = 1 AND conversation_id = 'b' AND direction = 'out'",
      ),
    ).toContain('sqlite_autoindex_messages_3 (sender=? AND sent_at=?)');
    // The unread times of a conversation: the partial unread index.
    expect(
      plan("SELECT sent_at FROM messages WHERE conversation_id = 'b' AND status = 'unread' ORDER BY sent_at"),
    ).toContain('messages_unread');
    raw.close();
  });
});
