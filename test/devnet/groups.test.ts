/**
 * The devnet's storage side of groups v2, as session-storage-server does it (request_handler.cpp
 * `verify_signature`, `revoke_subaccount`, `unrevoke_subaccount`): the group key signs for its
 * swarm; members sign through sub-accounts whose flags decide read / write / delete; a revoked
 * token is refused; only the group key (never a sub-account) may (un)revoke. Requests are built
 * by the client's src/swarm, whose sub-account signing is pinned by libsession's known answers.
 */
import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from '../../src/crypto/bytes';
import { identityFromSeed } from '../../src/crypto/keys';
import { sodium } from '../../src/crypto/sodium';
import { groupKeyPairFromSeed, type GroupKeyPair } from '../../src/swarm/groups/identity';
import { makeMemberAuthData, subaccountToken } from '../../src/swarm/groups/subaccount';
import {
  deleteHashes,
  retrieve,
  revokeSubaccounts,
  storeAuthenticated,
  type GroupAdminAuth,
  type StorageAuth,
  type SubRequest,
} from '../../src/swarm/storage-requests';
import { swarmForPubkey } from '../../src/swarm/swarm-space';
import { obj, rpc, testClock, useDevnet } from './helpers';

const T0 = 1_700_000_000_000;
const clock = testClock(T0);
const net = useDevnet({
  nodes: 6,
  clock: clock.now,
  timeouts: { replicationMs: 1500, relayMs: 1500, proxyMs: 1500 },
});

function nodeFor(pubkey: string): string {
  const nodes = net().nodes();
  const id = swarmForPubkey([...new Set(nodes.map((n) => BigInt(`0x${n.swarm}`)))], pubkey);
  const n = nodes.find((x) => BigInt(`0x${x.swarm}`) === id);
  if (!n) throw new Error('no node');
  return n.url;
}

const send = (g: GroupKeyPair, r: SubRequest): ReturnType<typeof rpc> =>
  rpc(nodeFor(g.groupId), r.method, { ...r.params });

function setup(seedByte: number): {
  group: GroupKeyPair;
  admin: GroupAdminAuth;
  member: StorageAuth;
  memberId: ReturnType<typeof identityFromSeed>;
  readOnly: StorageAuth;
} {
  const group = groupKeyPairFromSeed(new Uint8Array(32).fill(seedByte));
  const m = identityFromSeed(new Uint8Array(16).fill(seedByte + 1));
  const r = identityFromSeed(new Uint8Array(16).fill(seedByte + 2));
  return {
    group,
    memberId: m,
    admin: { kind: 'group-admin', ed25519SecretKey: group.secretKey },
    member: {
      kind: 'group-member',
      groupId: group.groupId,
      authData: makeMemberAuthData(group, m.sessionId),
      ed25519SecretKey: m.ed25519SecretKey,
    },
    readOnly: {
      kind: 'group-member',
      groupId: group.groupId,
      authData: makeMemberAuthData(group, r.sessionId, { write: false }),
      ed25519SecretKey: r.ed25519SecretKey,
    },
  };
}

const store = (auth: StorageAuth, namespace: number, text: string): SubRequest =>
  storeAuthenticated({
    auth,
    namespace,
    timestampMs: clock.now(),
    ttlMs: 86_400_000,
    data: new TextEncoder().encode(text),
  });
const read = (auth: StorageAuth, namespace: number): SubRequest =>
  retrieve({ auth, namespace, lastHash: '', timestampMs: clock.now() });

