/**
 * What a hostile sender puts in a real, correctly encrypted message (issue #14): an oversized
 * body is dropped, a far-future timestamp is shown at the receive time but kept for the protocol.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { INCOMING_BODY_MAX, processIncoming, type Polled } from '../../../src/main/messaging/incoming';
import { buildOutgoing1o1 } from '../../../src/swarm/messages';
import { freshDb, removeTempDirs } from '../db/helpers';
import { receiveOnlyDeps, twoIdentities } from './helpers';

let alice: Identity;
let bob: Identity;
const T = 1_754_971_101_000;
const YEAR = 365 * 24 * 3600 * 1000;

beforeAll(async () => {
  [alice, bob] = await twoIdentities();
});
afterEach(removeTempDirs);

function setup() {
  const { db } = freshDb();
  const logs: string[] = [];
  const deps = receiveOnlyDeps(db, bob, T, logs);
  return { db, deps, logs };
}

let n = 0;
function fromAlice(body: string, sentAt: number): Polled {
  const out = buildOutgoing1o1({
    senderIdentity: alice,
    recipientSessionId: bob.sessionId,
    content: { dataMessage: { body } },
    sentAt,
  });
  return { hash: `h${n++}`, data: out.data, timestamp: sentAt, expiration: undefined };
}

describe('incoming limits', () => {
  it('drops a body above the limit and keeps one at the limit', () => {
    const { db, deps, logs } = setup();
    const atLimit = '😀'.repeat(INCOMING_BODY_MAX); // code points, not UTF-16 units
    const changes = processIncoming(
      deps,
      [fromAlice(atLimit, T - 2), fromAlice(`${atLimit}x`, T - 1), fromAlice('a'.repeat(40_000), T)],
      T + 10,
    );
    expect(changes.dropped).toBe(2);
    expect(logs).toEqual(Array(2).fill('dropped an incoming message: body-too-long'));
    const stored = db.messages.pageMessages(alice.sessionId, undefined, 10);
    expect(stored.map((m) => m.body)).toEqual([atLimit]);
    db.close();
  });

  it('shows a far-future message at its receive time, keeping the sent time as its identity', () => {
    const { db, deps } = setup();
    processIncoming(deps, [fromAlice('from the future', T + YEAR)], T);
    processIncoming(deps, [fromAlice('written after it', T + 30_000)], T + 30_500);
    const page = db.messages.pageMessages(alice.sessionId, undefined, 10);
    expect(page.map((m) => [m.body, m.sentAt, m.shownAt])).toEqual([
      ['written after it', T + 30_000, T + 30_000],
      ['from the future', T + YEAR, T],
    ]);
    // The same envelope polled again (another node, a new hash) is still the same message.
    expect(processIncoming(deps, [fromAlice('from the future', T + YEAR)], T + 60_000).messages.size).toBe(0);
    db.close();
  });
});
