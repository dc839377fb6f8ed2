import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { NetworkError } from '../../../src/main/network/errors';
import { decodeContent } from '../../../src/swarm/messages/index';
import { freshDb, incoming, removeTempDirs } from '../db/helpers';
import { twoIdentities } from './helpers';
import { messagingServiceFor } from './service-harness';

/** Which actions queue which control messages, with a network that delivers nothing. */
let me: Identity;
let them: Identity;
beforeAll(async () => {
  [me, them] = await twoIdentities();
});
afterEach(removeTempDirs);

function service(readReceipts: boolean) {
  const { db } = freshDb();
  const { service: messaging } = messagingServiceFor(db, me, {
    transport: { store: () => Promise.reject(new NetworkError('offline', 'no onion path')) },
    settings: { readReceipts, typingIndicators: true },
    clock: () => Date.now(),
  });
  // A request from them, read here.
  db.messages.insertIncoming(
    incoming({ conversationId: them.sessionId, sender: them.sessionId, sentAt: 77 }),
  );
  return { db, messaging };
}

describe('control messages are queued, not sent and forgotten', () => {
  it('accepting a request queues the response (with our name) and the receipt of what was read', async () => {
    const { db, messaging } = service(true);
    messaging.markRead(them.sessionId); // a request: no receipt yet
    expect(db.control.pendingKinds(them.sessionId)).toEqual([]);
    await messaging.acceptRequest(them.sessionId);
    expect(db.control.pendingKinds(them.sessionId)).toEqual(['request-response', 'read-receipt']);
    const [response, receipt] = db.control.due(Number.MAX_SAFE_INTEGER);
    const decoded = decodeContent(response!.content);
    expect(decoded.ok && decoded.value.messageRequestResponse).toMatchObject({
      isApproved: true,
      profile: { displayName: 'Me' },
    });
    const r = decodeContent(receipt!.content);
    expect(r.ok && r.value.receiptMessage).toMatchObject({ type: 'READ', timestamp: [77] });
    // Unique sent timestamps, like messages.
    expect(response!.sentAt).not.toBe(receipt!.sentAt);
    // No chat bubble: the conversation still holds only their message.
    expect(db.messages.pageMessages(them.sessionId, undefined, 10)).toHaveLength(1);
    messaging.stop();
    db.close();
  });

  it('replying to a request, or opening it by its Session ID, accepts it and queues the response', () => {
    for (const how of ['send', 'open'] as const) {
      const { db, messaging } = service(false);
      if (how === 'send') messaging.send(them.sessionId, 'Salut');
      else messaging.open(them.sessionId);
      expect(db.conversations.getConversation(them.sessionId)).toMatchObject({
        isRequest: false,
        approved: true,
      });
      expect(db.control.pendingKinds(them.sessionId)).toEqual(['request-response']);
      messaging.stop();
      db.close();
    }
  });

  it('reading queues a receipt only with receipts on; typing is never queued; blocking drops the queue', () => {
    // Accept them, receive one message, read it and start typing.
    const readAndType = (svc: ReturnType<typeof service>, sentAt: number) => {
      void svc.messaging.acceptRequest(them.sessionId); // a 1-to-1 request: accepted synchronously
      svc.db.messages.insertIncoming(
        incoming({ conversationId: them.sessionId, sender: them.sessionId, sentAt }),
      );
      svc.messaging.markRead(them.sessionId);
      svc.messaging.typing(them.sessionId, true);
    };
    const off = service(false);
    readAndType(off, 80);
    expect(off.db.control.pendingKinds(them.sessionId)).toEqual(['request-response']);
    off.messaging.stop();
    off.db.close();

    const on = service(true);
    readAndType(on, 81);
    expect(on.db.control.pendingKinds(them.sessionId)).toEqual(['request-response', 'read-receipt']);
    on.messaging.setBlocked(them.sessionId, true);
    expect(on.db.control.pendingKinds(them.sessionId)).toEqual([]);
    on.messaging.stop();
    on.db.close();
  });
});
