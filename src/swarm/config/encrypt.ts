/**
 * Config message encryption, padding and plaintext framing (sync-groups-communities.md §1.3).
 *
 * Upstream facts (libsession-util `src/config/encrypt.cpp`, `include/session/config/encrypt.hpp`,
 * `src/config/base.cpp` `push`/`_merge` @ 8762e9d; checked against the `config_encrypt`,
 * `user_profile_config_message` and `config_padded_size` vectors):
 * - key   = BLAKE2b-256(key_base(32) ‖ u64be(plaintext length) ‖ domain), unkeyed;
 * - nonce = BLAKE2b-192(plaintext, key = "libsessionutil-config-encrypted-" ‖ domain);
 * - out   = XChaCha20-Poly1305-IETF(plaintext, no AD) ‖ nonce  (40 bytes of overhead);
 *   domain is 1–24 bytes. Decryption rebuilds the key from ciphertext length − 40.
 * - padding: leading 0x00 bytes up to `padded_size(len, 40)`; the receiver strips every leading
 *   0x00, then reads the first byte: `d` bencoded message, `z` zstd-compressed message, `m` one part
 *   of a multipart message (not handled by this libsession snapshot either: skipped).
 *
 * Decision (send side): we never compress. libsession only uses `z` when it is smaller, and every
 * receiver accepts an uncompressed `d`; the config hash is over the uncompressed plaintext, so
 * merges stay identical, only our ciphertext bytes may differ from a libsession client's.
 */
import { concatBytes, utf8 } from '../../crypto/bytes';
import { sodium } from '../../crypto/sodium';
import { zstdDecompressBounded } from './zstd';

export const ENCRYPT_OVERHEAD = 40;
const NONCE_BYTES = 24;
const KEY_BYTES = 32;
const NONCE_KEY_PREFIX = 'libsessionutil-config-encrypted-';
/** Storage server limit on one message (`MAX_MESSAGE_SIZE`). */
export const MAX_MESSAGE_SIZE = 76_800;
/** Our cap on a decompressed config (upstream has none); far above any real config. */
export const MAX_DECOMPRESSED_SIZE = 4 * 1024 * 1024;

export type ConfigDecryptError =
  | { readonly kind: 'too-short'; readonly length: number }
  | { readonly kind: 'bad-key' }
  | { readonly kind: 'decrypt-failed' };

export type ConfigPlaintextError =
  { readonly kind: 'empty' } | { readonly kind: 'multipart-unsupported' } | { readonly kind: 'bad-zstd' };

function checkDomain(domain: string): Uint8Array {
  const d = utf8(domain);
  if (d.length < 1 || d.length > 24) throw new RangeError('config domain must be 1–24 bytes');
  return d;
}

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** `make_encrypt_key`. */
export function configEncryptKey(keyBase: Uint8Array, messageSize: number, domain: string): Uint8Array {
  if (keyBase.length !== KEY_BYTES) throw new RangeError('config key base must be 32 bytes');
  return sodium().crypto_generichash(
    KEY_BYTES,
    concatBytes(keyBase, u64be(messageSize), checkDomain(domain)),
    null,
  );
}

/** The deterministic nonce: identical plaintexts encrypt identically (server-side dedup). */
export function configNonce(plaintext: Uint8Array, domain: string): Uint8Array {
  const key = concatBytes(utf8(NONCE_KEY_PREFIX), checkDomain(domain));
  return sodium().crypto_generichash(NONCE_BYTES, plaintext, key);
}

/** `encrypt`: ciphertext ‖ tag ‖ nonce. Throws only on programming errors (bad key/domain). */
export function encryptConfig(plaintext: Uint8Array, keyBase: Uint8Array, domain: string): Uint8Array {
  const key = configEncryptKey(keyBase, plaintext.length, domain);
  const nonce = configNonce(plaintext, domain);
  const sealed = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, nonce, key);
  return concatBytes(sealed, nonce);
}

/** `decrypt`: never throws on hostile bytes. */
export function decryptConfig(
  ciphertext: Uint8Array,
  keyBase: Uint8Array,
  domain: string,
): { ok: true; value: Uint8Array } | { ok: false; error: ConfigDecryptError } {
  if (ciphertext.length < ENCRYPT_OVERHEAD)
    return { ok: false, error: { kind: 'too-short', length: ciphertext.length } };
  if (keyBase.length !== KEY_BYTES) return { ok: false, error: { kind: 'bad-key' } };
  const nonce = ciphertext.subarray(ciphertext.length - NONCE_BYTES);
  const key = configEncryptKey(keyBase, ciphertext.length - ENCRYPT_OVERHEAD, domain);
  try {
    const plain = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      ciphertext.subarray(0, ciphertext.length - NONCE_BYTES),
      null,
      nonce,
      key,
    );
    return { ok: true, value: plain };
  } catch {
    // libsodium.js throws on a failed authentication.
    return { ok: false, error: { kind: 'decrypt-failed' } };
  }
}

/** `padded_size`: 256-byte steps below 5 KiB, then 1024 / 2048 / 5120. */
export function paddedSize(size: number, overhead: number = ENCRYPT_OVERHEAD): number {
  const s2 = size + overhead;
  const chunk = s2 < 5120 ? 256 : s2 < 20480 ? 1024 : s2 < 40960 ? 2048 : 5120;
  return Math.ceil(s2 / chunk) * chunk - overhead;
}

/** `pad_message`: prefix 0x00 bytes so that the encrypted size lands on a padding step. */
export function padConfigPlaintext(data: Uint8Array): Uint8Array {
  const target = paddedSize(data.length);
  if (target <= data.length) return data;
  const out = new Uint8Array(target);
  out.set(data, target - data.length);
  return out;
}

/** Serialized message → the bytes that get pushed before any protobuf wrapping. */
export function sealConfigMessage(serialized: Uint8Array, keyBase: Uint8Array, domain: string): Uint8Array {
  return encryptConfig(padConfigPlaintext(serialized), keyBase, domain);
}

/**
 * Decrypted bytes → the serialized message: strip leading 0x00, then `z` → zstd. A first byte
 * other than `d` is passed through (upstream logs it and lets the parser refuse it).
 */
export function openConfigPlaintext(
  decrypted: Uint8Array,
): { ok: true; value: Uint8Array } | { ok: false; error: ConfigPlaintextError } {
  let start = 0;
  while (start < decrypted.length && decrypted[start] === 0) start++;
  const plain = decrypted.subarray(start);
  if (plain.length === 0) return { ok: false, error: { kind: 'empty' } };
  if (plain[0] === 0x6d) return { ok: false, error: { kind: 'multipart-unsupported' } };
  if (plain[0] !== 0x7a) return { ok: true, value: plain };
  const out = zstdDecompressBounded(plain.subarray(1), MAX_DECOMPRESSED_SIZE);
  return out === undefined ? { ok: false, error: { kind: 'bad-zstd' } } : { ok: true, value: out };
}
