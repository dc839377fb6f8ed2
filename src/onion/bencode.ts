/**
 * A small strict bencode codec (BitTorrent BEP 3 as used by oxenc `bt_serialize`), for the
 * v4 onion framing (network.md §4.5) and, later, libsession config messages.
 *
 * Representation:
 * - byte string → `Uint8Array` (encoding also accepts a JS string, written as UTF-8);
 * - integer → `bigint` (encoding also accepts a safe-integer `number`);
 * - list → array;
 * - dict → `Map<string, value>` whose keys are *byte strings held as binary ("latin1")
 *   strings*: one char per byte, so ASCII keys read naturally and 33-byte binary keys (e.g.
 *   libsession contact keys) survive unchanged. Use {@link bkey}/{@link bkeyBytes} to convert.
 *
 * Decoding is strict (what oxenc accepts is a superset of what it emits; we only accept the
 * canonical form): no leading zeros or "-0" in integers or lengths, dict keys strictly
 * ascending by bytes with no duplicates, no trailing data, bounded nesting depth.
 */
import { err, ok, type Result } from './result';

export type BencodeValue = Uint8Array | bigint | readonly BencodeValue[] | ReadonlyMap<string, BencodeValue>;
export type BencodeInput =
  Uint8Array | string | bigint | number | readonly BencodeInput[] | ReadonlyMap<string, BencodeInput>;

export interface BencodeError {
  readonly kind: 'bencode';
  readonly offset: number;
  readonly message: string;
}

const MAX_DEPTH = 256;
const C_I = 0x69;
const C_L = 0x6c;
const C_D = 0x64;
const C_E = 0x65;
const C_COLON = 0x3a;
const C_MINUS = 0x2d;
const C_0 = 0x30;

/** A dict key from raw bytes (binary string, one char per byte). */
export function bkeyBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Raw bytes of a dict key. Throws if the string has a char above 0xff (not a byte string). */
export function bkey(key: string): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 0xff) throw new Error('bencode dict key must be a byte string (chars 0..255)');
    out[i] = c;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const enc = new TextEncoder();

/** Encodes a value; dict keys are sorted by bytes as the format requires. Throws on bad input. */
export function bencode(value: BencodeInput): Uint8Array {
  const parts = bencodeParts(value);
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The same bytes in parts, byte strings given as they are (not copied): a 10 MB upload's body
 * goes through the onion layers without being joined to its few bytes of framing.
 */
export function bencodeParts(value: BencodeInput): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const push = (s: string): void => {
    parts.push(enc.encode(s));
  };
  const walk = (v: BencodeInput, depth: number): void => {
    if (depth > MAX_DEPTH) throw new Error('bencode: nesting too deep');
    if (v instanceof Uint8Array) {
      push(`${v.length}:`);
      parts.push(v);
    } else if (typeof v === 'string') {
      walk(enc.encode(v), depth);
    } else if (typeof v === 'bigint') {
      push(`i${v.toString()}e`);
    } else if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error(`bencode: ${v} is not a safe integer`);
      push(`i${v}e`);
    } else if (v instanceof Map) {
      const entries = [...(v as ReadonlyMap<string, BencodeInput>)].map(([k, x]) => [bkey(k), x] as const);
      entries.sort((a, b) => compareBytes(a[0], b[0]));
      push('d');
      for (const [k, x] of entries) {
        walk(k, depth + 1);
        walk(x, depth + 1);
      }
      push('e');
    } else {
      push('l');
      for (const x of v as readonly BencodeInput[]) walk(x, depth + 1);
      push('e');
    }
  };
  walk(value, 0);
  return parts;
}

/** Internal unwinding only; {@link bdecode} turns it into a `Result`. */
class DecodeFailure extends Error {
  constructor(readonly detail: BencodeError) {
    super(detail.message);
  }
}

class Decoder {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    private readonly views: boolean,
  ) {}

  fail(message: string): never {
    throw new DecodeFailure({ kind: 'bencode', offset: this.pos, message });
  }

  /** Reads a canonical decimal up to `end` char; `allowNegative` for integers only. */
  readDecimal(end: number, allowNegative: boolean): bigint {
    const start = this.pos;
    let neg = false;
    if (allowNegative && this.buf[this.pos] === C_MINUS) {
      neg = true;
      this.pos++;
    }
    const digitsStart = this.pos;
    while (this.pos < this.buf.length && this.buf[this.pos] !== end) {
      const c = this.buf[this.pos] ?? 0;
      if (c < C_0 || c > C_0 + 9) this.fail('expected a decimal digit');
      this.pos++;
    }
    if (this.pos >= this.buf.length) this.fail('unterminated number');
    const digits = this.pos - digitsStart;
    if (digits === 0) this.fail('empty number');
    if (digits > 1 && this.buf[digitsStart] === C_0) this.fail('leading zero in number');
    if (neg && digits === 1 && this.buf[digitsStart] === C_0) this.fail('negative zero');
    let text = '';
    for (let i = start; i < this.pos; i++) text += String.fromCharCode(this.buf[i] ?? 0);
    this.pos++; // terminator
    return BigInt(text);
  }

  readBytes(): Uint8Array {
    const len = this.readDecimal(C_COLON, false);
    if (len > BigInt(this.buf.length - this.pos)) this.fail(`byte string of ${len} bytes runs past the end`);
    const n = Number(len);
    const out = this.views
      ? this.buf.subarray(this.pos, this.pos + n)
      : this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  readValue(depth: number): BencodeValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.buf[this.pos];
    if (c === undefined) this.fail('unexpected end of input');
    if (c === C_I) {
      this.pos++;
      return this.readDecimal(C_E, true);
    }
    if (c === C_L) {
      this.pos++;
      const list: BencodeValue[] = [];
      while (this.buf[this.pos] !== C_E) {
        if (this.pos >= this.buf.length) this.fail('unterminated list');
        list.push(this.readValue(depth + 1));
      }
      this.pos++;
      return list;
    }
    if (c === C_D) {
      this.pos++;
      const dict = new Map<string, BencodeValue>();
      let prev: Uint8Array | undefined;
      while (this.buf[this.pos] !== C_E) {
        if (this.pos >= this.buf.length) this.fail('unterminated dict');
        const c2 = this.buf[this.pos] ?? 0;
        if (c2 < C_0 || c2 > C_0 + 9) this.fail('dict key must be a byte string');
        const key = this.readBytes();
        if (prev !== undefined && compareBytes(prev, key) >= 0)
          this.fail('dict keys not in strictly ascending order');
        prev = key;
        dict.set(bkeyBytes(key), this.readValue(depth + 1));
      }
      this.pos++;
      return dict;
    }
    if (c >= C_0 && c <= C_0 + 9) return this.readBytes();
    return this.fail(`unexpected byte 0x${c.toString(16)}`);
  }
}

/**
 * Decodes exactly one value spanning the whole input. Never throws. Byte strings are copies,
 * unless `views` (for input the caller owns and never changes: a decrypted reply whose 10 MB
 * body would otherwise be copied once more).
 */
export function bdecode(
  bytes: Uint8Array,
  options: { readonly views?: boolean } = {},
): Result<BencodeValue, BencodeError> {
  const d = new Decoder(bytes, options.views === true);
  try {
    const v = d.readValue(0);
    if (d.pos !== bytes.length) d.fail('trailing data after value');
    return ok(v);
  } catch (e) {
    if (e instanceof DecodeFailure) return err(e.detail);
    throw e;
  }
}
