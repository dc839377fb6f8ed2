/**
 * Issue #18 item 5 without a network: rekeying and supplemental keys as libsession's own test
 * (`tests/test_group_keys.cpp` @ session-foundation/libsession-util, "Group Keys - C++ API")
 * runs them, with its seeds and the Session IDs it asserts; and what a member's client does with
 * the admin control messages of namespace 11 (a forged admin signature is ignored) and with a
 * promotion received 1-to-1 (a seed that is not the group's is ignored).
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/crypto/bytes';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import {
  decodeGroupUpdate,
  encodeGroupUpdate,
  type GroupUpdate,
} from '../../../src/swarm/groups/control-messages';
import {
  controlSignedText,
  MemberChangeType,
  signControl,
} from '../../../src/swarm/groups/control-signatures';
import { encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import { GroupInfo } from '../../../src/swarm/groups/configs';
import { generateGroupKeyPair, groupKeyPairFromSeed } from '../../../src/swarm/groups/identity';
import {
  buildRekeyMessage,
  buildSupplementMessage,
  loadKeysMessage,
  type KeysReader,
} from '../../../src/swarm/groups/keys-message';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import type { VeilDatabase } from '../../../src/main/db';
import {
  readControl,
  memberChangeUpdate,
  infoChangeUpdate,
} from '../../../src/main/groups/admin/control-notices';
import { receivePromotion } from '../../../src/main/groups/admin/promotion';
import { groupConfigsFor, ingestGroupBatch } from '../../../src/main/groups/group-ingest';
import { encodeGroupPlaintext } from '../../../src/main/groups/group-wire';
import type { PolledMessage } from '../../../src/main/network';
import { freshDb, removeTempDirs } from '../db/helpers';

const GROUP_SEED = '0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210';
const ADMIN1_SEED = '0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210';
const MEMBER_SEEDS = [
  '000111222333444555666777888999aaabbbcccdddeeefff0123456789abcdef',
  '00011122435111155566677788811263446552465222efff0123456789abcdef',
  '00011129824754185548239498168169316979583253efff0123456789abcdef',
  '0000111122223333444455556666777788889999aaaabbbbccccddddeeeeffff',
  '3333333333333333333333333333333333333333333333333333333333333333', // member3b
  '4444444444444444444444444444444444444444444444444444444444444444', // member4b
];

/** The same decoding the receiving code does before reading a control message. */
function decodeOk(bytes: Uint8Array): GroupUpdate {
  const d = decodeGroupUpdate(bytes);
  if (!d.ok) throw new Error(d.reason);
  return d.value;
}

const idOf = (seedHex: string): Identity => identityFromSeed(fromHex(seedHex));
const polled = (namespace: number, data: Uint8Array, n: number): PolledMessage =>
  ({
    hash: `a${namespace}x${n}`.padEnd(43, 'B'),
    data,
    timestamp: 1_700_000_000_000 + n,
    expiration: undefined,
    namespace,
  }) as PolledMessage;

