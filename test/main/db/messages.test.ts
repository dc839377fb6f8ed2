import { afterEach, describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/main/db/ids';
import type { MessageId } from '../../../src/main/db/ids';
import { ALICE, BOB, ME, freshDb, incoming, newHash, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

describe('messages.insertIncoming', () => {
  it('stores a message and opens a message request for an unknown sender', () => {
    const { db } = freshDb();
    const m = incoming({ body: 'first' });
    expect(db.messages.insertIncoming(m)).toBe('inserted');
    expect(db.messages.getMessage(m.id)).toMatchObject({
      direction: 'in',
      status: 'unread',
      body: 'first',
      hash: m.hash,
    });
    const conv = db.conversations.getConversation(ALICE);
    expect(conv).toMatchObject({ isRequest: true, approved: false, unreadCount: 1, type: 'private' });
    expect(conv?.lastMessage).toMatchObject({ id: m.id, body: 'first', direction: 'in' });
    expect(db.conversations.listConversations('requests').map((c) => c.id)).toEqual([ALICE]);
    expect(db.conversations.listConversations('inbox')).toEqual([]);
    db.close();
  });

  it('drops a duplicate by swarm hash', () => {
    const { db } = freshDb();
    const m = incoming();
    expect(db.messages.insertIncoming(m)).toBe('inserted');
    expect(db.messages.insertIncoming({ ...m, id: newMessageId(), sentAt: m.sentAt + 1 })).toBe('duplicate');
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(1);
    db.close();
  });

  it('drops a replay: same sender and sent timestamp under a new hash', () => {
    const { db } = freshDb();
    const m = incoming();
    db.messages.insertIncoming(m);
    expect(db.messages.insertIncoming({ ...m, id: newMessageId(), hash: newHash(), body: 'forged' })).toBe(
      'duplicate',
    );
    // The same timestamp from someone else is a different message.
    expect(
      db.messages.insertIncoming({
        ...m,
        id: newMessageId(),
        hash: newHash(),
        sender: BOB,
        conversationId: BOB,
      }),
    ).toBe('inserted');
    expect(db.messages.pageMessages(ALICE, undefined, 10).map((x) => x.body)).toEqual(['hello']);
    db.close();
  });

  it('keeps the newest message as the preview even when an older one arrives late', () => {
    const { db } = freshDb();
    const newer = incoming({ body: 'newer', sentAt: 2_000 });
    db.messages.insertIncoming(newer);
    db.messages.insertIncoming(incoming({ body: 'older', sentAt: 1_000 }));
    expect(db.conversations.getConversation(ALICE)?.lastMessage).toMatchObject({ id: newer.id, at: 2_000 });
    db.close();
  });
});

describe('messages.pageMessages', () => {
  it('pages newest first with a (sentAt, id) cursor, ties included, nothing skipped or repeated', () => {
    const { db } = freshDb();
    const ids: MessageId[] = [];
    for (let i = 0; i < 25; i++) {
      // Pairs share a timestamp (one from each side) to exercise the tie-break.
      const sentAt = 10_000 + Math.floor(i / 2);
      if (i % 2 === 0) {
        const m = incoming({ sentAt, body: `in ${i}` });
        db.messages.insertIncoming(m);
        ids.push(m.id);
      } else {
        const m = outgoing({ sentAt, body: `out ${i}` });
        db.outbox.insertOutgoing(m, sentAt);
        ids.push(m.id);
      }
    }
    db.messages.insertIncoming(incoming({ sender: BOB, conversationId: BOB })); // another conversation

    const seen: { sentAt: number; id: string }[] = [];
    let page = db.messages.pageMessages(ALICE, undefined, 7);
    while (page.length > 0) {
      seen.push(...page.map((m) => ({ sentAt: m.sentAt, id: m.id })));
      const last = page[page.length - 1]!;
      page = db.messages.pageMessages(ALICE, { shownAt: last.shownAt, id: last.id }, 7);
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(ids));
    const sorted = [...seen].sort((a, b) => b.sentAt - a.sentAt || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(sorted);
    db.close();
  });
});

describe('read state', () => {
  it('markConversationRead reads every incoming message and returns their timestamps', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming({ sentAt: 5 }));
    db.messages.insertIncoming(incoming({ sentAt: 3 }));
    db.outbox.insertOutgoing(outgoing({ sentAt: 4 }), 4);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(2);
    expect(db.conversations.markConversationRead(ALICE, 100)).toEqual([3, 5]);
    expect(db.conversations.markConversationRead(ALICE, 101)).toEqual([]);
    // The second read had nothing to read: the conversation did not change (nor move in the list).
    const conv = db.conversations.getConversation(ALICE);
    expect(conv).toMatchObject({ unreadCount: 0, updatedAt: 100 });
    expect(db.messages.pageMessages(ALICE, undefined, 10).map((m) => m.status)).toEqual([
      'read',
      'sending',
      'read',
    ]);
    db.close();
  });

  it('markOutgoingRead applies a receipt to our messages only', () => {
    const { db } = freshDb();
    const out = outgoing({ sentAt: 7 });
    db.outbox.insertOutgoing(out, 7);
    db.messages.insertIncoming(incoming({ sentAt: 8 }));
    expect(db.messages.markOutgoingRead(ALICE, [7, 8, 9], ME)).toBe(1);
    expect(db.messages.getMessage(out.id)?.status).toBe('read');
    db.close();
  });
});

describe('sync copies and expiry', () => {
  it('insertSynced stores our message from another device as sent, and drops our own echo', () => {
    const { db } = freshDb();
    const mine = outgoing({ sentAt: 77 });
    db.outbox.insertOutgoing(mine, 77);
    // The echo of this device's own message comes back from our swarm: same sender + timestamp.
    expect(db.messages.insertSynced(incoming({ sender: ME, conversationId: ALICE, sentAt: 77 }))).toBe(
      'duplicate',
    );
    const other = incoming({ sender: ME, conversationId: BOB, sentAt: 78, body: 'from my laptop' });
    expect(db.messages.insertSynced(other)).toBe('inserted');
    expect(db.messages.getMessage(other.id)).toMatchObject({ direction: 'out', status: 'sent' });
    expect(db.conversations.getConversation(BOB)).toMatchObject({
      approved: true,
      isRequest: false,
      unreadCount: 0,
    });
    db.close();
  });

  it('deleteExpired removes due messages and fixes the unread counts', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming({ sentAt: 1, expiresAt: 100 }));
    db.messages.insertIncoming(incoming({ sentAt: 2, expiresAt: 300 }));
    db.messages.insertIncoming(incoming({ sentAt: 3 }));
    expect(db.disappearing.deleteExpired(200)).toHaveLength(1);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(2);
    expect(db.messages.pageMessages(ALICE, undefined, 10).map((m) => m.sentAt)).toEqual([3, 2]);
    db.close();
  });
});
