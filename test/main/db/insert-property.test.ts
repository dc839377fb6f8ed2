import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { newMessageId } from '../../../src/main/db/ids';
import type { MessageHash } from '../../../src/main/db/ids';
import { ALICE, BOB, freshDb, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

/**
 * Model: a message is new iff neither its hash nor its (sender, sentAt) was stored before.
 * Small pools make collisions of either kind frequent.
 */
describe('insertIncoming dedupe (property)', () => {
  it('matches the model for any sequence of deliveries, replays and re-hashes', () => {
    const delivery = fc.record({
      sender: fc.constantFrom(ALICE, BOB),
      sentAt: fc.integer({ min: 1, max: 6 }),
      hash: fc.integer({ min: 0, max: 8 }).map((n) => `h${n}` as MessageHash),
    });
    const { db } = freshDb();
    let round = 0;
    fc.assert(
      fc.property(fc.array(delivery, { maxLength: 30 }), (deliveries) => {
        // Each run gets its own time range so runs do not collide with each other.
        round++;
        const base = round * 1_000;
        const hashes = new Set<string>();
        const keys = new Set<string>();
        let inserted = 0;
        for (const d of deliveries) {
          const sentAt = base + d.sentAt;
          const hash = `${d.hash}r${round}` as MessageHash;
          const expected = hashes.has(hash) || keys.has(`${d.sender}:${sentAt}`) ? 'duplicate' : 'inserted';
          const got = db.messages.insertIncoming({
            id: newMessageId(),
            conversationId: d.sender,
            sender: d.sender,
            body: 'x',
            sentAt,
            receivedAt: sentAt,
            hash,
          });
          expect(got).toBe(expected);
          if (got === 'inserted') {
            hashes.add(hash);
            keys.add(`${d.sender}:${sentAt}`);
            inserted++;
          }
        }
        const stored = [ALICE, BOB]
          .flatMap((c) => db.messages.pageMessages(c, undefined, 500))
          .filter((m) => m.sentAt > base && m.sentAt < base + 1_000);
        expect(stored).toHaveLength(inserted);
      }),
      { numRuns: 100 },
    );
    db.close();
  });
});
