/**
 * Issue #18: the groups core without a network — invitations (a forged one is ignored), the
 * group's first swarm messages read back as a member reads them, namespace-11 messages, and the
 * UserGroups `g` entries written and applied on another device.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { UserGroups } from '../../../src/swarm/config';
import { encodeGroupUpdate } from '../../../src/swarm/groups/control-messages';
import { controlSignedText, signControl } from '../../../src/swarm/groups/control-signatures';
import { generateGroupKeyPair } from '../../../src/swarm/groups/identity';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import type { VeilDatabase } from '../../../src/main/db';
import { buildNewGroup, MAX_GROUP_MEMBERS } from '../../../src/main/groups/build-group';
import { GroupError } from '../../../src/main/groups/errors';
import { groupConfigsFor, ingestGroupBatch } from '../../../src/main/groups/group-ingest';
import { membersOrThrow } from '../../../src/main/groups/group-input';
import { decodeGroupPlaintext, encodeGroupPlaintext } from '../../../src/main/groups/group-wire';
import { applyGroups, collectGroups, configGroupIds } from '../../../src/main/groups/groups-glue';
import { endedOf, markEnded } from '../../../src/main/groups/group-ended';
import {
  inviteContent,
  inviterNameOf,
  nameInviter,
  receiveInvite,
} from '../../../src/main/groups/invitations';
import type { PolledMessage } from '../../../src/main/network';
import { freshDb, removeTempDirs } from '../db/helpers';

const person = (): Identity => identityFromSeed(new Uint8Array(randomBytes(32)));
const polled = (namespace: number, data: Uint8Array, n: number): PolledMessage =>
  ({
    hash: `h${namespace}x${n}`.padEnd(43, 'A'),
    data,
    timestamp: 1_700_000_000_000 + n,
    expiration: undefined,
    namespace,
  }) as PolledMessage;

describe('groups core', () => {
  let ann: Identity;
  let ben: Identity;
  let cat: Identity;
  let benDb: VeilDatabase;

  beforeAll(async () => {
    await sodiumReady();
    ann = person();
    ben = person();
    cat = person();
    benDb = freshDb().db;
  });
  afterAll(() => {
    benDb.close();
    removeTempDirs();
  });

  it('stores a valid invitation and ignores forged ones', () => {
    const group = generateGroupKeyPair();
    const sentAt = 1_700_000_000_123;
    const content = inviteContent(group, 'Book club', ben.sessionId, sentAt);
    const update = content.dataMessage?.groupUpdateMessage;
    expect(update).toBeInstanceOf(Uint8Array);
    // Signed for another timestamp: forged.
    expect(receiveInvite(benDb, ben, ann.sessionId, sentAt + 1, update!, 1)).toMatchObject({
      kind: 'ignored',
    });
    // Signed by another key than the group's.
    const other = generateGroupKeyPair();
    const forged = encodeGroupUpdate({
      inviteMessage: {
        groupSessionId: group.groupId,
        name: 'Evil',
        memberAuthData: makeMemberAuthData(group, ben.sessionId),
        adminSignature: signControl(controlSignedText.invite(ben.sessionId, sentAt), other),
      },
    });
    expect(receiveInvite(benDb, ben, ann.sessionId, sentAt, forged, 1)).toEqual({
      kind: 'ignored',
      reason: 'bad admin signature',
    });
    // Auth data made for someone else.
    const notOurs = encodeGroupUpdate({
      inviteMessage: {
        groupSessionId: group.groupId,
        name: 'Book club',
        memberAuthData: makeMemberAuthData(group, cat.sessionId),
        adminSignature: signControl(controlSignedText.invite(ben.sessionId, sentAt), group),
      },
    });
    expect(receiveInvite(benDb, ben, ann.sessionId, sentAt, notOurs, 1)).toMatchObject({ kind: 'ignored' });
    expect(benDb.groups.get(group.groupId)).toBeUndefined();

    expect(receiveInvite(benDb, ben, ann.sessionId, sentAt, update!, 1)).toEqual({
      kind: 'stored',
      groupId: group.groupId,
    });
    expect(benDb.groups.get(group.groupId)).toMatchObject({
      name: 'Book club',
      status: 'invited',
      invitedBy: ann.sessionId,
      invitedAt: sentAt,
    });
    // Until the Members config is read, the inviter is the one member known, by the invitation's
    // name; someone else who names themself is not taken for the inviter.
    nameInviter(benDb, cat.sessionId, 'Not Ann');
    expect(inviterNameOf(benDb, group.groupId)).toBeUndefined();
    nameInviter(benDb, ann.sessionId, 'Ann');
    expect(inviterNameOf(benDb, group.groupId)).toBe('Ann');
  });

  it('lets an invited member read the Keys, Info, Members and messages an admin wrote', () => {
    const built = buildNewGroup({
      name: 'Walks',
      admin: ann.sessionId,
      adminName: 'Ann',
      members: [ben.sessionId, cat.sessionId],
      nowMs: 1_700_000_000_000,
    });
    const groupId = built.keyPair.groupId;
    benDb.groups.insert(
      {
        groupId,
        name: '',
        status: 'joined',
        authData: makeMemberAuthData(built.keyPair, ben.sessionId),
      },
      1,
    );
    const row = benDb.groups.get(groupId)!;
    const configs = groupConfigsFor(benDb, row, []);
    const sentAt = 1_700_000_000_500;
    const hello = encryptGroupMessage(
      encodeGroupPlaintext(sentAt, { dataMessage: { body: 'hello walkers' } }),
      built.key,
      ann.ed25519SecretKey,
    );
    const forgedKey = new Uint8Array(randomBytes(32));
    const stranger = encryptGroupMessage(
      encodeGroupPlaintext(sentAt + 1, { dataMessage: { body: 'not for you' } }),
      forgedKey,
      cat.ed25519SecretKey,
    );
    const logs: string[] = [];
    const result = benDb.transaction(() =>
      ingestGroupBatch(
        benDb,
        ben,
        row,
        configs,
        [
          polled(12, built.keys, 1),
          polled(13, built.info, 2),
          polled(14, built.membersConfig, 3),
          polled(11, hello, 4),
          polled(11, stranger, 5),
        ],
        (l) => logs.push(l),
      ),
    );
    expect(result.dropped).toBe(1);
    expect(result.messages).toHaveLength(1);
    expect(benDb.groups.get(groupId)?.name).toBe('Walks');
    const members = benDb.groups.members(groupId);
    expect(members.map((m) => [m.sessionId, m.admin, m.status]).sort()).toEqual(
      [
        [ann.sessionId, true, 'accepted'],
        [ben.sessionId, false, 'sent'],
        [cat.sessionId, false, 'sent'],
      ].sort(),
    );
    // Decrypted and authenticated, for the group's conversation (messaging stores it).
    const [msg] = result.messages;
    expect(msg).toMatchObject({
      sender: ann.sessionId,
      sentAt,
      content: { dataMessage: { body: 'hello walkers' } },
    });
  });

  it('ignores a Keys message not signed by the group', () => {
    const built = buildNewGroup({
      name: 'X',
      admin: ann.sessionId,
      adminName: '',
      members: [ben.sessionId],
      nowMs: 1,
    });
    const impostor = buildNewGroup({
      name: 'X',
      admin: ann.sessionId,
      adminName: '',
      members: [ben.sessionId],
      nowMs: 1,
    });
    benDb.groups.insert(
      {
        groupId: built.keyPair.groupId,
        name: 'X',
        status: 'joined',
        authData: makeMemberAuthData(built.keyPair, ben.sessionId),
      },
      1,
    );
    const row = benDb.groups.get(built.keyPair.groupId)!;
    const r = benDb.transaction(() =>
      ingestGroupBatch(
        benDb,
        ben,
        row,
        groupConfigsFor(benDb, row, []),
        [polled(12, impostor.keys, 9)],
        () => undefined,
      ),
    );
    expect(r.dropped).toBe(1);
    expect(benDb.groups.keys(row.groupId)).toEqual([]);
  });

  it('wraps group messages as desktop does: no envelope source, unpadded Content', () => {
    const plain = encodeGroupPlaintext(42, { dataMessage: { body: 'x' } });
    const back = decodeGroupPlaintext(plain);
    expect(back?.sentAt).toBe(42);
    expect(back?.content.dataMessage?.body).toBe('x');
    expect(decodeGroupPlaintext(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });

  it('refuses a 101st member, a malformed ID, and drops ourselves and duplicates', () => {
    const ids = Array.from({ length: MAX_GROUP_MEMBERS }, () => `05${randomBytes(32).toString('hex')}`);
    expect(() => membersOrThrow(ids, ann.sessionId)).toThrow(GroupError);
    expect(membersOrThrow(ids.slice(0, 99), ann.sessionId)).toHaveLength(99);
    expect(() => membersOrThrow(['05zz'], ann.sessionId)).toThrow(/not a Session ID/);
    expect(
      membersOrThrow([ben.sessionId, ben.sessionId.toUpperCase(), ann.sessionId], ann.sessionId),
    ).toEqual([ben.sessionId]);
  });

  it('writes UserGroups g entries and a restored device gets the groups back with their keys', () => {
    const annDb = freshDb().db;
    const restored = freshDb().db;
    try {
      const g = generateGroupKeyPair();
      annDb.groups.insert(
        {
          groupId: g.groupId,
          name: 'Admins',
          status: 'joined',
          adminSeed: g.seed,
          joinedAt: 1_700_000_000_000,
        },
        1,
      );
      const config = UserGroups.create(ann.ed25519SecretKey);
      expect(collectGroups(annDb, config)).toBe(true);
      expect(collectGroups(annDb, config)).toBe(false); // unchanged: nothing rewritten
      const [entry] = config.groups();
      expect(entry?.id).toBe(g.groupId);
      expect(entry?.adminSeed).toEqual(g.seed);
      expect(entry?.joinedAt).toBe(1_700_000_000);

      const copy = UserGroups.create(ann.ed25519SecretKey);
      copy.merge([{ hash: 'a'.repeat(43), data: config.push().data }]);
      expect(applyGroups(restored, copy, new Set(), 5)).toEqual([g.groupId]);
      expect(restored.groups.get(g.groupId)).toMatchObject({
        status: 'joined',
        name: 'Admins',
        adminSeed: g.seed,
      });

      // Left here: erased from the config; gone from the config elsewhere: left there.
      annDb.groups.setStatus(g.groupId, 'left');
      const before = configGroupIds(copy);
      collectGroups(annDb, config);
      expect(config.groups()).toEqual([]);
      copy.merge([{ hash: 'b'.repeat(43), data: config.push().data }]);
      expect(applyGroups(restored, copy, before, 6)).toEqual([g.groupId]);
      expect(restored.groups.get(g.groupId)?.status).toBe('left');
    } finally {
      annDb.close();
      restored.close();
    }
  });

  it('keeps a group we were removed from in UserGroups marked kicked; other devices and a restore end it', () => {
    const benHere = freshDb().db;
    const benThere = freshDb().db;
    const restored = freshDb().db;
    try {
      const g = generateGroupKeyPair();
      const auth = makeMemberAuthData(g, ben.sessionId);
      for (const db of [benHere, benThere])
        db.groups.insert(
          {
            groupId: g.groupId,
            name: 'Hikes',
            status: 'joined',
            authData: auth,
            invitedAt: 1_699_999_000_000,
            joinedAt: 1_700_000_000_000,
          },
          1,
        );
      const config = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(benHere, config);
      const there = UserGroups.create(ben.ed25519SecretKey);
      there.merge([{ hash: 'c'.repeat(43), data: config.push().data }]);

      // Removed here (the −11 kicked message): the entry stays, kicked, without the auth data.
      benHere.transaction(() => {
        markEnded(benHere, g.groupId, 'removed');
        benHere.groups.setStatus(g.groupId, 'left');
      });
      expect(collectGroups(benHere, config)).toBe(true);
      expect(collectGroups(benHere, config)).toBe(false);
      expect(config.groups()).toEqual([
        expect.objectContaining({
          id: g.groupId,
          name: 'Hikes',
          removedStatus: 1,
          authData: undefined,
          joinedAt: 1_700_000_000,
        }),
      ]);

      // Ben's other computer: still joined there, ended by the merge (not erased, not left silently).
      const before = configGroupIds(there);
      there.merge([{ hash: 'd'.repeat(43), data: config.push().data }]);
      expect(applyGroups(benThere, there, before, 7)).toEqual([g.groupId]);
      expect(benThere.groups.get(g.groupId)?.status).toBe('left');
      expect(endedOf(benThere, g.groupId)).toBe('removed');
      expect(applyGroups(benThere, there, configGroupIds(there), 8)).toEqual([]); // applied once

      // A restored computer shows it as a group we were removed from, its conversation kept.
      expect(applyGroups(restored, there, new Set(), 9)).toEqual([g.groupId]);
      expect(restored.groups.get(g.groupId)).toMatchObject({
        status: 'left',
        name: 'Hikes',
        joinedAt: 1_700_000_000_000,
      });
      expect(endedOf(restored, g.groupId)).toBe('removed');
      // The first invitation, polled again from the restored inbox, does not bring it back.
      const old = encodeGroupUpdate({
        inviteMessage: {
          groupSessionId: g.groupId,
          name: 'Hikes',
          memberAuthData: auth,
          adminSignature: signControl(controlSignedText.invite(ben.sessionId, 1_699_999_000_000), g),
        },
      });
      expect(receiveInvite(restored, ben, ann.sessionId, 1_699_999_000_000, old, 10).kind).toBe('ignored');
      expect(restored.groups.get(g.groupId)?.status).toBe('left');

      // Invited again later: no longer kicked, and the entry says so (r gone, auth data back).
      const sentAt = 1_700_000_500_000;
      const again = encodeGroupUpdate({
        inviteMessage: {
          groupSessionId: g.groupId,
          name: 'Hikes',
          memberAuthData: auth,
          adminSignature: signControl(controlSignedText.invite(ben.sessionId, sentAt), g),
        },
      });
      expect(receiveInvite(benHere, ben, ann.sessionId, sentAt, again, 11).kind).toBe('stored');
      expect(endedOf(benHere, g.groupId)).toBeNull();
      expect(collectGroups(benHere, config)).toBe(true);
      expect(config.groups()[0]).toMatchObject({ removedStatus: 0, invitePending: true });
      expect(config.groups()[0]?.authData?.length).toBe(100);

      // Left of our own accord: erased, as before.
      benHere.groups.setStatus(g.groupId, 'left', 1_700_000_600_000);
      collectGroups(benHere, config);
      expect(config.groups()).toEqual([]);
    } finally {
      benHere.close();
      benThere.close();
      restored.close();
    }
  });

  it('marks a destroyed group r = 2 for members, and the admin who deleted it erases it', () => {
    const member = freshDb().db;
    const admin = freshDb().db;
    try {
      const g = generateGroupKeyPair();
      member.groups.insert(
        {
          groupId: g.groupId,
          name: 'Gone',
          status: 'left',
          authData: makeMemberAuthData(g, ben.sessionId),
          joinedAt: 1_700_000_000_000,
        },
        1,
      );
      markEnded(member, g.groupId, 'destroyed');
      const c = UserGroups.create(ben.ed25519SecretKey);
      collectGroups(member, c);
      expect(c.groups()[0]?.removedStatus).toBe(2);

      admin.groups.insert(
        {
          groupId: g.groupId,
          name: 'Gone',
          status: 'joined',
          adminSeed: g.seed,
          joinedAt: 1_700_000_000_000,
        },
        1,
      );
      const a = UserGroups.create(ann.ed25519SecretKey);
      collectGroups(admin, a);
      admin.groups.setStatus(g.groupId, 'left');
      markEnded(admin, g.groupId, 'destroyed');
      collectGroups(admin, a);
      expect(a.groups()).toEqual([]);
    } finally {
      member.close();
      admin.close();
    }
  });
});
