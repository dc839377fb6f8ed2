/** Typed views: one-letter keys, 33-byte ID keys, upstream write rules. */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, utf8 } from '../../../src/crypto/bytes';
import { sodiumReady } from '../../../src/crypto/sodium';
import { bencode, bkeyBytes } from '../../../src/onion/bencode';
import type { BencodeInput } from '../../../src/onion/bencode';
import {
  canonicalCommunityUrl,
  Contacts,
  ConvoInfoVolatile,
  PRUNE_HIGH_MS,
  PRUNE_LOW_MS,
  sealConfigMessage,
  UserGroups,
} from '../../../src/swarm/config';
import { secretKeyFromSeedHex, UPSTREAM_SEED } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});
const sk = () => secretKeyFromSeedHex(UPSTREAM_SEED);
const BOB = '05' + '12'.repeat(32);
const GROUP = '03' + '34'.repeat(32);
const NOW = 1_750_000_000_000;

describe('Contacts', () => {
  it('stores contacts under the 33-byte binary ID with one-letter keys', () => {
    const c = Contacts.create(sk());
    c.update(BOB, {
      name: 'Bob',
      nickname: 'B',
      approved: true,
      approvedMe: true,
      blocked: false,
      priority: 2,
      notifications: 'mentions-only',
      created: 1_700_000_000,
      expiration: { mode: 'after-read', seconds: 3600 },
      profilePic: { url: 'http://f/1', key: new Uint8Array(32).fill(1) },
    });
    const entry = c.getValue(['c', bkeyBytes(fromHex(BOB))]);
    expect(entry).toBeInstanceOf(Map);
    const e = entry as Map<string, unknown>;
    expect([...e.keys()].sort()).toEqual(['+', '@', 'A', 'E', 'N', 'a', 'e', 'j', 'n', 'p', 'q'].sort());
    expect(e.get('@')).toBe(1n); // mentions-only is stored as "all" for contacts
    expect(e.get('e')).toBe(2n);
    const got = c.get(BOB);
    expect(got?.name).toBe('Bob');
    expect(got?.notifications).toBe('all');
    expect(got?.expiration).toEqual({ mode: 'after-read', seconds: 3600 });
    expect(c.all().map((x) => x.sessionId)).toEqual([BOB]);
    expect(c.needsPush()).toBe(true);
    expect(c.erase(BOB)).toBe(true);
    expect(c.get(BOB)).toBeUndefined();
  });

  it('keeps an entry with only an empty name, and refuses bad IDs and long nicknames', () => {
    const c = Contacts.create(sk());
    c.update(BOB, {});
    expect(c.get(BOB)?.name).toBe('');
    expect(() => c.update('05abc', {})).toThrow(RangeError);
    expect(() => c.update(GROUP, {})).toThrow(RangeError);
    expect(() => c.update(BOB, { nickname: 'x'.repeat(101) })).toThrow(RangeError);
  });

  it('does not dirty when a write changes nothing', () => {
    const c = Contacts.create(sk());
    c.update(BOB, { name: 'Bob' });
    const p = c.push();
    c.confirmPushed(p.seqno, 'h1');
    c.update(BOB, { name: 'Bob' });
    expect(c.needsPush()).toBe(false);
  });
});

