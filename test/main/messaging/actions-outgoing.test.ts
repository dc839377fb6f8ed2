/**
 * What leaves for a reaction and a delete for everyone, decrypted as their recipients would:
 * the peer's copy, and the copy for our own devices (syncTarget on a reaction, the same sent
 * timestamp; each unsend its own timestamp), and the swarm delete of our own copies.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/crypto/bytes';
import type { Identity, SessionId } from '../../../src/crypto/keys';
import { openIncoming1o1, type Opened1o1 } from '../../../src/swarm/messages';
import { freshDb, removeTempDirs } from '../db/helpers';
import { twoIdentities } from './helpers';
import { messagingServiceFor } from './service-harness';

let me: Identity;
let them: Identity;
beforeAll(async () => {
  [me, them] = await twoIdentities();
});
afterEach(removeTempDirs);

function harness() {
  const { db } = freshDb();
  const stored: { recipient: SessionId; opened: Opened1o1 }[] = [];
  const deleted: string[][] = [];
  const { service } = messagingServiceFor(db, me, {
    transport: {
      store: (recipient, data) => {
        const reader = recipient === them.sessionId ? them : me;
        const opened = openIncoming1o1({ ourIdentity: reader, data: toBase64(data) });
        if (!opened.ok) throw new Error('undecryptable');
        stored.push({ recipient, opened });
        return Promise.resolve({ hash: `hash${stored.length}` });
      },
      deleteOwn: (hashes) => {
        deleted.push([...hashes]);
        return Promise.resolve();
      },
    },
  });
  const settle = async (count: number) => {
    for (let i = 0; i < 100 && stored.length < count; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stored).toHaveLength(count);
  };
  /** Until the swarm's acceptance is recorded (it follows the store's answer). */
  const sent = async (id: string) => {
    for (let i = 0; i < 100 && service.message(id)?.status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 20));
  };
  return { db, service, stored, deleted, settle, sent, stop: () => service.stop() };
}

describe('outgoing message actions', () => {
  it('a reaction goes to them and, with syncTarget and the same timestamp, to our devices', async () => {
    const h = harness();
    h.service.open(them.sessionId);
    const m = h.service.send(them.sessionId, 'Photo du gâteau');
    await h.settle(2);
    h.stored.length = 0;
    h.service.react(m.id, '🎂', false);
    await h.settle(2);
    const peer = h.stored.find((s) => s.recipient === them.sessionId)!.opened;
    const own = h.stored.find((s) => s.recipient === me.sessionId)!.opened;
    const reaction = { id: m.sentAt, author: me.sessionId, emoji: '🎂', action: 'REACT' };
    expect(peer.content.dataMessage).toEqual({ reaction });
    expect(own.content.dataMessage).toEqual({ reaction, syncTarget: them.sessionId });
    expect(own.sentAt).toBe(peer.sentAt);
    expect(h.service.message(m.id)?.reactions).toEqual([
      { emoji: '🎂', reactors: [me.sessionId], mine: true },
    ]);
    expect(h.service.recentReactions()[0]).toBe('🎂');
    h.stop();
    h.db.close();
  });

  it('unsend: a request to them and one to us, each its own timestamp, then our copies deleted', async () => {
    const h = harness();
    h.service.open(them.sessionId);
    const m = h.service.send(them.sessionId, 'Oups, mauvaise conversation');
    await h.settle(2);
    await h.sent(m.id);
    const hashes = h.stored.map((_, i) => `hash${i + 1}`);
    h.stored.length = 0;
    await expect(h.service.unsend(m.id)).resolves.toBe(true);
    await h.settle(2);
    const request = { timestamp: m.sentAt, author: me.sessionId };
    for (const s of h.stored) expect(s.opened.content.unsendRequest).toEqual(request);
    const times = h.stored.map((s) => s.opened.sentAt);
    expect(new Set([...times, m.sentAt]).size).toBe(3);
    expect(h.deleted).toHaveLength(1);
    expect([...h.deleted[0]!].sort()).toEqual(hashes.sort());
    expect(h.service.message(m.id)).toMatchObject({ deleted: true, body: '' });
    h.stop();
    h.db.close();
  });

  it('unsend in Note to Self: one request, to us only, and the message is gone', async () => {
    const h = harness();
    h.service.open(me.sessionId);
    const m = h.service.send(me.sessionId, 'code du portail 1234');
    await h.settle(1);
    await h.sent(m.id);
    h.stored.length = 0;
    await h.service.unsend(m.id);
    await h.settle(1);
    expect(h.stored[0]!.recipient).toBe(me.sessionId);
    expect(h.service.message(m.id)).toBeUndefined();
    expect(h.db.search('portail')).toEqual([]);
    h.stop();
    h.db.close();
  });
});
