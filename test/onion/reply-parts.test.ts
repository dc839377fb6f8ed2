/**
 * A v4 onion reply decoded from the socket's pieces (decrypted in turn, the body left in parts)
 * must equal the whole-reply decoding, for any cutting, and fail where it fails.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeV4OnionReply } from '../../src/onion/response';
import { encodeV4Reply } from '../../src/onion/reply';
import { bencode } from '../../src/onion/bencode';
import { decryptPartsWithHopKey, encryptWithHopKey } from '../../src/onion/hop-crypto';
import { GcmReplyDecryptor } from '../../src/onion/gcm-reply';
import { utf8 } from '../../src/crypto/bytes';
import { cut } from '../crypto/cut-parts';

const key = randomBytes(32);
const random = (n: number): Uint8Array => randomBytes(n);
const bodyOf = (r: ReturnType<typeof decodeV4OnionReply>): Buffer | undefined =>
  r.ok ? Buffer.from(r.value.bodyParts ? Buffer.concat(r.value.bodyParts) : r.value.body) : undefined;

describe('decodeV4OnionReply over parts', () => {
  const file = randomBytes(50_000);
  const wire = encodeV4Reply(
    { code: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: file },
    key,
    'aes-gcm',
    random,
  );

  it('gives the code, headers and body of the whole reply for any cutting', () => {
    const whole = decodeV4OnionReply(wire, key, 'aes-gcm');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (at) => {
        const r = decodeV4OnionReply(cut(wire, [...at, 3, wire.length - 5]), key, 'aes-gcm');
        expect(r.ok && whole.ok && r.value.code === whole.value.code).toBe(true);
        expect(r.ok && r.value.headers).toEqual(whole.ok && whole.value.headers);
        expect(bodyOf(r)?.equals(file)).toBe(true);
        // `body` (joined on demand) is the same bytes.
        expect(r.ok && Buffer.from(r.value.body).equals(file)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same body when large and small pieces mix (pieces gathered and passed whole)', () => {
    const big = randomBytes(900_000);
    const w = encodeV4Reply({ code: 200, headers: {}, body: big }, key, 'aes-gcm', random);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
        const r = decodeV4OnionReply(cut(w, [...at, 1000, 300_000, 310_000, 650_000]), key, 'aes-gcm');
        expect(bodyOf(r)?.equals(big)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it('releases nothing when any byte was altered (tag checked before the parts are returned)', () => {
    fc.assert(
      fc.property(fc.nat(wire.length - 1), fc.array(fc.nat(), { maxLength: 6 }), (i, at) => {
        const bad = Uint8Array.from(wire);
        bad[i] = (bad[i] ?? 0) ^ 0x80;
        const r = decodeV4OnionReply(cut(bad, at), key, 'aes-gcm');
        expect(r).toEqual({ ok: false, error: { kind: 'decrypt', message: expect.any(String) as string } });
      }),
      { numRuns: 40 },
    );
  });

  it('falls back to the whole-reply parser for unusual shapes, with its verdict', () => {
    const shapes = [
      bencode([utf8('{"code":200,"headers":{}}')]), // no body element
      bencode([utf8('{"code":200}'), utf8('x'), utf8('y')]), // three elements
      utf8('l2:{}0:ee'), // trailing byte
      bencode([utf8('{"code":204,"headers":{}}'), new Uint8Array(0)]), // empty body
      bencode([utf8('{"code":"x"}'), utf8('b')]), // bad metadata
    ];
    for (const plain of shapes) {
      const ct = encryptWithHopKey('aes-gcm', key, plain, random);
      const whole = decodeV4OnionReply(ct, key, 'aes-gcm');
      const parts = decodeV4OnionReply(cut(ct, [7, 20]), key, 'aes-gcm');
      expect(parts.ok).toBe(whole.ok);
      if (!parts.ok && !whole.ok) expect(parts.error).toEqual(whole.error);
      if (parts.ok && whole.ok) {
        expect(parts.value.code).toBe(whole.value.code);
        expect(Buffer.from(parts.value.body).equals(Buffer.from(whole.value.body))).toBe(true);
      }
    }
  });

  it('reports an empty reply as empty', () => {
    expect(decodeV4OnionReply([new Uint8Array(0)], key, 'aes-gcm')).toEqual({
      ok: false,
      error: { kind: 'empty' },
    });
  });
});

describe('GcmReplyDecryptor (a reply deciphered as it arrives)', () => {
  const GROUP = 256 * 1024;
  const feed = (wire: Uint8Array, at: readonly number[], k: Uint8Array = key) => {
    const d = new GcmReplyDecryptor(k);
    // Each piece is a copy that is overwritten after the push, as a reused socket buffer would be.
    for (const piece of cut(wire, at)) {
      const copy = Uint8Array.from(piece);
      d.push(copy);
      copy.fill(0xee);
    }
    return d.finish();
  };

  it('gives the plaintext for any cutting, also when the reply ends on a full stage', () => {
    // Ciphertext lengths around the stage: one under, exactly one stage (the tag then fills
    // the kept-back bytes), one over, and several stages.
    for (const n of [1, GROUP - 1, GROUP, GROUP + 1, GROUP + 16, 3 * GROUP + 5]) {
      const plain = randomBytes(n);
      const wire = encryptWithHopKey('aes-gcm', key, plain, random);
      for (const at of [[], [1], [5, 11, 12, 13], [GROUP, GROUP + 12, GROUP + 28], [wire.length - 16]]) {
        const r = feed(wire, at);
        expect(r.ok && Buffer.concat(r.value).equals(plain)).toBe(true);
      }
    }
  });

  it('matches decryptPartsWithHopKey for random cuttings and refuses what it refuses', () => {
    const plain = randomBytes(600_000);
    const wire = encryptWithHopKey('aes-gcm', key, plain, random);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), fc.nat(wire.length - 1), (at, i) => {
        const r = feed(wire, at);
        expect(r.ok && Buffer.concat(r.value).equals(plain)).toBe(true);
        const bad = Uint8Array.from(wire);
        bad[i] = (bad[i] ?? 0) ^ 1;
        expect(feed(bad, at)).toEqual(decryptPartsWithHopKey('aes-gcm', key, [bad]));
        expect(feed(bad, at).ok).toBe(false);
      }),
      { numRuns: 15 },
    );
    expect(feed(wire.subarray(0, 27), [3])).toMatchObject({ ok: false, error: { kind: 'too-short' } });
    expect(feed(wire, [9], key.subarray(0, 16))).toMatchObject({ ok: false, error: { kind: 'bad-key' } });
  });
});
