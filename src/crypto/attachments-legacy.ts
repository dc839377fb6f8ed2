/**
 * Legacy attachment encryption (what Desktop sends by default, and what most received
 * attachments use): AES-256-CBC + HMAC-SHA256, then a SHA-256 digest of the whole blob.
 *
 * Facts: ../shared/protocol/identity-and-messages.md §6.1; session-desktop
 * `ts/util/crypto/attachmentsEncrypter.ts` (layout, MAC then digest then decrypt),
 * `ts/session/crypto/BufferPadding.ts` (`addAttachmentPadding`, `getUnpaddedAttachment`);
 * libsession-util `include/session/attachments.hpp` (`legacy_decrypt`: sizes, the 10,223,616-byte
 * cap, and `unpadded_size` handling).
 *
 * Pure: key and IV are arguments (64 and 16 random bytes from the caller). Decryption returns a
 * typed error for anything wrong with the downloaded bytes or the pointer and never throws.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Brand } from './brand';
import { joinOwned, ownedBytes, releaseBytes } from './owned-bytes';
import { copyPartsRange, partsLength, partsRange, type Parts, type PartsSource } from './parts';

/** AES-256 key (32) ‖ HMAC-SHA256 key (32), as sent in `AttachmentPointer.key`. */
export type LegacyAttachmentKey = Brand<Uint8Array, 'LegacyAttachmentKey'>;
/** SHA-256 of the encrypted blob, as sent in `AttachmentPointer.digest`. */
export type AttachmentDigest = Brand<Uint8Array, 'AttachmentDigest'>;

export const LEGACY_KEY_BYTES = 64;
export const LEGACY_IV_BYTES = 16;
export const LEGACY_MAC_BYTES = 32;
export const LEGACY_DIGEST_BYTES = 32;
const AES_BLOCK = 16;
/** Largest blob the file server stores (libsession `LEGACY_MAX_ENCRYPTED_SIZE`). */
export const LEGACY_MAX_ENCRYPTED_BYTES = 10_223_616;
/** Desktop `MAX_ATTACHMENT_FILESIZE_BYTES`: padding never grows a file past this. */
export const MAX_ATTACHMENT_FILESIZE_BYTES = 10_000_000;
const MIN_PADDED_SIZE = 541;
/** The upload is encrypted this many bytes at a time (see `legacyEncryptionSource`). */
const LEGACY_SLICE = 256 * 1024;

export function asLegacyAttachmentKey(bytes: Uint8Array): LegacyAttachmentKey {
  if (bytes.length !== LEGACY_KEY_BYTES) throw new RangeError('legacy attachment key: expected 64 bytes');
  return bytes as LegacyAttachmentKey;
}

/**
 * Desktop's padded size: max(541, floor(1.05^ceil(ln n / ln 1.05))), capped at 10,000,000 when n
 * itself fits. Computed with the same floating-point operations as Desktop so sizes agree exactly;
 * the final max(n, …) only guards against a rounding slip (Desktop would throw there).
 */
export function legacyPaddedSize(n: number): number {
  let size = Math.max(MIN_PADDED_SIZE, Math.floor(Math.pow(1.05, Math.ceil(Math.log(n) / Math.log(1.05)))));
  if (size > MAX_ATTACHMENT_FILESIZE_BYTES && n <= MAX_ATTACHMENT_FILESIZE_BYTES)
    size = MAX_ATTACHMENT_FILESIZE_BYTES;
  return Math.max(size, n);
}

/** data ‖ 0x00 up to {@link legacyPaddedSize}. */
export function padLegacyAttachment(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(legacyPaddedSize(data.length));
  out.set(data);
  return out;
}

export interface LegacyEncrypted {
  /** IV ‖ AES-256-CBC(PKCS#7) ‖ HMAC-SHA256(macKey, IV ‖ ciphertext). */
  readonly encrypted: Uint8Array;
  readonly digest: AttachmentDigest;
}

/** {@link LegacyEncrypted} with the blob left in parts: their concatenation is the blob. */
export interface LegacyEncryptedParts {
  readonly parts: readonly Uint8Array[];
  /** The blob's length (the parts' total). */
  readonly length: number;
  readonly digest: AttachmentDigest;
}

/**
 * Encrypts an attachment. `pad` (default true) zero-pads to {@link legacyPaddedSize} first, as
 * Desktop does for files; link-preview images are sent unpadded.
 */
export function encryptLegacyAttachment(
  data: Uint8Array,
  key: LegacyAttachmentKey,
  iv: Uint8Array,
  options: { readonly pad?: boolean } = {},
): LegacyEncrypted {
  const { parts, digest } = encryptLegacyAttachmentParts(data, key, iv, options);
  return { encrypted: joinOwned(parts), digest };
}

/**
 * The same blob in parts: their concatenation is the blob (the whole form joins them).
 */
