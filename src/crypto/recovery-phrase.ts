/**
 * The 13-word recovery phrase (Electrum/Monero-style word encoding of the 16-byte seed).
 *
 * Protocol facts (../shared/protocol/identity-and-messages.md §2): session-desktop
 * `ts/session/crypto/mnemonic.ts`, libsession-util `src/mnemonics/mnemonics.cpp` and
 * `tests/test_mnemonics.cpp`, session-android `MnemonicCodec.kt`, session-ios `Mnemonic.swift`.
 *
 * Decoding never throws on user input: it returns a result the UI can explain word by word.
 */
import type { Seed16 } from './keys';
import { crc32 } from './crc32';
import { utf8 } from './bytes';
import { ENGLISH_WORDS } from './recovery-phrase-words-english';

/** Number of words in the list; every word index is < N. */
const N = 1626;
/** English words are identified by their first 3 characters (§2.1; all 1626 prefixes are unique). */
const PREFIX_LEN = 3;
/** A Session phrase: 12 data words (16 bytes) + 1 checksum word. Desktop and iOS accept exactly 13. */
export const RECOVERY_PHRASE_WORDS = 13;

export type RecoveryPhraseError =
  | { readonly kind: 'empty' }
  | { readonly kind: 'word-count'; readonly count: number }
  /** `position` is 1-based; `word` is the word as typed (after trimming/lower-casing). */
  | { readonly kind: 'unknown-word'; readonly position: number; readonly word: string }
  /** A word triple whose value is ≥ 2^32: no encoder produces it (§2.3 step 5). Positions 1-based. */
  | { readonly kind: 'invalid-words'; readonly positions: readonly [number, number, number] }
  | { readonly kind: 'checksum' };

export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RecoveryPhraseError };
export type RecoveryPhraseResult =
  { readonly ok: true; readonly seed: Seed16 } | { readonly ok: false; readonly error: RecoveryPhraseError };

/** First `PREFIX_LEN` code points (not UTF-16 units), as libsession's `word_prefix`. */
function prefixOf(word: string): string {
  return Array.from(word).slice(0, PREFIX_LEN).join('');
}

const PREFIX_TO_INDEX: ReadonlyMap<string, number> = new Map(ENGLISH_WORDS.map((w, i) => [prefixOf(w), i]));

function wordAt(index: number): string {
  const w = ENGLISH_WORDS[index];
  if (w === undefined) throw new RangeError(`word index ${index} out of range`);
  return w;
}

/**
 * Case-insensitive, Unicode-aware normalisation: NFC then full lower-casing (libsession newer
 * versions NFC-normalise and fold non-ASCII case; the list itself is ASCII lower-case).
 */
export function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase().trim();
}

/** Splits user input on any run of whitespace (spaces, tabs, newlines, NBSP, …) after trimming. */
export function splitPhrase(input: string): string[] {
  const text = input.normalize('NFC').toLowerCase().trim();
  return text === '' ? [] : text.split(/\s+/u);
}

/** Index of the list word identified by `word`'s first 3 letters, or undefined. */
export function wordIndex(word: string): number | undefined {
  const w = normalizeWord(word);
  if (Array.from(w).length < PREFIX_LEN) return undefined;
  return PREFIX_TO_INDEX.get(prefixOf(w));
}

/** The canonical list word that `word` stands for (`ama`, `amaze`, `amazing` → `amaze`). */
export function matchWord(word: string): string | undefined {
  const i = wordIndex(word);
  return i === undefined ? undefined : wordAt(i);
}

/** True when decoding would accept this word, i.e. its first 3 letters identify a list word. */
export function isKnownWordPrefix(word: string): boolean {
  return wordIndex(word) !== undefined;
}

/** True while the user may still be typing a valid word (some list word starts with it). */
export function couldBecomeWord(partial: string): boolean {
  const p = normalizeWord(partial);
  return p === '' || isKnownWordPrefix(p) || ENGLISH_WORDS.some((w) => w.startsWith(p));
}

/**
 * Autocomplete: up to `limit` list words starting with `prefix`, in list (alphabetical) order.
 * If none does but the first 3 letters identify a word (e.g. "amazing"), that word is offered.
 */
export function completeWord(prefix: string, limit = 5): string[] {
  const p = normalizeWord(prefix);
  if (p === '' || limit <= 0) return [];
  const found = ENGLISH_WORDS.filter((w) => w.startsWith(p)).slice(0, limit);
  if (found.length > 0) return found;
  const m = matchWord(p);
  return m === undefined ? [] : [m];
}

