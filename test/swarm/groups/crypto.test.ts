/**
 * Groups v2 crypto against libsession-util's own test values (test/vectors/groups-v2.json, a
 * copy of the shared reference, and groups-libsession-tests.json), plus what an attacker may
 * send: forged Keys messages, foreign keys, flipped bits.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { concatBytes, fromHex, toBase64, toHex, utf8 } from '../../../src/crypto/bytes';
import type { SessionId } from '../../../src/crypto/keys';
import { identityFromSeed } from '../../../src/crypto/keys';
import { sodium, sodiumReady } from '../../../src/crypto/sodium';
import {
  controlSignedText,
  InfoChangeType,
  signControl,
  verifyControl,
} from '../../../src/swarm/groups/control-signatures';
import { decryptGroupMessage, encryptGroupMessage } from '../../../src/swarm/groups/group-message';
import { groupKeyPairFromSeed, parseGroupId } from '../../../src/swarm/groups/identity';
import {
  buildRekeyMessage,
  buildSupplementMessage,
  loadKeysMessage,
  MESSAGE_KEY_MULTIPLE,
} from '../../../src/swarm/groups/keys-message';
import {
  makeMemberAuthData,
  subaccountSign,
  subaccountToken,
  verifyMemberAuthData,
} from '../../../src/swarm/groups/subaccount';
import { bdecode } from '../../../src/onion/bencode';
import { readVectorText } from '../../vectors/files';

const Shared = z.object({ vectors: z.array(z.looseObject({ kind: z.string() })) });
const shared = Shared.parse(JSON.parse(readVectorText('groups-v2.json'))).vectors;
const local = Shared.parse(JSON.parse(readVectorText('groups-libsession-tests.json'))).vectors;

function field(v: Record<string, unknown>, k: string): string {
  const x = v[k];
  if (typeof x !== 'string') throw new Error(`vector field ${k} missing`);
  return x;
}

/** libsession's test users take the 32-byte seed as is. */
function user(seedHex: string): ReturnType<typeof identityFromSeed> {
  return identityFromSeed(fromHex(seedHex));
}

// The describe blocks build keys while collecting: libsodium must be ready before.
await sodiumReady();

describe('identity (groups-v2.json)', () => {
  it('derives the test users and the group ID', () => {
    for (const v of shared.filter((x) => x.kind === 'session_id_from_ed25519_seed'))
      expect(user(field(v, 'seed')).sessionId).toBe(field(v, 'session_id'));
    for (const v of shared.filter((x) => x.kind === 'group_id_from_group_seed')) {
      const g = groupKeyPairFromSeed(fromHex(field(v, 'group_seed')));
      expect(toHex(g.publicKey)).toBe(field(v, 'group_ed25519_pubkey'));
      expect(g.groupId).toBe(field(v, 'group_id'));
    }
    const info = local.find((x) => x.kind === 'group_info_pubkey');
    if (!info) throw new Error('missing vector');
    expect(toHex(groupKeyPairFromSeed(fromHex(field(info, 'group_seed'))).publicKey)).toBe(
      field(info, 'group_ed25519_pubkey'),
    );
  });

  it('parses pasted group IDs and refuses the rest', () => {
    const id = `03${'ab'.repeat(32)}`;
    expect(parseGroupId(` ${id.toUpperCase()} `)).toBe(id);
    expect(parseGroupId(`05${'ab'.repeat(32)}`)).toBeUndefined();
    expect(parseGroupId(id.slice(0, 65))).toBeUndefined();
  });
});