describe('group admin: keys as libsession rekeys them', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('derives the Session IDs libsession’s test asserts', () => {
    expect(idOf(ADMIN1_SEED).sessionId).toBe(
      '05f1e8b64bbf761edf8f7b47e3a1f369985644cce0a62adb8e21604474bdd49627',
    );
    expect(MEMBER_SEEDS.slice(0, 4).map((s) => idOf(s).sessionId)).toEqual([
      '05ece06dd8e02fb2f7d9497f956a1996e199953c651f4016a2f79a3b3e38d55628',
      '053ac269b71512776b0bd4a1234aaf93e67b4e9068a2c252f3b93a20acb590ae3c',
      '05a2b03abdda4df8316f9d7aed5d2d1e483e9af269d0b39191b08321b8495bc118',
      '050a41669a06c098f22633aee2eba03764ef6813bd4f770a3a2b9033b868ca470d',
    ]);
  });

  it('removes members 3 and 4 with a new generation only the others can open; newcomers get every key', () => {
    const group = groupKeyPairFromSeed(fromHex(GROUP_SEED));
    const admin1 = idOf(ADMIN1_SEED);
    const members = MEMBER_SEEDS.map(idOf);
    const reader = (m: Identity): KeysReader => ({
      kind: 'member',
      userSk: m.ed25519SecretKey,
      groupPk: group.publicKey,
    });
    const everyone = [admin1, ...members.slice(0, 4)].map((m) => m.sessionId);
    const gen0 = buildRekeyMessage(group, everyone, 0);
    for (const m of members.slice(0, 4)) {
      const r = loadKeysMessage(gen0.message, 1, reader(m));
      expect(r.ok && r.value.keys[0]?.key).toEqual(gen0.key);
    }
    // Deterministic: another admin rekeying the same membership gets the same key.
    expect(buildRekeyMessage(group, [...everyone].reverse(), 0).key).toEqual(gen0.key);

    const remaining = [admin1, members[0]!, members[1]!].map((m) => m.sessionId);
    const gen1 = buildRekeyMessage(group, remaining, 1);
    expect(gen1.key).not.toEqual(gen0.key);
    members.slice(0, 4).forEach((m, i) => {
      const r = loadKeysMessage(gen1.message, 2, reader(m));
      expect(r.ok, `member ${i}`).toBe(true);
      // "CHECK_FALSE(found_key)" for the two removed members.
      expect(r.ok ? r.value.keys.length : -1, `member ${i}`).toBe(i < 2 ? 1 : 0);
    });
    const admin = loadKeysMessage(gen1.message, 2, { kind: 'admin', group });
    expect(admin.ok && admin.value.keys[0]).toEqual({ generation: 1, key: gen1.key, timestampMs: 2 });

    // member3b and member4b added with the history ("memb.supplement = true").
    const held = [
      { generation: 0, key: gen0.key, timestampMs: 1 },
      { generation: 1, key: gen1.key, timestampMs: 2 },
    ];
    const supplement = buildSupplementMessage(group, [members[4]!.sessionId, members[5]!.sessionId], held);
    for (const m of [members[4]!, members[5]!]) {
      const r = loadKeysMessage(supplement, 3, reader(m));
      expect(r.ok && r.value.supplemental).toBe(true);
      expect(r.ok && r.value.keys).toEqual(held);
    }
    // A removed member gets nothing from it.
    const r = loadKeysMessage(supplement, 3, reader(members[2]!));
    expect(r.ok && r.value.keys).toEqual([]);
  });
});