export function encryptLegacyAttachmentParts(
  data: Uint8Array,
  key: LegacyAttachmentKey,
  iv: Uint8Array,
  options: { readonly pad?: boolean } = {},
): LegacyEncryptedParts {
  const source = legacyEncryptionSource(data, key, iv, options);
  const parts = [...source.chunks()];
  const digest = source.digest();
  if (!digest) throw new Error('legacy encryption: the digest of a whole pass is missing');
  return { parts, length: source.length, digest };
}

/** The blob made on demand, and its digest once a pass has made all of it. */
export interface LegacyEncryptionSource extends PartsSource {
  /** SHA-256 of the blob, known after the first complete pass of `chunks()`. */
  digest(): AttachmentDigest | undefined;
}

/**
 * The legacy blob made slice by slice as it is read, for an upload: each pass of `chunks()`
 * encrypts anew (same key and IV, so the same bytes: a retry over another path). Made ahead,
 * the 10 MB of ciphertext was kept for the whole upload, long enough to be promoted out of
 * the young generation, so that only a mark-compact of the whole heap freed it; made as the
 * onion layers take it, each slice is garbage as soon as it is sent, and still in the cache
 * when the first layer encrypts it.
 */
export function legacyEncryptionSource(
  data: Uint8Array,
  key: LegacyAttachmentKey,
  iv: Uint8Array,
  options: { readonly pad?: boolean } = {},
): LegacyEncryptionSource {
  if (iv.length !== LEGACY_IV_BYTES) throw new RangeError('legacy attachment IV: expected 16 bytes');
  const padding = options.pad === false ? 0 : legacyPaddedSize(data.length) - data.length;
  const plainLength = data.length + padding;
  // IV, the PKCS#7-padded ciphertext (always at least one byte of padding), the MAC.
  const length = LEGACY_IV_BYTES + (plainLength - (plainLength % AES_BLOCK) + AES_BLOCK) + LEGACY_MAC_BYTES;
  let digest: AttachmentDigest | undefined;
  // The ciphertext slices this source made (not the IV and MAC, which stay valid).
  const made = new WeakSet<Uint8Array>();
  function* chunks(): Generator<Uint8Array> {
    const cipher = createCipheriv('aes-256-cbc', key.subarray(0, 32), iv);
    const hmac = createHmac('sha256', key.subarray(32, 64)).update(iv);
    const hash = createHash('sha256').update(iv);
    yield iv;
    // Slice by slice, each slice's ciphertext MACed and hashed while it is still in the cache,
    // and never one 10 MB output: a fresh 10 MB buffer from the cipher costs its page faults
    // and its collection on top of the pass itself (micro-measured: a whole-file AES pass ≈
    // 1.5× the same pass in 256 KB slices). The zero padding is encrypted after the data, not
    // copied onto it.
    function* take(ct: Uint8Array): Generator<Uint8Array> {
      if (ct.length === 0) return;
      hmac.update(ct);
      hash.update(ct);
      made.add(ct);
      yield ct;
    }
    for (let off = 0; off < data.length; off += LEGACY_SLICE)
      yield* take(cipher.update(data.subarray(off, off + LEGACY_SLICE)));
    if (padding > 0) {
      const zeros = new Uint8Array(Math.min(padding, LEGACY_SLICE));
      for (let left = padding; left > 0; left -= zeros.length)
        yield* take(cipher.update(zeros.subarray(0, Math.min(left, zeros.length))));
    }
    yield* take(cipher.final());
    const mac = hmac.digest();
    hash.update(mac);
    digest = ownedBytes(hash.digest()) as AttachmentDigest;
    yield mac;
  }
  return {
    length,
    chunks,
    digest: () => digest,
    // A consumer that is done with a slice (the upload's first onion layer has read it) frees
    // it now: a 10 MB upload's CBC output no longer waits for a collection.
    release: (chunk) => {
      if (!made.has(chunk)) return;
      made.delete(chunk);
      releaseBytes(chunk);
    },
  };
}

export type LegacyDecryptError =
  | { readonly kind: 'bad-key-length'; readonly length: number }
  | { readonly kind: 'bad-digest-length'; readonly length: number }
  /** Not IV + a whole number (≥ 1) of AES blocks + MAC, or over the file-server cap. */
  | { readonly kind: 'bad-length'; readonly length: number }
  | { readonly kind: 'bad-mac' }
  | { readonly kind: 'bad-digest' }
  /** AES-CBC padding (PKCS#7) invalid despite a good MAC: the sender is broken or malicious. */
  | { readonly kind: 'bad-padding' }
  /** The pointer's `size` is larger than what was decrypted. */
  | { readonly kind: 'size-mismatch'; readonly claimed: number; readonly actual: number };

export type LegacyDecryptResult =
  | { readonly ok: true; readonly data: Uint8Array }
  | { readonly ok: false; readonly error: LegacyDecryptError };

