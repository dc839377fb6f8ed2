import { afterEach, describe, expect, it } from 'vitest';
import type { SessionId } from '../../../../src/crypto/keys';
import type { GroupNotice } from '../../../../src/shared/group-notice';
import { newMessageId } from '../../../../src/main/db/ids';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, BOB, ME, atVersion, freshDb, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const JOINED = `03${'d'.repeat(64)}`;
const INVITED = `03${'e'.repeat(64)}`;
const DECLINED = `03${'f'.repeat(64)}`;
const LEFT = `03${'c'.repeat(64)}`;

describe('migration 0012 (a group is a conversation)', () => {
  it('moves group messages into their conversations and drops group_messages', () => {
    const raw = atVersion(11);
    const group = raw.prepare(
      'INSERT INTO groups (group_id, name, status, joined_at, created_at) VALUES (?, ?, ?, ?, 1)',
    );
    group.run(JOINED, 'Walks', 'joined', 2);
    group.run(INVITED, 'Books', 'invited', null);
    group.run(DECLINED, 'Spam', 'left', null);
    group.run(LEFT, 'Old', 'left', 3);
    const message = raw.prepare(
      `INSERT INTO group_messages (group_id, hash, sender, body, sent_at, received_at, mine, read)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    message.run(JOINED, 'h1', ALICE, 'hi all', 10, 11, 0, 1);
    message.run(JOINED, 'h2', ME, 'hello', 20, 21, 1, 1);
    message.run(JOINED, 'h3', BOB, 'news', 30, 31, 0, 0);
    message.run(LEFT, 'h4', BOB, 'bye', 5, 6, 0, 0);
    // A copy of a message already in `messages` (same sender and time) is dropped.
    raw
      .prepare(`INSERT INTO conversations (id, type, created_at, updated_at) VALUES (?, 'private', 1, 1)`)
      .run(ALICE);
    raw
      .prepare(
        `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
         VALUES (?, ?, 'in', ?, 'dm', 99, 99, 'read')`,
      )
      .run(newMessageId(), ALICE, ALICE);
    message.run(LEFT, 'h5', ALICE, 'dup', 99, 99, 0, 0);

    migrate(raw, MIGRATIONS, 12);
    expect(schemaVersion(raw)).toBe(12);
    const conversations = raw
      .prepare(
        `SELECT id, type, display_name, approved, is_request, unread_count FROM conversations
         WHERE type = 'group' ORDER BY id`,
      )
      .all();
    expect(conversations).toEqual([
      { id: LEFT, type: 'group', display_name: 'Old', approved: 1, is_request: 0, unread_count: 1 },
      { id: JOINED, type: 'group', display_name: 'Walks', approved: 1, is_request: 0, unread_count: 1 },
      { id: INVITED, type: 'group', display_name: 'Books', approved: 0, is_request: 1, unread_count: 0 },
    ]);
    const moved = raw
      .prepare(
        `SELECT conversation_id AS c, direction, sender, body, sent_at, hash, status FROM messages
         WHERE conversation_id LIKE '03%' ORDER BY sent_at`,
      )
      .all();
    expect(moved).toEqual([
      { c: LEFT, direction: 'in', sender: BOB, body: 'bye', sent_at: 5, hash: 'h4', status: 'unread' },
      { c: JOINED, direction: 'in', sender: ALICE, body: 'hi all', sent_at: 10, hash: 'h1', status: 'read' },
      { c: JOINED, direction: 'out', sender: ME, body: 'hello', sent_at: 20, hash: 'h2', status: 'sent' },
      { c: JOINED, direction: 'in', sender: BOB, body: 'news', sent_at: 30, hash: 'h3', status: 'unread' },
    ]);
    // Each moved message has a message id of ours (version 4 from this migration's SQL, version 7
    // from newMessageId for the row written here), and the list's preview is the newest.
    const ids = raw.prepare(`SELECT id FROM messages`).pluck().all() as string[];
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(raw.prepare('SELECT last_message_at FROM conversations WHERE id = ?').pluck().get(JOINED)).toBe(
      30,
    );
    // The search index holds them too.
    expect(
      raw.prepare(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'news'`).pluck().get(),
    ).toBe(1);
    expect(
      raw.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'group_messages'`).pluck().get(),
    ).toBe(0);
    // A notice must be JSON.
    expect(() =>
      raw
        .prepare(
          `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status, notice)
           VALUES (?, ?, 'in', ?, '', 1, 1, 'read', 'not json')`,
        )
        .run(newMessageId(), JOINED, ALICE),
    ).toThrow(/CHECK/);
    raw.close();
  });

  it('stores a notice once, read, and reads it back typed', () => {
    const { db } = freshDb();
    db.groups.insert({ groupId: JOINED, name: 'Walks', status: 'joined', joinedAt: 1 }, 1);
    const id = JOINED as SessionId;
    db.conversations.ensureConversation({ id, type: 'group', approved: true }, 1);
    const notice: GroupNotice = { kind: 'members-added', by: ALICE, members: [BOB], withHistory: false };
    const first = newMessageId();
    expect(
      db.messages.insertNotice({
        id: first,
        conversationId: id,
        sender: ALICE,
        notice,
        sentAt: 50,
        receivedAt: 51,
      }),
    ).toBe('inserted');
    expect(
      db.messages.insertNotice({
        id: newMessageId(),
        conversationId: id,
        sender: ALICE,
        notice,
        sentAt: 50,
        receivedAt: 52,
      }),
    ).toBe('duplicate');
    expect(db.messages.getMessage(first)).toMatchObject({
      conversationId: JOINED,
      body: '',
      direction: 'in',
      status: 'read',
      notice,
    });
    expect(db.conversations.getConversation(id)).toMatchObject({ unreadCount: 0, type: 'group' });
    db.close();
  });
});
