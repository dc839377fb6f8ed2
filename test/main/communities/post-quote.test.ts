/**
 * Replies in community rooms, as Session desktop names a quoted post: `Quote{id, author}` with
 * `id` the quoted post's `sent_at` (the server's `posted` floored to ms) and `author` its
 * `session_id`; the quoted post is looked up in the same room by (author, time) when shown.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/crypto/bytes';
import {
  blind15KeyPair,
  blinded15IdOf,
  parseServerPublicKey,
  type ServerPublicKey,
} from '../../../src/crypto/blinding';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../../src/crypto/keys';
import { unpadMessage } from '../../../src/crypto/padding';
import { sodiumReady } from '../../../src/crypto/sodium';
import type { SogsMessage } from '../../../src/main/communities/api';
import { ingestMessages, postedMs } from '../../../src/main/communities/ingest';
import {
  contentBytes,
  decodePost,
  encodePost,
  type OutgoingQuote,
} from '../../../src/main/communities/post-codec';
import { postViews } from '../../../src/main/communities/views';
import { freshDb, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const PK = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const server = () => parseServerPublicKey(PK) as ServerPublicKey;
const key = (b: number) => ed25519KeyPairFromSeed(asEd25519Seed(new Uint8Array(32).fill(b))).secretKey;
const idOf = (b: number) => blinded15IdOf(blind15KeyPair(key(b), server()));

function post(id: number, who: number, body: string, posted: number, quote?: OutgoingQuote): SogsMessage {
  const p = encodePost(key(who), server(), true, body, `P${who}`, false, quote);
  return { id, seqno: id, session_id: idOf(who), posted, data: p.data, signature: p.signature };
}

describe('community replies', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('puts Quote{id = 1, author = 2} in DataMessage field 8, as SignalService.proto declares', () => {
    // Built by hand from session-desktop protos/SignalService.proto: Content.dataMessage (1) →
    // DataMessage{body (1) = "hi", quote (8) = Quote{id (1, uint64 varint), author (2)}}.
    const author = `15${'ab'.repeat(32)}`;
    const bytes = unpadMessage(contentBytes('hi', undefined, undefined, { id: 1_700_000_000_123, author }));
    const expected =
      '0a510a026869424b08fbd095ffbc311242313561626162616261626162616261626162616261626162616261626162616261626162616261626162616261626162616261626162616261626162616261626162';
    expect(toHex(bytes)).toBe(expected);
  });

  it('decodes a reply’s quote; a malformed one is dropped and the post kept', () => {
    const author = idOf(1);
    const m = post(2, 2, 'yes', 1_700_000_001, { id: 1_700_000_000_123, author, text: 'question?' });
    expect(decodePost(m.session_id!, m.data!, m.signature!)).toMatchObject({
      ok: true,
      value: { body: 'yes', quote: { id: 1_700_000_000_123, author } },
    });
    const bad = post(3, 2, 'still here', 1_700_000_002, { id: 5, author: 'not an id' });
    expect(decodePost(bad.session_id!, bad.data!, bad.signature!)).toMatchObject({
      ok: true,
      value: { body: 'still here', quote: null },
    });
  });

  it('keeps a post’s time as Session does (posted floored to ms), the time its replies quote', () => {
    // 0.1239 s: rounding gives …124 ms, desktop's Math.floor(posted * 1000) gives …123.
    expect(postedMs(1_700_000_000.1239)).toBe(1_700_000_000_123);
    const { db } = freshDb();
    const roomId = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1).id;
    ingestMessages(
      db,
      db.communities.room(roomId)!,
      [post(1, 1, 'q', 1_700_000_000.1239)],
      new Set(),
      { dropped: 0 },
      'advances-since',
    );
    expect(db.communities.post(roomId, 1)?.postedAt).toBe(1_700_000_000_123);
  });

  it('shows the quoted post of the same room by (author, time): found, deleted, unknown', () => {
    const { db } = freshDb();
    const roomId = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1).id;
    const other = db.communities.addRoom('http://127.0.0.1:1', PK, 'other', 'Other', 1).id;
    const counters = { dropped: 0 };
    const ann = idOf(1);
    const at = 1_700_000_000_123;
    const ingest = (r: number, ms: SogsMessage[]) =>
      ingestMessages(db, db.communities.room(r)!, ms, new Set([idOf(2)]), counters, 'advances-since');
    ingest(roomId, [
      post(1, 1, 'question?', 1_700_000_000.1239),
      // Same author, 1 s later: not the one quoted.
      post(2, 1, 'another', 1_700_000_001.1239),
      post(3, 2, 'answer', 1_700_000_002, { id: at, author: ann }),
      post(4, 2, 'to nothing', 1_700_000_003, { id: at + 5000, author: ann }),
    ]);
    // The same (author, time) in another room is never pulled into this one.
    ingest(other, [post(9, 3, 'elsewhere', 1_700_000_004, { id: at, author: ann })]);
    const views = postViews(db, roomId, db.communities.page(roomId, null, 10));
    const byId = new Map(views.map((v) => [v.id, v]));
    expect(byId.get(3)?.quote).toEqual({
      id: at,
      author: ann,
      postId: 1,
      authorName: 'P1',
      text: 'question?',
      mine: false,
    });
    expect(byId.get(4)?.quote).toMatchObject({ postId: null, text: null, authorName: null });
    expect(byId.get(1)?.quote).toBeUndefined();
    expect(postViews(db, other, db.communities.page(other, null, 10))[0]?.quote).toMatchObject({
      postId: null,
    });

    // Deleted: nothing of its text shows, the reply still says what it answered.
    db.communities.markDeleted(roomId, 1, 10);
    const after = postViews(db, roomId, db.communities.page(roomId, null, 10));
    expect(after.find((v) => v.id === 3)?.quote).toMatchObject({ postId: 1, text: null });
  });

  it('finds a post stored before migration 0017, whose time was rounded (1 ms above the floor)', () => {
    const { db } = freshDb();
    const roomId = db.communities.addRoom('http://127.0.0.1:1', PK, 'lobby', 'Lobby', 1).id;
    const ann = idOf(1);
    db.communities.upsertPosts(roomId, [
      {
        id: 1,
        seqno: 1,
        sender: ann,
        senderName: 'Ann',
        body: 'old',
        postedAt: 1_700_000_000_124,
        editedAt: null,
        deleted: false,
        mine: false,
      },
      {
        id: 2,
        seqno: 2,
        sender: idOf(2),
        senderName: 'Bob',
        body: 're',
        postedAt: 1_700_000_001_000,
        editedAt: null,
        deleted: false,
        mine: false,
        quote: { id: 1_700_000_000_123, author: ann },
      },
    ]);
    const [reply] = postViews(db, roomId, [db.communities.post(roomId, 2)!]);
    expect(reply?.quote?.postId).toBe(1);
  });
});
