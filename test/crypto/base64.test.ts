import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/crypto/bytes';

/** The rule as it was written before Node's decoder did the checking: the reference. */
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
function reference(s: string): Uint8Array | null {
  if (!B64_RE.test(s)) return null;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  if (end % 4 === 1 || s.length - end > (4 - (end % 4)) % 4) return null;
  const bin = atob(s + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function decodeOrNull(s: string): Uint8Array | null {
  try {
    return fromBase64(s);
  } catch {
    return null;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** base64url's two, whitespace, '=' out of place, and characters whose low byte is in the alphabet. */
const INTRUDERS = [
  '-',
  '_',
  '=',
  ' ',
  '\n',
  '\r',
  '\t',
  '$',
  '.',
  '\0',
  'é',
  '\u0141',
  '\u012b',
  '\u0100',
  '\uff41',
  '😀',
];

/** A small deterministic generator: the same strings on every run. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

describe('fromBase64', () => {
  it('decodes what toBase64 wrote, of every length, into bytes that own their memory', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 31, 32, 33, 3000, 6001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
      const back = fromBase64(toBase64(bytes));
      expect(back).toEqual(bytes);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(n);
    }
  });

  it.each([
    ['QUFB\u0141', 'a character beyond ASCII whose low byte is "A"'],
    ['QUF\u0141QUFB', 'the same inside'],
    ['QU-B', "base64url's -"],
    ['QU_B', "base64url's _"],
    ['QU=B', '= before the end'],
    ['QUFB QUFB', 'a space'],
    ['QUFB\nQUFB', 'a line break'],
    ['QUFBQ', 'a lone last character'],
    ['QUFB===', 'too much padding'],
    ['QUE===', 'too much padding for the length'],
  ])('refuses %j (%s)', (s) => {
    expect(reference(s)).toBeNull();
    expect(() => fromBase64(s)).toThrow('invalid base64 string');
  });

  it('accepts and refuses exactly what the regular expression did (20 000 generated strings)', () => {
    const rnd = lcg(15);
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const len = Math.floor(rnd() * 14);
      for (let j = 0; j < len; j++) s += ALPHABET.charAt(Math.floor(rnd() * 64));
      s += '='.repeat(Math.floor(rnd() * 4));
      for (let k = Math.floor(rnd() * 3); k > 0; k--) {
        const at = Math.floor(rnd() * (s.length + 1));
        s = s.slice(0, at) + (INTRUDERS[Math.floor(rnd() * INTRUDERS.length)] ?? '') + s.slice(at);
      }
      const want = reference(s);
      const got = decodeOrNull(s);
      if (want === null) expect(got, JSON.stringify(s)).toBeNull();
      else expect(got, JSON.stringify(s)).toEqual(want);
    }
  });
});
