import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/crypto/bytes';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { EventHub } from '../../../src/main/core/events';
import type { VeilDatabase } from '../../../src/main/db/database';
import { DEFAULT_RETRY } from '../../../src/main/messaging/backoff';
import { OutboxSender } from '../../../src/main/messaging/outbox-sender';
import { NetworkError } from '../../../src/main/network/errors';
import { freshDb, outgoing, removeTempDirs } from '../db/helpers';

/** The outbox's retry rules with a scripted transport and a hand-driven clock. */
let me: Identity;
let them: Identity;
beforeAll(async () => {
  await sodiumReady();
  me = identityFromSeed(fromHex('0123456789abcdef0123456789abcdef'));
  them = identityFromSeed(fromHex('00112233445566778899aabbccddeeff'));
});
afterEach(removeTempDirs);

function harness(failWith: () => Error | undefined, storeDelayMs = 0) {
  const { db } = freshDb();
  let now = 1_000;
  let stores = 0;
  const sender = new OutboxSender(
    {
      db,
      identity: () => me,
      displayName: () => 'Me',
      transport: {
        now: () => now,
        localNow: () => now,
        store: async () => {
          stores++;
          await new Promise((r) => setTimeout(r, storeDelayMs));
          const e = failWith();
          if (e) throw e;
          return { hash: `h${String(stores).padStart(43, 'x')}` };
        },
      },
      events: new EventHub(),
      settings: () => ({ readReceipts: true, typingIndicators: true }),
      log: () => undefined,
    },
    () => undefined,
  );
  const message = outgoing({ conversationId: them.sessionId, sender: me.sessionId });
  db.outbox.insertOutgoing(message, now);
  /** Runs one pass at the time the next attempt is due. */
  const step = async (): Promise<void> => {
    now = Math.max(now, db.outbox.nextAttemptAt() ?? now);
    sender.kick();
    await new Promise((r) => setTimeout(r, 20));
  };
  const status = (d: VeilDatabase = db) => d.messages.getMessage(message.id)?.status;
  return { db, sender, step, status, stores: () => stores };
}

describe('outbox sender', () => {
  it('marks a message failed only after every attempt against a reachable network failed', async () => {
    const h = harness(() => new NetworkError('server-error', 'swarm member down'));
    for (let i = 0; i < DEFAULT_RETRY.maxAttempts - 1; i++) {
      await h.step();
      expect(h.status()).toBe('sending');
    }
    await h.step();
    expect(h.status()).toBe('failed');
    expect(h.stores()).toBe(DEFAULT_RETRY.maxAttempts);
    h.sender.stop();
    h.db.close();
  });

  it('waits out an outage without using up attempts, then sends', async () => {
    let offline = true;
    const h = harness(() => (offline ? new NetworkError('offline', 'no onion path') : undefined));
    for (let i = 0; i < DEFAULT_RETRY.maxAttempts * 3; i++) await h.step();
    expect(h.status()).toBe('sending');
    expect(h.db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)[0]?.attempts).toBe(0);
    offline = false;
    await h.step();
    expect(h.status()).toBe('sent');
    h.sender.stop();
    h.db.close();
  });

  it('closing while a store is in flight leaves the row queued and touches no closed database', async () => {
    for (const outcome of [undefined, new NetworkError('server-error', 'late failure')]) {
      const h = harness(() => outcome, 100);
      h.sender.kick();
      await new Promise((r) => setTimeout(r, 20));
      h.sender.stop();
      h.db.close();
      // An access to the closed database would throw here, as an unhandled rejection.
      await new Promise((r) => setTimeout(r, 200));
      expect(h.stores()).toBe(1);
    }
  });

  it('a network stopped under it (shutting down) uses no attempt and fails nothing', async () => {
    const h = harness(() => new NetworkError('stopped', 'the network client is not running'));
    for (let i = 0; i < DEFAULT_RETRY.maxAttempts + 2; i++) await h.step();
    expect(h.status()).toBe('sending');
    expect(h.db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)[0]?.attempts).toBe(0);
    h.sender.stop();
    h.db.close();
  });
});
