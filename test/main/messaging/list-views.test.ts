/**
 * The conversation list reads a last message's row only when the joined columns cannot say what
 * it shows: our own message's status, a group's notice. A received message is 'received'.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { isMessageHash, newMessageId } from '../../../src/main/db';
import { MessageViews } from '../../../src/main/messaging/message-views';
import { useTwoPartyDb } from './two-party-db';

const shared = useTwoPartyDb();

describe('the conversation list', () => {
  it('reads the last message’s row for our own messages only', () => {
    const { db, me, them } = shared;
    const other = `05${'e'.repeat(64)}` as SessionId;
    const hash = randomBytes(32).toString('base64url');
    if (!isMessageHash(hash)) throw new Error('not a hash');
    db.messages.insertIncoming({
      id: newMessageId(),
      conversationId: them.sessionId,
      sender: them.sessionId,
      body: 'salut',
      sentAt: 1_000,
      receivedAt: 1_000,
      hash,
    });
    const ours = newMessageId();
    db.outbox.insertOutgoing(
      { id: ours, conversationId: other, sender: me.sessionId, body: 'bonjour', sentAt: 2_000 },
      2_000,
    );
    const views = new MessageViews({ db, identity: () => me });
    const reads = vi.spyOn(db.messages, 'getMessage');
    try {
      const list = views.listConversations();
      const last = (id: SessionId) => list.find((c) => c.id === id)?.lastMessage;
      expect(last(them.sessionId)).toMatchObject({ body: 'salut', direction: 'in', status: 'received' });
      expect(last(other)).toMatchObject({ body: 'bonjour', direction: 'out', status: 'sending' });
      expect(reads.mock.calls).toEqual([[ours]]);
      const sentHash = 'hashsent';
      if (!isMessageHash(sentHash)) throw new Error('not a hash');
      db.outbox.markSent(ours, sentHash);
      expect(views.listConversations().find((c) => c.id === other)?.lastMessage?.status).toBe('sent');
    } finally {
      reads.mockRestore();
    }
  });
});
