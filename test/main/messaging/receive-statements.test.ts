/**
 * What a received slice costs the database (issue #15, the receiver's CPU per message): one
 * transaction without a savepoint per message, one read of the sender's conversation (its
 * state and last profile time together), and no look-up of copies beside the insert that drops
 * them — while copies are still dropped and a first message still opens its request.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { processIncoming, type Polled } from '../../../src/main/messaging/incoming';
import { buildOutgoing1o1 } from '../../../src/swarm/messages';
import { freshDb, incoming, removeTempDirs } from '../db/helpers';
import { receiveOnlyDeps, twoIdentities } from './helpers';

let alice: Identity;
let bob: Identity;
const T = 1_765_100_000_000;

beforeAll(async () => {
  [alice, bob] = await twoIdentities();
});
afterEach(removeTempDirs);

let n = 0;
function fromAlice(body: string, sentAt: number, hash = `h${n++}`): Polled {
  const out = buildOutgoing1o1({
    senderIdentity: alice,
    recipientSessionId: bob.sessionId,
    content: { dataMessage: { body, profile: { displayName: 'Alice' } } },
    sentAt,
  });
  return { hash, data: out.data, timestamp: sentAt, expiration: undefined };
}

/** Every statement stepped meanwhile, by its SQL (the driver's Statement class). */
function statementsDuring(work: () => void): string[] {
  const scratch = new Database(':memory:');
  const statement = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Database.Statement;
  const runs = vi.spyOn(statement, 'run');
  const gets = vi.spyOn(statement, 'get');
  try {
    work();
    return [...runs.mock.contexts, ...gets.mock.contexts].map((c) =>
      (c as Database.Statement).source.replace(/\s+/g, ' '),
    );
  } finally {
    runs.mockRestore();
    gets.mockRestore();
    scratch.close();
  }
}

describe('a received slice', () => {
  it('stores each message with one read of its conversation, in one transaction without savepoints', () => {
    const { db } = freshDb();
    const deps = receiveOnlyDeps(db, bob, T + 10_000);
    const slice = [fromAlice('un', T + 1), fromAlice('deux', T + 2), fromAlice('trois', T + 3)];
    const sql = statementsDuring(() => {
      expect(processIncoming(deps, slice, T + 10_000).stored.get(alice.sessionId)).toHaveLength(3);
    });
    expect(sql.filter((q) => /^(BEGIN|COMMIT)/.test(q))).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    expect(sql.filter((q) => /SAVEPOINT|RELEASE/.test(q))).toEqual([]);
    const reads = (prefix: string) => sql.filter((q) => q.startsWith(prefix)).length;
    expect(reads('SELECT id, type, blocked, is_request, display_name, profile_sent_at')).toBe(3);
    // Only the first message, which opens the request, looks for a copy, opens a conversation,
    // and reads it again (its state and profile time: it did not exist when read).
    expect(reads('SELECT id, type, blocked, is_request, display_name FROM')).toBe(1);
    expect(reads('SELECT 1 FROM messages WHERE hash')).toBe(1);
    expect(reads('INSERT INTO conversations')).toBe(1);
    expect(reads('SELECT profile_sent_at')).toBe(1);
    // The later two record their newer profile time with the update of the row they make anyway.
    expect(reads('UPDATE conversations SET profile_sent_at')).toBe(1);
    expect(reads('UPDATE conversations SET unread_count')).toBe(3);

    const c = db.conversations.getConversation(alice.sessionId);
    expect(c).toMatchObject({ isRequest: true, unreadCount: 3, displayName: 'Alice' });
    expect(db.conversations.receiveState(alice.sessionId)?.profileSentAt).toBe(T + 3);
    const page = db.messages.pageMessages(alice.sessionId, undefined, 10);
    expect(page.map((m) => m.body)).toEqual(['trois', 'deux', 'un']);
    db.close();
  });

  it('still drops a copy, by its hash or by its sender and sent time, leaving the counts alone', () => {
    const { db } = freshDb();
    const deps = receiveOnlyDeps(db, bob, T + 10_000);
    const first = fromAlice('une fois', T + 1, 'hash-a');
    processIncoming(deps, [first], T + 10_000);
    // The same stored message polled again, then a replay of it under a new hash.
    const again = processIncoming(deps, [first, fromAlice('une fois', T + 1, 'hash-b')], T + 11_000);
    expect(again.stored.size).toBe(0);
    expect(db.messages.pageMessages(alice.sessionId, undefined, 10)).toHaveLength(1);
    expect(db.conversations.getConversation(alice.sessionId)).toMatchObject({ unreadCount: 1 });
    // A newer message is stored and counted as before.
    processIncoming(deps, [fromAlice('deux fois', T + 2, 'hash-c')], T + 12_000);
    expect(db.conversations.getConversation(alice.sessionId)).toMatchObject({ unreadCount: 2 });
    // A copy left no trace in the search index either (its trigger runs after an insert only).
    expect(db.search('fois', { limit: 10 }).map((h) => h.body)).toEqual(['deux fois', 'une fois']);
    db.close();
  });

  it('insertIncomingIn refuses to run outside a transaction', () => {
    const { db } = freshDb();
    expect(() =>
      db.messages.insertIncomingIn(
        incoming({ conversationId: alice.sessionId, sender: alice.sessionId }),
        false,
      ),
    ).toThrow(/inside a transaction/);
    db.close();
  });
});
