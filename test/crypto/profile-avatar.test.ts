/** Legacy avatar AES-GCM properties (the shared vector is in identity-vectors.test.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/crypto/bytes';
import { asProfileKey, decryptProfileAvatar, encryptProfileAvatar } from '../../src/crypto/profile-avatar';

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(asProfileKey);
const iv12 = fc.uint8Array({ minLength: 12, maxLength: 12 });

describe('profile avatar AES-256-GCM', () => {
  it('decrypt(encrypt(x)) = x and the blob is IV ‖ ciphertext ‖ tag', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), key32, iv12, (x, key, iv) => {
        const blob = encryptProfileAvatar(x, key, iv);
        expect(blob.length).toBe(12 + x.length + 16);
        expect(bytesEqual(blob.subarray(0, 12), iv)).toBe(true);
        const dec = decryptProfileAvatar(blob, key);
        expect(dec.ok && bytesEqual(dec.data, x)).toBe(true);
      }),
    );
  });

  it('a flipped byte or another key is rejected', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        key32,
        key32,
        iv12,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (x, key, other, iv, at, mask) => {
          const blob = encryptProfileAvatar(x, key, iv);
          const bad = Uint8Array.from(blob);
          bad[at % bad.length] = (bad[at % bad.length] ?? 0) ^ mask;
          expect(decryptProfileAvatar(bad, key)).toEqual({ ok: false, error: { kind: 'bad-tag' } });
          if (!bytesEqual(key, other)) expect(decryptProfileAvatar(blob, other).ok).toBe(false);
        },
      ),
    );
  });

  it('never throws on random bytes or keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), (blob, key) => {
        expect(decryptProfileAvatar(blob, key).ok).toBe(false);
      }),
    );
  });
});