describe('group swarm authentication (devnet)', () => {
  it('lets the group key and its members in, each with the access their token grants', async () => {
    const { group, admin, member, readOnly } = setup(1);
    expect((await send(group, store(admin, 13, 'info'))).status).toBe(200);
    const posted = await send(group, store(member, 11, 'hello'));
    expect(posted.status).toBe(200);
    const got = await send(group, read(member, 11));
    expect(got.status).toBe(200);
    const msgs = obj(got.json).messages as Array<Record<string, unknown>>;
    expect(msgs.map((x) => Buffer.from(String(x.data), 'base64').toString())).toEqual(['hello']);
    expect((await send(group, read(readOnly, 13))).status).toBe(200);
    expect((await send(group, store(readOnly, 11, 'nope'))).status).toBe(401);
    // No DEL flag: a member cannot delete, the group key can.
    const hash = String(obj(posted.json).hash);
    expect((await send(group, deleteHashes({ auth: member, hashes: [hash] }))).status).toBe(401);
    expect((await send(group, deleteHashes({ auth: admin, hashes: [hash] }))).status).toBe(200);
  });

  it('has no per-namespace rule: a member with write access may store in 12–14 (clients check the config signatures)', async () => {
    const { group, member } = setup(11);
    expect((await send(group, store(member, 13, 'unsigned info'))).status).toBe(200);
    expect((await send(group, store(member, 12, 'unsigned keys'))).status).toBe(200);
  });

  it('refuses forged sub-accounts: another group’s auth data, a stolen token, a tampered flag', async () => {
    const { group, memberId } = setup(21);
    const other = groupKeyPairFromSeed(new Uint8Array(32).fill(99));
    const foreign: StorageAuth = {
      kind: 'group-member',
      groupId: group.groupId,
      authData: makeMemberAuthData(other, memberId.sessionId),
      ed25519SecretKey: memberId.ed25519SecretKey,
    };
    expect((await send(group, read(foreign, 11))).status).toBe(401);
    // Someone else presenting the member's auth data signs with the wrong key.
    const thief = identityFromSeed(new Uint8Array(16).fill(77));
    const stolen: StorageAuth = {
      kind: 'group-member',
      groupId: group.groupId,
      authData: makeMemberAuthData(group, memberId.sessionId),
      ed25519SecretKey: thief.ed25519SecretKey,
    };
    expect((await send(group, read(stolen, 11))).status).toBe(401);
    // Granting oneself delete access breaks the admin's signature over the token.
    const auth = makeMemberAuthData(group, memberId.sessionId);
    auth[1] = (auth[1] ?? 0) | 4;
    const widened: StorageAuth = {
      kind: 'group-member',
      groupId: group.groupId,
      authData: auth,
      ed25519SecretKey: memberId.ed25519SecretKey,
    };
    expect((await send(group, store(widened, 11, 'x'))).status).toBe(401);
  });

  it('revokes and unrevokes a member; only the group key may', async () => {
    const { group, admin, member, memberId } = setup(31);
    expect((await send(group, read(member, 11))).status).toBe(200);
    const token = subaccountToken(group, memberId.sessionId);
    // A member cannot revoke (its key is not the group's).
    const asMember = revokeSubaccounts({
      auth: { kind: 'group-admin', ed25519SecretKey: memberId.ed25519SecretKey },
      method: 'revoke_subaccount',
      tokens: [token],
      timestampMs: clock.now(),
    });
    expect(
      (await rpc(nodeFor(group.groupId), asMember.method, { ...asMember.params, pubkey: group.groupId }))
        .status,
    ).toBe(401);

    const revoke = revokeSubaccounts({
      auth: admin,
      method: 'revoke_subaccount',
      tokens: [token],
      timestampMs: clock.now(),
    });
    const r = await send(group, revoke);
    expect(r.status).toBe(200);
    // Every swarm member signs pubkey ‖ timestamp ‖ tokens.
    const swarm = obj(obj(r.json).swarm);
    for (const [ed, entry] of Object.entries(swarm)) {
      const sig = Buffer.from(String(obj(entry).signature), 'base64');
      const msg = Buffer.concat([Buffer.from(`${group.groupId}${clock.now()}`), Buffer.from(token)]);
      expect(sodium().crypto_sign_verify_detached(sig, msg, Buffer.from(ed, 'hex'))).toBe(true);
    }
    expect((await send(group, read(member, 11))).status).toBe(401);
    expect((await send(group, store(member, 11, 'after'))).status).toBe(401);
    // The group key itself is unaffected.
    expect((await send(group, read(admin, 11))).status).toBe(200);

    const unrevoke = revokeSubaccounts({
      auth: admin,
      method: 'unrevoke_subaccount',
      tokens: [token],
      timestampMs: clock.now(),
    });
    const u = await send(group, unrevoke);
    expect(u.status).toBe(200);
    expect(Object.values(obj(obj(u.json).swarm)).map((e) => obj(e).count)).toContain(1);
    expect((await send(group, read(member, 11))).status).toBe(200);
  });

  it('lets a revoked member still read namespace −11 (and −211), nothing else, and never write there', async () => {
    const { group, admin, member, memberId } = setup(36);
    expect((await send(group, store(admin, -11, 'kicked'))).status).toBe(200);
    const revoke = revokeSubaccounts({
      auth: admin,
      method: 'revoke_subaccount',
      tokens: [subaccountToken(group, memberId.sessionId)],
      timestampMs: clock.now(),
    });
    expect((await send(group, revoke)).status).toBe(200);
    const left = await send(group, read(member, -11));
    expect(left.status).toBe(200);
    const messages = obj(left.json).messages;
    expect(Array.isArray(messages) && messages.length).toBe(1);
    expect((await send(group, read(member, -211))).status).toBe(200);
    // −12 and −21 do not end in 11; 11 is not negative: the revoked token is refused there.
    for (const ns of [11, 12, -12, -21]) expect((await send(group, read(member, ns))).status).toBe(401);
    // Reads only: a store to −11 checks revocation like any other.
    expect((await send(group, store(member, -11, 'forged'))).status).toBe(401);
  });

  it('validates revoke requests like the server (bad tokens, more than 50, old timestamps, base64 tokens)', async () => {
    const { group, admin, memberId } = setup(41);
    const token = subaccountToken(group, memberId.sessionId);
    const base = revokeSubaccounts({
      auth: admin,
      method: 'revoke_subaccount',
      tokens: [token],
      timestampMs: clock.now(),
    });
    const url = nodeFor(group.groupId);
    expect((await rpc(url, 'revoke_subaccount', { ...base.params, revoke: ['zz'] })).status).toBe(400);
    const many = Array.from({ length: 51 }, () => toHex(token));
    expect((await rpc(url, 'revoke_subaccount', { ...base.params, revoke: many })).text).toContain(
      'more than 50',
    );
    const old = revokeSubaccounts({
      auth: admin,
      method: 'revoke_subaccount',
      tokens: [token],
      timestampMs: clock.now() - 3_600_000,
    });
    expect((await send(group, old)).status).toBe(406);
    // The same signature with the token in base64 is the same request.
    expect((await rpc(url, 'revoke_subaccount', { ...base.params, revoke: [toBase64(token)] })).status).toBe(
      200,
    );
  });
});
