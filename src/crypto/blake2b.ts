/**
 * BLAKE2b (RFC 7693) with key, salt and personalisation, incremental.
 *
 * Why our own: libsodium-wrappers exposes keyed BLAKE2b (`crypto_generichash`) but not
 * `crypto_generichash_blake2b_init_salt_personal` over a message, and libsession's deterministic
 * attachment encryption derives its key and nonce with a personalised, keyed BLAKE2b
 * (libsession-util `src/attachments.cpp`, `Encryptor::Encryptor`: key = uploader seed,
 * personalisation `SessionAttachmnt` / `Session_Prof_Pic`, 56 output bytes). Tests check this
 * implementation against libsodium for every case libsodium can compute.
 *
 * 64-bit words are held as (low, high) pairs of 32-bit integers: plain numbers stay fast, BigInt
 * would not be.
 */

const BLOCK_BYTES = 128;
export const BLAKE2B_MAX_OUT = 64;
export const BLAKE2B_MAX_KEY = 64;
export const BLAKE2B_SALT_BYTES = 16;
export const BLAKE2B_PERSONAL_BYTES = 16;

// Initialisation vector (the SHA-512 IV), as [low, high] 32-bit halves.
const IV = Uint32Array.of(
  0xf3bcc908,
  0x6a09e667,
  0x84caa73b,
  0xbb67ae85,
  0xfe94f82b,
  0x3c6ef372,
  0x5f1d36f1,
  0xa54ff53a,
  0xade682d1,
  0x510e527f,
  0x2b3e6c1f,
  0x9b05688c,
  0xfb41bd6b,
  0x1f83d9ab,
  0x137e2179,
  0x5be0cd19,
);

// Message word permutation per round; rounds 10 and 11 reuse rows 0 and 1.
// prettier-ignore
const SIGMA = Uint8Array.of(
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
);

// Working state and message words, reused by every compression (single-threaded JS).
const v = new Uint32Array(32);
const m = new Uint32Array(32);

const at = (a: Uint32Array, i: number): number => a[i] ?? 0;

/** v[a] += v[b] + (m[x] if x ≥ 0), 64-bit, on word indices ×2. */
function add3(a: number, b: number, x: number): void {
  const lo = at(v, a) + at(v, b) + (x < 0 ? 0 : at(m, x));
  const hi = at(v, a + 1) + at(v, b + 1) + (x < 0 ? 0 : at(m, x + 1)) + Math.floor(lo / 0x100000000);
  v[a] = lo;
  v[a + 1] = hi;
}

/** v[d] = rotr64(v[d] ^ v[a], n) for n in {16, 24, 32, 63}. */
function xorRotr(d: number, a: number, n: number): void {
  const lo = at(v, d) ^ at(v, a);
  const hi = at(v, d + 1) ^ at(v, a + 1);
  if (n === 32) {
    v[d] = hi;
    v[d + 1] = lo;
  } else if (n < 32) {
    v[d] = (lo >>> n) | (hi << (32 - n));
    v[d + 1] = (hi >>> n) | (lo << (32 - n));
  } else {
    // 63 = rotate left by one.
    v[d] = (lo << 1) | (hi >>> 31);
    v[d + 1] = (hi << 1) | (lo >>> 31);
  }
}

function mix(a: number, b: number, c: number, d: number, x: number, y: number): void {
  add3(a, b, x);
  xorRotr(d, a, 32);
  add3(c, d, -1);
  xorRotr(b, c, 24);
  add3(a, b, y);
  xorRotr(d, a, 16);
  add3(c, d, -1);
  xorRotr(b, c, 63);
}

function compress(h: Uint32Array, block: Uint8Array, offset: number, counter: number, last: boolean): void {
  for (let i = 0; i < 16; i++) v[i] = at(h, i);
  for (let i = 0; i < 16; i++) v[i + 16] = at(IV, i);
  v[24] = at(v, 24) ^ (counter % 0x100000000);
  v[25] = at(v, 25) ^ Math.floor(counter / 0x100000000);
  if (last) {
    v[28] = ~at(v, 28);
    v[29] = ~at(v, 29);
  }
  for (let i = 0; i < 32; i++) {
    const o = offset + i * 4;
    m[i] =
      (block[o] ?? 0) |
      ((block[o + 1] ?? 0) << 8) |
      ((block[o + 2] ?? 0) << 16) |
      ((block[o + 3] ?? 0) << 24);
  }
  for (let r = 0; r < 12; r++) {
    const s = r * 16;
    const w = (k: number): number => (SIGMA[s + k] ?? 0) * 2;
    mix(0, 8, 16, 24, w(0), w(1));
    mix(2, 10, 18, 26, w(2), w(3));
    mix(4, 12, 20, 28, w(4), w(5));
    mix(6, 14, 22, 30, w(6), w(7));
    mix(0, 10, 20, 30, w(8), w(9));
    mix(2, 12, 22, 24, w(10), w(11));
    mix(4, 14, 16, 26, w(12), w(13));
    mix(6, 8, 18, 28, w(14), w(15));
  }
  for (let i = 0; i < 16; i++) h[i] = at(h, i) ^ at(v, i) ^ at(v, i + 16);
}

