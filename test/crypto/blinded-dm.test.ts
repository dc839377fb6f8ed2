/**
 * Community DMs (§4.6): what one side seals the other opens, both from the inbox (recipient)
 * and the outbox (sender); a forged sender key, a tampered payload and garbage are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromHex } from '../../src/crypto/bytes';
import {
  blind15KeyPair,
  blind25Id,
  blind25KeyPair,
  blinded15IdOf,
  blinded25IdOf,
  parseServerPublicKey,
  type ServerPublicKey,
} from '../../src/crypto/blinding';
import { decryptBlindedDm, encryptBlindedDm } from '../../src/crypto/blinded-dm';
import { asEd25519Seed, ed25519KeyPairFromSeed, identityFromEd25519SecretKey } from '../../src/crypto/keys';
import { sodium, sodiumReady } from '../../src/crypto/sodium';

const server = () =>
  parseServerPublicKey('abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789') as ServerPublicKey;
const key = (byte: number) => ed25519KeyPairFromSeed(asEd25519Seed(new Uint8Array(32).fill(byte))).secretKey;
const nonce = () => new Uint8Array(24).fill(7);

describe('blinded DMs', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('round-trips between two blinded IDs, from both mailboxes', () => {
    const ann = key(1);
    const ben = key(2);
    const annId = blinded15IdOf(blind15KeyPair(ann, server()));
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const text = new TextEncoder().encode('bonjour');
    const sealed = encryptBlindedDm(ann, server(), benId, text, nonce());
    expect(sealed?.[0]).toBe(0);
    const inbox = decryptBlindedDm(ben, server(), sealed!, annId, false);
    expect(inbox.ok && new TextDecoder().decode(inbox.value.plaintext)).toBe('bonjour');
    expect(inbox.ok && inbox.value.senderSessionId).toBe(identityFromEd25519SecretKey(ann).sessionId);
    expect(inbox.ok && inbox.value.sender).toBe(annId);
    const outbox = decryptBlindedDm(ann, server(), sealed!, benId, true);
    expect(outbox.ok && new TextDecoder().decode(outbox.value.plaintext)).toBe('bonjour');
  });

  it('round-trips between two 25-blinded IDs (double blinding), a negative key included', () => {
    const seed2 = fromHex('8659efdcbe0949e0f81141e6d397e8be75f45d09262f209d5950e97989eb43c7');
    const neg = ed25519KeyPairFromSeed(asEd25519Seed(seed2)).secretKey;
    const zoe = key(5);
    const negId = blinded25IdOf(blind25KeyPair(neg, server()));
    // What anyone computes from the Session ID alone is the ID the key pair gives.
    expect(blind25Id(identityFromEd25519SecretKey(neg).sessionId, server())).toBe(negId);
    const zoeId = blinded25IdOf(blind25KeyPair(zoe, server()));
    const sealed = encryptBlindedDm(zoe, server(), negId, Uint8Array.of(9, 8, 7), nonce());
    const inbox = decryptBlindedDm(neg, server(), sealed!, zoeId, false);
    expect(inbox.ok && inbox.value.sender).toBe(zoeId);
    expect(inbox.ok && inbox.value.recipient).toBe(negId);
    expect(inbox.ok && inbox.value.senderSessionId).toBe(identityFromEd25519SecretKey(zoe).sessionId);
    expect(decryptBlindedDm(zoe, server(), sealed!, negId, true).ok).toBe(true);
    // Sealed 25 but read as coming from Zoe's 15 ID: not the same key.
    const zoe15 = blinded15IdOf(blind15KeyPair(zoe, server()));
    expect(decryptBlindedDm(neg, server(), sealed!, zoe15, false).ok).toBe(false);
    // Single blinding (a·kB, the 15 formula) is not what a 25 recipient opens.
    const s = sodium();
    const kB = fromHex(negId.slice(2));
    const kA = fromHex(zoeId.slice(2));
    const wrongKey = s.crypto_generichash(
      32,
      concatBytes(
        s.crypto_scalarmult_ed25519_noclamp(s.crypto_sign_ed25519_sk_to_curve25519(zoe), kB),
        kA,
        kB,
      ),
      null,
    );
    const c = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
      concatBytes(Uint8Array.of(1), zoe.subarray(32)),
      null,
      null,
      nonce(),
      wrongKey,
    );
    const single = concatBytes(Uint8Array.of(0), c, nonce());
    expect(decryptBlindedDm(neg, server(), single, zoeId, false)).toEqual({
      ok: false,
      error: 'undecryptable',
    });
  });

  it('works for a key whose Ed25519 point is negative (seed2 of the vectors)', () => {
    const seed2 = fromHex('8659efdcbe0949e0f81141e6d397e8be75f45d09262f209d5950e97989eb43c7');
    const neg = ed25519KeyPairFromSeed(asEd25519Seed(seed2)).secretKey;
    const ben = key(3);
    const negId = blinded15IdOf(blind15KeyPair(neg, server()));
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const sealed = encryptBlindedDm(neg, server(), benId, Uint8Array.of(1, 2, 3), nonce());
    const r = decryptBlindedDm(ben, server(), sealed!, negId, false);
    expect(r.ok).toBe(true);
  });

  it('refuses a DM whose enclosed key is not the blinded sender', () => {
    const ann = key(1);
    const ben = key(2);
    const eve = key(4);
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const eveId = blinded15IdOf(blind15KeyPair(eve, server()));
    // Eve seals with her own key but the server says it came from her: fine; claiming Ann's key inside fails.
    const s = sodium();
    const kE = blind15KeyPair(eve, server()).publicKey;
    const kB = fromHex(benId.slice(2));
    const point = s.crypto_scalarmult_ed25519_noclamp(s.crypto_sign_ed25519_sk_to_curve25519(eve), kB);
    const k = s.crypto_generichash(32, concatBytes(point, kE, kB), null);
    const inner = concatBytes(Uint8Array.of(9), identityFromEd25519SecretKey(ann).ed25519PublicKey);
    const forged = concatBytes(
      Uint8Array.of(0),
      s.crypto_aead_xchacha20poly1305_ietf_encrypt(inner, null, null, nonce(), k),
      nonce(),
    );
    expect(decryptBlindedDm(ben, server(), forged, eveId, false)).toEqual({
      ok: false,
      error: 'sender-mismatch',
    });
  });

  it('refuses tampered, truncated, versioned and misaddressed payloads', () => {
    const ann = key(1);
    const ben = key(2);
    const annId = blinded15IdOf(blind15KeyPair(ann, server()));
    const benId = blinded15IdOf(blind15KeyPair(ben, server()));
    const sealed = encryptBlindedDm(ann, server(), benId, Uint8Array.of(1, 2, 3), nonce())!;
    const flipped = Uint8Array.from(sealed);
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    expect(decryptBlindedDm(ben, server(), flipped, annId, false)).toEqual({
      ok: false,
      error: 'undecryptable',
    });
    const v1 = Uint8Array.from(sealed);
    v1[0] = 1;
    expect(decryptBlindedDm(ben, server(), v1, annId, false)).toEqual({ ok: false, error: 'bad-version' });
    expect(decryptBlindedDm(ben, server(), sealed.subarray(0, 40), annId, false)).toEqual({
      ok: false,
      error: 'too-short',
    });
    expect(decryptBlindedDm(ben, server(), sealed, 'nonsense', false)).toEqual({
      ok: false,
      error: 'bad-key',
    });
    // Another recipient cannot read it.
    expect(decryptBlindedDm(key(5), server(), sealed, annId, false).ok).toBe(false);
  });
});
