/**
 * ONS records against oxen-core's own worked examples (test/vectors/ons.json), and the
 * documented algorithm recomputed here with libsodium directly, so the module and the
 * description in docs/protocol-notes.md cannot drift apart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromHex, toBase64, toHex, utf8 } from '../../src/crypto/bytes';
import { decryptOnsValue, encryptOnsValue, onsNameHash, onsValueKey } from '../../src/crypto/ons';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { looksLikeAccountId, normalizeOnsName } from '../../src/shared/ons-name';
import { readVectorText } from '../vectors/files';

const VectorFile = z.object({
  source: z.string(),
  vectors: z.array(
    z.object({
      name: z.string(),
      name_hash_b64: z.string(),
      encrypted_value: z.string(),
      nonce: z.string(),
      value: z.string(),
    }),
  ),
});
const file = VectorFile.parse(JSON.parse(readVectorText('ons.json')));

beforeAll(async () => {
  await sodiumReady();
});

describe('ONS records (oxen-core ONS_RESOLVE examples)', () => {
  it.each(file.vectors)('$name: name hash and decrypted value', (v) => {
    expect(toBase64(onsNameHash(v.name))).toBe(v.name_hash_b64);
    const value = decryptOnsValue(v.name, fromHex(v.encrypted_value), fromHex(v.nonce));
    expect(value && toHex(value)).toBe(v.value);
  });

  it('hashes the lower-cased name: JaGerMan is jagerman', () => {
    const v = file.vectors[0];
    if (!v) throw new Error('no vector');
    expect(toBase64(onsNameHash('JaGerMan'))).toBe(v.name_hash_b64);
    expect(decryptOnsValue('JAGERMAN', fromHex(v.encrypted_value), fromHex(v.nonce))).toBeDefined();
  });

  it('follows the documented algorithm (BLAKE2b-256, keyed BLAKE2b-256, XChaCha20-Poly1305)', () => {
    const s = sodium();
    const name = 'veil_test-1';
    const hash = s.crypto_generichash(32, utf8(name), null);
    expect(toHex(onsNameHash(name))).toBe(toHex(hash));
    const key = s.crypto_generichash(32, utf8(name), hash);
    expect(toHex(onsValueKey(name))).toBe(toHex(key));
    const nonce = new Uint8Array(24).fill(7);
    const id = fromHex(`05${'ab'.repeat(32)}`);
    const sealed = encryptOnsValue(name, id, nonce);
    expect(toHex(sealed)).toBe(
      toHex(s.crypto_aead_xchacha20poly1305_ietf_encrypt(id, null, null, nonce, key)),
    );
    expect(sealed.length).toBe(33 + 16);
    expect(toHex(decryptOnsValue(name, sealed, nonce) ?? new Uint8Array())).toBe(toHex(id));
  });

  it('refuses a record under another name, a flipped byte or a short nonce', () => {
    const v = file.vectors[0];
    if (!v) throw new Error('no vector');
    const data = fromHex(v.encrypted_value);
    expect(decryptOnsValue('jagerman2', data, fromHex(v.nonce))).toBeUndefined();
    const flipped = data.slice();
    flipped[3] = (flipped[3] ?? 0) ^ 1;
    expect(decryptOnsValue(v.name, flipped, fromHex(v.nonce))).toBeUndefined();
    expect(decryptOnsValue(v.name, data, fromHex(v.nonce).subarray(0, 23))).toBeUndefined();
  });
});

describe('ONS name syntax (oxen-core validate_ons_name, Session type)', () => {
  it.each([
    ['jagerman', 'jagerman'],
    ['  Alice_B  ', 'alice_b'],
    ['_x', '_x'],
    ['a-b', 'a-b'],
    ['7', '7'],
    ['a'.repeat(64), 'a'.repeat(64)],
  ])('accepts %j as %j', (input, out) => {
    expect(normalizeOnsName(input)).toBe(out);
  });

  it.each(['', ' ', '-bob', 'bob-', 'bob smith', 'bob.loki', 'élodie', 'a'.repeat(65), 'bob!'])(
    'refuses %j',
    (input) => {
      expect(normalizeOnsName(input)).toBeUndefined();
    },
  );

  it('reads 16+ leading hex characters as an Account ID being typed', () => {
    expect(looksLikeAccountId(`05${'a'.repeat(18)}zz`)).toBe(true);
    expect(looksLikeAccountId('deadbeef')).toBe(false);
    expect(looksLikeAccountId('bob')).toBe(false);
  });
});
