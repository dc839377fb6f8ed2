/**
 * The send and receive paths' writes with another process on the profile (the CLI next to the
 * app, a core restarting): while it holds the write lock, each public write of the outbox, the
 * messages, the read marks, contacts, reactions, message actions and the search index waits for
 * it (the busy timeout) and then commits, instead of failing with "database is locked". Those
 * that read before they write (insertIncoming, insertSynced, insertNotice, deleteFailed,
 * markConversationRead, reactions.apply) failed at once while they were the driver's deferred
 * transactions; the others waited even so, and are here as they share the same wrapper.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SessionId } from '../../../src/crypto/keys';
import type { VeilDatabase } from '../../../src/main/db/database';
import type { MessageHash, MessageId } from '../../../src/main/db/ids';
import { ME, freshDb, incoming, outgoing, removeTempDirs, sessionId } from './helpers';

const HOLD_MS = 300;
/** Generous: the worker loads TypeScript before it answers, on a loaded machine. */
const START_MS = 30_000;

let db: VeilDatabase;
let worker: Worker;
let state: Int32Array;
let requests = 0;

beforeAll(async () => {
  const fresh = freshDb();
  db = fresh.db;
  const flag = new SharedArrayBuffer(8);
  state = new Int32Array(flag);
  worker = new Worker(new URL('./another-writer.mjs', import.meta.url), {
    workerData: { path: fresh.path, key: Array.from(fresh.key), holdMs: HOLD_MS, flag },
  });
  const [ready] = (await once(worker, 'message')) as unknown[];
  expect(ready).toBe('ready');
}, START_MS);

afterAll(async () => {
  worker.postMessage('close');
  await once(worker, 'exit');
  db.close();
  removeTempDirs();
});

/** Runs `write` while the other connection holds the write lock; resolves once both committed. */
async function whileAnotherWrites(write: () => void): Promise<void> {
  const n = ++requests;
  const committed = once(worker, 'message');
  worker.postMessage(n);
  try {
    expect(Atomics.wait(state, 0, n - 1, START_MS)).not.toBe('timed-out');
    write();
  } finally {
    expect(await committed).toEqual([n]);
  }
  // The other process committed too (before our write, which waited for it).
  expect(db.kv.get('other-process', z.number())).toBe(n);
}

const T = 1_765_200_000_000;
let clock = 0;
/** A new conversation with one message from them and one of ours (sending), unread. */
function conversation(): { peer: SessionId; theirs: MessageId; ours: MessageId; sentAt: number } {
  const peer = sessionId();
  const sentAt = T + ++clock * 10;
  const theirs = incoming({ conversationId: peer, sender: peer, sentAt });
  expect(db.messages.insertIncoming(theirs)).toBe('inserted');
  const ours = outgoing({ conversationId: peer, sender: ME, sentAt: sentAt + 1, syncToSelf: true });
  db.outbox.insertOutgoing(ours, sentAt + 1);
  return { peer, theirs: theirs.id, ours: ours.id, sentAt: sentAt + 1 };
}
const hash = (s: string): MessageHash => s as MessageHash;
const statusOf = (id: MessageId): string | undefined => db.messages.getMessage(id)?.status;

