/**
 * A download decrypted from the parts it arrived in (never joined) must give exactly what the
 * whole blob gives, for any way of cutting it, and reject exactly what the whole blob rejects.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asLegacyAttachmentKey,
  decryptLegacyAttachment,
  decryptLegacyAttachmentParts,
  encryptLegacyAttachment,
  legacyEncryptionSource,
  legacyPaddedSize,
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

describe('decryptLegacyAttachmentParts (the plaintext left in parts)', () => {
  const key = asLegacyAttachmentKey(randomBytes(64));
  const data = randomBytes(700_000);
  const { encrypted, digest } = encryptLegacyAttachment(data, key, randomBytes(16));

  it('gives parts whose join is the whole-blob result, with or without a size, for any cutting', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(undefined, 0, 700_000, 654_321, 1),
        (at, size) => {
          const whole = decryptLegacyAttachment(encrypted, key, digest, size);
          const r = decryptLegacyAttachmentParts(cut(encrypted, at), key, digest, size);
          if (!whole.ok || !r.ok) throw new Error('should decrypt');
          const joined = Buffer.concat(r.parts);
          expect(joined.equals(Buffer.from(whole.data))).toBe(true);
          expect(r.length).toBe(joined.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves the deciphered slices as they are: a 700 KB file is not joined into one array', () => {
    const r = decryptLegacyAttachmentParts(encrypted, key, digest);
    if (!r.ok) throw new Error('should decrypt');
    expect(r.parts.length).toBeGreaterThan(1);
    expect(r.length).toBe(legacyPaddedSize(data.length));
  });

  it('rejects an altered byte and a size beyond the file exactly as the whole blob does', () => {
    fc.assert(
      fc.property(fc.nat(encrypted.length - 1), fc.array(fc.nat(), { maxLength: 6 }), (i, at) => {
        const bad = Uint8Array.from(encrypted);
        bad[i] = (bad[i] ?? 0) ^ 1;
        expect(decryptLegacyAttachmentParts(cut(bad, at), key, digest)).toEqual(
          decryptLegacyAttachment(bad, key, digest),
        );
      }),
      { numRuns: 30 },
    );
    const over = legacyPaddedSize(data.length) + 1;
    expect(decryptLegacyAttachmentParts(cut(encrypted, [9, 5000]), key, digest, over)).toEqual({
      ok: false,
      error: { kind: 'size-mismatch', claimed: over, actual: over - 1 },
    });
  });

  it('finds a bad PKCS#7 block after a good MAC, whatever the cutting', () => {
    const body = new Uint8Array(16 + 64).fill(0x5a);
    const mac = createHmac('sha256', key.subarray(32)).update(body).digest();
    const blob = new Uint8Array([...body, ...mac]);
    const blobDigest = createHash('sha256').update(blob).digest();
    for (const at of [[], [17], [40, 70], [79, 81]])
      expect(decryptLegacyAttachmentParts(cut(blob, at), key, blobDigest)).toEqual({
        ok: false,
        error: { kind: 'bad-padding' },
      });
  });
});

describe('legacyEncryptionSource (an upload made while it is sent)', () => {
  const key = asLegacyAttachmentKey(randomBytes(64));

  it('makes the blob of encryptLegacyAttachment, at its announced length, the same on every pass', () => {
    for (const n of [1, 15, 16, 17, 541, 70_000, 262_144, 600_001])
      for (const pad of [true, false]) {
        const data = randomBytes(n);
        const iv = randomBytes(16);
        const whole = encryptLegacyAttachment(data, key, iv, { pad });
        const source = legacyEncryptionSource(data, key, iv, { pad });
        expect(source.digest()).toBeUndefined();
        const first = Buffer.concat([...source.chunks()]);
        expect(first.equals(whole.encrypted)).toBe(true);
        expect(source.length).toBe(first.length);
        expect(Buffer.from(source.digest() ?? []).equals(whole.digest)).toBe(true);
        // A retry over another path sends the very same bytes.
        expect(Buffer.concat([...source.chunks()]).equals(first)).toBe(true);
      }
  });

  it('frees the ciphertext slices it made once released, never the IV, the MAC or foreign bytes', () => {
    const data = randomBytes(700_000);
    const iv = randomBytes(16);
    const whole = encryptLegacyAttachment(data, key, iv);
    const source = legacyEncryptionSource(data, key, iv);
    const copies: Buffer[] = [];
    const given: Uint8Array[] = [];
    for (const c of source.chunks()) {
      copies.push(Buffer.from(c));
      given.push(c);
      source.release?.(c);
    }
    // Released after being read, the bytes were right.
    expect(Buffer.concat(copies).equals(whole.encrypted)).toBe(true);
    expect(Buffer.from(source.digest() ?? []).equals(whole.digest)).toBe(true);
    const [first, ...rest] = given;
    const mac = rest.pop();
    // The IV is the caller's and the MAC the pointer's source: both left as they were.
    expect(first).toBe(iv);
    expect(iv.length).toBe(16);
    expect(mac?.length).toBe(32);
    expect(rest.length).toBeGreaterThan(2);
    expect(rest.every((c) => c.length === 0)).toBe(true);
    const foreign = new Uint8Array(64 * 1024);
    source.release?.(foreign);
    expect(foreign.length).toBe(64 * 1024);
  });

  it('encrypts only as far as it is read', () => {
    const source = legacyEncryptionSource(randomBytes(2_000_000), key, randomBytes(16));
    const it = source.chunks()[Symbol.iterator]();
    let made = 0;
    for (let i = 0; i < 3; i++) made += (it.next().value as Uint8Array).length;
    expect(made).toBeLessThanOrEqual(16 + 2 * 262_144);
    expect(source.digest()).toBeUndefined();
  });
});
