import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const insertFile = `INSERT INTO attachments (id, message_id, origin, size, content_type, state, blob, blob_key, created_at)
  VALUES (?, ?, 'remote', 3, 'image/png', 'ready', ?, x'00', 1)`;

describe('migration 0006 (attachments)', () => {
  it('adds the tables to a database with messages, which stay as they were', () => {
    const raw = atVersion(5);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'kept', at: 5, status: 'unread' });
    migrate(raw, MIGRATIONS, 6);
    expect(schemaVersion(raw)).toBe(6);
    expect(raw.prepare('SELECT body FROM messages').pluck().all()).toEqual(['kept']);
    expect(raw.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(0);
    raw.close();
  });

  it('puts the local file of every deleted row in the trash: message deleted, unsent, or let go', () => {
    const raw = atVersion(6);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: '', at: 5, status: 'unread' });
    raw.prepare(insertFile).run('a'.repeat(32), 'm', '1'.repeat(32));
    raw.prepare(insertFile).run('b'.repeat(32), 'm', '2'.repeat(32));
    raw.prepare('UPDATE attachments SET blob = NULL, blob_key = NULL WHERE id = ?').run('b'.repeat(32));
    expect(raw.prepare('SELECT blob FROM attachment_trash').pluck().all()).toEqual(['2'.repeat(32)]);
    raw.prepare("UPDATE messages SET deleted_at = 9, body = '' WHERE id = 'm'").run();
    expect(raw.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT blob FROM attachment_trash ORDER BY blob').pluck().all()).toEqual([
      '1'.repeat(32),
      '2'.repeat(32),
    ]);
    raw.close();
  });

  it('refuses unknown states and a blob without its key', () => {
    const raw = atVersion(6);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: '', at: 5, status: 'unread' });
    raw.prepare(insertFile).run('c'.repeat(32), 'm', '3'.repeat(32));
    expect(() => raw.prepare("UPDATE attachments SET state = 'lost'").run()).toThrow(/CHECK/);
    expect(() => raw.prepare('UPDATE attachments SET blob_key = NULL').run()).toThrow(/CHECK/);
    raw.close();
  });
});
