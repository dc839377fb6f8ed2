import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { ALICE, ME, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const columns = (db: Sqlite, table: string): string[] =>
  db
    .prepare(`SELECT name FROM pragma_table_info(?)`)
    .pluck()
    .all(table)
    .map((n) => String(n));

const plan = (db: Sqlite, sql: string, ...params: unknown[]): string =>
  db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((r) => JSON.stringify(r))
    .join('\n');

describe('migration 0001 (initial schema)', () => {
  it('migrates an empty database (version 0) to version 1', () => {
    const raw = atVersion(0);
    expect(schemaVersion(raw)).toBe(0);
    migrate(raw, MIGRATIONS, 1);
    expect(schemaVersion(raw)).toBe(1);
    raw.close();
  });

  it('creates every table with the expected columns', () => {
    const raw = atVersion(1);
    expect(columns(raw, 'conversations')).toEqual([
      'id',
      'type',
      'display_name',
      'nickname',
      'approved',
      'approved_me',
      'blocked',
      'is_request',
      'unread_count',
      'last_message_id',
      'last_message_at',
      'pinned',
      'hidden',
      'created_at',
      'updated_at',
    ]);
    expect(columns(raw, 'contacts')).toEqual([
      'session_id',
      'display_name',
      'nickname',
      'avatar_url',
      'avatar_key',
      'approved',
      'approved_me',
      'blocked',
      'created_at',
      'updated_at',
    ]);
    expect(columns(raw, 'messages')).toEqual([
      'seq',
      'id',
      'conversation_id',
      'direction',
      'sender',
      'body',
      'sent_at',
      'received_at',
      'hash',
      'status',
      'expires_at',
    ]);
    expect(columns(raw, 'outbox')).toEqual([
      'message_id',
      'recipient',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
    ]);
    expect(columns(raw, 'seen_hashes')).toEqual(['pubkey', 'namespace', 'hash', 'expires_at']);
    expect(columns(raw, 'last_hashes')).toEqual([
      'snode',
      'pubkey',
      'namespace',
      'hash',
      'expires_at',
      'updated_at',
    ]);
    expect(columns(raw, 'settings_kv')).toEqual(['key', 'value']);
    expect(columns(raw, 'messages_fts')).toEqual(['body']);
    raw.close();
  });

  it('enforces direction/status pairs, booleans and types (STRICT)', () => {
    const raw = atVersion(1);
    raw
      .prepare("INSERT INTO conversations (id, type, created_at, updated_at) VALUES (?, 'private', 1, 1)")
      .run(ALICE);
    const insert = raw.prepare(
      `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
       VALUES (?, ?, ?, ?, 'x', ?, 1, ?)`,
    );
    insert.run('a', ALICE, 'out', ME, 1, 'sending');
    insert.run('b', ALICE, 'in', ALICE, 2, 'unread');
    expect(() => insert.run('c', ALICE, 'in', ALICE, 3, 'sending')).toThrow(/CHECK/);
    expect(() => insert.run('d', ALICE, 'out', ME, 4, 'unread')).toThrow(/CHECK/);
    expect(() => insert.run('e', ALICE, 'in', ALICE, 'soon', 'unread')).toThrow(/cannot store TEXT/);
    expect(() => raw.prepare('UPDATE conversations SET blocked = 2').run()).toThrow(/CHECK/);
    expect(() => raw.prepare("INSERT INTO settings_kv VALUES ('k', 'not json')").run()).toThrow(/CHECK/);
    // Foreign keys: a message needs its conversation; deleting the conversation cascades.
    expect(() => insert.run('f', ME, 'out', ME, 5, 'sending')).toThrow(/FOREIGN KEY/);
    raw.prepare('DELETE FROM conversations').run();
    expect(raw.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    raw.close();
  });

  it('keeps messages_fts in step with messages on insert, update and delete', () => {
    const raw = atVersion(1);
    insertRawMessage(raw, {
      direction: 'in',
      sender: ALICE,
      body: 'le café est prêt',
      at: 1,
      status: 'unread',
    });
    const count = (q: string): unknown =>
      raw.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(q);
    expect(count('cafe')).toBe(1); // diacritics folded
    raw.prepare("UPDATE messages SET body = 'thé' WHERE id = 'm'").run();
    expect(count('cafe')).toBe(0);
    expect(count('the')).toBe(1);
    raw.prepare("DELETE FROM messages WHERE id = 'm'").run();
    expect(count('the')).toBe(0);
    raw.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run();
    raw.close();
  });

  it('pages a conversation and finds due outbox rows through indexes', () => {
    const raw = atVersion(1);
    expect(
      plan(
        raw,
        'SELECT * FROM messages WHERE conversation_id = ? AND sent_at < ? ORDER BY sent_at DESC, id DESC LIMIT 50',
        ALICE,
        1,
      ),
    ).toContain('messages_by_conversation');
    expect(
      plan(raw, 'SELECT * FROM outbox WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?', 1),
    ).toContain('outbox_due');
    expect(
      plan(raw, 'SELECT 1 FROM messages WHERE hash = ? OR (sender = ? AND sent_at = ?)', 'h', ALICE, 1),
    ).not.toMatch(/SCAN messages/);
    raw.close();
  });
});
