import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { ALICE, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const INVITATION = JSON.stringify({ name: 'Session FR', url: 'https://open.example/fr?public_key=00' });

function keys(raw: Sqlite): string[] {
  return raw
    .prepare("SELECT key FROM settings_kv WHERE key LIKE 'invitation.%' ORDER BY key")
    .all()
    .map((r) => (r as { key: string }).key);
}

function putInvitation(raw: Sqlite, messageId: string): void {
  raw
    .prepare('INSERT INTO settings_kv (key, value) VALUES (?, ?)')
    .run(`invitation.${messageId}`, INVITATION);
}

describe('migration 0007 (invitation details leave with their message)', () => {
  it('drops the details an earlier version left without a message, keeps the others', () => {
    const raw = atVersion(6);
    insertRawMessage(raw, {
      direction: 'in',
      sender: ALICE,
      body: 'https://open.example/fr',
      at: 5,
      status: 'unread',
    });
    putInvitation(raw, 'm');
    putInvitation(raw, 'gone');
    migrate(raw, MIGRATIONS, 7);
    expect(schemaVersion(raw)).toBe(7);
    expect(keys(raw)).toEqual(['invitation.m']);
    raw.close();
  });

  it('removes them when the message is unsent, or deleted', () => {
    const raw = atVersion(7);
    insertRawMessage(raw, {
      direction: 'in',
      sender: ALICE,
      body: 'https://open.example/fr',
      at: 5,
      status: 'unread',
    });
    putInvitation(raw, 'm');
    raw.prepare("UPDATE messages SET body = 'still here' WHERE id = 'm'").run();
    expect(keys(raw)).toEqual(['invitation.m']);
    raw.prepare("UPDATE messages SET deleted_at = 9, body = '' WHERE id = 'm'").run();
    expect(keys(raw)).toEqual([]);
    putInvitation(raw, 'm');
    raw.prepare("DELETE FROM messages WHERE id = 'm'").run();
    expect(keys(raw)).toEqual([]);
    raw.close();
  });
});
