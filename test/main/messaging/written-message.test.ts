/**
 * The message a send has just written, built from its outbox rows (written-message.ts), is the
 * record reading its row back gives, for every kind of send the outbox queues.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import type { OutgoingMessage } from '../../../src/main/db/outbox';
import { writtenMessage } from '../../../src/main/messaging/written-message';
import { ALICE, ME, freshDb, outgoing, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

describe('a message just written to be sent', () => {
  it('is the record its row reads back as', () => {
    const { db } = freshDb();
    const group = `03${'d'.repeat(64)}` as SessionId;
    const cases: OutgoingMessage[] = [
      outgoing({ syncToSelf: true }),
      outgoing({ sentAt: 2, syncToSelf: false }),
      outgoing({ conversationId: ME, sentAt: 3, syncToSelf: true }),
      outgoing({ conversationId: group, sentAt: 4, syncToSelf: true }),
      outgoing({
        sentAt: 5,
        syncToSelf: true,
        expiresAt: 86_400_005,
        expiry: { mode: 'after-send', seconds: 86_400 },
        quote: { id: 1, author: ALICE, text: 'quoted', attachment: 'image/png' },
      }),
      outgoing({ sentAt: 6, quote: { id: 2, author: ME, text: null, attachment: null } }),
      outgoing({ sentAt: 7, body: '', expirationUpdate: true, expiry: { mode: 'after-read', seconds: 60 } }),
      outgoing({ sentAt: 8, expiry: { mode: 'off' } }),
      // A sent time far ahead of the clock: shown at the time it was written (shown-at.ts).
      outgoing({ sentAt: 10_000_000 }),
    ];
    for (const m of cases) {
      const now = m.sentAt === 10_000_000 ? 1_000 : 1_000 + m.sentAt;
      const [row] = db.outbox.insertOutgoing(m, now, 50);
      if (row === undefined) throw new Error('no row written');
      expect(writtenMessage(row, m.sender)).toEqual(db.messages.getMessage(m.id));
    }
    db.close();
  });
});
