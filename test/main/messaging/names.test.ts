import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanName, NAME_MAX } from '../../../src/main/messaging/names';

describe('names from strangers', () => {
  it('lose bidi overrides, isolates, controls and line breaks', () => {
    expect(cleanName('Eve\u202Egpj.exe')).toBe('Evegpj.exe');
    expect(cleanName('\u2066Bob\u2069 \u200B')).toBe('Bob');
    expect(cleanName('Ann\nMarie\r\tDupont')).toBe('Ann Marie Dupont');
    expect(cleanName('\u0000\u0007')).toBeNull();
    expect(cleanName('   ')).toBeNull();
    expect(cleanName('Zoé 👋')).toBe('Zoé 👋');
  });

  it('are one line of at most 100 visible characters, whatever comes in', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const n = cleanName(s);
        if (n === null) return;
        expect(Array.from(n).length).toBeLessThanOrEqual(NAME_MAX);
        expect(/[\p{Cc}\p{Cf}\n]/u.test(n)).toBe(false);
        expect(n).toBe(n.trim());
      }),
    );
  });
});
