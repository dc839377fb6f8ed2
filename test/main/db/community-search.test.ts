import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput } from '../../../src/main/db/communities';
import type { VeilDatabase } from '../../../src/main/db/database';
import { openConnection } from '../../../src/main/db/connection';
import { freshDb, removeTempDirs } from './helpers';

let db: VeilDatabase;
let path: string;
let key: Uint8Array;
let cafe: number;
let gare: number;

const PK = 'a'.repeat(64);
const SENDER = `15${'b'.repeat(64)}`;

const post = (id: number, body: string | null, over: Partial<PostInput> = {}): PostInput => ({
  id,
  seqno: id,
  sender: SENDER,
  senderName: 'Bea',
  body,
  postedAt: 1_000 * id,
  editedAt: null,
  deleted: false,
  mine: false,
  ...over,
});

/** What the search finds, as "room:post" (newest first). */
const found = (q: string, roomId?: number): string[] =>
  db.searchPosts(q, roomId === undefined ? {} : { roomId }).map((h) => `${h.roomId}:${h.postId}`);

/** FTS5 compares its index with the view of indexed posts: a row missing, extra or stale fails. */
const checkIndex = (): void => {
  const raw = openConnection(path, key);
  try {
    raw.exec("INSERT INTO community_posts_fts (community_posts_fts, rank) VALUES ('integrity-check', 1)");
  } finally {
    raw.close();
  }
};

beforeAll(() => {
  ({ db, path, key } = freshDb());
  cafe = db.communities.addRoom('https://a.example', PK, 'cafe', 'Le Café', 1).id;
  gare = db.communities.addRoom('https://a.example', PK, 'gare', 'La Gare', 1).id;
  db.communities.upsertPosts(cafe, [
    post(1, "L'école est fermée demain"),
    post(2, 'NEAR the station, "quoted" text'),
    post(3, 'minus -sign and star* here'),
    post(4, 'hello world'),
  ]);
  // The same server id in another room: a different post.
  db.communities.upsertPosts(gare, [post(4, 'hello from the station', { postedAt: 9_000 })]);
});

afterAll(() => {
  db.close();
  removeTempDirs();
});

describe('community post search', () => {
  it('finds words with accents folded, the last word as a prefix, newest first, with room, poster and snippet', () => {
    expect(found('ecole')).toEqual([`${cafe}:1`]);
    expect(found('ÉCOLE fermee')).toEqual([`${cafe}:1`]);
    expect(found('hel')).toEqual([`${gare}:4`, `${cafe}:4`]);
    expect(found('hello', gare)).toEqual([`${gare}:4`]);
    const [hit] = db.searchPosts('ecole');
    expect(hit).toEqual({
      roomId: cafe,
      roomName: 'Le Café',
      postId: 1,
      sender: SENDER,
      senderName: 'Bea',
      mine: false,
      postedAt: 1_000,
      snippet: "L'\uE000école\uE001 est fermée demain",
    });
  });

  it('follows edits, deletions (ours and a moderator’s) and a poll bringing a post again', () => {
    db.communities.upsertPosts(cafe, [post(10, 'première version', { seqno: 10 })]);
    expect(found('premiere')).toEqual([`${cafe}:10`]);
    db.communities.upsertPosts(cafe, [post(10, 'seconde version', { seqno: 11, editedAt: 5 })]);
    expect(found('premiere')).toEqual([]);
    expect(found('seconde')).toEqual([`${cafe}:10`]);
    // The same post again (a replayed poll): nothing changes.
    db.communities.upsertPosts(cafe, [post(10, 'seconde version', { seqno: 11, editedAt: 5 })]);
    expect(found('seconde')).toEqual([`${cafe}:10`]);
    // Deleted by a moderator: the poll brings it without a body.
    db.communities.upsertPosts(cafe, [post(10, null, { seqno: 12, deleted: true })]);
    expect(found('seconde')).toEqual([]);
    // Deleted by us.
    db.communities.upsertPosts(cafe, [post(11, 'à supprimer')]);
    expect(found('supprimer')).toEqual([`${cafe}:11`]);
    db.communities.markDeleted(cafe, 11, 13);
    expect(found('supprimer')).toEqual([]);
    // A deleted flag with a body left in it is not searchable either.
    db.communities.upsertPosts(cafe, [post(12, 'fantôme', { deleted: true })]);
    expect(found('fantome')).toEqual([]);
    checkIndex();
  });

  it('forgets the posts of a room left', () => {
    const left = db.communities.addRoom('https://b.example', PK, 'quai', 'Quai', 1).id;
    db.communities.upsertPosts(left, [post(1, 'voie dix'), post(2, 'voie onze')]);
    expect(found('voie')).toHaveLength(2);
    expect(db.communities.removeRoom(left)).toBe(true);
    expect(found('voie')).toEqual([]);
    checkIndex();
  });

  it('does not index ids beyond the search key (a hostile server) and still stores them', () => {
    const huge = 2 ** 42 + 7;
    db.communities.upsertPosts(cafe, [post(huge, 'lointain')]);
    expect(db.communities.post(cafe, huge)?.body).toBe('lointain');
    expect(found('lointain')).toEqual([]);
    db.communities.upsertPosts(cafe, [post(huge, 'lointain modifié', { seqno: huge + 1 })]);
    db.communities.markDeleted(cafe, huge, huge + 2);
    expect(found('lointain')).toEqual([]);
  });

  it('treats operators and quotes as plain text', () => {
    expect(found('NEAR')).toEqual([`${cafe}:2`]);
    expect(found('"quoted"')).toEqual([`${cafe}:2`]);
    expect(found('star*')).toEqual([`${cafe}:3`]);
  });

  it.each([
    '"',
    '*',
    'NEAR(a b',
    '-hello',
    'a OR',
    'NOT hello',
    'body:hello',
    '^hello',
    '{body}: x',
    "'; DROP TABLE community_messages; --",
    '\u0000',
    'hel\u0000lo\u0007',
    '',
    'x'.repeat(10_000),
  ])('never throws on hostile input %#', (q) => {
    expect(() => db.searchPosts(q)).not.toThrow();
  });

  it('never throws on any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (q) => {
        expect(Array.isArray(db.searchPosts(q))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps to the limit, newest first', () => {
    const big = db.communities.addRoom('https://c.example', PK, 'big', 'Big', 1).id;
    db.communities.upsertPosts(
      big,
      Array.from({ length: 120 }, (_, i) => post(i + 1, `tram numéro ${i + 1}`)),
    );
    const hits = db.searchPosts('tram', { limit: 30 });
    expect(hits.map((h) => h.postId)).toEqual(Array.from({ length: 30 }, (_, i) => 120 - i));
    expect(db.searchPosts('tram', { limit: 10_000 })).toHaveLength(120);
    expect(db.searchPosts('tram', { limit: 0 })).toHaveLength(1);
    checkIndex();
  });
});
