/**
 * Group Info and Members configs, replaying libsession's `tests/test_group_info.cpp` scenario
 * (values in test/vectors/groups-libsession-tests.json): sizes of the pushed messages, merges
 * between two admins holding different key lists, and the verify-only member; plus forgeries.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromHex, toHex } from '../../../src/crypto/bytes';
import { sodiumReady } from '../../../src/crypto/sodium';
import { encryptConfig } from '../../../src/swarm/config/encrypt';
import { GroupInfo, GroupMembers, InviteStatus, newMember } from '../../../src/swarm/groups/configs';
import { groupKeyPairFromSeed } from '../../../src/swarm/groups/identity';
import { identityFromSeed } from '../../../src/crypto/keys';
import { UserGroups } from '../../../src/swarm/config/user-groups';
import { makeMemberAuthData } from '../../../src/swarm/groups/subaccount';
import { readVectorText } from '../../vectors/files';

await sodiumReady();

const File = z.object({ vectors: z.array(z.looseObject({ kind: z.string() })) });
const vectors = File.parse(JSON.parse(readVectorText('groups-libsession-tests.json'))).vectors;
const sizes = z
  .object({
    group_seed: z.string(),
    first_push: z.object({ name: z.string(), seqno: z.number(), size: z.number() }),
    second_push: z.object({
      profile_pic_url: z.string(),
      profile_pic_key: z.string(),
      expiry_timer_s: z.number(),
      created: z.number(),
      delete_before: z.number(),
      delete_attach_before: z.number(),
      seqno: z.number(),
      size: z.number(),
    }),
  })
  .parse(vectors.find((v) => v.kind === 'group_info_push_sizes'));

const key = (c: string): Uint8Array => fromHex(c.repeat(64));
const group = groupKeyPairFromSeed(fromHex(sizes.group_seed));
const admin = { publicKey: group.publicKey, secretKey: group.secretKey };

describe('group Info (test_group_info.cpp "Group Info settings")', () => {
  it('pushes, merges across key lists and resolves a conflict like libsession', () => {
    const g1 = new GroupInfo(admin, [key('a')]);
    const g2 = new GroupInfo(admin, [key('b'), key('a'), key('c'), key('d')]);
    g1.setName(sizes.first_push.name);
    const p1 = g1.push();
    expect(p1.seqno).toBe(sizes.first_push.seqno);
    expect(p1.data.length).toBe(sizes.first_push.size);
    expect(p1.obsoleteHashes).toEqual([]);
    g1.confirmPushed(p1.seqno, 'fakehash1');

    expect(g2.merge([{ hash: 'fakehash1', data: p1.data }])).toEqual(['fakehash1']);
    expect(g2.needsPush()).toBe(false);
    expect(g2.name).toBe('GROUP Name');

    const s = sizes.second_push;
    g2.setPicture({ url: s.profile_pic_url, key: fromHex(s.profile_pic_key) });
    g2.setExpirySeconds(s.expiry_timer_s);
    g2.setCreatedSeconds(s.created);
    g2.setDeleteBeforeSeconds(s.delete_before);
    g2.setDeleteAttachmentsBeforeSeconds(s.delete_attach_before);
    g2.destroy();
    const p2 = g2.push();
    expect(p2.seqno).toBe(s.seqno);
    expect(p2.data.length).toBe(s.size);
    expect(p2.obsoleteHashes).toEqual(['fakehash1']);
    g2.confirmPushed(p2.seqno, 'fakehash2');

    g1.setName('Better name!');
    // g1 lacks key b (g2 encrypts with its first key).
    expect(g1.merge([{ hash: 'fakehash2', data: p2.data }])).toEqual([]);
    g1.replaceKeys([key('b'), key('a'), key('c')], false);
    expect(g1.merge([{ hash: 'fakehash2', data: p2.data }])).toEqual(['fakehash2']);
    expect(g1.needsPush()).toBe(true);
    const p3 = g1.push();
    expect(g1.name).toBe('Better name!');
    expect(g1.picture?.url).toBe(s.profile_pic_url);
    expect(g1.expirySeconds).toBe(3600);
    expect(g1.createdSeconds).toBe(s.created);
    expect(g1.deleteBeforeSeconds).toBe(s.delete_before);
    expect(g1.deleteAttachmentsBeforeSeconds).toBe(s.delete_attach_before);
    expect(g1.destroyed).toBe(true);
    g1.confirmPushed(p3.seqno, 'fakehash3');

    expect(g2.merge([{ hash: 'fakehash3', data: p3.data }])).toEqual(['fakehash3']);
    expect(g2.name).toBe('Better name!');
    expect(g2.destroyed).toBe(true);
  });

  it('a member verifies and reads but cannot write; forgeries and unsigned messages are refused', () => {
    const writer = new GroupInfo(admin, [key('a')]);
    writer.setName('Super Group!!');
    const p = writer.push();
    const member = new GroupInfo({ publicKey: group.publicKey }, [key('a')]);
    expect(member.isReadOnly()).toBe(true);
    expect(() => member.setName('mine now')).toThrow();
    expect(member.merge([{ hash: 'h1', data: p.data }])).toEqual(['h1']);
    expect(member.name).toBe('Super Group!!');

    const forger = groupKeyPairFromSeed(new Uint8Array(32).fill(9));
    const fake = new GroupInfo({ publicKey: forger.publicKey, secretKey: forger.secretKey }, [key('a')]);
    fake.setName('Forged');
    const f = fake.push();
    const m2 = new GroupInfo({ publicKey: group.publicKey }, [key('a')]);
    expect(m2.merge([{ hash: 'hf', data: f.data }])).toEqual([]);
    expect(m2.name).toBeUndefined();

    // An unsigned config encrypted with the right key (what a member's write access allows).
    const unsigned = new TextEncoder().encode('d1:#i5e1:&d1:n6:Hackede1:<le1:=d1:n0:ee');
    const sealed = encryptConfig(unsigned, key('a'), 'groups::Info');
    expect(m2.merge([{ hash: 'hu', data: sealed }])).toEqual([]);
    expect(m2.name).toBeUndefined();
  });

  it('two read-only members keep the highest message instead of merging', () => {
    const a = new GroupInfo(admin, [key('a')]);
    const b = new GroupInfo(admin, [key('a')]);
    a.setName('A');
    b.setName('B');
    const pa = a.push();
    const pb = b.push();
    const m = new GroupInfo({ publicKey: group.publicKey }, [key('a')]);
    m.merge([
      { hash: 'ha', data: pa.data },
      { hash: 'hb', data: pb.data },
    ]);
    expect(m.seqno).toBe(1);
    expect(m.needsPush()).toBe(false);
    // An admin merges them into seqno 2.
    const c = new GroupInfo(admin, [key('a')]);
    c.merge([
      { hash: 'ha', data: pa.data },
      { hash: 'hb', data: pb.data },
    ]);
    expect(c.seqno).toBe(2);
    expect(c.needsPush()).toBe(true);
  });
});

describe('group Members', () => {
  it('stores members with libsession’s one-letter keys and statuses', () => {
    const ids = ['05' + '11'.repeat(32), '05' + '22'.repeat(32), '05' + '33'.repeat(32)];
    const w = new GroupMembers(admin, [key('a')]);
    w.set({ ...newMember(ids[0] ?? '', 'Alice'), admin: true, inviteStatus: InviteStatus.Sent });
    w.set({ ...newMember(ids[1] ?? '', 'Bob'), inviteStatus: InviteStatus.Sent, supplement: true });
    w.set(newMember(ids[2] ?? ''));
    const p = w.push();
    const r = new GroupMembers({ publicKey: group.publicKey }, [key('a')]);
    expect(r.merge([{ hash: 'm1', data: p.data }])).toEqual(['m1']);
    const all = r.all();
    expect(all.map((m) => [m.sessionId, m.name, m.admin, m.inviteStatus, m.supplement])).toEqual([
      [ids[0], 'Alice', true, 0, false],
      [ids[1], 'Bob', false, 1, true],
      [ids[2], '', false, 3, false],
    ]);
    // The admin entry never carries an invite status on the wire.
    expect(w.rawField(ids[0] ?? '', 'I')).toBeUndefined();
    expect(toHex(w.rawField(ids[0] ?? '', 'n') ?? new Uint8Array())).toBe(
      toHex(new TextEncoder().encode('Alice')),
    );
    w.erase(ids[2] ?? '');
    expect(w.all()).toHaveLength(2);
  });
});

describe('UserGroups g entries (test_group_keys.cpp:836, user_groups.cpp set)', () => {
  it('keeps the member auth data, or the admin seed, across devices', () => {
    const me = identityFromSeed(new Uint8Array(16).fill(4));
    const auth = makeMemberAuthData(group, me.sessionId);
    const a = UserGroups.create(me.ed25519SecretKey);
    a.setGroup({ id: group.groupId, name: 'Tomato', authData: auth, invitePending: true, joinedAt: 0 });
    const other = groupKeyPairFromSeed(new Uint8Array(32).fill(5));
    a.setGroup({
      id: other.groupId,
      name: 'Mine',
      adminSecretKey: other.secretKey,
      invitePending: false,
      joinedAt: 1700000000,
    });
    const p = a.push();
    const b = UserGroups.create(me.ed25519SecretKey);
    b.merge([{ hash: 'x', data: p.data }]);
    const byId = new Map(b.groups().map((g) => [g.id, g]));
    const member = byId.get(group.groupId);
    expect(member?.name).toBe('Tomato');
    expect(member?.invitePending).toBe(true);
    expect(member?.adminSeed).toBeUndefined();
    expect(toHex(member?.authData ?? new Uint8Array())).toBe(toHex(auth));
    const mine = byId.get(other.groupId);
    expect(toHex(mine?.adminSeed ?? new Uint8Array())).toBe(toHex(other.seed));
    expect(mine?.joinedAt).toBe(1700000000);
    // A secret key that is not this group's is never stored as its seed.
    a.setGroup({
      id: group.groupId,
      name: 'Tomato',
      adminSecretKey: other.secretKey,
      authData: auth,
      invitePending: false,
      joinedAt: 0,
    });
    expect(a.groups().find((g) => g.id === group.groupId)?.adminSeed).toBeUndefined();
  });
});

describe('UserGroups kicked and destroyed groups (test_config_user_groups.cpp mark_kicked/mark_destroyed)', () => {
  const me = identityFromSeed(new Uint8Array(16).fill(6));
  const key = (id: string) => String.fromCharCode(...fromHex(id));
  const field = (c: UserGroups, id: string, k: string) => c.getValue(['g', key(id), k]);

  it('keeps the entry with its name and join time, without the seed or auth data, r = 1, across devices', () => {
    const a = UserGroups.create(me.ed25519SecretKey);
    const auth = makeMemberAuthData(group, me.sessionId);
    a.setGroup({
      id: group.groupId,
      name: 'Tomato',
      authData: auth,
      invitePending: false,
      joinedAt: 1700000000,
      priority: 3,
    });
    a.markGroupEnded(group.groupId, 'kicked', 'Tomato', 1700000000);
    // `K` stays, empty (upstream always sets it); `s` is erased; `r` = KICKED_FROM_GROUP.
    expect(field(a, group.groupId, 'K')).toEqual(new Uint8Array());
    expect(field(a, group.groupId, 's')).toBeUndefined();
    expect(field(a, group.groupId, 'r')).toBe(1n);
    const b = UserGroups.create(me.ed25519SecretKey);
    b.merge([{ hash: 'k'.repeat(43), data: a.push().data }]);
    expect(b.groups()).toEqual([
      expect.objectContaining({
        id: group.groupId,
        name: 'Tomato',
        joinedAt: 1700000000,
        priority: 3,
        invitePending: false,
        adminSeed: undefined,
        authData: undefined,
        removedStatus: 1,
      }),
    ]);
  });

  it('destroyed is final: kicked → destroyed works, destroyed → kicked does not; a re-invite clears kicked', () => {
    const c = UserGroups.create(me.ed25519SecretKey);
    c.markGroupEnded(group.groupId, 'kicked', 'G', 0);
    c.markGroupEnded(group.groupId, 'destroyed', 'G', 0);
    expect(field(c, group.groupId, 'r')).toBe(2n);
    c.markGroupEnded(group.groupId, 'kicked', 'G', 0);
    expect(c.groups()[0]?.removedStatus).toBe(2);
    // A new invitation (mark_invited + set with auth data): r is gone.
    const d = UserGroups.create(me.ed25519SecretKey);
    d.markGroupEnded(group.groupId, 'kicked', 'G', 0);
    d.setGroup({
      id: group.groupId,
      name: 'G',
      authData: makeMemberAuthData(group, me.sessionId),
      invitePending: true,
      joinedAt: 0,
    });
    expect(field(d, group.groupId, 'r')).toBeUndefined();
    expect(d.groups()[0]?.authData?.length).toBe(100);
  });
});