describe('send and receive writes beside another process', () => {
  it.each<[string, () => () => void]>([
    [
      'outbox.insertOutgoing',
      () => {
        const { peer, sentAt } = conversation();
        const m = outgoing({ conversationId: peer, sender: ME, sentAt: sentAt + 1 });
        return () => {
          expect(db.outbox.insertOutgoing(m, sentAt + 1)).toHaveLength(1);
          expect(statusOf(m.id)).toBe('sending');
        };
      },
    ],
    [
      'outbox.markSent',
      () => {
        const { ours } = conversation();
        return () => {
          expect(db.outbox.markSent(ours, hash('sent-1'))).toBe(true);
          expect(statusOf(ours)).toBe('sent');
        };
      },
    ],
    [
      'outbox.markAccepted',
      () => {
        const { peer, ours } = conversation();
        return () => {
          db.outbox.markAccepted([
            { messageId: ours, recipient: peer, conversationId: peer, hash: hash('acc-1') },
            { messageId: ours, recipient: ME, conversationId: peer, hash: hash('acc-2') },
          ]);
          expect(statusOf(ours)).toBe('sent');
          expect(db.outbox.isQueued(ours, ME)).toBe(false);
        };
      },
    ],
    [
      'outbox.markDelivered',
      () => {
        const { ours } = conversation();
        return () => {
          db.outbox.markDelivered(ours, ME, hash('sync-1'));
          expect(db.outbox.isQueued(ours, ME)).toBe(false);
        };
      },
    ],
    [
      'outbox.markFailed',
      () => {
        const { ours } = conversation();
        return () => {
          expect(db.outbox.markFailed(ours, 'no route')).toBe(true);
          expect(statusOf(ours)).toBe('failed');
        };
      },
    ],
    [
      'outbox.resend',
      () => {
        const { ours, sentAt } = conversation();
        db.outbox.markFailed(ours, 'no route');
        return () => {
          expect(db.outbox.resend(ours, sentAt + 5)).toBe(true);
          expect(statusOf(ours)).toBe('sending');
        };
      },
    ],
    [
      'messages.insertIncoming (reads, then inserts)',
      () => {
        const { peer, sentAt } = conversation();
        const m = incoming({ conversationId: peer, sender: peer, sentAt: sentAt + 1 });
        return () => {
          expect(db.messages.insertIncoming(m)).toBe('inserted');
        };
      },
    ],
    [
      'messages.insertSynced (reads, then inserts)',
      () => {
        const { peer, sentAt } = conversation();
        const m = incoming({ conversationId: peer, sender: ME, sentAt: sentAt + 1 });
        return () => {
          expect(db.messages.insertSynced(m)).toBe('inserted');
          expect(statusOf(m.id)).toBe('sent');
        };
      },
    ],
    [
      'messages.insertNotice (reads, then inserts)',
      () => {
        const { peer, sentAt } = conversation();
        const id = incoming().id;
        return () => {
          expect(
            db.messages.insertNotice({
              id,
              conversationId: peer,
              sender: ME,
              notice: { kind: 'renamed', by: ME, name: 'Les amis' },
              sentAt: sentAt + 1,
              receivedAt: sentAt + 2,
            }),
          ).toBe('inserted');
        };
      },
    ],
    [
      'messages.deleteFailed (reads, then deletes)',
      () => {
        const { ours } = conversation();
        db.outbox.markFailed(ours, 'no route');
        return () => {
          expect(db.messages.deleteFailed(ours)).toBe(true);
          expect(statusOf(ours)).toBeUndefined();
        };
      },
    ],
    [
      'messages.markOutgoingRead',
      () => {
        const { peer, ours, sentAt } = conversation();
        db.outbox.markSent(ours, hash('read-1'));
        return () => {
          expect(db.messages.markOutgoingRead(peer, [sentAt], ME)).toBe(1);
          expect(statusOf(ours)).toBe('read');
        };
      },
    ],
    [
      'conversations.markConversationRead (reads, then marks)',
      () => {
        const { peer, sentAt } = conversation();
        return () => {
          expect(db.conversations.markConversationRead(peer, sentAt + 5)).toEqual([sentAt - 1]);
          expect(db.conversations.getConversation(peer)?.unreadCount).toBe(0);
        };
      },
    ],
    [
      'conversations.markReadUpTo',
      () => {
        const { peer, sentAt } = conversation();
        return () => {
          expect(db.conversations.markReadUpTo(peer, sentAt, sentAt + 5)).toBe(1);
          expect(db.conversations.getConversation(peer)?.unreadCount).toBe(0);
        };
      },
    ],
    [
      'actions.markDeleted',
      () => {
        const { theirs, sentAt } = conversation();
        const m = db.messages.getMessage(theirs);
        if (m === undefined) throw new Error('stored above');
        return () => {
          expect(db.actions.markDeleted(m, sentAt + 5)).toBe(true);
        };
      },
    ],
    [
      'actions.removeCompletely',
      () => {
        const { theirs } = conversation();
        const m = db.messages.getMessage(theirs);
        if (m === undefined) throw new Error('stored above');
        return () => {
          expect(db.actions.removeCompletely(m)).toBe(true);
          expect(statusOf(theirs)).toBeUndefined();
        };
      },
    ],
    [
      'contacts.upsertContact',
      () => {
        const { peer, sentAt } = conversation();
        return () => {
          expect(db.contacts.upsertContact({ sessionId: peer, nickname: 'Zoé' }, sentAt).nickname).toBe(
            'Zoé',
          );
        };
      },
    ],
    [
      'reactions.apply (reads, then writes)',
      () => {
        const { peer, theirs, sentAt } = conversation();
        return () => {
          expect(
            db.reactions.apply({
              messageId: theirs,
              reactor: peer,
              emoji: '👍',
              at: sentAt + 5,
              removed: false,
            }),
          ).toBe(true);
        };
      },
    ],
    [
      'search (indexes the messages waiting for the index)',
      () => {
        const { peer, sentAt } = conversation();
        const m = incoming({ conversationId: peer, sender: peer, sentAt: sentAt + 1, body: 'girafe' });
        db.messages.insertIncoming(m);
        return () => {
          expect(db.search('girafe').map((h) => h.messageId)).toEqual([m.id]);
        };
      },
    ],
  ])('%s waits for the other write lock, then commits', async (_name, prepare) => {
    const write = prepare();
    await whileAnotherWrites(write);
  });
});