export interface Blake2bOptions {
  readonly key?: Uint8Array | undefined;
  readonly salt?: Uint8Array | undefined;
  readonly personal?: Uint8Array | undefined;
}

/** Incremental BLAKE2b: `update` any number of times, then `digest` once. */
export class Blake2b {
  readonly #h = new Uint32Array(16);
  readonly #buf = new Uint8Array(BLOCK_BYTES);
  #bufLen = 0;
  #counter = 0;
  #done = false;
  readonly #outLen: number;

  constructor(outLen: number, options: Blake2bOptions = {}) {
    const { key, salt, personal } = options;
    // Wrong sizes are programming errors (our constants), not input from the network.
    if (!Number.isInteger(outLen) || outLen < 1 || outLen > BLAKE2B_MAX_OUT)
      throw new RangeError(`BLAKE2b output length ${outLen} not in 1..64`);
    if (key && key.length > BLAKE2B_MAX_KEY) throw new RangeError('BLAKE2b key longer than 64 bytes');
    if (salt && salt.length !== BLAKE2B_SALT_BYTES) throw new RangeError('BLAKE2b salt must be 16 bytes');
    if (personal && personal.length !== BLAKE2B_PERSONAL_BYTES)
      throw new RangeError('BLAKE2b personalisation must be 16 bytes');
    this.#outLen = outLen;
    // Parameter block: digest length, key length, fanout 1, depth 1, …, salt at 32, personal at 48.
    const param = new Uint8Array(64);
    param[0] = outLen;
    param[1] = key?.length ?? 0;
    param[2] = 1;
    param[3] = 1;
    if (salt) param.set(salt, 32);
    if (personal) param.set(personal, 48);
    const view = new DataView(param.buffer);
    for (let i = 0; i < 16; i++) this.#h[i] = at(IV, i) ^ view.getUint32(i * 4, true);
    if (key && key.length > 0) {
      this.#buf.set(key);
      this.#bufLen = BLOCK_BYTES;
    }
  }

  update(data: Uint8Array): this {
    if (this.#done) throw new Error('BLAKE2b: update after digest');
    let pos = 0;
    while (pos < data.length) {
      // The last block must be compressed with the final flag, so a full buffer waits for more.
      if (this.#bufLen === BLOCK_BYTES) {
        this.#counter += BLOCK_BYTES;
        compress(this.#h, this.#buf, 0, this.#counter, false);
        this.#bufLen = 0;
      }
      // Whole blocks straight from the input while more data follows them.
      while (this.#bufLen === 0 && data.length - pos > BLOCK_BYTES) {
        this.#counter += BLOCK_BYTES;
        compress(this.#h, data, pos, this.#counter, false);
        pos += BLOCK_BYTES;
      }
      const take = Math.min(BLOCK_BYTES - this.#bufLen, data.length - pos);
      this.#buf.set(data.subarray(pos, pos + take), this.#bufLen);
      this.#bufLen += take;
      pos += take;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.#done) throw new Error('BLAKE2b: digest called twice');
    this.#done = true;
    this.#counter += this.#bufLen;
    this.#buf.fill(0, this.#bufLen);
    compress(this.#h, this.#buf, 0, this.#counter, true);
    const out = new Uint8Array(this.#outLen);
    const full = new Uint8Array(64);
    const view = new DataView(full.buffer);
    for (let i = 0; i < 16; i++) view.setUint32(i * 4, at(this.#h, i), true);
    out.set(full.subarray(0, this.#outLen));
    this.#h.fill(0);
    this.#buf.fill(0);
    return out;
  }
}

/** One-shot BLAKE2b of `data`. */
export function blake2b(data: Uint8Array, outLen: number, options: Blake2bOptions = {}): Uint8Array {
  return new Blake2b(outLen, options).update(data).digest();
}
