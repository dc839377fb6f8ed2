/**
 * Sending does not read the new message back: its view is built from the rows the send wrote
 * (written-message.ts), the windows' projection gets it for the `messages.stored` event, and
 * `send` answers with that same view (same turn, same ids). It is the view a read gives.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it, vi } from 'vitest';
import { isMessageId } from '../../../src/main/db';
import { EventHub } from '../../../src/main/core/events';
import { projectToIpc } from '../../../src/main/ipc/event-projection';
import { MessagingService } from '../../../src/main/messaging/messaging-service';
import type { Message } from '../../../src/shared/ipc/messaging';
import { receiveOnlyDeps } from './helpers';
import { useTwoPartyDb } from './two-party-db';

const shared = useTwoPartyDb();

describe('sending a message', () => {
  it('reads no row for the windows and the answer, both the view a read gives', async () => {
    const { db, me, them } = shared;
    const deps = receiveOnlyDeps(db, me, 1_765_000_000_000);
    const service = new MessagingService(deps);
    const hub = new EventHub(true);
    const shown: Message[] = [];
    hub.subscribe((name, payload) => {
      if (name === 'messages.changed') shown.push(...(payload as { messages: Message[] }).messages);
    });
    const stop = projectToIpc(deps.bus, hub, () => service);
    service.open(them.sessionId);
    const reads = vi.spyOn(db.messages, 'getMessage');
    try {
      const sent = service.send(them.sessionId, 'bonjour');
      expect(reads).not.toHaveBeenCalled();
      expect(shown).toEqual([sent]);
      expect(sent).toMatchObject({ body: 'bonjour', direction: 'out', status: 'sending' });
      // A reply: its quote is looked up as for any message.
      const reply = service.send(them.sessionId, 'et toi ?', sent.id);
      expect(reads).toHaveBeenCalledTimes(1); // the quoted original, checked before writing
      expect(reply.quote).toMatchObject({ messageId: sent.id, text: 'bonjour' });
      // Without the windows' projection, the answer is built the same way.
      stop();
      reads.mockClear();
      const alone = service.send(them.sessionId, 'encore');
      expect(alone).toMatchObject({ body: 'encore', status: 'sending' });
      expect(reads).not.toHaveBeenCalled();
      reads.mockRestore();
      // Once the turn is over, reading the rows gives the very same views.
      await Promise.resolve();
      expect(service.messageViews(them.sessionId, [sent.id, reply.id, alone.id])).toEqual([
        sent,
        reply,
        alone,
      ]);
    } finally {
      // The list update waiting in the projection must not read a closed database.
      stop();
      reads.mockRestore();
      service.stop();
    }
  });

  it('reads its conversation and disappearing setting in one statement, and writes under that setting', () => {
    const { db, me, them } = shared;
    const deps = receiveOnlyDeps(db, me, 1_765_000_100_000);
    const service = new MessagingService(deps);
    service.open(them.sessionId);
    db.disappearing.apply(them.sessionId, { mode: 'after-send', seconds: 60 }, 1_765_000_050_000, 1);
    const settings = vi.spyOn(db.disappearing, 'setting');
    const states = vi.spyOn(db.conversations, 'conversationState');
    try {
      const sent = service.send(them.sessionId, 'éphémère');
      // The setting was a second read (and check) of the same row inside the send's transaction.
      expect(settings).not.toHaveBeenCalled();
      expect(states).not.toHaveBeenCalled();
      expect(sent.expiry).toEqual({ mode: 'after-send', seconds: 60 });
      expect(sent.expiresAt).toBe(sent.sentAt + 60_000);
    } finally {
      settings.mockRestore();
      states.mockRestore();
      db.disappearing.apply(them.sessionId, { mode: 'off' }, 1_765_000_060_000, 1);
      service.stop();
    }
  });

  it('plans the disappearing timer again only for a message that disappears', () => {
    const { db, me, them } = shared;
    const deps = receiveOnlyDeps(db, me, 1_765_000_200_000);
    const service = new MessagingService(deps);
    service.open(them.sessionId);
    const plans = vi.spyOn(db.disappearing, 'nextExpiry');
    try {
      service.send(them.sessionId, 'pour toujours');
      // It moves no expiry: the next one is not read again for each message sent.
      expect(plans).not.toHaveBeenCalled();
      db.disappearing.apply(them.sessionId, { mode: 'after-send', seconds: 60 }, 1_765_000_150_000, 1);
      service.send(them.sessionId, 'éphémère');
      expect(plans).toHaveBeenCalledTimes(1);
      expect(plans).toHaveLastReturnedWith(expect.any(Number));
    } finally {
      plans.mockRestore();
      db.disappearing.apply(them.sessionId, { mode: 'off' }, 1_765_000_160_000, 1);
      service.stop();
    }
  });

  it('writes in one transaction without a savepoint of its own', () => {
    const { db, me, them } = shared;
    const deps = receiveOnlyDeps(db, me, 1_765_000_300_000);
    const service = new MessagingService(deps);
    service.open(them.sessionId);
    // Every statement run, by its SQL (the driver's Statement class, from any statement).
    const scratch = new Database(':memory:');
    const statement = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Database.Statement;
    const runs = vi.spyOn(statement, 'run');
    try {
      const sent = service.send(them.sessionId, 'une seule transaction');
      const sql = runs.mock.contexts.map((c) => (c as Database.Statement).source);
      expect(sql.filter((q) => /^(BEGIN|COMMIT)/.test(q))).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
      expect(sql.filter((q) => /SAVEPOINT|RELEASE/.test(q))).toEqual([]);
      if (!isMessageId(sent.id)) throw new Error('not a message id');
      expect(db.messages.getMessage(sent.id)).toMatchObject({ status: 'sending' });
    } finally {
      runs.mockRestore();
      scratch.close();
      service.stop();
    }
  });
});