describe('ConvoInfoVolatile', () => {
  it('applies the prune window with the injected clock', () => {
    let now = NOW;
    const v = ConvoInfoVolatile.create(sk(), () => now);
    v.set('1to1', BOB, { lastRead: NOW - 1000, unread: false });
    v.set('group', GROUP, { lastRead: NOW - PRUNE_LOW_MS - 1, unread: true }); // too old: r not stored
    expect(v.get('1to1', BOB)).toEqual({ lastRead: NOW - 1000, unread: false });
    expect(v.get('group', GROUP)).toEqual({ lastRead: 0, unread: true });
    // An older value replaces a newer one (explicit reset), whatever its age.
    v.set('1to1', BOB, { lastRead: 5, unread: false });
    expect(v.get('1to1', BOB)?.lastRead).toBe(5);
    v.set('1to1', BOB, { lastRead: NOW, unread: false });
    now = NOW + PRUNE_HIGH_MS + 1;
    v.push(); // prunes read entries older than 45 days; unread ones stay
    expect(v.get('1to1', BOB)).toBeUndefined();
    expect(v.get('group', GROUP)?.unread).toBe(true);
  });

  it('keys communities by canonical URL and lower-case room', () => {
    const v = ConvoInfoVolatile.create(sk(), () => NOW);
    v.setCommunity('HTTPS://Open.GetSession.org:443/', 'Lokinet', new Uint8Array(32), {
      lastRead: NOW,
      unread: false,
    });
    expect(v.getCommunity('https://open.getsession.org', 'lokinet')?.lastRead).toBe(NOW);
    expect(canonicalCommunityUrl('http://Example.com:8080')).toBe('http://example.com:8080');
    expect(() => canonicalCommunityUrl('ftp://x')).toThrow(RangeError);
  });

  it('lists and erases community entries; the last room erased takes its server along', () => {
    const v = ConvoInfoVolatile.create(sk(), () => NOW);
    const pk = new Uint8Array(32).fill(7);
    v.setCommunity('https://Example.org', 'Lobby', pk, { lastRead: NOW - 5, unread: false });
    v.setCommunity('https://example.org', 'other', pk, { lastRead: NOW - 9, unread: true });
    expect(v.communities()).toEqual([
      { baseUrl: 'https://example.org', room: 'lobby', state: { lastRead: NOW - 5, unread: false } },
      { baseUrl: 'https://example.org', room: 'other', state: { lastRead: NOW - 9, unread: true } },
    ]);
    v.eraseCommunity('https://example.org', 'LOBBY');
    expect(v.communities().map((c) => c.room)).toEqual(['other']);
    expect(v.getValue(['o', 'https://example.org', '#'])).toEqual(pk);
    v.eraseCommunity('https://example.org', 'other');
    expect(v.communities()).toEqual([]);
    expect(v.getValue(['o', 'https://example.org'])).toBeUndefined();
  });

  it('prunes read group and community entries older than 45 days, as upstream prune_stale', () => {
    let now = NOW;
    const v = ConvoInfoVolatile.create(sk(), () => now);
    v.set('group', GROUP, { lastRead: NOW, unread: false });
    v.setCommunity('https://example.org', 'lobby', new Uint8Array(32), { lastRead: NOW, unread: false });
    now = NOW + PRUNE_HIGH_MS + 1;
    v.push();
    expect(v.get('group', GROUP)).toBeUndefined();
    expect(v.communities()).toEqual([]);
    expect(v.getValue(['o', 'https://example.org'])).toBeUndefined();
  });

  it('keeps community DMs in `b`: the 33-byte blinded ID, prefix included, `y` for 15 only; pruned as the others', () => {
    let now = NOW;
    const v = ConvoInfoVolatile.create(sk(), () => now);
    const legacy = `15${'ab'.repeat(32)}`;
    const current = `25${'cd'.repeat(32)}`;
    v.set('blinded', legacy, { lastRead: NOW - 1, unread: false });
    v.set('blinded', current, { lastRead: NOW - 2, unread: true });
    const key = (id: string) => bkeyBytes(fromHex(id));
    expect(v.getValue(['b', key(legacy), 'r'])).toBe(BigInt(NOW - 1));
    expect(v.getValue(['b', key(legacy), 'y'])).toBe(1n);
    expect(v.getValue(['b', key(current), 'y'])).toBeUndefined();
    expect(v.getValue(['b', key(current), 'u'])).toBe(1n);
    expect(v.all('blinded')).toEqual([
      { id: legacy, state: { lastRead: NOW - 1, unread: false } },
      { id: current, state: { lastRead: NOW - 2, unread: true } },
    ]);
    expect(() => v.set('blinded', BOB, { lastRead: NOW, unread: false })).toThrow(RangeError);
    now = NOW + PRUNE_HIGH_MS + 1;
    v.push();
    expect(v.get('blinded', legacy)).toBeUndefined();
    expect(v.get('blinded', current)?.unread).toBe(true);
    v.erase('blinded', current);
    expect(v.all('blinded')).toEqual([]);
  });
});

