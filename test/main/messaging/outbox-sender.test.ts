import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { DomainBus } from '../../../src/main/domain/bus';
import type { MessageHash } from '../../../src/main/db/ids';
import type { VeilDatabase } from '../../../src/main/db/database';
import { DEFAULT_RETRY, type RetryPolicy } from '../../../src/main/messaging/backoff';
import { encodeContent } from '../../../src/swarm/messages/index';
import { OutboxSender } from '../../../src/main/messaging/outbox-sender';
import { NetworkError } from '../../../src/main/network/errors';
import { freshDb, outgoing, removeTempDirs } from '../db/helpers';
import { twoIdentities } from './helpers';

/** The outbox's retry rules with a scripted transport and a hand-driven clock. */
let me: Identity;
let them: Identity;
beforeAll(async () => {
  [me, them] = await twoIdentities();
});
afterEach(removeTempDirs);

interface HarnessOptions {
  readonly storeDelayMs?: number;
  readonly policy?: RetryPolicy;
}

function harness(failWith: () => Error | undefined, o: HarnessOptions = {}) {
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
          // Its own hash even when stores overlap (each is counted when it begins).
          const n = ++stores;
          await new Promise((r) => setTimeout(r, o.storeDelayMs ?? 0));
          const e = failWith();
          if (e) throw e;
          return { hash: `h${String(n).padStart(43, 'x')}` };
        },
      },
      bus: new DomainBus(),
      settings: () => ({ readReceipts: true, typingIndicators: true }),
      log: () => undefined,
    },
    () => undefined,
    o.policy ?? DEFAULT_RETRY,
  );
  const message = outgoing({ conversationId: them.sessionId, sender: me.sessionId });
  const written = db.outbox.insertOutgoing(message, now);
  /** Runs one pass at the time the next attempt is due. */
  const step = async (): Promise<void> => {
    const next = [db.outbox.nextAttemptAt(), db.control.nextAttemptAt()].filter((t) => t !== null);
    now = Math.max(now, ...next);
    sender.kick();
    await new Promise((r) => setTimeout(r, 20));
  };
  const status = (d: VeilDatabase = db) => d.messages.getMessage(message.id)?.status;
  return {
    db,
    sender,
    step,
    status,
    message,
    written,
    stores: () => stores,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const serverError = () => new NetworkError('server-error', 'swarm member down');
const offline = () => new NetworkError('offline', 'no onion path');

/** Waits (polling every 10 ms, up to 10 s under a loaded machine) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 10_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('outbox sender', () => {
  it('starts the rows of a message just written as written, without reading the due queue', async () => {
    const h = harness(() => undefined, { storeDelayMs: 300 });
    const dueReads = vi.spyOn(h.db.outbox, 'dueFor');
    h.sender.startWritten(h.written);
    expect(dueReads).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    expect(h.sender.triedSince(h.message.id, h.message.conversationId)).toBe(h.now());
    // 40 more fill every slot (one waits); a message written then waits for a slot too, then leaves.
    const more = Array.from({ length: 40 }, (_, i) =>
      outgoing({ conversationId: them.sessionId, sender: me.sessionId, sentAt: 1_700_000_000_001 + i }),
    );
    for (const m of more) h.db.outbox.insertOutgoing(m, h.now());
    h.sender.kick();
    const last = outgoing({
      conversationId: them.sessionId,
      sender: me.sessionId,
      sentAt: 1_700_000_000_100,
    });
    h.sender.startWritten(h.db.outbox.insertOutgoing(last, h.now()));
    await new Promise((r) => setImmediate(r));
    expect(h.sender.triedSince(last.id, last.conversationId)).toBeUndefined();
    await until(() => [...more, last].every((m) => h.db.messages.getMessage(m.id)?.status === 'sent'));
    expect(h.status()).toBe('sent');
    expect(h.stores()).toBe(42);
    dueReads.mockRestore();
    h.sender.stop();
    h.db.close();
  });

  it('does not read the queue again when a row started alone was stored and nothing waits', async () => {
    const h = harness(() => undefined);
    // The first kick of a run reads the queue (a crash may have left rows): it starts ours.
    h.sender.kick();
    await until(() => h.status() === 'sent');
    const dueReads = vi.spyOn(h.db.outbox, 'dueFor');
    const controlReads = vi.spyOn(h.db.control, 'due');
    const burst = Array.from({ length: 5 }, (_, i) =>
      outgoing({ conversationId: them.sessionId, sender: me.sessionId, sentAt: 1_700_000_000_200 + i }),
    );
    for (const m of burst) h.sender.startWritten(h.db.outbox.insertOutgoing(m, h.now()));
    await until(() => burst.every((m) => h.db.messages.getMessage(m.id)?.status === 'sent'));
    await new Promise((r) => setImmediate(r));
    expect(dueReads).not.toHaveBeenCalled();
    expect(controlReads).not.toHaveBeenCalled();
    h.sender.stop();
    h.db.close();
  });

  it('rows written while every slot is busy wait in memory; one whose message went meanwhile is never sent', async () => {
    const h = harness(() => undefined, { storeDelayMs: 1_000 });
    // The first kick of a run reads the queue (a crash may have left rows): it starts the harness's.
    h.sender.kick();
    // One row each (no sync copy): with the harness's own, 40 rows fill every slot.
    const fill = Array.from({ length: 39 }, (_, i) =>
      outgoing({ conversationId: them.sessionId, sender: me.sessionId, sentAt: 1_700_000_000_300 + i }),
    );
    for (const m of fill) h.sender.startWritten(h.db.outbox.insertOutgoing(m, h.now()));
    const dueReads = vi.spyOn(h.db.outbox, 'dueFor');
    // Every slot busy: these three wait; the second is deleted before a slot frees.
    const later = Array.from({ length: 3 }, (_, i) =>
      outgoing({ conversationId: them.sessionId, sender: me.sessionId, sentAt: 1_700_000_000_400 + i }),
    );
    for (const m of later) h.sender.startWritten(h.db.outbox.insertOutgoing(m, h.now()));
    await until(() => h.stores() >= 40);
    expect(h.stores()).toBe(40);
    const gone = h.db.messages.getMessage(later[1]!.id);
    if (!gone) throw new Error('missing');
    h.db.actions.removeCompletely(gone);
    await until(() => [later[0]!, later[2]!].every((m) => h.db.messages.getMessage(m.id)?.status === 'sent'));
    await new Promise((r) => setTimeout(r, 50));
    expect(h.stores()).toBe(42);
    expect(dueReads).not.toHaveBeenCalled();
    h.sender.stop();
    h.db.close();
  });

  it('a kick while rows wait in memory reads the queue once, not at every freed slot', async () => {
    const h = harness(() => undefined, { storeDelayMs: 600 });
    h.sender.kick();
    const fill = Array.from({ length: 45 }, (_, i) =>
      outgoing({ conversationId: them.sessionId, sender: me.sessionId, sentAt: 1_700_000_000_500 + i }),
    );
    for (const m of fill) h.sender.startWritten(h.db.outbox.insertOutgoing(m, h.now()));
    // Someone else's kick (a resend, a control message) while every slot is busy: the next
    // freed slot reads the queue, and finds only rows in flight or waiting in memory.
    h.sender.kick();
    const dueReads = vi.spyOn(h.db.outbox, 'dueFor');
    await until(() => fill.every((m) => h.db.messages.getMessage(m.id)?.status === 'sent'));
    expect(dueReads.mock.calls.length).toBeLessThanOrEqual(1);
    h.sender.stop();
    h.db.close();
  });

  it('rows in flight do not wake the timer: it waits for later retries or its 5 s round', async () => {
    const h = harness(() => undefined, { storeDelayMs: 600 });
    h.sender.kick();
    const dueReads = vi.spyOn(h.db.outbox, 'dueFor');
    // The row is due (in flight): a timer armed from it fired every 50 ms and read the queue.
    await new Promise((r) => setTimeout(r, 400));
    expect(dueReads).not.toHaveBeenCalled();
    await until(() => h.status() === 'sent');
    h.sender.stop();
    h.db.close();
  });

  it('retries a failing send inside its minute, then fails it at the end and never retries by itself', async () => {
    const h = harness(serverError);
    const started = h.now();
    while (h.status() === 'sending') {
      expect(h.now() - started).toBeLessThanOrEqual(DEFAULT_RETRY.failAfterMs);
      await h.step();
    }
    expect(h.status()).toBe('failed');
    expect(h.now() - started).toBe(DEFAULT_RETRY.failAfterMs);
    // Several tries (on other members, other paths) fit in the minute.
    expect(h.stores()).toBeGreaterThanOrEqual(4);
    const tries = h.stores();
    h.advance(3_600_000);
    for (let i = 0; i < 5; i++) await h.step();
    expect(h.stores()).toBe(tries);
    expect(h.status()).toBe('failed');
    expect(h.db.messages.getMessage(h.message.id)).toMatchObject({ status: 'failed' });
    h.sender.stop();
    h.db.close();
  });

  it('an outage inside the minute is waited out without using attempts, then the message leaves', async () => {
    let down = true;
    const h = harness(() => (down ? offline() : undefined));
    const started = h.now();
    for (let i = 0; i < 6; i++) await h.step();
    expect(h.now() - started).toBeLessThan(DEFAULT_RETRY.failAfterMs);
    expect(h.status()).toBe('sending');
    expect(h.db.outbox.queuedSince(h.message.id)).toEqual({ firstTriedAt: started });
    expect(h.db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)[0]?.attempts).toBe(0);
    down = false;
    await h.step();
    expect(h.status()).toBe('sent');
    expect(h.db.outbox.queuedSince(h.message.id)).toBeUndefined();
    h.sender.stop();
    h.db.close();
  });

  it('a message sent into a dead network is failed a minute after its first try, and stays failed', async () => {
    const h = harness(offline);
    const started = h.now();
    while (h.status() === 'sending') await h.step();
    expect(h.status()).toBe('failed');
    expect(h.now() - started).toBe(DEFAULT_RETRY.failAfterMs);
    // Probed every few seconds meanwhile, without counting those as attempts.
    expect(h.stores()).toBeGreaterThanOrEqual(DEFAULT_RETRY.failAfterMs / DEFAULT_RETRY.offlineRetryMs - 1);
    const tries = h.stores();
    h.advance(3_600_000);
    for (let i = 0; i < 5; i++) await h.step();
    expect(h.stores()).toBe(tries);
    h.sender.stop();
    h.db.close();
  });

  it('a store still unanswered at the end of the minute is failed then; a late acceptance makes it sent', async () => {
    const policy = { ...DEFAULT_RETRY, failAfterMs: 100 };
    const h = harness(() => undefined, { storeDelayMs: 400, policy });
    h.sender.kick();
    await new Promise((r) => setTimeout(r, 250));
    expect(h.status()).toBe('failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.status()).toBe('sent');
    expect(h.db.outbox.queuedSince(h.message.id)).toBeUndefined();
    h.sender.stop();
    h.db.close();
  });

  it('Resend gives a failed message a new minute; a new run of the app does too, failed ones excepted', async () => {
    let fail = true;
    const h = harness(() => (fail ? serverError() : undefined));
    while (h.status() === 'sending') await h.step();
    expect(h.status()).toBe('failed');
    expect(h.db.outbox.resend(h.message.id, h.now())).toBe(true);
    expect(h.db.outbox.queuedSince(h.message.id)).toEqual({ firstTriedAt: null });
    await h.step();
    expect(h.db.outbox.queuedSince(h.message.id)?.firstTriedAt).toBe(h.now());
    h.advance(DEFAULT_RETRY.failAfterMs - 1);
    h.db.outbox.restartClocks(); // what a restart does
    expect(h.db.outbox.queuedSince(h.message.id)).toEqual({ firstTriedAt: null });
    fail = false;
    await h.step();
    expect(h.status()).toBe('sent');
    h.sender.stop();
    h.db.close();
  });

  it('a first try keeps its clock in memory and writes it only with a retry', async () => {
    const h = harness(() => undefined, { storeDelayMs: 100 });
    h.sender.kick();
    await new Promise((r) => setTimeout(r, 20));
    // In flight: the clock runs (the CLI's verdict wait sees it), nothing was written for it.
    expect(h.sender.triedSince(h.message.id, h.message.conversationId)).toBe(h.now());
    expect(h.db.outbox.queuedSince(h.message.id)).toEqual({ firstTriedAt: null });
    await new Promise((r) => setTimeout(r, 150));
    expect(h.status()).toBe('sent');
    expect(h.sender.triedSince(h.message.id, h.message.conversationId)).toBeUndefined();
    h.sender.stop();
    h.db.close();

    const g = harness(() => serverError());
    const startedAt = g.now();
    await g.step();
    // The retry carries the time of the first try, so the minute still counts from it.
    expect(g.db.outbox.queuedSince(g.message.id)).toEqual({ firstTriedAt: startedAt });
    g.sender.stop();
    g.db.close();
  });

  it('closing while a store is in flight leaves the row queued and touches no closed database', async () => {
    for (const outcome of [undefined, new NetworkError('server-error', 'late failure')]) {
      const h = harness(() => outcome, { storeDelayMs: 100 });
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
    for (let i = 0; i < 12; i++) await h.step();
    expect(h.status()).toBe('sending');
    expect(h.db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)[0]?.attempts).toBe(0);
    h.sender.stop();
    h.db.close();
  });
});

describe('queued control messages', () => {
  const receipt = (recipient: Identity) => ({
    recipient: recipient.sessionId,
    kind: 'read-receipt' as const,
    content: encodeContent({ receiptMessage: { type: 'READ', timestamp: [1] } }),
    sentAt: 5_000,
  });

  it('are retried through failures and outages, never "failed", and leave the queue once stored', async () => {
    let error: Error | undefined = serverError();
    const h = harness(() => error);
    h.db.outbox.markSent(h.message.id, 'x'.repeat(43) as MessageHash); // only the control row matters here
    h.db.control.enqueue(receipt(them), h.now());
    for (let i = 0; i < 12; i++) await h.step();
    expect(h.db.control.pendingKinds(them.sessionId)).toEqual(['read-receipt']);
    error = offline();
    const attempts = h.db.control.due(Number.MAX_SAFE_INTEGER)[0]?.attempts;
    for (let i = 0; i < 5; i++) await h.step();
    expect(h.db.control.due(Number.MAX_SAFE_INTEGER)[0]?.attempts).toBe(attempts);
    error = undefined;
    await h.step();
    expect(h.db.control.pendingKinds(them.sessionId)).toEqual([]);
    h.sender.stop();
    h.db.close();
  });

  it('are dropped when the swarm refuses them for good, and when undecodable', async () => {
    const h = harness(() => new NetworkError('client-error', 'store answered 400'));
    h.db.control.enqueue(receipt(them), h.now());
    h.db.control.enqueue({ ...receipt(them), content: new Uint8Array([0xff, 0xff, 0xff]) }, h.now());
    await h.step();
    expect(h.db.control.pendingKinds(them.sessionId)).toEqual([]);
    h.sender.stop();
    h.db.close();
  });
});
