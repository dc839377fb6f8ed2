/**
 * Multi-recipient encryption against libsession-util's own test values
 * (`tests/test_multi_encrypt.cpp` @ 8762e9d: seeds, nonce, domain "test suite", ciphertexts and
 * the "simple" bencoded form), and the kicked message of namespace −11 with what an attacker may
 * put there: a copy for someone else, another member's key inside ours, an older generation, a
 * forged sender, garbage.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../../../src/crypto/bytes';
import {
  ed25519KeyPairFromSeed,
  ed25519PublicKeyToX25519,
  ed25519SecretKeyToX25519,
  asEd25519Seed,
  identityFromSeed,
} from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { generateGroupKeyPair } from '../../../src/swarm/groups/identity';
import {
  buildKickedMessage,
  KICKED_DOMAIN,
  readKickedMessage,
} from '../../../src/swarm/groups/kicked-message';
import {
  decryptForMultiple,
  decryptForMultipleSimpleEd25519,
  encryptForMultiple,
  encryptForMultipleSimple,
} from '../../../src/swarm/groups/multi-encrypt';

await sodiumReady();

const SEEDS = [
  '0123456789abcdef0123456789abcdef00000000000000000000000000000000',
  '0123456789abcdef000000000000000000000000000000000000000000000000',
  '0123456789abcdef111111111111111100000000000000000000000000000000',
  '0123456789abcdef222222222222222200000000000000000000000000000000',
  '0123456789abcdef333333333333333300000000000000000000000000000000',
];
const NONCE = fromHex('32ab4bb45d6df5cc14e1c330fb1a8b68ea3826a8c2213a49');

function xKeys(seedHex: string) {
  const kp = ed25519KeyPairFromSeed(asEd25519Seed(fromHex(seedHex)));
  const xpk = ed25519PublicKeyToX25519(kp.publicKey);
  if (!xpk) throw new Error('no X25519 form');
  return { xsk: ed25519SecretKeyToX25519(kp.secretKey), xpk, edSk: kp.secretKey, edPk: kp.publicKey };
}
const keys = SEEDS.map(xKeys);
const k = (i: number) => {
  const x = keys[i];
  if (!x) throw new Error(`no key ${i}`);
  return x;
};
const recipients = [1, 2, 3].map((i) => k(i).xpk);
const words = ['hello', 'cruel', 'world'].map((w) => utf8(w));

describe('multi-recipient encryption (libsession tests/test_multi_encrypt.cpp)', () => {
  it('derives libsession’s X25519 keys from its seeds', () => {
    expect(toHex(k(0).xpk)).toBe('d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72');
    expect(toHex(k(4).xpk)).toBe('27b5c1ea87cef76284c752fa6ee1b9186b1a95e74e8f5b88f8b47e5191ce6f08');
  });

  it('encrypts one message for three recipients to libsession’s bytes', () => {
    const copies = encryptForMultiple([utf8('hello')], recipients, NONCE, k(0), 'test suite');
    expect(copies.map(toHex)).toEqual([
      'e64937e5ea201b84f4e88a976dad900d91caaf6a17',
      'b7a15bcd9f7b09445defcae2f1dc5085dd75cb085b',
      '01c4fc2156327735f3fb5063b11ea95f6ebcc5b6cc',
    ]);
    for (const i of [1, 2, 3])
      expect(decryptForMultiple(copies, NONCE, k(i), k(0).xpk, 'test suite')).toEqual(utf8('hello'));
    expect(decryptForMultiple(copies, NONCE, k(3), k(0).xpk, 'not test suite')).toBeUndefined();
    expect(decryptForMultiple(copies, NONCE, k(4), k(0).xpk, 'test suite')).toBeUndefined();
  });

  it('encrypts one message per recipient, and the simple form is libsession’s bencoded dict', () => {
    const copies = encryptForMultiple(words, recipients, NONCE, k(0), 'test suite');
    expect(copies.map(toHex)).toEqual([
      'e64937e5ea201b84f4e88a976dad900d91caaf6a17',
      'bcb642c49c6da03f70cdaab2ed6666721318afd631',
      '1ecee2215d226817edfdb097f05037eb799309103a',
    ]);
    const simple = encryptForMultipleSimple({
      messages: words,
      recipients,
      ed25519SecretKey: k(0).edSk,
      domain: 'test suite',
      nonce: NONCE,
    });
    const expected = concatBytes(
      utf8('d1:#24:'),
      NONCE,
      utf8('1:el21:'),
      fromHex('e64937e5ea201b84f4e88a976dad900d91caaf6a17'),
      utf8('21:'),
      fromHex('bcb642c49c6da03f70cdaab2ed6666721318afd631'),
      utf8('21:'),
      fromHex('1ecee2215d226817edfdb097f05037eb799309103a'),
      utf8('ee'),
    );
    expect(toHex(simple)).toBe(toHex(expected));
    expect(decryptForMultipleSimpleEd25519(simple, k(2).edSk, k(0).edPk, 'test suite')).toEqual(
      utf8('cruel'),
    );
    expect(decryptForMultipleSimpleEd25519(simple, k(4).edSk, k(0).edPk, 'test suite')).toBeUndefined();
  });

  it('refuses mismatched messages and recipients', () => {
    expect(() => encryptForMultiple(words.slice(0, 2), recipients, NONCE, k(0), 'test suite')).toThrow();
  });
});

describe('the kicked message (namespace −11)', () => {
  const group = generateGroupKeyPair();
  const cat = identityFromSeed(fromHex(SEEDS[3] ?? ''));
  const dan = identityFromSeed(fromHex(SEEDS[4] ?? ''));
  const ben = identityFromSeed(fromHex(SEEDS[2] ?? ''));

  it('is the removed member’s key then the generation in decimal text, from the group key', () => {
    const data = buildKickedMessage(group, [cat.sessionId, dan.sessionId], 7);
    const plain = decryptForMultipleSimpleEd25519(data, cat.ed25519SecretKey, group.publicKey, KICKED_DOMAIN);
    expect(plain && toHex(plain)).toBe(cat.sessionId.slice(2) + toHex(utf8('7')));
    expect(readKickedMessage(data, group.groupId, cat, 7)).toEqual({ kind: 'kicked', generation: 7 });
    expect(readKickedMessage(data, group.groupId, dan, 3)).toEqual({ kind: 'kicked', generation: 7 });
  });

  it('ignores a message for someone else, an older generation, a forged sender and garbage', () => {
    const data = buildKickedMessage(group, [cat.sessionId], 4);
    expect(readKickedMessage(data, group.groupId, ben, 4).kind).toBe('ignored');
    expect(readKickedMessage(data, group.groupId, cat, 5)).toEqual({
      kind: 'ignored',
      reason: 'older than our newest key',
    });
    // Any member may store to −11: a copy made with another key does not open as the group's.
    const forger = generateGroupKeyPair();
    const forged = buildKickedMessage(forger, [cat.sessionId], 9);
    expect(readKickedMessage(forged, group.groupId, cat, 0).kind).toBe('ignored');
    // A copy for Cat that names Ben: not about Cat.
    const naming = encryptForMultipleSimple({
      messages: [concatBytes(fromHex(ben.sessionId.slice(2)), utf8('9'))],
      recipients: [fromHex(cat.sessionId.slice(2))],
      ed25519SecretKey: group.secretKey,
      domain: KICKED_DOMAIN,
    });
    expect(readKickedMessage(naming, group.groupId, cat, 0)).toEqual({
      kind: 'ignored',
      reason: 'names someone else',
    });
    const notNumber = encryptForMultipleSimple({
      messages: [concatBytes(fromHex(cat.sessionId.slice(2)), utf8('1e3'))],
      recipients: [fromHex(cat.sessionId.slice(2))],
      ed25519SecretKey: group.secretKey,
      domain: KICKED_DOMAIN,
    });
    expect(readKickedMessage(notNumber, group.groupId, cat, 0).kind).toBe('ignored');
    for (const junk of [
      new Uint8Array(),
      utf8('garbage'),
      utf8('d1:#3:abc1:ele'),
      utf8('de'),
      data.subarray(0, 40),
    ])
      expect(readKickedMessage(junk, group.groupId, cat, 0).kind).toBe('ignored');
    const flipped = Uint8Array.from(data);
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 1;
    expect(readKickedMessage(flipped, group.groupId, cat, 0).kind).toBe('ignored');
  });
});
