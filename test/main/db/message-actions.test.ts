/** The database side of message actions: quotes stored and sent, deletions, reactions. */
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newMessageId } from '../../../src/main/db';
import type { MessageHash } from '../../../src/main/db';
import { ALICE, BOB, ME, freshDb, incoming, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const T = 1_700_000_000_000;

describe('message actions in the database', () => {
  it('stores a reply’s quote on both sides and hands it to the outbox', () => {
    const { db } = freshDb();
    const quote = { id: T, author: ALICE, text: 'Le train part à 9 h', attachment: null };
    const reply = outgoing({ body: 'J’y serai', sentAt: T + 5, quote, syncToSelf: true });
    db.outbox.insertOutgoing(reply, T + 5);
    expect(db.messages.getMessage(reply.id)?.quote).toEqual(quote);
    expect(db.outbox.dueOutbox(T + 10).map((i) => [i.recipient, i.quote])).toEqual([
      [ALICE, quote],
      [ME, quote],
    ]);
    const theirs = incoming({ sentAt: T + 20, quote: { ...quote, author: ME, attachment: 'image/png' } });
    db.messages.insertIncoming(theirs);
    expect(db.messages.getMessage(theirs.id)?.quote?.attachment).toBe('image/png');
    db.close();
  });

  it('keeps the hash of our sync copy (what unsend deletes from our swarm)', () => {
    const { db } = freshDb();
    const m = outgoing({ syncToSelf: true });
    db.outbox.insertOutgoing(m, T);
    db.outbox.markSent(m.id, 'theirHash' as MessageHash);
    db.outbox.markDelivered(m.id, ME, 'ourHash' as MessageHash);
    expect(db.messages.getMessage(m.id)).toMatchObject({ hash: 'theirHash', syncHash: 'ourHash' });
    db.close();
  });

  it('delete for everyone empties the body, its search entry, quote and reactions; keeps a marker', () => {
    const { db } = freshDb();
    const m = incoming({
      body: 'rendez-vous à la gare',
      quote: { id: 1, author: ME, text: 'où ?', attachment: null },
    });
    db.messages.insertIncoming(m);
    db.reactions.apply({ messageId: m.id, reactor: ME, emoji: '👍', at: T, removed: false });
    expect(db.search('gare')).toHaveLength(1);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(1);
    const record = db.messages.getMessage(m.id)!;
    expect(db.actions.markDeleted(record, T + 1)).toBe(true);
    expect(db.actions.markDeleted(record, T + 2)).toBe(false);
    expect(db.messages.getMessage(m.id)).toMatchObject({ body: '', quote: null, deletedAt: T + 1 });
    expect(db.search('gare')).toEqual([]);
    expect(db.reactions.forMessages([m.id]).size).toBe(0);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(0);
    db.close();
  });

  it('delete for me removes the row, its search entry, and moves the preview back', () => {
    const { db } = freshDb();
    const older = incoming({ body: 'premier', sentAt: T });
    const newer = incoming({ body: 'second', sentAt: T + 1 });
    db.messages.insertIncoming(older);
    db.messages.insertIncoming(newer);
    expect(db.actions.removeCompletely(db.messages.getMessage(newer.id)!)).toBe(true);
    expect(db.messages.getMessage(newer.id)).toBeUndefined();
    expect(db.search('second')).toEqual([]);
    expect(db.conversations.getConversation(ALICE)?.lastMessage?.id).toBe(older.id);
    expect(db.conversations.getConversation(ALICE)?.unreadCount).toBe(1);
    db.close();
  });

  it('finds a message by (author, sent timestamp), as quotes, reactions and unsends name it', () => {
    const { db } = freshDb();
    const m = incoming({ sentAt: T + 7 });
    db.messages.insertIncoming(m);
    expect(db.actions.findBySenderAt(ALICE, T + 7)?.id).toBe(m.id);
    expect(db.actions.findBySenderAt(BOB, T + 7)).toBeUndefined();
    db.close();
  });

  it('reactions: newest wins per (reactor, emoji), counts group by emoji, 40 emoji at most', () => {
    const { db } = freshDb();
    const m = incoming();
    db.messages.insertIncoming(m);
    const apply = (reactor: typeof ME, emoji: string, at: number, removed = false) =>
      db.reactions.apply({ messageId: m.id, reactor, emoji, at, removed });
    expect(apply(ALICE, '😂', 10)).toBe(true);
    expect(apply(ME, '😂', 11)).toBe(true);
    expect(apply(ME, '😂', 12)).toBe(false); // already shown
    expect(apply(ME, '🔥', 13)).toBe(true);
    expect(db.reactions.forMessages([m.id]).get(m.id)).toEqual([
      { emoji: '😂', reactors: [ALICE, ME] },
      { emoji: '🔥', reactors: [ME] },
    ]);
    expect(apply(ALICE, '😂', 20, true)).toBe(true);
    expect(apply(ALICE, '😂', 15)).toBe(false); // older than the removal
    expect(db.reactions.hasReacted(m.id, ALICE, '😂')).toBe(false);
    const many = Array.from(
      '🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑🥭🍍🥥🥝🍅🍆🥑🥦🥬🥒🌶🫑🌽🥕🫒🧄🧅🥔🍠🥐🥯🍞🥖🥨🧀🥚🍳🧈',
    );
    for (const [i, e] of many.entries()) apply(BOB, e, 100 + i);
    expect(db.reactions.forMessages([m.id]).get(m.id)).toHaveLength(40);
    db.close();
  });

  it('reactions of any number of messages: one statement, compiled once, each on its message', () => {
    const { db } = freshDb();
    const [a, b] = [incoming({ sentAt: T + 1 }), incoming({ sentAt: T + 2 })];
    db.messages.insertIncoming(a);
    db.messages.insertIncoming(b);
    db.reactions.apply({ messageId: a.id, reactor: BOB, emoji: '👍', at: 5, removed: false });
    db.reactions.apply({ messageId: b.id, reactor: ALICE, emoji: '🔥', at: 6, removed: false });
    db.reactions.apply({ messageId: b.id, reactor: BOB, emoji: '🔥', at: 7, removed: false });
    // A statement compiled per list length cost more than its run the first time each came.
    const compiled = vi.spyOn(Database.prototype, 'prepare');
    try {
      // More ids than the 500 variables a list of `?` was cut into.
      const others = Array.from({ length: 700 }, () => newMessageId());
      for (const ids of [[a.id], [b.id, a.id], [...others, b.id, a.id]]) {
        const got = db.reactions.forMessages(ids);
        expect(got.get(a.id)).toEqual([{ emoji: '👍', reactors: [BOB] }]);
        if (ids.includes(b.id)) expect(got.get(b.id)).toEqual([{ emoji: '🔥', reactors: [ALICE, BOB] }]);
        expect(got.size).toBe(ids.includes(b.id) ? 2 : 1);
      }
      expect(db.reactions.forMessages([]).size).toBe(0);
      expect(compiled).not.toHaveBeenCalled();
    } finally {
      compiled.mockRestore();
      db.close();
    }
  });
});