describe('member auth data and sub-account signing', () => {
  const v = shared.find((x) => x.kind === 'swarm_subaccount_sign');
  if (!v) throw new Error('missing swarm_subaccount_sign vector');
  const expectedHex = z.record(z.string(), z.string()).parse(v.expected_hex);
  const expectedB64 = z.record(z.string(), z.string()).parse(v.expected_base64);

  it('makes libsession’s auth data and signs libsession’s request bytes', () => {
    const group = groupKeyPairFromSeed(fromHex(field(v, 'group_seed')));
    const member = user(field(v, 'member_seed'));
    expect(member.sessionId).toBe(field(v, 'member_session_id'));
    const auth = makeMemberAuthData(group, member.sessionId);
    expect(toHex(auth)).toBe(field(v, 'auth_data_swarm_make_subaccount_write_true_del_false'));
    const signed = subaccountSign(field(v, 'msg_ascii'), auth, member.ed25519SecretKey);
    expect(toHex(signed.subaccount)).toBe(expectedHex.subaccount);
    expect(toHex(signed.subaccountSig)).toBe(expectedHex.subaccount_sig);
    expect(toHex(signed.signature)).toBe(expectedHex.signature);
    expect(toBase64(signed.subaccount)).toBe(expectedB64.subaccount);
    expect(toBase64(signed.signature)).toBe(expectedB64.signature);
    // The admin's revocation token is the member's token, and the request verifies as Ed25519 under kT.
    expect(toHex(subaccountToken(group, member.sessionId))).toBe(expectedHex.subaccount);
    expect(
      sodium().crypto_sign_verify_detached(
        signed.signature,
        utf8(field(v, 'msg_ascii')),
        signed.subaccount.subarray(4),
      ),
    ).toBe(true);
    expect(
      sodium().crypto_sign_verify_detached(signed.subaccountSig, signed.subaccount, group.publicKey),
    ).toBe(true);
  });

  it('verifies the auth data, and no flipped bit passes (test_group_keys.cpp:881)', () => {
    const group = groupKeyPairFromSeed(fromHex(field(v, 'group_seed')));
    const member = user(field(v, 'member_seed'));
    const auth = makeMemberAuthData(group, member.sessionId);
    expect(verifyMemberAuthData(group.groupId, member.ed25519SecretKey, auth, { write: true })).toBe(true);
    expect(verifyMemberAuthData(group.groupId, member.ed25519SecretKey, auth, { del: true })).toBe(false);
    for (let i = 0; i < auth.length; i++)
      for (let b = 0; b < 8; b++) {
        if (i === 35 && b === 7) continue;
        const bad = Uint8Array.from(auth);
        bad[i] = (bad[i] ?? 0) ^ (1 << b);
        expect(verifyMemberAuthData(group.groupId, member.ed25519SecretKey, bad)).toBe(false);
      }
    // Another member cannot use it, nor can it be used for another group.
    const other = user('0000111122223333444455556666777788889999aaaabbbbccccddddeeeeffff');
    expect(verifyMemberAuthData(group.groupId, other.ed25519SecretKey, auth)).toBe(false);
    const otherGroup = groupKeyPairFromSeed(new Uint8Array(32).fill(7));
    expect(verifyMemberAuthData(otherGroup.groupId, member.ed25519SecretKey, auth)).toBe(false);
    expect(verifyMemberAuthData(group.groupId, member.ed25519SecretKey, auth.subarray(0, 99))).toBe(false);
  });

  it('signs for members whose Ed25519 key has the sign bit set too', () => {
    const group = groupKeyPairFromSeed(new Uint8Array(32).fill(3));
    let seen = 0;
    for (let i = 0; i < 24; i++) {
      const m = identityFromSeed(new Uint8Array(16).fill(i + 1));
      if (((m.ed25519PublicKey[31] ?? 0) & 0x80) !== 0) seen++;
      const auth = makeMemberAuthData(group, m.sessionId);
      const s = subaccountSign('retrieve111700000000000', auth, m.ed25519SecretKey);
      expect(toHex(s.subaccount)).toBe(toHex(subaccountToken(group, m.sessionId)));
      expect(
        sodium().crypto_sign_verify_detached(
          s.signature,
          utf8('retrieve111700000000000'),
          s.subaccount.subarray(4),
        ),
      ).toBe(true);
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('Keys messages (namespace 12)', () => {
  const group = groupKeyPairFromSeed(
    fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210'),
  );
  const admin = user('0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210');
  const members = [
    '000111222333444555666777888999aaabbbcccdddeeefff0123456789abcdef',
    '00011122435111155566677788811263446552465222efff0123456789abcdef',
    '00011129824754185548239498168169316979583253efff0123456789abcdef',
  ].map(user);
  const outsider = user('0000111122223333444455556666777788889999aaaabbbbccccddddeeeeffff');
  const ids: SessionId[] = [admin.sessionId, ...members.map((m) => m.sessionId)];

  it('gives every member and the admins the same key; an outsider gets none', () => {
    const { message, key } = buildRekeyMessage(group, ids, 0);
    const asAdmin = loadKeysMessage(message, 1_700_000_000_000, { kind: 'admin', group });
    expect(asAdmin.ok && toHex(asAdmin.value.keys[0]?.key ?? new Uint8Array())).toBe(toHex(key));
    for (const m of [admin, ...members]) {
      const r = loadKeysMessage(message, 1_700_000_000_000, {
        kind: 'member',
        userSk: m.ed25519SecretKey,
        groupPk: group.publicKey,
      });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.value.generation).toBe(0);
        expect(toHex(r.value.keys[0]?.key ?? new Uint8Array())).toBe(toHex(key));
        expect(r.value.keys[0]?.timestampMs).toBe(1_700_000_000_000);
      }
    }
    const out = loadKeysMessage(message, 1, {
      kind: 'member',
      userSk: outsider.ed25519SecretKey,
      groupPk: group.publicKey,
    });
    expect(out.ok && out.value.keys.length).toBe(0);
  });

  it('is deterministic, padded to 75 copies, keys in libsession’s order and signed', () => {
    const a = buildRekeyMessage(group, ids, 3);
    const b = buildRekeyMessage(group, [...ids].reverse(), 3);
    expect(toHex(a.message)).toBe(toHex(b.message));
    expect(toHex(buildRekeyMessage(group, ids, 4).key)).not.toBe(toHex(a.key));
    const d = bdecode(a.message);
    expect(d.ok).toBe(true);
    if (!d.ok || !(d.value instanceof Map)) return;
    expect([...d.value.keys()]).toEqual(['#', 'G', 'K', 'k', '~']);
    const k = d.value.get('k');
    expect(Array.isArray(k) && k.length).toBe(MESSAGE_KEY_MULTIPLE);
    // d · 1:#24:nonce · 1:Gi3e · 1:K48:… · 1:kl (75 × 48:…) e · 1:~64:sig · e
    expect(a.message.length).toBe(1 + 6 + 24 + 6 + 6 + 48 + 4 + 75 * (3 + 48) + 1 + 6 + 64 + 1);
  });

  it('refuses a forged or tampered Keys message', () => {
    const { message } = buildRekeyMessage(group, ids, 1);
    const reader = {
      kind: 'member',
      userSk: members[0]!.ed25519SecretKey,
      groupPk: group.publicKey,
    } as const;
    const forger = groupKeyPairFromSeed(new Uint8Array(32).fill(9));
    const forged = buildRekeyMessage(forger, ids, 1).message;
    expect(loadKeysMessage(forged, 1, reader).ok).toBe(false);
    const flipped = Uint8Array.from(message);
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    expect(loadKeysMessage(flipped, 1, reader).ok).toBe(false);
    expect(loadKeysMessage(message.subarray(0, message.length - 72), 1, reader).ok).toBe(false);
    expect(loadKeysMessage(utf8('garbage'), 1, reader).ok).toBe(false);
    expect(loadKeysMessage(new Uint8Array(), 1, reader).ok).toBe(false);
  });

  it('supplements a new member with the keys they lacked', () => {
    const k0 = buildRekeyMessage(group, ids, 0);
    const k1 = buildRekeyMessage(group, ids, 1);
    const keys = [
      { generation: 0, key: k0.key, timestampMs: 1000 },
      { generation: 1, key: k1.key, timestampMs: 2000 },
    ];
    const supp = buildSupplementMessage(group, [outsider.sessionId], keys);
    const r = loadKeysMessage(supp, 3000, {
      kind: 'member',
      userSk: outsider.ed25519SecretKey,
      groupPk: group.publicKey,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.supplemental).toBe(true);
    expect(r.value.generation).toBe(1);
    expect(r.value.keys.map((k) => [k.generation, toHex(k.key), k.timestampMs])).toEqual(
      keys.map((k) => [k.generation, toHex(k.key), k.timestampMs]),
    );
    const notFor = loadKeysMessage(supp, 3000, {
      kind: 'member',
      userSk: members[0]!.ed25519SecretKey,
      groupPk: group.publicKey,
    });
    expect(notFor.ok && notFor.value.keys.length).toBe(0);
  });
});

describe('encrypt_message (namespace 11)', () => {
  const sender = user('0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210');
  const key = new Uint8Array(32).fill(0x42);

  it('pads like libsession: 1632 bytes uncompressed give 2048 (test_group_keys.cpp:352)', () => {
    const v = local.find((x) => x.kind === 'encrypt_message_size');
    if (!v) throw new Error('missing vector');
    let msg = field(v, 'plaintext_ascii_repeated');
    for (let i = 0; i < Number(v.doublings); i++) msg += msg;
    expect(encryptGroupMessage(utf8(msg), key, sender.ed25519SecretKey).length).toBe(
      Number(v.ciphertext_size),
    );
    for (const n of [1, 100, 215, 216, 1000])
      expect(encryptGroupMessage(new Uint8Array(n).fill(1), key, sender.ed25519SecretKey).length % 256).toBe(
        0,
      );
  });

  it('puts the nonce first and decrypts with any known key, naming the sender', () => {
    const nonce = new Uint8Array(24).fill(5);
    const c = encryptGroupMessage(utf8('salut'), key, sender.ed25519SecretKey, nonce);
    expect(toHex(c.subarray(0, 24))).toBe(toHex(nonce));
    const r = decryptGroupMessage(c, [new Uint8Array(32).fill(1), key]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.sender).toBe(sender.sessionId);
      expect(new TextDecoder().decode(r.value.data)).toBe('salut');
    }
    expect(decryptGroupMessage(c, [new Uint8Array(32).fill(1)]).ok).toBe(false);
  });

  it('refuses an inner message whose signature is not the author’s', () => {
    const s = sodium();
    const other = user('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
    // Claim `a` = sender while signing with another key.
    const inner = concatBytes(
      utf8('d0:i1e1:a32:'),
      sender.ed25519PublicKey,
      utf8('1:d5:hello1:s64:'),
      s.crypto_sign_detached(utf8('hello'), other.ed25519SecretKey),
      utf8('e'),
    );
    const nonce = new Uint8Array(24);
    const c = concatBytes(nonce, s.crypto_aead_xchacha20poly1305_ietf_encrypt(inner, null, null, nonce, key));
    const r = decryptGroupMessage(c, [key]);
    expect(r.ok).toBe(false);
    expect(decryptGroupMessage(new Uint8Array(10), [key]).ok).toBe(false);
  });
});

describe('control message signatures', () => {
  it('signs the reference’s strings', () => {
    expect(controlSignedText.infoChange(InfoChangeType.Name, 1700000000000)).toBe(
      'INFO_CHANGE11700000000000',
    );
    expect(controlSignedText.deleteContent(5, ['05aa', '05bb'], ['h1', 'h2'])).toBe(
      'DELETE_CONTENT505aa05bbh1h2',
    );
    const g = groupKeyPairFromSeed(new Uint8Array(32).fill(1));
    const text = controlSignedText.invite(`05${'11'.repeat(32)}` as SessionId, 1);
    const sig = signControl(text, g);
    expect(verifyControl(text, sig, g.publicKey)).toBe(true);
    expect(verifyControl(`${text}0`, sig, g.publicKey)).toBe(false);
    expect(verifyControl(text, sig.subarray(1), g.publicKey)).toBe(false);
  });
});
