import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, fromHex, toHex } from '../../src/crypto/bytes';
import type { Identity } from '../../src/crypto/keys';
import { asX25519PublicKey, generateSeed16, identityFromSeed } from '../../src/crypto/keys';
import { padMessage, padMessageLegacy, unpadMessage } from '../../src/crypto/padding';
import {
  MIN_CIPHERTEXT_BYTES,
  decryptIncoming,
  encryptContentForRecipient,
  encryptForRecipient,
  encryptForRecipientDeterministic,
  signForRecipient,
} from '../../src/crypto/session-protocol';
import { sodium, sodiumReady } from '../../src/crypto/sodium';

const utf8b = (t: string): Uint8Array => new TextEncoder().encode(t);
const bytes = (max = 600) => fc.uint8Array({ maxLength: max });

let alice: Identity;
let bob: Identity;
let carol: Identity;

beforeAll(async () => {
  await sodiumReady();
  alice = identityFromSeed(fromHex('0123456789abcdef0123456789abcdef'));
  bob = identityFromSeed(fromHex('00112233445566778899aabbccddeeff'));
  carol = identityFromSeed(generateSeed16());
});

function kind(r: ReturnType<typeof decryptIncoming>): string {
  return r.ok ? 'ok' : r.error.kind;
}

describe('padding', () => {
  it('unpad(pad(x)) = x for both styles, lengths as documented (property)', () => {
    fc.assert(
      fc.property(bytes(1000), (x) => {
        const p = padMessage(x);
        expect(p.length % 160).toBe(0);
        expect(p.length).toBeGreaterThan(x.length);
        expect(bytesEqual(unpadMessage(p), x)).toBe(true);
        const l = padMessageLegacy(x);
        expect((l.length + 1) % 160).toBe(0);
        expect(bytesEqual(unpadMessage(l), x)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('treats unpadded data as whole', () => {
    expect(toHex(unpadMessage(fromHex('0a0b0c')))).toBe('0a0b0c');
    expect(toHex(unpadMessage(fromHex('0a0b0000')))).toBe('0a0b0000');
    expect(toHex(unpadMessage(fromHex('0000')))).toBe('0000');
    expect(toHex(unpadMessage(new Uint8Array()))).toBe('');
    expect(toHex(unpadMessage(fromHex('80')))).toBe('');
    expect(toHex(unpadMessage(fromHex('0a80000080')))).toBe('0a800000');
  });
});

describe('sign-then-seal', () => {
  it('decrypt(encrypt(x)) = x and recovers the sender (property)', () => {
    fc.assert(
      fc.property(bytes(), (content) => {
        const ct = encryptContentForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, content);
        expect(ct.length).toBe(padMessage(content).length + 144);
        const r = decryptIncoming(bob.ed25519SecretKey, ct);
        if (!r.ok) throw new Error(r.error.kind);
        expect(bytesEqual(r.plaintext, content)).toBe(true);
        expect(r.senderSessionId).toBe(alice.sessionId);
        expect(bytesEqual(r.senderEd25519, alice.ed25519PublicKey)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('uses a fresh ephemeral key per random encryption, a fixed one for the deterministic variant', () => {
    const m = padMessage(new Uint8Array([1, 2, 3]));
    const a = encryptForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, m);
    const b = encryptForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, m);
    expect(toHex(a)).not.toBe(toHex(b));
    const d1 = encryptForRecipientDeterministic(alice.ed25519SecretKey, bob.x25519PublicKey, m);
    const d2 = encryptForRecipientDeterministic(alice.ed25519SecretKey, bob.x25519PublicKey, m);
    expect(toHex(d1)).toBe(toHex(d2));
    expect(kind(decryptIncoming(bob.ed25519SecretKey, d1))).toBe('ok');
  });

  it('a random encryption is a sealed box libsodium itself opens, to the signed inner blob', () => {
    const m = padMessage(utf8b('sealed with an ephemeral key from node:crypto'));
    const sealed = encryptForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, m);
    const inner = sodium().crypto_box_seal_open(sealed, bob.x25519PublicKey, bob.x25519SecretKey);
    expect(toHex(inner.subarray(0, m.length))).toBe(toHex(m));
    expect(toHex(inner.subarray(m.length, m.length + 32))).toBe(toHex(alice.ed25519PublicKey));
    expect(sealed.length).toBe(m.length + 32 + 64 + 48);
  });

  it('note to self: sender and recipient are the same', () => {
    const ct = encryptContentForRecipient(alice.ed25519SecretKey, alice.x25519PublicKey, new Uint8Array([9]));
    const r = decryptIncoming(alice.ed25519SecretKey, ct);
    expect(r.ok && r.senderSessionId).toBe(alice.sessionId);
  });

  it('reports too-short, not-for-us and bad-signature', () => {
    expect(decryptIncoming(bob.ed25519SecretKey, new Uint8Array(MIN_CIPHERTEXT_BYTES - 1))).toEqual({
      ok: false,
      error: { kind: 'too-short', length: MIN_CIPHERTEXT_BYTES - 1 },
    });
    const ct = encryptContentForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, new Uint8Array([1]));
    expect(kind(decryptIncoming(carol.ed25519SecretKey, ct))).toBe('not-for-us');
    const flipped = ct.slice();
    flipped[60] = (flipped[60] ?? 0) ^ 1;
    expect(kind(decryptIncoming(bob.ed25519SecretKey, flipped))).toBe('not-for-us');

    // Signed for Carol but sealed to Bob: the signature binds the intended recipient (Y), so Bob
    // cannot be handed a message re-sealed from someone else's inbox.
    const inner = signForRecipient(
      alice.ed25519SecretKey,
      carol.x25519PublicKey,
      padMessage(new Uint8Array([7])),
    );
    const resealed = sodium().crypto_box_seal(inner, bob.x25519PublicKey);
    expect(kind(decryptIncoming(bob.ed25519SecretKey, resealed))).toBe('bad-signature');

    // Claiming to be Carol with Alice's signature.
    const forged = inner.slice();
    forged.set(carol.ed25519PublicKey, inner.length - 96);
    expect(
      kind(decryptIncoming(bob.ed25519SecretKey, sodium().crypto_box_seal(forged, bob.x25519PublicKey))),
    ).toBe('bad-signature');
  });

  it('opens a minimal (empty P) message', () => {
    const ct = encryptForRecipient(alice.ed25519SecretKey, bob.x25519PublicKey, new Uint8Array());
    expect(ct.length).toBe(MIN_CIPHERTEXT_BYTES);
    const r = decryptIncoming(bob.ed25519SecretKey, ct);
    expect(r.ok && r.plaintext.length).toBe(0);
  });

  it('rejects a well-sealed blob with an invalid sender key without throwing', () => {
    // A = all-zero / small-order point: libsodium refuses the signature or the conversion.
    const p = padMessage(new Uint8Array([1]));
    const blob = concatBytes(p, new Uint8Array(32), new Uint8Array(64));
    const r = decryptIncoming(bob.ed25519SecretKey, sodium().crypto_box_seal(blob, bob.x25519PublicKey));
    expect(['bad-signature', 'bad-sender-key']).toContain(kind(r));
  });

  it('rejects a valid signature by a mixed-order sender key (no Session ID exists for it)', () => {
    // A' = A + T with T of order 8: libsodium's verify accepts such keys when k·T = 0 (k ≡ 0 mod 8,
    // found by trying ~8 nonces), but crypto_sign_ed25519_pk_to_curve25519 refuses them — this is
    // libsession's "Sender ed25519 pubkey to x25519 pubkey conversion failed" case.
    const na = sodium();
    const T = fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
    expect(na.crypto_core_ed25519_is_valid_point(T)).toBe(false);
    const a = na.crypto_core_ed25519_scalar_reduce(concatBytes(alice.x25519SecretKey, new Uint8Array(32)));
    const mixedPk = na.crypto_core_ed25519_add(alice.ed25519PublicKey, T);
    const p = padMessage(new Uint8Array([1, 2, 3]));
    const signed = concatBytes(p, mixedPk, bob.x25519PublicKey);
    let sig: Uint8Array | undefined;
    for (let i = 0; i < 200 && sig === undefined; i++) {
      const r = na.crypto_core_ed25519_scalar_random();
      const R = na.crypto_scalarmult_ed25519_base_noclamp(r);
      const k = na.crypto_core_ed25519_scalar_reduce(na.crypto_hash_sha512(concatBytes(R, mixedPk, signed)));
      if (((k[0] ?? 1) & 7) !== 0) continue;
      sig = concatBytes(R, na.crypto_core_ed25519_scalar_add(r, na.crypto_core_ed25519_scalar_mul(k, a)));
    }
    if (sig === undefined) throw new Error('no suitable nonce found');
    expect(na.crypto_sign_verify_detached(sig, signed, mixedPk)).toBe(true);
    const ct = na.crypto_box_seal(concatBytes(p, mixedPk, sig), bob.x25519PublicKey);
    expect(kind(decryptIncoming(bob.ed25519SecretKey, ct))).toBe('bad-sender-key');
  });

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(bytes(400), (junk) => {
        expect(kind(decryptIncoming(bob.ed25519SecretKey, junk))).not.toBe('ok');
      }),
      { numRuns: 300 },
    );
    // Arbitrary inner blobs sealed correctly to Bob: opened, then refused by the signature check.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 96, maxLength: 300 }), (inner) => {
        const ct = sodium().crypto_box_seal(inner, asX25519PublicKey(bob.x25519PublicKey));
        expect(['bad-signature', 'bad-sender-key']).toContain(
          kind(decryptIncoming(bob.ed25519SecretKey, ct)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the keys it derives per identity and per sender apart (cached public keys)', () => {
    const toBob = encryptContentForRecipient(
      alice.ed25519SecretKey,
      asX25519PublicKey(bob.x25519PublicKey),
      utf8b('b'),
    );
    const toCarol = encryptContentForRecipient(
      bob.ed25519SecretKey,
      asX25519PublicKey(carol.x25519PublicKey),
      utf8b('c'),
    );
    // Interleaved, twice: the second round answers from the caches.
    for (let round = 0; round < 2; round++) {
      const a = decryptIncoming(bob.ed25519SecretKey, toBob);
      const b = decryptIncoming(carol.ed25519SecretKey, toCarol);
      expect(a.ok && a.senderSessionId).toBe(alice.sessionId);
      expect(b.ok && b.senderSessionId).toBe(bob.sessionId);
      expect(kind(decryptIncoming(carol.ed25519SecretKey, toBob))).toBe('not-for-us');
      expect(kind(decryptIncoming(bob.ed25519SecretKey, toCarol))).toBe('not-for-us');
    }
  });
});
