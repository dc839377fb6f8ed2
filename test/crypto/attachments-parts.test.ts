/**
 * A download decrypted from the parts it arrived in (never joined) must give exactly what the
 * whole blob gives, for any way of cutting it, and reject exactly what the whole blob rejects.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asLegacyAttachmentKey,
  decryptLegacyAttachment,
  encryptLegacyAttachment,
} from '../../src/crypto/attachments-legacy';
import { cut } from './cut-parts';

describe('decryptLegacyAttachment over parts', () => {
  const key = asLegacyAttachmentKey(randomBytes(64));
  const data = randomBytes(70_000);
  const { encrypted, digest } = encryptLegacyAttachment(data, key, randomBytes(16));

  it('gives the same bytes as the whole blob for any cutting (IV, MAC and blocks split)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (at) => {
        const r = decryptLegacyAttachment(
          cut(encrypted, [...at, 5, encrypted.length - 7]),
          key,
          digest,
          70_000,
        );
        expect(r.ok && Buffer.from(r.data).equals(data)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects an altered byte anywhere, as the whole blob does', () => {
    fc.assert(
      fc.property(fc.nat(encrypted.length - 1), fc.array(fc.nat(), { maxLength: 6 }), (i, at) => {
        const bad = Uint8Array.from(encrypted);
        bad[i] = (bad[i] ?? 0) ^ 1;
        const whole = decryptLegacyAttachment(bad, key, digest);
        const parts = decryptLegacyAttachment(cut(bad, at), key, digest);
        expect(parts.ok).toBe(false);
        expect(parts).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('checks the length over all the parts', () => {
    const r = decryptLegacyAttachment(
      cut(encrypted.subarray(0, encrypted.length - 1), [10, 100]),
      key,
      digest,
    );
    expect(r).toEqual({ ok: false, error: { kind: 'bad-length', length: encrypted.length - 1 } });
  });
});