/** The length without its PKCS#7 padding (1…16 bytes, each the count), or undefined if malformed. */
function pkcs7Length(block: Uint8Array): number | undefined {
  const n = block[block.length - 1] ?? 0;
  if (n < 1 || n > AES_BLOCK || n > block.length) return undefined;
  for (let i = block.length - n; i < block.length; i++) if (block[i] !== n) return undefined;
  return block.length - n;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** {@link LegacyDecryptResult} with the plaintext in the parts it was deciphered in. */
export type LegacyDecryptPartsResult =
  | { readonly ok: true; readonly parts: readonly Uint8Array[]; readonly length: number }
  | { readonly ok: false; readonly error: LegacyDecryptError };

/**
 * Checks the MAC (constant time), then the digest, then decrypts; `size` (the pointer's `size`,
 * 0 or absent when unknown) then cuts the zero padding off. `encrypted` may be the parts a
 * download arrived in (their concatenation is the blob): they are never joined.
 */
export function decryptLegacyAttachment(
  encrypted: Uint8Array | Parts,
  key: Uint8Array,
  digest: Uint8Array,
  size?: number,
): LegacyDecryptResult {
  const r = decryptLegacyAttachmentParts(encrypted, key, digest, size);
  if (!r.ok) return r;
  const only = r.parts.length === 1 ? r.parts[0] : undefined;
  // A cipher's output has an ArrayBuffer of its own (never Node's shared pool): a view is safe.
  return {
    ok: true,
    data: only ? new Uint8Array(only.buffer, only.byteOffset, only.length) : joinOwned(r.parts),
  };
}

/**
 * {@link decryptLegacyAttachment} without the result's join: the plaintext is the deciphered
 * slices themselves (views cut to the size), whose concatenation is the file. A download is
 * then stored (the blob store encrypts parts) without a 10 MB array and its copy.
 */
export function decryptLegacyAttachmentParts(
  encrypted: Uint8Array | Parts,
  key: Uint8Array,
  digest: Uint8Array,
  size?: number,
): LegacyDecryptPartsResult {
  if (key.length !== LEGACY_KEY_BYTES)
    return { ok: false, error: { kind: 'bad-key-length', length: key.length } };
  if (digest.length !== LEGACY_DIGEST_BYTES)
    return { ok: false, error: { kind: 'bad-digest-length', length: digest.length } };
  const parts: Parts = encrypted instanceof Uint8Array ? [encrypted] : encrypted;
  const total = partsLength(parts);
  const ctLength = total - LEGACY_IV_BYTES - LEGACY_MAC_BYTES;
  if (ctLength < AES_BLOCK || ctLength % AES_BLOCK !== 0 || total > LEGACY_MAX_ENCRYPTED_BYTES)
    return { ok: false, error: { kind: 'bad-length', length: total } };

  const iv = copyPartsRange(parts, 0, LEGACY_IV_BYTES);
  const mac = copyPartsRange(parts, total - LEGACY_MAC_BYTES, total);
  const hmac = createHmac('sha256', key.subarray(32, 64)).update(iv);
  const hash = createHash('sha256').update(iv);
  // One pass over the ciphertext, slice by slice: each slice MACed, hashed and deciphered while
  // it is in the cache. The deciphered slices are kept as they came out of the cipher (each is
  // fresh memory already): copying them into one array was one more 10 MB allocation and copy
  // per download. They are released only after the MAC and the digest below have been
  // checked: until then they are unauthenticated and nobody sees them. OpenSSL's padding
  // handling is off (it would keep the last block back for final()); the PKCS#7 padding is
  // checked here, after the MAC.
  const decipher = createDecipheriv('aes-256-cbc', key.subarray(0, 32), iv);
  decipher.setAutoPadding(false);
  const plain: Uint8Array[] = [];
  let written = 0;
  for (const part of partsRange(parts, LEGACY_IV_BYTES, total - LEGACY_MAC_BYTES)) {
    for (let off = 0; off < part.length; off += LEGACY_SLICE) {
      const slice = part.subarray(off, off + LEGACY_SLICE);
      hmac.update(slice);
      hash.update(slice);
      const out = decipher.update(slice);
      if (out.length > 0) plain.push(out);
      written += out.length;
    }
  }
  const tail = decipher.final();
  if (!constantTimeEqual(mac, hmac.digest())) return { ok: false, error: { kind: 'bad-mac' } };
  if (!constantTimeEqual(digest, hash.update(mac).digest()))
    return { ok: false, error: { kind: 'bad-digest' } };
  if (tail.length !== 0 || written !== ctLength) return { ok: false, error: { kind: 'bad-padding' } };
  const unpadded = pkcs7Length(copyPartsRange(plain, ctLength - AES_BLOCK, ctLength));
  if (unpadded === undefined) return { ok: false, error: { kind: 'bad-padding' } };
  const length = ctLength - AES_BLOCK + unpadded;
  if (size === undefined || size === 0) return { ok: true, parts: partsRange(plain, 0, length), length };
  if (!Number.isSafeInteger(size) || size < 0 || size > length)
    return { ok: false, error: { kind: 'size-mismatch', claimed: size, actual: length } };
  // Views: what they leave out is the zero padding.
  return { ok: true, parts: partsRange(plain, 0, size), length: size };
}
