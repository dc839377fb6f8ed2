/**
 * A contact's name and picture come with their messages, which can arrive out of order (several
 * sends in flight, retries, catch-up from several swarm members). An older message that arrives
 * last must not undo a newer profile: the picture removed in the newer message stays removed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Identity } from '../../../src/crypto/keys';
import { processIncoming, type Polled } from '../../../src/main/messaging/incoming';
import type { ContentMessage } from '../../../src/swarm/messages';
import { buildOutgoing1o1 } from '../../../src/swarm/messages';
import { freshDb, removeTempDirs } from '../db/helpers';
import { receiveOnlyDeps, twoIdentities } from './helpers';

let alice: Identity;
let bob: Identity;
const T = 1_754_971_101_000;

beforeAll(async () => {
  [alice, bob] = await twoIdentities();
});
afterEach(removeTempDirs);

let n = 0;
function fromAlice(content: ContentMessage, sentAt: number): Polled {
  const out = buildOutgoing1o1({ senderIdentity: alice, recipientSessionId: bob.sessionId, content, sentAt });
  return { hash: `p${n++}`, data: out.data, timestamp: sentAt, expiration: undefined };
}

function setup() {
  const { db } = freshDb();
  const deps = receiveOnlyDeps(db, bob, T);
  return { db, deps };
}

const named = (displayName: string, body: string): ContentMessage => ({
  dataMessage: { body, profile: { displayName } },
});

describe('profiles from messages that arrive out of order', () => {
  it('keeps the newest name when an older message arrives last', () => {
    const { db, deps } = setup();
    processIncoming(deps, [fromAlice(named('Alice Martin', 'new name'), T + 2_000)], T + 3_000);
    processIncoming(deps, [fromAlice(named('Alice', 'sent earlier'), T + 1_000)], T + 4_000);
    expect(db.conversations.getConversation(alice.sessionId)?.displayName).toBe('Alice Martin');
    // Both messages are kept: only the profile is ordered.
    expect(db.messages.pageMessages(alice.sessionId, undefined, 10)).toHaveLength(2);
    // A newer one still applies.
    processIncoming(deps, [fromAlice(named('Alice M.', 'later'), T + 5_000)], T + 6_000);
    expect(db.conversations.getConversation(alice.sessionId)?.displayName).toBe('Alice M.');
    // The time is kept in the conversation row the receiving commit rewrites anyway, not in a
    // settings row of its own (one more encrypted page per message received).
    expect(db.kv.get(`contact.profileSentAt.${alice.sessionId}`, z.unknown())).toBeUndefined();
    db.close();
  });

  it('applies profiles in order when they arrive in order, in one batch too', () => {
    const { db, deps } = setup();
    processIncoming(
      deps,
      [fromAlice(named('First', 'a'), T + 1_000), fromAlice(named('Second', 'b'), T + 2_000)],
      T + 3_000,
    );
    expect(db.conversations.getConversation(alice.sessionId)?.displayName).toBe('Second');
    db.close();
  });
});
