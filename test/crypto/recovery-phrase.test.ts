import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../src/crypto/bytes';
import { crc32 } from '../../src/crypto/crc32';
import { asSeed16, generateSeed16 } from '../../src/crypto/keys';
import type { RecoveryPhraseResult } from '../../src/crypto/recovery-phrase';
import {
  completeWord,
  couldBecomeWord,
  decodeRecoveryPhrase,
  encodeRecoveryPhrase,
  isKnownWordPrefix,
  matchWord,
  normalizeWord,
  wordList,
  wordsToBytes,
} from '../../src/crypto/recovery-phrase';
import { ENGLISH_WORDS } from '../../src/crypto/recovery-phrase-words-english';
import { sodiumReady } from '../../src/crypto/sodium';
import { loadVectorFile, readVectorBytes } from './vectors';

const SEQ_HEX = '000102030405060708090a0b0c0d0e0f';
const SEQ = 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed faxed';
const seed16 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(asSeed16);

function errorOf(r: RecoveryPhraseResult): unknown {
  return r.ok ? { ok: toHex(r.seed) } : r.error;
}

describe('bundled word list', () => {
  it('is byte-identical to test/vectors/mnemonic-english.txt', () => {
    const documented = 'eaa6bce7dd92f4d6dd74f224264e0ef4ad21095d68ec77616b26ceb599baf4f7';
    expect(loadVectorFile('identity.json').word_list_sha256).toBe(documented);
    expect(createHash('sha256').update(readVectorBytes('mnemonic-english.txt')).digest('hex')).toBe(
      documented,
    );
    const bundled = ENGLISH_WORDS.join('\n') + '\n';
    expect(createHash('sha256').update(bundled, 'utf8').digest('hex')).toBe(documented);
    expect(wordList()).toHaveLength(1626);
    expect(Object.isFrozen(wordList())).toBe(true);
  });

  it('has 1626 distinct 3-letter prefixes', () => {
    expect(new Set(ENGLISH_WORDS.map((w) => w.slice(0, 3))).size).toBe(1626);
  });

  it('CRC-32 is the zlib function', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('encode/decode', () => {
  beforeAll(async () => {
    await sodiumReady();
  });

  it('round-trips random seeds (property)', () => {
    fc.assert(
      fc.property(seed16, (seed) => {
        const phrase = encodeRecoveryPhrase(seed);
        expect(phrase.split(' ')).toHaveLength(13);
        const r = decodeRecoveryPhrase(phrase);
        expect(r.ok && toHex(r.seed)).toBe(toHex(seed));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a libsodium-generated seed', () => {
    const seed = generateSeed16();
    expect(seed).toHaveLength(16);
    const r = decodeRecoveryPhrase(encodeRecoveryPhrase(seed));
    expect(r.ok && toHex(r.seed)).toBe(toHex(seed));
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        decodeRecoveryPhrase(s);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ENGLISH_WORDS), { minLength: 13, maxLength: 13 }), (ws) => {
        const r = decodeRecoveryPhrase(ws.join(' '));
        if (!r.ok) expect(['checksum', 'invalid-words']).toContain(r.error.kind);
      }),
      { numRuns: 300 },
    );
  });

  it('is tolerant of case, whitespace and NFC forms', () => {
    const ok = { ok: SEQ_HEX };
    expect(errorOf(decodeRecoveryPhrase(SEQ.toUpperCase()))).toEqual(ok);
    expect(errorOf(decodeRecoveryPhrase('AmAzE ' + SEQ.split(' ').slice(1).join(' ')))).toEqual(ok);
    expect(errorOf(decodeRecoveryPhrase(`  \t${SEQ.split(' ').join(' \n\t  ')}\r\n `))).toEqual(ok);
    expect(errorOf(decodeRecoveryPhrase(SEQ.split(' ').join('\u00a0')))).toEqual(ok); // no-break spaces
    // Words spelled past their 3 significant letters still count (`ama`, `amazing` → amaze).
    expect(errorOf(decodeRecoveryPhrase(SEQ.replace('amaze', 'amazing')))).toEqual(ok);
    // Decomposed vs composed input is the same after NFC; non-ASCII upper case is folded.
    expect(normalizeWord('CAFE\u0301')).toBe('caf\u00e9');
    expect(errorOf(decodeRecoveryPhrase(SEQ.replace('cake', 'CA\u0301KE')))).toEqual({
      kind: 'unknown-word',
      position: 3,
      word: 'c\u00e1ke',
    });
    expect(matchWord('ÀBBEY')).toBeUndefined();
  });

  it('reports empty input', () => {
    expect(errorOf(decodeRecoveryPhrase(''))).toEqual({ kind: 'empty' });
    expect(errorOf(decodeRecoveryPhrase(' \n\t '))).toEqual({ kind: 'empty' });
  });

  it('requires exactly 13 words', () => {
    const words = SEQ.split(' ');
    expect(errorOf(decodeRecoveryPhrase(words.slice(0, 12).join(' ')))).toEqual({
      kind: 'word-count',
      count: 12,
    });
    expect(errorOf(decodeRecoveryPhrase([...words, 'faxed'].join(' ')))).toEqual({
      kind: 'word-count',
      count: 14,
    });
    expect(errorOf(decodeRecoveryPhrase('amaze'))).toEqual({ kind: 'word-count', count: 1 });
    expect(errorOf(decodeRecoveryPhrase(`${SEQ} ${SEQ}`))).toEqual({ kind: 'word-count', count: 26 });
  });

  it('reports the first unknown word with its 1-based position', () => {
    const words = SEQ.split(' ');
    words[3] = 'Qwerty';
    words[8] = 'zzz';
    expect(errorOf(decodeRecoveryPhrase(words.join(' ')))).toEqual({
      kind: 'unknown-word',
      position: 4,
      word: 'qwerty',
    });
    const last = [...SEQ.split(' ').slice(0, 12), 'xx'].join(' ');
    expect(errorOf(decodeRecoveryPhrase(last))).toEqual({ kind: 'unknown-word', position: 13, word: 'xx' });
    const accented = SEQ.replace('cake', 'câke');
    expect(errorOf(decodeRecoveryPhrase(accented))).toEqual({
      kind: 'unknown-word',
      position: 3,
      word: 'câke',
    });
    const emoji = SEQ.replace('tiger', '🐯');
    expect(errorOf(decodeRecoveryPhrase(emoji))).toEqual({ kind: 'unknown-word', position: 6, word: '🐯' });
  });

  it('detects an altered word through the checksum', () => {
    const words = SEQ.split(' ');
    words[5] = 'zoom';
    expect(errorOf(decodeRecoveryPhrase(words.join(' ')))).toEqual({ kind: 'checksum' });
  });

  it('detects any single substituted data word that keeps a valid triple (property)', () => {
    // A changed word changes the seed, so decoding must never silently return the old seed.
    fc.assert(
      fc.property(seed16, fc.nat(11), fc.nat(1625), (seed, pos, idx) => {
        const words = encodeRecoveryPhrase(seed).split(' ');
        const replacement = ENGLISH_WORDS[idx] ?? 'abbey';
        fc.pre(replacement !== words[pos]);
        words[pos] = replacement;
        const r = decodeRecoveryPhrase(words.join(' '));
        if (r.ok) expect(toHex(r.seed)).not.toBe(toHex(seed));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects word triples above 2^32 (and reports where)', () => {
    const r = wordsToBytes('abbey abbey zoom'.split(' '));
    expect(r.ok ? 'ok' : r.error).toEqual({ kind: 'invalid-words', positions: [1, 2, 3] });
    // Same inside a 13-word phrase: the 2nd triple overflows.
    const phrase = 'abbey abbey abbey abbey abbey zoom abbey abbey abbey abbey abbey abbey abbey';
    expect(errorOf(decodeRecoveryPhrase(phrase))).toEqual({ kind: 'invalid-words', positions: [4, 5, 6] });
  });
});

describe('UI helpers', () => {
  it('validates single words by their 3-letter prefix', () => {
    expect(isKnownWordPrefix('amaze')).toBe(true);
    expect(isKnownWordPrefix('AMA')).toBe(true);
    expect(isKnownWordPrefix('amazing')).toBe(true);
    expect(isKnownWordPrefix('am')).toBe(false);
    expect(isKnownWordPrefix('xyz')).toBe(false);
    expect(isKnownWordPrefix('')).toBe(false);
    expect(matchWord('Zoo')).toBe('zoom');
  });

  it('knows what may still become a word while typing', () => {
    expect(couldBecomeWord('')).toBe(true);
    expect(couldBecomeWord('a')).toBe(true);
    expect(couldBecomeWord('amazingly')).toBe(true);
    expect(couldBecomeWord('xq')).toBe(false);
  });

  it('completes words', () => {
    expect(completeWord('zo', 10)).toEqual(['zodiac', 'zombie', 'zones', 'zoom']);
    expect(completeWord('ZO', 2)).toEqual(['zodiac', 'zombie']);
    expect(completeWord('amazing')).toEqual(['amaze']);
    expect(completeWord('')).toEqual([]);
    expect(completeWord('a', 0)).toEqual([]);
    expect(completeWord('qqq')).toEqual([]);
    expect(completeWord('a', 1000).every((w) => w.startsWith('a'))).toBe(true);
  });
});
