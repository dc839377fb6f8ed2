import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { pooledRandom } from '../../src/crypto/random-pool';

describe('pooledRandom', () => {
  it('hands out fresh bytes of the length asked for, across refills, never the same twice', () => {
    const random = pooledRandom(256);
    const seen = new Set<string>();
    // 44 bytes per onion layer (secret + nonce), far past several refills of the small pool.
    for (let i = 0; i < 200; i++) {
      for (const n of [32, 12]) {
        const b = random(n);
        expect(b.length).toBe(n);
        expect(b.byteOffset).toBe(0);
        expect(b.buffer.byteLength).toBe(n);
        const hex = toHex(b);
        expect(seen.has(hex)).toBe(false);
        seen.add(hex);
      }
    }
  });

  it('gives a copy: changing what was handed out changes nothing after it', () => {
    const random = pooledRandom(256);
    const a = random(16);
    a.fill(0);
    const b = random(16);
    expect(b.some((x) => x !== 0)).toBe(true);
  });

  it('serves a draw larger than its share of the pool on its own', () => {
    const random = pooledRandom(64);
    const big = random(1000);
    expect(big.length).toBe(1000);
    expect(new Set(big).size).toBeGreaterThan(200);
    expect(random(0).length).toBe(0);
  });
});
