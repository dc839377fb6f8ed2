import { createCipheriv } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { encryptPartsWithHopKey } from '../../src/onion/hop-crypto';
import { seededRandom } from './helpers';

beforeAll(async () => {
  await sodiumReady();
});

/** AES-256-GCM of the joined plaintext in one call: what the pieces must add up to. */
function oneShot(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-gcm', key, nonce);
  return concatBytes(nonce, c.update(plain), c.final(), c.getAuthTag());
}

/** A layer's plaintext as the onion builder hands it over: many small pieces. */
function pieces(sizes: readonly number[]): Uint8Array[] {
  const rnd = seededRandom(41);
  return sizes.map((n) => rnd(n));
}

describe('a layer in parts', () => {
  const key = seededRandom(40)(32);

  it('encrypts the small pieces of a store request as one: nonce, ciphertext, tag', () => {
    const plain = pieces([4, 12, 700, 16, 4, 110, 16, 90]);
    const out = encryptPartsWithHopKey('aes-gcm', key, plain, seededRandom(42));
    // One update for the whole layer, not one per piece (8 here, a dozen at the guard).
    expect(out.map((p) => p.length)).toEqual([12, 952, 16]);
    expect(concatBytes(...out)).toEqual(oneShot(key, seededRandom(42)(12), concatBytes(...plain)));
  });

  it('leaves a large body (an upload) in its parts, with the same bytes', () => {
    const plain = pieces([4, 200_000, 120]);
    const out = encryptPartsWithHopKey('aes-gcm', key, plain, seededRandom(43));
    expect(out.length).toBe(5);
    expect(concatBytes(...out)).toEqual(oneShot(key, seededRandom(43)(12), concatBytes(...plain)));
  });
});
