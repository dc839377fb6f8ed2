import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DatabaseCorruptError } from '../../../src/main/db/errors';
import type { SessionId } from '../../../src/crypto/keys';
import { openConnection } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { ALICE, BOB, ME, freshDb, incoming, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

describe('kv', () => {
  it('round-trips JSON through a schema and refuses a stored value of the wrong shape', () => {
    const { db } = freshDb();
    const schema = z.object({ enabled: z.boolean() });
    expect(db.kv.get('receipts', schema)).toBeUndefined();
    db.kv.set('receipts', { enabled: true });
    expect(db.kv.get('receipts', schema)).toEqual({ enabled: true });
    db.kv.set('receipts', 'yes');
    expect(() => db.kv.get('receipts', schema)).toThrow(DatabaseCorruptError);
    expect(() => db.kv.set('x', undefined)).toThrow(TypeError);
    expect(db.kv.delete('receipts')).toBe(true);
    expect(db.kv.delete('receipts')).toBe(false);
    db.close();
  });
});

describe('seen hashes and last hashes', () => {
  it('remembers hashes per (pubkey, namespace) until they expire', () => {
    const { db } = freshDb();
    expect(db.seen.seen(ALICE, 0, 'h1')).toBe(false);
    expect(db.seen.markSeen(ALICE, 0, 'h1', 100)).toBe(true);
    expect(db.seen.markSeen(ALICE, 0, 'h1', 200)).toBe(false);
    expect(db.seen.seen(ALICE, 0, 'h1')).toBe(true);
    expect(db.seen.seen(ALICE, -10, 'h1')).toBe(false);
    expect(db.seen.seen(BOB, 0, 'h1')).toBe(false);
    expect(db.seen.pruneSeen(150)).toBe(0); // expiry was extended to 200
    expect(db.seen.pruneSeen(200)).toBe(1);
    expect(db.seen.seen(ALICE, 0, 'h1')).toBe(false);
    db.close();
  });

  it('keeps the last hash per (snode, pubkey, namespace)', () => {
    const { db } = freshDb();
    const node = 'ed'.repeat(32);
    expect(db.seen.lastHash(node, ALICE, 0)).toBeUndefined();
    db.seen.setLastHash(node, ALICE, 0, { hash: 'a', expiresAt: 10 }, 1);
    db.seen.setLastHash(node, ALICE, 0, { hash: 'b', expiresAt: null }, 2);
    db.seen.setLastHash(node, ALICE, 5, { hash: 'c', expiresAt: 3 }, 2);
    expect(db.seen.lastHash(node, ALICE, 0)).toEqual({ hash: 'b', expiresAt: null });
    expect(db.seen.lastHash(node, ALICE, 5)).toEqual({ hash: 'c', expiresAt: 3 });
    db.close();
  });
});

describe('contacts', () => {
  it('upserts only the given fields and lists the blocked', () => {
    const { db } = freshDb();
    const key = new Uint8Array(32).fill(9);
    db.contacts.upsertContact(
      { sessionId: ALICE, displayName: 'Alice', avatar: { url: 'http://f/1', key } },
      1,
    );
    const after = db.contacts.upsertContact({ sessionId: ALICE, nickname: 'Al', blocked: true }, 2);
    expect(after).toMatchObject({
      displayName: 'Alice',
      nickname: 'Al',
      blocked: true,
      createdAt: 1,
      updatedAt: 2,
    });
    expect(after.avatar?.key).toEqual(key);
    expect(db.contacts.upsertContact({ sessionId: ALICE, avatar: null }, 3).avatar).toBeNull();
    db.contacts.upsertContact({ sessionId: BOB }, 3);
    expect(db.contacts.listBlocked().map((c) => c.sessionId)).toEqual([ALICE]);
    expect(db.contacts.listContacts()).toHaveLength(2);
    db.close();
  });
});

describe('conversations', () => {
  it('accepting a request moves it to the inbox; pinned sort first; hidden and blocked leave the inbox', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming({ sentAt: 10 }));
    db.messages.insertIncoming(incoming({ sender: BOB, conversationId: BOB, sentAt: 20 }));
    expect(db.conversations.updateConversation(ALICE, { approved: true, isRequest: false }, 30)).toBe(true);
    expect(
      db.conversations.updateConversation(BOB, { approved: true, isRequest: false, nickname: 'B' }, 30),
    ).toBe(true);
    expect(db.conversations.listConversations().map((c) => c.id)).toEqual([BOB, ALICE]);
    db.conversations.updateConversation(ALICE, { pinned: true }, 31);
    expect(db.conversations.listConversations().map((c) => c.id)).toEqual([ALICE, BOB]);
    db.conversations.updateConversation(BOB, { blocked: true }, 32);
    expect(db.conversations.listConversations().map((c) => c.id)).toEqual([ALICE]);
    expect(db.conversations.listConversations('all')).toHaveLength(2);
    expect(db.conversations.getConversation(BOB)?.nickname).toBe('B');
    expect(db.conversations.updateConversation(BOB, {}, 33)).toBe(true);
    db.close();
  });

  it('a send reads the kind and flags the whole record has, and nothing for an unknown id', () => {
    const { db } = freshDb();
    const group = `03${'e'.repeat(64)}` as SessionId;
    db.messages.insertIncoming(incoming({ sentAt: 10 }));
    db.messages.insertIncoming(incoming({ sender: BOB, conversationId: BOB, sentAt: 20 }));
    db.conversations.updateConversation(BOB, { blocked: true, isRequest: false }, 30);
    db.outbox.insertOutgoing(outgoing({ conversationId: ME, sentAt: 40 }), 40);
    db.conversations.ensureConversation({ id: group, type: 'group', approved: true }, 50);
    for (const id of [ALICE, BOB, ME, group]) {
      const whole = db.conversations.getConversation(id);
      expect(whole).toBeDefined();
      if (!whole) continue;
      const { type, blocked, isRequest, displayName } = whole;
      expect(db.conversations.conversationState(id)).toEqual({ id, type, blocked, isRequest, displayName });
    }
    expect(db.conversations.getConversation(ALICE)?.isRequest).toBe(true);
    expect(db.conversations.conversationState(`05${'f'.repeat(64)}` as SessionId)).toBeUndefined();
    db.close();
  });

  it('lists the ids the whole list has, without it, and refuses a stored id of no known kind', () => {
    const { db, path, key } = freshDb();
    const group = `03${'e'.repeat(64)}` as SessionId;
    expect(db.conversations.conversationIds()).toEqual([]);
    db.messages.insertIncoming(incoming({ sentAt: 10 }));
    db.messages.insertIncoming(incoming({ sender: BOB, conversationId: BOB, sentAt: 20 }));
    db.conversations.updateConversation(BOB, { blocked: true }, 30);
    db.outbox.insertOutgoing(outgoing({ conversationId: ME, sentAt: 40 }), 40);
    db.conversations.ensureConversation({ id: group, type: 'group', approved: true }, 50);
    const whole = db.conversations.listConversations('all').map((c) => c.id);
    expect(whole).toHaveLength(4);
    expect([...db.conversations.conversationIds()].sort()).toEqual([...whole].sort());
    db.close();
    const raw = openConnection(path, key);
    raw
      .prepare(
        "INSERT INTO conversations (id, type, created_at, updated_at) VALUES ('nope', 'private', 1, 1)",
      )
      .run();
    raw.close();
    const again = openDatabase(path, key);
    expect(() => again.conversations.conversationIds()).toThrow(DatabaseCorruptError);
    again.close();
  });
});
