/**
 * Issue #18 leftovers without a network: the group read state in ConvoInfoVolatile `g` (same
 * rules as 1-to-1: written forward only once read, applied up to the other device's mark, never
 * when it marked the group unread), and the members' profiles read from group messages — only
 * from messages that decrypt and verify, cleaned, with malformed pictures ignored.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeed16, identityFromSeed, type Identity, type SessionId } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { generateGroupKeyPair } from '../../../src/swarm/groups/identity';
import { encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { Namespace } from '../../../src/swarm/namespaces';
import { applyGroupReadState, collectGroupReadState } from '../../../src/main/config-sync/group-read-state';
import { buildNewGroup } from '../../../src/main/groups/build-group';
import { groupConfigsFor, ingestGroupBatch } from '../../../src/main/groups/group-ingest';
import { encodeGroupPlaintext } from '../../../src/main/groups/group-wire';
import { profileOf } from '../../../src/main/groups/member-profile';
import type { PolledMessage } from '../../../src/main/network';
import { glueDevice } from '../config-sync/glue-device';
import { ALICE, freshDb, incoming, removeTempDirs } from '../db/helpers';

const NOW = 1_700_000_100_000;
let me: Identity;

beforeAll(async () => {
  await sodiumReady();
  me = identityFromSeed(generateSeed16());
});
afterAll(removeTempDirs);

describe('group read state (ConvoInfoVolatile g)', () => {
  let group: SessionId;
  beforeAll(() => {
    group = generateGroupKeyPair().groupId as string as SessionId;
  });

  function deviceWithGroup() {
    const d = glueDevice(me, NOW);
    d.db.conversations.ensureConversation({ id: group, type: 'group', approved: true }, NOW);
    const older = incoming({ conversationId: group, sender: ALICE, sentAt: NOW - 3000 });
    const newer = incoming({ conversationId: group, sender: ALICE, sentAt: NOW - 2000 });
    d.db.messages.insertIncoming(older);
    d.db.messages.insertIncoming(newer);
    return { ...d, older, newer };
  }

  it('is written once the group has nothing unread, only forward, and erased when it goes', () => {
    const { db, ctx, targets } = deviceWithGroup();
    collectGroupReadState(ctx, targets.volatile);
    expect(targets.volatile.get('group', group)).toBeUndefined();
    db.conversations.markConversationRead(group, NOW);
    collectGroupReadState(ctx, targets.volatile, [group]);
    expect(targets.volatile.get('group', group)).toEqual({ lastRead: NOW - 2000, unread: false });
    // A later mark from another device is never pulled back.
    targets.volatile.set('group', group, { lastRead: NOW - 1000, unread: false });
    collectGroupReadState(ctx, targets.volatile);
    expect(targets.volatile.get('group', group)?.lastRead).toBe(NOW - 1000);
    // People's entries are not touched by it.
    expect(targets.volatile.all('1to1')).toEqual([]);
    db.conversations.deleteConversation(group);
    collectGroupReadState(ctx, targets.volatile, [group]);
    expect(targets.volatile.get('group', group)).toBeUndefined();
  });

  it('marks read what another device read, up to its mark; not when marked unread there', () => {
    const { db, ctx, targets, older, newer } = deviceWithGroup();
    targets.volatile.set('group', group, { lastRead: NOW - 2500, unread: true });
    expect(applyGroupReadState(ctx, targets.volatile)).toBe(false);
    targets.volatile.set('group', group, { lastRead: NOW - 2500, unread: false });
    expect(applyGroupReadState(ctx, targets.volatile, [group, ALICE])).toBe(true);
    expect(db.messages.getMessage(older.id)?.status).toBe('read');
    expect(db.messages.getMessage(newer.id)?.status).toBe('unread');
    expect(applyGroupReadState(ctx, targets.volatile)).toBe(false);
    targets.volatile.set('group', group, { lastRead: NOW - 2000, unread: false });
    expect(applyGroupReadState(ctx, targets.volatile)).toBe(true);
    expect(db.conversations.getConversation(group)?.unreadCount).toBe(0);
  });
});

describe('members’ profiles from group messages', () => {
  const key32 = new Uint8Array(32).fill(7);
  const who = ALICE;

  it('takes a name and a picture, cleaned; a malformed picture says nothing', () => {
    expect(profileOf(who, 1, { body: 'x' })).toBeUndefined();
    expect(
      profileOf(who, 1, {
        profile: { displayName: ' Al\u202Eice \n', profilePicture: 'http://f/file/abc' },
        profileKey: key32,
      }),
    ).toEqual({ member: who, sentAt: 1, name: 'Alice', picture: { url: 'http://f/file/abc', key: key32 } });
    // No URL: no picture. A key of the wrong size or an over-long URL: left as it was.
    expect(profileOf(who, 1, { profile: { displayName: 'A' } })?.picture).toBeNull();
    expect(
      profileOf(who, 1, { profile: { profilePicture: 'http://f/1' }, profileKey: new Uint8Array(31) })
        ?.picture,
    ).toBeUndefined();
    expect(
      profileOf(who, 1, { profile: { profilePicture: `http://${'a'.repeat(600)}` }, profileKey: key32 })
        ?.picture,
    ).toBeUndefined();
    // Names fit the config (100 bytes of UTF-8) and an empty one names nobody.
    expect(profileOf(who, 1, { profile: { displayName: 'é'.repeat(80) } })?.name).toBe('é'.repeat(50));
    expect(profileOf(who, 1, { profile: { displayName: ' \u200B ' } })?.name).toBeUndefined();
  });

  it('reads profiles only from messages that decrypt with a group key', () => {
    const ann = identityFromSeed(generateSeed16());
    const ben = identityFromSeed(generateSeed16());
    const built = buildNewGroup({
      name: 'Walks',
      admin: ann.sessionId,
      adminName: 'Ann',
      members: [ben.sessionId],
      nowMs: NOW,
    });
    const { db } = freshDb();
    db.groups.insert(
      {
        groupId: built.keyPair.groupId,
        name: '',
        status: 'joined',
        authData: makeMemberAuthData(built.keyPair, ben.sessionId),
      },
      1,
    );
    db.groups.addKey(built.keyPair.groupId, { generation: built.generation, key: built.key, timestamp: NOW });
    const row = db.groups.get(built.keyPair.groupId)!;
    const said = (sentAt: number, name: string, key: Uint8Array, n: number): PolledMessage =>
      ({
        hash: `h11x${n}`.padEnd(43, 'A'),
        data: encryptGroupMessage(
          encodeGroupPlaintext(sentAt, { dataMessage: { body: 'hi', profile: { displayName: name } } }),
          key,
          ann.ed25519SecretKey,
        ),
        timestamp: sentAt,
        expiration: undefined,
        namespace: Namespace.GroupMessages,
      }) as PolledMessage;
    const result = db.transaction(() =>
      ingestGroupBatch(
        db,
        ben,
        row,
        groupConfigsFor(db, row, [built.key]),
        [said(NOW + 1, 'Ann', built.key, 1), said(NOW + 2, 'Mallory', new Uint8Array(randomBytes(32)), 2)],
        () => undefined,
      ),
    );
    expect(result.profiles).toEqual([{ member: ann.sessionId, sentAt: NOW + 1, name: 'Ann', picture: null }]);
    expect(result.dropped).toBe(1);
    db.close();
  });
});

describe('a newer Info reaches the windows', () => {
  it('announces a picture-only change (its removal too), not a poll of the same Info again', () => {
    const ann = identityFromSeed(generateSeed16());
    const ben = identityFromSeed(generateSeed16());
    const built = buildNewGroup({
      name: 'Walks',
      admin: ann.sessionId,
      adminName: 'Ann',
      members: [ben.sessionId],
      nowMs: NOW,
    });
    const { db } = freshDb();
    const groupId = built.keyPair.groupId;
    db.groups.insert(
      {
        groupId,
        name: 'Walks',
        status: 'joined',
        authData: makeMemberAuthData(built.keyPair, ben.sessionId),
      },
      1,
    );
    db.groups.addKey(groupId, { generation: built.generation, key: built.key, timestamp: NOW });
    const row = db.groups.get(groupId)!;
    const configs = groupConfigsFor(db, row, [built.key]);
    let n = 0;
    const info = (data: Uint8Array): PolledMessage =>
      ({
        hash: `h13x${++n}`.padEnd(43, 'A'),
        data,
        timestamp: NOW + n,
        expiration: undefined,
        namespace: Namespace.GroupInfo,
      }) as PolledMessage;
    const poll = (data: Uint8Array) =>
      db.transaction(() => ingestGroupBatch(db, ben, row, configs, [info(data)], () => undefined));
    const first = built.configs.info.push();
    built.configs.info.confirmPushed(first.seqno, 'h-first');
    poll(first.data);
    built.configs.info.setPicture({ url: 'http://files/pic', key: new Uint8Array(32).fill(1) });
    const withPicture = built.configs.info.push();
    expect(poll(withPicture.data).infoChanged).toBe(true);
    expect(configs.info.picture?.url).toBe('http://files/pic');
    expect(poll(withPicture.data).infoChanged).toBe(false);
    built.configs.info.confirmPushed(withPicture.seqno, 'h-picture');
    built.configs.info.setPicture(undefined);
    expect(poll(built.configs.info.push().data).infoChanged).toBe(true);
    expect(configs.info.picture).toBeUndefined();
    db.close();
  });
});
