/**
 * Attachment encryption properties (the shared vectors are in identity-vectors.test.ts):
 * round trips, no exception on attacker bytes, any altered byte rejected.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from '../../src/crypto/bytes';
import {
  LEGACY_MAX_ENCRYPTED_BYTES,
  asLegacyAttachmentKey,
  decryptLegacyAttachment,
  encryptLegacyAttachment,
  legacyPaddedSize,
} from '../../src/crypto/attachments-legacy';
import {
  STREAM_CHUNK_BYTES,
  STREAM_MAX_REGULAR_SIZE,
  decryptStreamAttachment,
  encryptStreamAttachment,
  streamEncryptedSize,
} from '../../src/crypto/attachments-stream';
import { sodiumReady } from '../../src/crypto/sodium';

beforeAll(async () => {
  await sodiumReady();
});

const key64 = fc.uint8Array({ minLength: 64, maxLength: 64 }).map(asLegacyAttachmentKey);
const iv16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
const seed32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const data = fc.uint8Array({ maxLength: 3000 });

function flip(bytes: Uint8Array, index: number, mask: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index % out.length] = (out[index % out.length] ?? 0) ^ (mask || 1);
  return out;
}

describe('legacy AES-CBC + HMAC attachments', () => {
  it('decrypt(encrypt(x)) = x, padded (with size) and unpadded', () => {
    fc.assert(
      fc.property(data, key64, iv16, fc.boolean(), (x, key, iv, pad) => {
        const enc = encryptLegacyAttachment(x, key, iv, { pad });
        if (pad)
          expect(enc.encrypted.length).toBe(16 + (Math.floor(legacyPaddedSize(x.length) / 16) + 1) * 16 + 32);
        // A size of 0 means "not given" (libsession legacy_decrypt), so an empty file keeps its padding.
        fc.pre(x.length > 0 || !pad);
        const dec = decryptLegacyAttachment(enc.encrypted, key, enc.digest, x.length);
        expect(dec.ok && bytesEqual(dec.data, x)).toBe(true);
        // Without the size, the zero padding stays.
        const raw = decryptLegacyAttachment(enc.encrypted, key, enc.digest);
        expect(raw.ok && raw.data.length).toBe(pad ? legacyPaddedSize(x.length) : x.length);
      }),
      { numRuns: 60 },
    );
  });

  it('any flipped byte is rejected (MAC, or digest for the MAC itself)', () => {
    fc.assert(
      fc.property(data, key64, iv16, fc.nat(), fc.integer({ min: 1, max: 255 }), (x, key, iv, at, mask) => {
        const enc = encryptLegacyAttachment(x, key, iv, { pad: false });
        const res = decryptLegacyAttachment(flip(enc.encrypted, at, mask), key, enc.digest);
        expect(res.ok).toBe(false);
        if (!res.ok) expect(['bad-mac', 'bad-digest']).toContain(res.error.kind);
        // A wrong digest alone is rejected too.
        const bad = decryptLegacyAttachment(enc.encrypted, key, flip(enc.digest, at, mask));
        expect(!bad.ok && bad.error.kind).toBe('bad-digest');
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on random bytes, keys, digests or sizes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.uint8Array({ maxLength: 70 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.option(fc.integer({ min: -5, max: 1000 }), { nil: undefined }),
        (blob, key, digest, size) => {
          const res = decryptLegacyAttachment(blob, key, digest, size);
          expect(res.ok).toBe(false);
        },
      ),
    );
  });

  it('typed errors for lengths, sizes and a bad PKCS#7 padding behind a valid MAC', () => {
    const key = asLegacyAttachmentKey(new Uint8Array(64).fill(9));
    const enc = encryptLegacyAttachment(new Uint8Array(100).fill(1), key, new Uint8Array(16), { pad: false });
    expect(decryptLegacyAttachment(enc.encrypted, key.subarray(0, 32), enc.digest)).toMatchObject({
      ok: false,
      error: { kind: 'bad-key-length' },
    });
    expect(decryptLegacyAttachment(enc.encrypted.subarray(0, 40), key, enc.digest)).toMatchObject({
      ok: false,
      error: { kind: 'bad-length' },
    });
    expect(decryptLegacyAttachment(enc.encrypted, key, enc.digest, 101)).toMatchObject({
      ok: false,
      error: { kind: 'size-mismatch', claimed: 101, actual: 100 },
    });
    expect(
      decryptLegacyAttachment(new Uint8Array(LEGACY_MAX_ENCRYPTED_BYTES + 16), key, enc.digest),
    ).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
    // A sender with our key could MAC garbage whose last block is not PKCS#7: still no exception.
    const body = new Uint8Array(16 + 32).fill(0x5a);
    const mac = createHmac('sha256', key.subarray(32)).update(body).digest();
    const blob = new Uint8Array([...body, ...mac]);
    const digest = createHash('sha256').update(blob).digest();
    expect(decryptLegacyAttachment(blob, key, digest)).toMatchObject({
      ok: false,
      error: { kind: 'bad-padding' },
    });
  });

  it('padded sizes never shrink and stop at 10,000,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12_000_000 }), (n) => {
        const p = legacyPaddedSize(n);
        expect(p).toBeGreaterThanOrEqual(n);
        if (n <= 10_000_000) expect(p).toBeLessThanOrEqual(10_000_000);
      }),
    );
  });
});

describe('stream (deterministic) attachments', () => {
  it('decrypt(encrypt(x)) = x, deterministic, size as announced, per-domain keys', () => {
    fc.assert(
      fc.property(seed32, fc.uint8Array({ maxLength: 70_000 }), (seed, x) => {
        const a = encryptStreamAttachment(seed, x, 'attachment');
        expect(a.encrypted.length).toBe(streamEncryptedSize(x.length));
        expect(a.encrypted[0]).toBe(0x53);
        const dec = decryptStreamAttachment(a.encrypted, a.key);
        expect(dec.ok && bytesEqual(dec.data, x)).toBe(true);
        const again = encryptStreamAttachment(seed, x, 'attachment');
        expect(toHex(again.key)).toBe(toHex(a.key));
        expect(bytesEqual(again.encrypted, a.encrypted)).toBe(true);
        const avatar = encryptStreamAttachment(seed, x, 'profile-pic');
        expect(toHex(avatar.key)).not.toBe(toHex(a.key));
        expect(decryptStreamAttachment(avatar.encrypted, a.key).ok).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('round-trips at chunk boundaries (padding spanning several chunks)', () => {
    const seed = new Uint8Array(32).fill(4);
    for (const n of [
      0,
      1,
      4053,
      4054,
      STREAM_CHUNK_BYTES - 1,
      STREAM_CHUNK_BYTES,
      STREAM_CHUNK_BYTES + 1,
      261_983,
    ]) {
      const x = new Uint8Array(n).map((_, i) => (i * 7) % 256);
      const enc = encryptStreamAttachment(seed, x, 'attachment');
      expect(enc.encrypted.length, `size for ${n}`).toBe(streamEncryptedSize(n));
      const dec = decryptStreamAttachment(enc.encrypted, enc.key);
      expect(dec.ok && bytesEqual(dec.data, x), `round trip of ${n}`).toBe(true);
    }
  });

  it('any flipped byte, truncation or extension is rejected', () => {
    const seed = new Uint8Array(32).fill(5);
    const x = new Uint8Array(40_000).map((_, i) => i % 251);
    const enc = encryptStreamAttachment(seed, x, 'attachment');
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        expect(decryptStreamAttachment(flip(enc.encrypted, at, mask), enc.key).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    // Dropping the last chunk (ends without FINAL) or appending bytes after FINAL.
    const firstChunkEnd = 1 + 24 + STREAM_CHUNK_BYTES + 17;
    expect(decryptStreamAttachment(enc.encrypted.subarray(0, firstChunkEnd), enc.key)).toMatchObject({
      ok: false,
      error: { kind: 'bad-final' },
    });
    expect(decryptStreamAttachment(new Uint8Array([...enc.encrypted, 0]), enc.key).ok).toBe(false);
  });

  it('never throws on random bytes or keys', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 500 })
          .map((b) => (b.length > 0 && b[0]! % 2 === 0 ? Uint8Array.of(0x53, ...b) : b)),
        fc.uint8Array({ maxLength: 40 }),
        (blob, key) => {
          expect(decryptStreamAttachment(blob, key).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses oversized files unless allowed', () => {
    expect(() =>
      encryptStreamAttachment(new Uint8Array(32), new Uint8Array(STREAM_MAX_REGULAR_SIZE + 1), 'attachment'),
    ).toThrow(RangeError);
    expect(streamEncryptedSize(STREAM_MAX_REGULAR_SIZE)).toBe(10_223_616);
  });
});
