/**
 * The message a send has just written, built from its outbox rows (written-message.ts), is the
 * record reading its row back gives, for every kind of send the outbox queues.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../src/main/db/outbox';
import { writtenMessage } from '../../../src/main/messaging/written-message';
import { freshDb, outgoing, removeTempDirs } from '../db/helpers';
import { everyKindOfSend } from '../db/send-kinds';

afterEach(removeTempDirs);

describe('a message just written to be sent', () => {
  it('is the record its row reads back as', () => {
    const { db } = freshDb();
    const cases: OutgoingMessage[] = [
      ...everyKindOfSend(),
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
