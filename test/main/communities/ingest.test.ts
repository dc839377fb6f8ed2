/**
 * Posts from a server into the database: verified against the poster's blinded key, decoded
 * (both paddings, a Content or an Envelope), and each forged or garbled post dropped on its own.
 * A 10 000-post room opens its newest page by index.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, toBase64 } from '../../../src/crypto/bytes';
import {
  blind15KeyPair,
  blind15Sign,
  blinded15IdOf,
  parseServerPublicKey,
  type ServerPublicKey,
} from '../../../src/crypto/blinding';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../../src/crypto/keys';
import { padMessage } from '../../../src/crypto/padding';
import { sodium, sodiumReady } from '../../../src/crypto/sodium';
import { encodeContent, encodeEnvelope } from '../../../src/swarm/messages';
import { announceRequestsChanged, ingestMessages } from '../../../src/main/communities/ingest';
import { EventHub } from '../../../src/main/core/events';
import { DomainBus } from '../../../src/main/domain/bus';
import { LIST_MIN_INTERVAL_MS, projectToIpc } from '../../../src/main/ipc/event-projection';
import type { MessagingDeps } from '../../../src/main/messaging/deps';
import { MessageViews } from '../../../src/main/messaging/message-views';
import type { SessionId } from '../../../src/crypto/keys';
import type { Conversation } from '../../../src/shared/ipc/messaging';
import { decodePost, encodePost } from '../../../src/main/communities/post-codec';
import type { SogsMessage } from '../../../src/main/communities/api';
import { postViews } from '../../../src/main/communities/views';
import { freshDb, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const PK = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const server = () => parseServerPublicKey(PK) as ServerPublicKey;
const key = (b: number) => ed25519KeyPairFromSeed(asEd25519Seed(new Uint8Array(32).fill(b))).secretKey;

function message(id: number, sk = key(1), body = `post ${id}`, blocksRequests = false): SogsMessage {
  const p = encodePost(sk, server(), true, body, 'Ann', blocksRequests);
  return {
    id,
    seqno: id,
    session_id: blinded15IdOf(blind15KeyPair(sk, server())),
    posted: 1_700_000_000 + id,
    data: p.data,
    signature: p.signature,
  };
}

describe('community posts', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('encodes a signed, padded Content that decodes back', () => {
    const m = message(1);
    expect(decodePost(m.session_id!, m.data!, m.signature!)).toEqual({
      ok: true,
      value: { body: 'post 1', senderName: 'Ann', blocksRequests: false, quote: null },
    });
    // Legacy padding: 160·k − 1 bytes.
    expect((atob(m.data!).length + 1) % 160).toBe(0);
  });

  it('carries blocksCommunityMessageRequests (DataMessage 106); the newest post of a poster decides', () => {
    const m = message(1, key(1), 'no requests please', true);
    expect(decodePost(m.session_id!, m.data!, m.signature!)).toMatchObject({
      ok: true,
      value: { blocksRequests: true },
    });
    const { db } = freshDb();
    const roomId = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1).id;
    const room = () => db.communities.room(roomId)!;
    const counters = { dropped: 0 };
    const sender = m.session_id!;
    ingestMessages(db, room(), [m], new Set(), counters, 'advances-since');
    expect(db.communityDms.requestsOff(sender)).toBe(true);
    // A newer post without the flag turns it off; an older one seen later changes nothing.
    ingestMessages(db, room(), [message(3, key(1), 'ok now', false)], new Set(), counters, 'advances-since');
    expect(db.communityDms.requestsOff(sender)).toBe(false);
    ingestMessages(db, room(), [message(2, key(1), 'older', true)], new Set(), counters, 'advances-since');
    expect(db.communityDms.requestsOff(sender)).toBe(false);
    // A forged post (another poster's signature) cannot set it for someone else.
    const forged = { ...message(4, key(3), 'forged', true), session_id: sender };
    ingestMessages(db, room(), [forged], new Set(), counters, 'advances-since');
    expect(db.communityDms.requestsOff(sender)).toBe(false);
    expect(counters.dropped).toBe(1);
  });

  it('an open DM with a poster learns at once that they turned requests off (#19): its window is told', () => {
    vi.useFakeTimers();
    try {
      const { db } = freshDb();
      const roomId = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1).id;
      const room = () => db.communities.room(roomId)!;
      const sender = message(1).session_id! as SessionId;
      // Bob wrote to this poster before (an open DM, never answered).
      db.communityDms.ensure(sender, false, 1);
      db.communityDms.setLink(sender, { baseUrl: 'http://127.0.0.1:1', serverPk: PK, name: 'Lobby' });
      const bus = new DomainBus();
      const hub = new EventHub(true);
      const lists: Conversation[][] = [];
      hub.subscribe((name, payload) => {
        if (name === 'conversations.changed') lists.push(payload as Conversation[]);
      });
      const views = new MessageViews({ db } as unknown as MessagingDeps);
      projectToIpc(bus, hub, () => ({
        messageViews: () => [],
        listConversations: () => views.listConversations(),
      }));
      const poll = (m: SogsMessage) => {
        announceRequestsChanged(
          bus,
          ingestMessages(db, room(), [m], new Set(), { dropped: 0 }, 'advances-since'),
        );
        // Polls a list apart at least (a list follows the last one after that interval).
        vi.advanceTimersByTime(LIST_MIN_INTERVAL_MS);
      };
      const shown = () => lists.at(-1)?.find((c) => c.id === sender)?.community?.requestsOff;

      poll(message(2, key(1), 'hello', false));
      expect(lists).toHaveLength(0); // nothing new to say
      poll(message(3, key(1), 'no requests please', true));
      expect(lists).toHaveLength(1);
      expect(shown()).toBe(true);
      // The same answer again: no new list; taking requests again: told too.
      poll(message(4, key(1), 'still no', true));
      expect(lists).toHaveLength(1);
      poll(message(5, key(1), 'ok now', false));
      expect(lists).toHaveLength(2);
      expect(shown()).toBeUndefined();
      // Someone we have no conversation with: nothing to tell.
      poll(message(6, key(2), 'no requests', true));
      expect(lists).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts libsession padding and an Envelope around the Content', () => {
    const sk = key(2);
    const id = blinded15IdOf(blind15KeyPair(sk, server()));
    const content = encodeContent({ dataMessage: { body: 'wrapped' } });
    const env = padMessage(encodeEnvelope({ type: 'SESSION_MESSAGE', timestamp: 1, content }));
    const sig = blind15Sign(sk, server(), env);
    expect(decodePost(id, toBase64(env), toBase64(sig))).toMatchObject({
      ok: true,
      value: { body: 'wrapped' },
    });
  });

  it('refuses a forged signature, another poster’s ID, garbage and non-IDs', () => {
    const m = message(1);
    const other = message(1, key(3));
    expect(decodePost(other.session_id!, m.data!, m.signature!)).toEqual({
      ok: false,
      error: 'bad-signature',
    });
    expect(decodePost(m.session_id!, m.data!, other.signature!)).toEqual({
      ok: false,
      error: 'bad-signature',
    });
    expect(decodePost(m.session_id!, '@@@', m.signature!)).toEqual({ ok: false, error: 'bad-base64' });
    expect(decodePost('xyz', m.data!, m.signature!)).toEqual({ ok: false, error: 'bad-sender' });
    const junk = new Uint8Array(50).fill(0xff);
    const sk = key(1);
    expect(decodePost(m.session_id!, toBase64(junk), toBase64(blind15Sign(sk, server(), junk)))).toEqual({
      ok: false,
      error: 'undecodable',
    });
  });

  it('verifies plain 05 posts of unblinded servers with either sign of the key', () => {
    const sk = key(4);
    const s = sodium();
    const x = s.crypto_sign_ed25519_pk_to_curve25519(sk.subarray(32));
    const padded = fromHex('0a050a03686579'); // Content{dataMessage{body:"hey"}}
    const sig = s.crypto_sign_detached(padded, sk);
    const id = `05${Buffer.from(x).toString('hex')}`;
    expect(decodePost(id, toBase64(padded), toBase64(sig))).toMatchObject({
      ok: true,
      value: { body: 'hey' },
    });
  });

  it('stores valid posts, drops forged ones, applies deletions and reactions', () => {
    const { db } = freshDb();
    const room = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1);
    const forged = { ...message(2), signature: message(3, key(9)).signature };
    const counters = { dropped: 0 };
    const mine = new Set([message(1).session_id!]);
    const r = ingestMessages(
      db,
      room,
      [
        message(1),
        forged,
        { ...message(4), reactions: { '👍': { index: 0, count: 2, you: true, reactors: [] } } },
      ],
      mine,
      counters,
      'advances-since',
    );
    expect(counters.dropped).toBe(1);
    expect(r.ids.sort()).toEqual([1, 4]);
    expect(r.maxSeqno).toBe(4);
    const views = postViews(db, room.id, db.communities.page(room.id, null, 10));
    expect(views.map((p) => [p.id, p.body, p.mine])).toEqual([
      [4, 'post 4', true],
      [1, 'post 1', true],
    ]);
    expect(views[0]?.reactions).toEqual([{ emoji: '👍', count: 2, you: true }]);
    ingestMessages(
      db,
      db.communities.room(room.id)!,
      [{ id: 1, seqno: 5, deleted: true, data: null }],
      mine,
      counters,
      'advances-since',
    );
    expect(db.communities.post(room.id, 1)).toMatchObject({ deleted: true, body: null, seqno: 5 });
    expect(db.communities.room(room.id)?.sinceSeqno).toBe(5);
    // Our own post's echo (seqno 9) is stored but leaves the position: posts 6–8 are still to poll.
    ingestMessages(
      db,
      db.communities.room(room.id)!,
      [{ ...message(9), seqno: 9 }],
      mine,
      counters,
      'keeps-since',
    );
    expect(db.communities.post(room.id, 9)).toMatchObject({ body: 'post 9' });
    expect(db.communities.room(room.id)?.sinceSeqno).toBe(5);
    db.close();
  });

  it('counts unread posts after the read mark, not ours nor deleted ones', () => {
    const { db } = freshDb();
    const room = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1);
    ingestMessages(
      db,
      room,
      [message(1, key(5)), message(2, key(5)), message(3, key(1))],
      new Set([message(1).session_id!]),
      { dropped: 0 },
      'advances-since',
    );
    expect(db.communities.room(room.id)?.unread).toBe(2);
    db.communities.markRead(room.id, 1);
    expect(db.communities.room(room.id)?.unread).toBe(1);
    db.communities.markRead(room.id, 0); // never backwards
    expect(db.communities.room(room.id)?.unread).toBe(1);
    db.close();
  });

  it('pages a 10 000-post room by its key (the plan uses the primary key, no sort)', () => {
    const { db } = freshDb();
    const room = db.communities.addRoom('http://127.0.0.1:1', PK, 'big', 'Big', 1);
    const posts = Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      seqno: i + 1,
      sender: '15' + 'a'.repeat(64),
      senderName: null,
      body: `post ${i + 1}`,
      postedAt: i,
      editedAt: null,
      deleted: false,
      mine: false,
    }));
    db.communities.upsertPosts(room.id, posts);
    const newest = db.communities.page(room.id, null, 50);
    expect(newest[0]?.id).toBe(10_000);
    expect(newest.at(-1)?.id).toBe(9951);
    const older = db.communities.page(room.id, 9951, 50);
    expect(older[0]?.id).toBe(9950);
    expect(db.communities.room(room.id)?.unread).toBe(10_000);
    db.close();
  });
});
