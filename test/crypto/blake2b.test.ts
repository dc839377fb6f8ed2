/** Our BLAKE2b against libsodium, for every parameter combination libsodium can compute. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Blake2b, blake2b } from '../../src/crypto/blake2b';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { sodium, sodiumReady } from '../../src/crypto/sodium';

beforeAll(async () => {
  await sodiumReady();
});

describe('BLAKE2b', () => {
  it('matches crypto_generichash (keyed and unkeyed, any length, any output size)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 700 }),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined }),
        fc.integer({ min: 16, max: 64 }),
        (data, key, outLen) => {
          expect(toHex(blake2b(data, outLen, { key }))).toBe(
            toHex(sodium().crypto_generichash(outLen, data, key ?? null)),
          );
        },
      ),
    );
  });

  it('block boundaries: 0, 127, 128, 129, 256 and 257 bytes', () => {
    for (const n of [0, 127, 128, 129, 256, 257]) {
      const data = new Uint8Array(n).map((_, i) => i);
      expect(toHex(blake2b(data, 64))).toBe(toHex(sodium().crypto_generichash(64, data, null)));
    }
  });

  it('salt and personalisation match crypto_generichash_blake2b_salt_personal (empty message)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        (salt, personal, key) => {
          const want = sodium().crypto_generichash_blake2b_salt_personal(56, key, salt, personal);
          expect(toHex(blake2b(new Uint8Array(), 56, { key, salt, personal }))).toBe(toHex(want));
        },
      ),
      { numRuns: 50 },
    );
    const personal = utf8('SessionAttachmnt');
    expect(toHex(blake2b(new Uint8Array(), 32, { personal }))).toBe(
      toHex(sodium().crypto_generichash_blake2b_salt_personal(32, null, null, personal)),
    );
  });

  it('incremental updates in any split give the one-shot hash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), fc.array(fc.nat(300)), (data, cuts) => {
        const h = new Blake2b(64, { key: utf8('k') });
        let pos = 0;
        for (const c of cuts) {
          h.update(data.subarray(pos, pos + c));
          pos = Math.min(data.length, pos + c);
        }
        h.update(data.subarray(pos));
        expect(toHex(h.digest())).toBe(toHex(blake2b(data, 64, { key: utf8('k') })));
      }),
    );
  });

  it('refuses bad parameters and reuse', () => {
    expect(() => new Blake2b(0)).toThrow(RangeError);
    expect(() => new Blake2b(65)).toThrow(RangeError);
    expect(() => new Blake2b(32, { personal: new Uint8Array(15) })).toThrow(RangeError);
    const h = new Blake2b(32);
    h.digest();
    expect(() => h.digest()).toThrow();
  });
});