/** The bundled English word list (1626 words, index order). */
export function wordList(): readonly string[] {
  return ENGLISH_WORDS;
}

/** Index (0-based) among `words` of the word repeated as checksum: CRC-32 of the prefixes mod count. */
function checksumIndex(words: readonly string[]): number {
  return crc32(utf8(words.map(prefixOf).join(''))) % words.length;
}

/**
 * Generic encoder (§2.2): every 4-byte little-endian group becomes 3 words; with `checksum`, one
 * of those words is appended again. Used with 16 bytes by Session; other lengths for vectors.
 */
export function bytesToWords(bytes: Uint8Array, checksum: boolean): string[] {
  if (bytes.length % 4 !== 0) throw new RangeError('mnemonic input length must be a multiple of 4');
  const words: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let off = 0; off < bytes.length; off += 4) {
    const x = view.getUint32(off, true);
    const w1 = x % N;
    const w2 = (Math.floor(x / N) + w1) % N;
    const w3 = (Math.floor(x / (N * N)) + w2) % N;
    words.push(wordAt(w1), wordAt(w2), wordAt(w3));
  }
  const repeated = checksum ? words[checksumIndex(words)] : undefined;
  if (repeated !== undefined) words.push(repeated);
  return words;
}

/**
 * Generic decoder (§2.3), libsession rules: 3k words, or 3k + 1 with a checksum word. Reports
 * the first unknown word (the checksum word included) before any other check.
 */
export function wordsToBytes(input: readonly string[]): DecodeResult<Uint8Array> {
  const words = input.map(normalizeWord);
  if (words.length === 0) return { ok: false, error: { kind: 'empty' } };
  const hasChecksum = words.length % 3 === 1;
  if (words.length % 3 === 2 || words.length === 1) {
    return { ok: false, error: { kind: 'word-count', count: words.length } };
  }

  const indices: number[] = [];
  for (const [i, word] of words.entries()) {
    const idx = wordIndex(word);
    if (idx === undefined) return { ok: false, error: { kind: 'unknown-word', position: i + 1, word } };
    indices.push(idx);
  }

  const dataCount = hasChecksum ? words.length - 1 : words.length;
  const out = new Uint8Array((dataCount / 3) * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < dataCount; i += 3) {
    const [a = 0, b = 0, c = 0] = indices.slice(i, i + 3);
    // Exact arithmetic (N³ < 2^53). libsession computes in uint32 and rejects via `x % N != a`
    // after wrap-around; since 2^32 mod N ≠ 0 that is the same as rejecting x ≥ 2^32. The legacy
    // Desktop/iOS/Android code keeps the low 32 bits instead — such triples never come from an
    // encoder, so we reject them (identity-and-messages.md §2.3 step 5).
    const x = a + N * ((N - a + b) % N) + N * N * ((N - b + c) % N);
    if (x > 0xffffffff)
      return { ok: false, error: { kind: 'invalid-words', positions: [i + 1, i + 2, i + 3] } };
    view.setUint32((i / 3) * 4, x, true);
  }

  if (hasChecksum) {
    const data = indices.slice(0, dataCount).map(wordAt);
    // Compared by word index (libsession); Desktop/Android/iOS compare 3-letter prefixes — same thing.
    const expected = indices[checksumIndex(data)];
    if (expected !== indices[dataCount]) return { ok: false, error: { kind: 'checksum' } };
  }
  return { ok: true, value: out };
}

/** The 13-word phrase (12 words + checksum word) of a 16-byte seed, words joined by one space. */
export function encodeRecoveryPhrase(seed: Seed16): string {
  if (seed.length !== 16) throw new RangeError('encodeRecoveryPhrase expects a 16-byte seed');
  return bytesToWords(seed, true).join(' ');
}

/**
 * Restores the 16-byte seed from what the user typed or pasted. Tolerant of case, NFC/non-NFC
 * forms, any whitespace and words spelled past their first 3 letters; strict on the count:
 * exactly 13 words (as Desktop and iOS; 12 words without checksum is rejected).
 */
export function decodeRecoveryPhrase(input: string): RecoveryPhraseResult {
  const words = splitPhrase(input);
  if (words.length === 0) return { ok: false, error: { kind: 'empty' } };
  if (words.length !== RECOVERY_PHRASE_WORDS)
    return { ok: false, error: { kind: 'word-count', count: words.length } };
  const r = wordsToBytes(words);
  return r.ok ? { ok: true, seed: r.value as Seed16 } : r;
}
