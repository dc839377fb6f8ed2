import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { DatabaseCorruptError } from '../../../src/main/db/errors';
import type { MessageHash } from '../../../src/main/db/ids';
import { ALICE, BOB, freshDb, incoming, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const control = (recipient = ALICE, kind: 'request-response' | 'read-receipt' = 'request-response') => ({
  recipient,
  kind,
  content: new Uint8Array([0x0a, 0x01, 0x02]),
  sentAt: 42,
});

describe('control outbox', () => {
  it('queues control messages per recipient, due by time, and survives a reopen', () => {
    const { db, path, key } = freshDb();
    db.control.enqueue(control(ALICE, 'request-response'), 1, 100);
    db.control.enqueue(control(ALICE, 'read-receipt'), 1, 200);
    db.control.enqueue(control(BOB, 'read-receipt'), 1, 300);
    expect(db.control.due(99)).toEqual([]);
    expect(db.control.due(250).map((c) => c.kind)).toEqual(['request-response', 'read-receipt']);
    expect(db.control.nextAttemptAt()).toBe(100);
    db.close();

    const again = openDatabase(path, key);
    expect(again.control.pendingKinds(ALICE)).toEqual(['request-response', 'read-receipt']);
    const [first] = again.control.due(100);
    expect(first).toMatchObject({ recipient: ALICE, sentAt: 42, attempts: 0, lastError: null });
    expect([...first!.content]).toEqual([0x0a, 0x01, 0x02]);
    again.control.retryLater(first!.id, 'server-error', 500);
    again.control.retryLater(first!.id, 'offline', 600, false);
    expect(again.control.due(600).find((c) => c.id === first!.id)).toMatchObject({
      attempts: 1,
      lastError: 'offline',
    });
    again.control.remove(first!.id);
    expect(again.control.pendingKinds(ALICE)).toEqual(['read-receipt']);
    expect(again.control.removeFor(ALICE)).toBe(1);
    expect(again.control.pendingKinds(ALICE)).toEqual([]);
    expect(again.control.pendingKinds(BOB)).toEqual(['read-receipt']);
    again.close();
  });

  it('control messages are no chat bubbles: the conversation and its messages are untouched', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming());
    const before = db.messages.pageMessages(ALICE, undefined, 10);
    db.control.enqueue(control(), 1);
    expect(db.messages.pageMessages(ALICE, undefined, 10)).toEqual(before);
    expect(db.conversations.getConversation(ALICE)?.lastMessage?.id).toBe(before[0]?.id);
    db.close();
  });
});

describe('control outbox rows from outside', () => {
  it('refuses a row of an unknown kind as corruption instead of sending it', () => {
    const { db, path, key } = freshDb();
    db.close();
    const raw = openConnection(path, key);
    raw
      .prepare(
        `INSERT INTO control_outbox (recipient, kind, content, sent_at, next_attempt_at, created_at)
         VALUES (?, 'typing', x'00', 1, 1, 1)`,
      )
      .run(ALICE);
    raw.close();
    const again = openDatabase(path, key);
    expect(() => again.control.due(5)).toThrow(DatabaseCorruptError);
    again.close();
  });
});

describe('deleting a failed message', () => {
  it('deletes only a failed message of ours, with its outbox rows, and repoints the preview', () => {
    const { db } = freshDb();
    const older = outgoing({ sentAt: 10, body: 'older' });
    const failed = outgoing({ sentAt: 20, body: 'never left', syncToSelf: true });
    db.outbox.insertOutgoing(older, 1);
    db.outbox.markSent(older.id, 'h-older' as MessageHash);
    db.outbox.insertOutgoing(failed, 2);
    const received = incoming({ sentAt: 5 });
    db.messages.insertIncoming(received);

    expect(db.messages.deleteFailed(failed.id)).toBe(false); // still sending
    expect(db.messages.deleteFailed(older.id)).toBe(false); // sent
    expect(db.messages.deleteFailed(received.id)).toBe(false); // theirs
    db.outbox.markFailed(failed.id, 'timeout');
    expect(db.conversations.getConversation(ALICE)?.lastMessage?.id).toBe(failed.id);

    expect(db.messages.deleteFailed(failed.id)).toBe(true);
    expect(db.messages.getMessage(failed.id)).toBeUndefined();
    expect(db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(db.outbox.queuedSince(failed.id)).toBeUndefined();
    expect(db.conversations.getConversation(ALICE)?.lastMessage).toMatchObject({ id: older.id, at: 10 });
    db.close();
  });
});