describe('UserGroups', () => {
  it('erasing a server’s last room erases the server’s entry, `#` included (libsession erase(community_info))', () => {
    const g = UserGroups.create(sk());
    const pk = new Uint8Array(32).fill(3);
    g.setCommunity('https://Example.org', 'Lobby', pk);
    g.setCommunity('https://example.org', 'other', pk);
    expect(g.eraseCommunity('https://example.org', 'LOBBY')).toBe(true);
    expect(g.communities().map((c) => c.room.toLowerCase())).toEqual(['other']);
    expect(g.getValue(['o', 'https://example.org', '#'])).toEqual(pk);
    expect(g.eraseCommunity('https://example.org', 'other')).toBe(true);
    expect(g.communities()).toEqual([]);
    expect(g.getValue(['o', 'https://example.org'])).toBeUndefined();
    // A room that is not there: nothing erased, nothing else touched.
    g.setCommunity('https://example.org', 'lobby', pk);
    expect(g.eraseCommunity('https://example.org', 'gone')).toBe(false);
    expect(g.getValue(['o', 'https://example.org', '#'])).toEqual(pk);
  });

  it('parses groups v2, communities and legacy groups from a received message', () => {
    const gkey = bkeyBytes(fromHex(GROUP));
    const lkey = bkeyBytes(fromHex(BOB));
    const member = fromHex(BOB);
    const data = new Map<string, BencodeInput>([
      [
        'g',
        new Map([
          [
            gkey,
            new Map<string, BencodeInput>([
              ['K', new Uint8Array(32).fill(9)],
              ['n', 'G'],
              ['+', 1n],
              ['j', 5n],
            ]),
          ],
        ]),
      ],
      [
        'o',
        new Map([
          [
            'https://example.org',
            new Map<string, BencodeInput>([
              ['#', new Uint8Array(32)],
              ['R', new Map([['room', new Map([['n', 'Room']])]])],
            ]),
          ],
        ]),
      ],
      [
        'C',
        new Map([
          [
            lkey,
            new Map<string, BencodeInput>([
              ['n', 'L'],
              ['m', [member]],
              ['a', [member]],
            ]),
          ],
        ]),
      ],
    ]);
    const plain = bencode(
      new Map<string, BencodeInput>([
        ['#', 1n],
        ['&', data],
        ['<', []],
        ['=', new Map()],
      ]),
    );
    const u = UserGroups.create(sk());
    expect(
      u.merge([{ hash: 'h', data: sealConfigMessage(plain, sk().subarray(0, 32), 'UserGroups') }]),
    ).toEqual(['h']);
    expect(u.groups()).toMatchObject([{ id: GROUP, name: 'G', priority: 1, joinedAt: 5, removedStatus: 0 }]);
    expect(u.groups()[0]?.adminSeed).toHaveLength(32);
    expect(u.communities()).toMatchObject([{ baseUrl: 'https://example.org', room: 'room', name: 'Room' }]);
    expect(u.legacyGroups()).toMatchObject([{ id: BOB, name: 'L', members: [BOB], admins: [BOB] }]);
    u.setGroupPriority(GROUP, -1);
    u.setCommunity('https://Example.org', 'Other', new Uint8Array(32));
    expect(u.communities().map((c) => c.name)).toEqual(['Other', 'Room']);
    expect(u.groups()[0]?.priority).toBe(-1);
    expect(utf8('x')).toHaveLength(1);
  });
});