describe('group admin: control messages and promotions received', () => {
  let db: VeilDatabase;
  let ann: Identity;
  let ben: Identity;
  beforeAll(async () => {
    await sodiumReady();
    db = freshDb().db;
    ann = idOf(MEMBER_SEEDS[0]!);
    ben = idOf(MEMBER_SEEDS[1]!);
  });
  afterAll(() => {
    db.close();
    removeTempDirs();
  });

  it('turns signed changes into notices and ignores forged signatures', () => {
    const group = generateGroupKeyPair();
    const sentAt = 1_700_000_000_777;
    const good = memberChangeUpdate(group, 'REMOVED', [ben.sessionId], sentAt);
    const impostor = generateGroupKeyPair();
    const forged = encodeGroupUpdate({
      memberChangeMessage: {
        type: 'REMOVED',
        memberSessionIds: [ben.sessionId],
        adminSignature: signControl(
          controlSignedText.memberChange(MemberChangeType.Removed, sentAt),
          impostor,
        ),
      },
    });
    expect(readControl(group.groupId, ann.sessionId, sentAt, decodeOk(good))).toEqual({
      kind: 'notice',
      notice: { kind: 'members-removed', by: ann.sessionId, members: [ben.sessionId] },
    });
    expect(readControl(group.groupId, ann.sessionId, sentAt, decodeOk(forged))).toEqual({
      kind: 'ignored',
      reason: 'bad admin signature',
    });
    // Replayed with another sent time: the signature no longer matches.
    expect(readControl(group.groupId, ann.sessionId, sentAt + 1, decodeOk(good)).kind).toBe('ignored');
    const renamed = infoChangeUpdate(group, 'NAME', sentAt, { name: 'Walks' });
    expect(readControl(group.groupId, ann.sessionId, sentAt, decodeOk(renamed))).toEqual({
      kind: 'notice',
      notice: { kind: 'renamed', by: ann.sessionId, name: 'Walks' },
    });
  });

  it('a member’s client drops a forged rename from namespace 11 and keeps the genuine one', () => {
    const group = generateGroupKeyPair();
    const rekey = buildRekeyMessage(group, [ann.sessionId, ben.sessionId], 0);
    db.groups.insert(
      {
        groupId: group.groupId,
        name: 'Walks',
        status: 'joined',
        authData: makeMemberAuthData(group, ben.sessionId),
      },
      1,
    );
    const row = db.groups.get(group.groupId)!;
    const message = (update: Uint8Array, sentAt: number) =>
      encryptGroupMessage(
        encodeGroupPlaintext(sentAt, { dataMessage: { groupUpdateMessage: update } }),
        rekey.key,
        ann.ed25519SecretKey,
      );
    const t = 1_700_000_001_000;
    const impostor = generateGroupKeyPair();
    const forged = infoChangeUpdate(impostor, 'NAME', t, { name: 'Hacked' });
    const genuine = infoChangeUpdate(group, 'NAME', t + 1, { name: 'Long walks' });
    const result = db.transaction(() =>
      ingestGroupBatch(
        db,
        ben,
        row,
        groupConfigsFor(db, row, []),
        [
          polled(12, rekey.message, 1),
          polled(11, message(forged, t), 2),
          polled(11, message(genuine, t + 1), 3),
        ],
        () => undefined,
      ),
    );
    expect(result.dropped).toBe(1);
    expect(result.notices).toEqual([
      { notice: { kind: 'renamed', by: ann.sessionId, name: 'Long walks' }, sentAt: t + 1 },
    ]);
  });

  it('a member’s client sees a destroyed group (Info `!` signed by the group) as deleted', () => {
    const group = generateGroupKeyPair();
    const rekey = buildRekeyMessage(group, [ann.sessionId, ben.sessionId], 0);
    const signer = { publicKey: group.publicKey, secretKey: group.secretKey };
    const info = new GroupInfo(signer, [rekey.key]);
    info.setName('Walks');
    info.destroy();
    // The same Info signed by another key: ignored, the group lives on.
    const impostor = generateGroupKeyPair();
    const fake = new GroupInfo({ publicKey: group.publicKey, secretKey: impostor.secretKey }, [rekey.key]);
    fake.setName('Walks');
    fake.destroy();
    db.groups.insert(
      {
        groupId: group.groupId,
        name: 'Walks',
        status: 'joined',
        authData: makeMemberAuthData(group, ben.sessionId),
      },
      1,
    );
    const row = db.groups.get(group.groupId)!;
    const ingest = (data: Uint8Array, n: number) =>
      db.transaction(() =>
        ingestGroupBatch(
          db,
          ben,
          row,
          groupConfigsFor(db, row, []),
          [polled(12, rekey.message, n), polled(13, data, n + 1)],
          () => undefined,
        ),
      );
    expect(ingest(fake.push().data, 10).destroyed).toBe(false);
    expect(ingest(info.push().data, 20).destroyed).toBe(true);
  });

  it('a promotion makes us an admin only with the group’s own seed', () => {
    const group = generateGroupKeyPair();
    db.groups.insert(
      {
        groupId: group.groupId,
        name: 'Walks',
        status: 'joined',
        authData: makeMemberAuthData(group, ben.sessionId),
      },
      1,
    );
    const other = generateGroupKeyPair();
    const wrong = encodeGroupUpdate({ promoteMessage: { groupIdentitySeed: other.seed, name: 'Walks' } });
    expect(receivePromotion(db, ann.sessionId, wrong).kind).toBe('ignored');
    expect(db.groups.get(group.groupId)?.adminSeed).toBeNull();
    const right = encodeGroupUpdate({ promoteMessage: { groupIdentitySeed: group.seed, name: 'Walks' } });
    expect(receivePromotion(db, ann.sessionId, right)).toEqual({ kind: 'promoted', groupId: group.groupId });
    expect(db.groups.get(group.groupId)?.adminSeed).toEqual(group.seed);
    const invite = encodeGroupUpdate({
      inviteResponse: { isApproved: true },
    });
    expect(receivePromotion(db, ann.sessionId, invite).kind).toBe('not-a-promotion');
  });
});
