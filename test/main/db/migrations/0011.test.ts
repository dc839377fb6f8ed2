import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const GROUP = `03${'d'.repeat(64)}`;
const BLINDED = `15${'e'.repeat(64)}`;

describe('migration 0011 (groups and community DMs are conversations)', () => {
  it('keeps every conversation, its messages, its settings and the cascade', () => {
    const raw = atVersion(10);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'salut', at: 5, status: 'unread' });
    raw
      .prepare(
        `UPDATE conversations SET nickname = 'Al', unread_count = 1, last_message_id = 'm', muted_until = 9,
           mentions_only = 1, disappearing_mode = 'after-read', disappearing_seconds = 60`,
      )
      .run();
    const before = raw.prepare('SELECT * FROM conversations').all();
    migrate(raw, MIGRATIONS, 11);
    expect(schemaVersion(raw)).toBe(11);
    expect(raw.prepare('SELECT * FROM conversations').all()).toEqual(before);
    expect(raw.prepare('SELECT body FROM messages').all()).toEqual([{ body: 'salut' }]);
    // Foreign keys are back on, and the messages still belong to the rebuilt table.
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    raw.prepare('DELETE FROM conversations WHERE id = ?').run(ALICE);
    expect(raw.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('takes a group under its 03 ID and a community DM under a blinded ID, nothing else', () => {
    const raw = atVersion(11);
    const insert = raw.prepare(
      'INSERT INTO conversations (id, type, created_at, updated_at) VALUES (?, ?, 1, 1)',
    );
    insert.run(GROUP, 'group');
    insert.run(BLINDED, 'community_dm');
    expect(() => insert.run(ALICE, 'group')).toThrow(/CHECK/);
    expect(() => insert.run(GROUP.slice(0, 60), 'group')).toThrow(/CHECK/);
    expect(() => insert.run(`25${'f'.repeat(64)}`.slice(0, 64), 'community_dm')).toThrow(/CHECK/);
    expect(() => insert.run(`05${'f'.repeat(64)}`, 'community_dm')).toThrow(/CHECK/);
    expect(() => insert.run(`05${'a'.repeat(64)}`, 'channel')).toThrow(/CHECK/);
    raw.close();
  });
});
