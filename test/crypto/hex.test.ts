import { describe, expect, it } from 'vitest';
import { fromHex, isHex, toHex } from '../../src/crypto/bytes';

/** The rule and codec as they were written before the tables: the reference. */
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
function referenceFrom(hex: string): Uint8Array | null {
  if (!HEX_RE.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
function referenceTo(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function fromOrNull(hex: string): Uint8Array | null {
  try {
    return fromHex(hex);
  } catch {
    return null;
  }
}

function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

const DIGITS = '0123456789abcdefABCDEF';
/** Near misses: letters past f, signs parseInt would skip or read, characters past ASCII. */
const INTRUDERS = ['g', 'G', 'x', ' ', '-', '+', '\n', '\0', 'é', '\u0130', '\u0661', 'ｆ', '😀'];

describe('hex', () => {
  it('writes every byte value as two lower-case digits, short and long', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(referenceTo(all));
    for (const n of [0, 1, 32, 64, 65, 3000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 91 + 7) & 0xff);
      expect(toHex(bytes)).toBe(referenceTo(bytes));
      expect(toHex(bytes.subarray(1))).toBe(referenceTo(bytes.subarray(1)));
      expect(fromHex(toHex(bytes))).toEqual(bytes);
    }
    expect(fromHex('00ffAbcD')).toEqual(Uint8Array.from([0, 255, 0xab, 0xcd]));
  });

  it('accepts and refuses exactly what the regular expression did (20 000 generated strings)', () => {
    const rnd = lcg(16);
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const len = Math.floor(rnd() * 9);
      for (let j = 0; j < len; j++) s += DIGITS.charAt(Math.floor(rnd() * DIGITS.length));
      if (rnd() < 0.5) {
        const at = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, at) + (INTRUDERS[Math.floor(rnd() * INTRUDERS.length)] ?? '') + s.slice(at + 1);
      }
      const want = referenceFrom(s);
      const got = fromOrNull(s);
      if (want === null) expect(got, JSON.stringify(s)).toBeNull();
      else expect(got, JSON.stringify(s)).toEqual(want);
      expect(isHex(s)).toBe(want !== null);
    }
  });
});
