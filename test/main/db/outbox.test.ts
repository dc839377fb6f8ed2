import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/database';
import type { VeilDatabase } from '../../../src/main/db/database';
import type { MessageHash, MessageId } from '../../../src/main/db/ids';
import { openConnection } from '../../../src/main/db/connection';
import { ALICE, ME, freshDb, outgoing, removeTempDirs } from './helpers';
import { everyKindOfSend } from './send-kinds';

afterEach(removeTempDirs);

const count = (db: VeilDatabase, id: MessageId) => ({
  message: db.messages.getMessage(id) !== undefined,
  outbox: db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER).filter((o) => o.messageId === id).length,
});

describe('outbox', () => {
  it('inserts the message as "sending" and queues it (and its sync copy) in one go', () => {
    const { db } = freshDb();
    const m = outgoing({ syncToSelf: true });
    db.outbox.insertOutgoing(m, 1_000);
    expect(db.messages.getMessage(m.id)).toMatchObject({ direction: 'out', status: 'sending', hash: null });
    expect(db.outbox.dueOutbox(999)).toEqual([]);
    const due = db.outbox.dueOutbox(1_000);
    expect(due.map((o) => o.recipient).sort()).toEqual([ALICE, ME].sort());
    expect(due[0]).toMatchObject({
      messageId: m.id,
      body: m.body,
      sentAt: m.sentAt,
      attempts: 0,
      conversationId: ALICE,
    });
    expect(db.conversations.getConversation(ALICE)).toMatchObject({
      approved: true,
      isRequest: false,
      unreadCount: 0,
    });
    db.close();
  });

  it('Note to Self gets its own conversation type and no separate sync copy', () => {
    const { db } = freshDb();
    db.outbox.insertOutgoing(outgoing({ conversationId: ME, syncToSelf: true }), 1);
    expect(db.conversations.getConversation(ME)?.type).toBe('note_to_self');
    expect(db.outbox.dueOutbox(1).map((o) => o.recipient)).toEqual([ME]);
    db.close();
  });

  it('is atomic: a failure while queueing leaves neither the message nor the row', () => {
    const { db, path, key } = freshDb();
    // A second connection installs a trigger that makes the outbox insert fail mid-transaction.
    const saboteur = openConnection(path, key);
    saboteur.exec(
      "CREATE TRIGGER sabotage BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'simulated crash'); END",
    );
    saboteur.close();

    const m = outgoing();
    expect(() => db.outbox.insertOutgoing(m, 1)).toThrow('simulated crash');
    expect(count(db, m.id)).toEqual({ message: false, outbox: 0 });
    expect(db.conversations.getConversation(ALICE)).toBeUndefined();
    db.close();
  });

  it('a send that has just read its conversation does not create it: a missing one fails, nothing written', () => {
    const { db } = freshDb();
    // The send (outgoing.ts) reads the conversation first, so the insert skips the create-if-missing
    // statement; were the conversation gone, the message's foreign key refuses the whole send.
    const m = outgoing({ conversationExists: true });
    expect(() => db.outbox.insertOutgoing(m, 1)).toThrow(/FOREIGN KEY/);
    expect(count(db, m.id)).toEqual({ message: false, outbox: 0 });
    expect(db.conversations.getConversation(ALICE)).toBeUndefined();
    db.close();
  });

  it('insertOutgoingIn writes inside the caller’s transaction only, and goes with it', () => {
    const { db } = freshDb();
    const m = outgoing({ syncToSelf: true });
    expect(() => db.outbox.insertOutgoingIn(m, 1)).toThrow('inside a transaction');
    expect(count(db, m.id)).toEqual({ message: false, outbox: 0 });
    // The caller's later failure undoes it with the rest.
    expect(() =>
      db.transaction(() => {
        db.outbox.insertOutgoingIn(m, 1);
        throw new Error('later');
      }),
    ).toThrow('later');
    expect(count(db, m.id)).toEqual({ message: false, outbox: 0 });
    expect(db.transaction(() => db.outbox.insertOutgoingIn(m, 1)).map((o) => o.recipient)).toEqual([
      ALICE,
      ME,
    ]);
    expect(count(db, m.id)).toEqual({ message: true, outbox: 2 });
    db.close();
  });

  it('survives a restart: what was queued is still due after reopening', () => {
    const { db, path, key } = freshDb();
    const m = outgoing();
    db.outbox.insertOutgoing(m, 1);
    db.close();
    const again = openDatabase(path, key);
    expect(again.outbox.dueOutbox(1).map((o) => o.messageId)).toEqual([m.id]);
    again.close();
  });

  it('retries later, then markSent stores the hash and dequeues the recipient row only', () => {
    const { db } = freshDb();
    const m = outgoing({ syncToSelf: true });
    db.outbox.insertOutgoing(m, 1);
    db.outbox.retryLater(m.id, ALICE, 'timeout', 500);
    expect(db.outbox.dueOutbox(100).map((o) => o.recipient)).toEqual([ME]);
    expect(db.outbox.dueOutbox(500).find((o) => o.recipient === ALICE)).toMatchObject({
      attempts: 1,
      lastError: 'timeout',
    });
    // Waiting out an outage does not use up attempts.
    db.outbox.retryLater(m.id, ALICE, 'offline', 600, false);
    expect(db.outbox.dueOutbox(600).find((o) => o.recipient === ALICE)).toMatchObject({
      attempts: 1,
      lastError: 'offline',
    });

    expect(db.outbox.markSent(m.id, 'swarmhash1' as MessageHash)).toBe(true);
    expect(db.messages.getMessage(m.id)).toMatchObject({ status: 'sent', hash: 'swarmhash1' });
    expect(db.outbox.dueOutbox(1_000).map((o) => o.recipient)).toEqual([ME]);
    db.outbox.markDelivered(m.id, ME);
    expect(db.outbox.dueOutbox(1_000)).toEqual([]);
    db.close();
  });

  it('markAccepted writes a batch as markSent and markDelivered would, in one transaction', () => {
    const { db } = freshDb();
    const a = outgoing({ syncToSelf: true, sentAt: 41 });
    const b = outgoing({ syncToSelf: true, sentAt: 42 });
    db.outbox.insertOutgoing(a, 1);
    db.outbox.insertOutgoing(b, 1);
    db.messages.markOutgoingRead(ALICE, [42], ME); // a receipt came first: b stays read
    db.outbox.markAccepted([
      { messageId: a.id, recipient: ALICE, conversationId: ALICE, hash: 'ha' as MessageHash },
      { messageId: a.id, recipient: ME, conversationId: ALICE, hash: 'sa' as MessageHash },
      { messageId: b.id, recipient: ALICE, conversationId: ALICE, hash: 'hb' as MessageHash },
    ]);
    expect(db.messages.getMessage(a.id)).toMatchObject({ status: 'sent', hash: 'ha', syncHash: 'sa' });
    expect(db.messages.getMessage(b.id)).toMatchObject({ status: 'read', hash: 'hb', syncHash: null });
    // Only b's sync copy is still queued.
    expect(db.outbox.dueOutbox(1_000).map((o) => [o.messageId, o.recipient])).toEqual([[b.id, ME]]);
    db.close();
  });

  it('markSent never moves a read message back', () => {
    const { db } = freshDb();
    const m = outgoing({ sentAt: 42 });
    db.outbox.insertOutgoing(m, 1);
    db.messages.markOutgoingRead(ALICE, [42], ME);
    db.outbox.markSent(m.id, 'h1' as MessageHash);
    expect(db.messages.getMessage(m.id)).toMatchObject({ status: 'read', hash: 'h1' });
    db.close();
  });

  it('markFailed parks the rows with the error; resend makes them due again', () => {
    const { db } = freshDb();
    const m = outgoing();
    db.outbox.insertOutgoing(m, 1);
    expect(db.outbox.markFailed(m.id, 'no swarm reachable')).toBe(true);
    expect(db.messages.getMessage(m.id)?.status).toBe('failed');
    expect(db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)).toEqual([]);

    expect(db.outbox.resend(m.id, 50)).toBe(true);
    expect(db.outbox.resend(m.id, 50)).toBe(false); // already sending
    expect(db.messages.getMessage(m.id)?.status).toBe('sending');
    expect(db.outbox.dueOutbox(50)).toMatchObject([
      { messageId: m.id, attempts: 0, lastError: 'no swarm reachable' },
    ]);
    db.close();
  });

  it('returns the rows it queued exactly as they read back from disk (the sender starts those)', () => {
    const { db } = freshDb();
    const cases = everyKindOfSend();
    for (const m of cases) {
      const written = db.outbox.insertOutgoing(m, 1_000 + m.sentAt, 50);
      const read = db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER).filter((o) => o.messageId === m.id);
      // The recipient's row first, then the sync copy's: the order the sender starts them.
      read.sort(
        (a, b) => Number(a.recipient !== a.conversationId) - Number(b.recipient !== b.conversationId),
      );
      expect(written).toEqual(read);
      expect(written.length).toBe(m.syncToSelf === true && m.conversationId === ALICE ? 2 : 1);
    }
    db.close();
  });
});
