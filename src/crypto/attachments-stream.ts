/**
 * Deterministic "stream" attachment encryption (libsession `session::attachment`), used by current
 * mobile clients and by Desktop for URLs whose fragment carries `d`.
 *
 * Facts: ../shared/protocol/identity-and-messages.md §6.2; libsession-util `src/attachments.cpp`
 * (`encrypted_padding`, `encrypted_size`, `decrypted_max_size`, `Encryptor`, `decrypt`) and
 * `include/session/attachments.hpp` (constants, layout):
 *  - key ‖ header = BLAKE2b-448 keyed with the uploader's 32-byte seed, personalisation
 *    `SessionAttachmnt` or `Session_Prof_Pic`, over the whole plaintext: header = bytes 0..24,
 *    key = bytes 24..56 (same user + same file → same upload, so the file server deduplicates);
 *  - blob = `S` ‖ secretstream header ‖ chunks of (padding−1)×0x00 ‖ 0x01 ‖ data, 32 KiB each,
 *    pushed with crypto_secretstream_xchacha20poly1305, the last tagged FINAL.
 *
 * libsodium's init_push always draws a random header; libsession re-implements it with the
 * derived one. init_pull performs exactly the same state set-up (HChaCha20 of the header's first
 * 16 bytes, counter 1, the last 8 bytes as inner nonce), so we push on a state from init_pull.
 */
import type { Brand } from './brand';
import { Blake2b } from './blake2b';
import { utf8 } from './bytes';
import { sodium } from './sodium';

/** The 32-byte key sent in `AttachmentPointer.key` (or as the profile key) for this scheme. */
export type StreamAttachmentKey = Brand<Uint8Array, 'StreamAttachmentKey'>;
export type AttachmentDomain = 'attachment' | 'profile-pic';

export const STREAM_PREFIX = 0x53; // 'S'
export const STREAM_HEADER_BYTES = 24;
export const STREAM_KEY_BYTES = 32;
export const STREAM_CHUNK_BYTES = 32_768;
export const STREAM_CHUNK_OVERHEAD = 17;
const CHUNK_TOTAL = STREAM_CHUNK_BYTES + STREAM_CHUNK_OVERHEAD;
/** libsession `MAX_REGULAR_SIZE`: the largest file whose encrypted form fits an onion request. */
export const STREAM_MAX_REGULAR_SIZE = 10_218_286;

const PERSONAL: Readonly<Record<AttachmentDomain, Uint8Array>> = {
  attachment: utf8('SessionAttachmnt'),
  'profile-pic': utf8('Session_Prof_Pic'),
};

function bitFloor(x: number): number {
  let p = 1;
  while (p * 2 <= x) p *= 2;
  return p;
}

/**
 * Padding bytes (≥ 1, including the 0x01 marker) for `n` plaintext bytes: the total is rounded up
 * to a multiple of bit_floor(max(E, 131072)) / 32, where E is the size with one byte of padding;
 * padding that starts new 32 KiB chunks pays for their 17-byte tags out of itself.
 */
export function streamEncryptedPadding(n: number): number {
  const prefix = 1 + STREAM_HEADER_BYTES;
  const chunks = Math.ceil(n / STREAM_CHUNK_BYTES);
  const minSize = n + prefix + 1 + chunks * STREAM_CHUNK_OVERHEAD;
  const factor = bitFloor(Math.max(minSize, 131_072)) / 32;
  const padded = Math.ceil(minSize / factor) * factor;
  let padding = padded - minSize + 1;
  let implicit = padding >= CHUNK_TOTAL ? Math.floor(padding / CHUNK_TOTAL) * STREAM_CHUNK_OVERHEAD : 0;
  const freeInLastChunk = chunks * STREAM_CHUNK_BYTES - n;
  if (padding % CHUNK_TOTAL > freeInLastChunk) implicit += STREAM_CHUNK_OVERHEAD;
  padding -= implicit;
  return padding;
}

/** Exact encrypted size for `n` plaintext bytes. */
export function streamEncryptedSize(n: number): number {
  const padded = n + streamEncryptedPadding(n);
  return 1 + STREAM_HEADER_BYTES + padded + Math.ceil(padded / STREAM_CHUNK_BYTES) * STREAM_CHUNK_OVERHEAD;
}

export interface StreamEncrypted {
  readonly encrypted: Uint8Array;
  readonly key: StreamAttachmentKey;
}

/**
 * Encrypts `data` deterministically for `seed` (the uploader's 32-byte Ed25519 seed; a 64-byte
 * libsodium secret key also works, only its first 32 bytes are used). Files over
 * {@link STREAM_MAX_REGULAR_SIZE} need `allowLarge` (they will not fit an onion request).
 */
export function encryptStreamAttachment(
  seed: Uint8Array,
  data: Uint8Array,
  domain: AttachmentDomain,
  options: { readonly allowLarge?: boolean } = {},
): StreamEncrypted {
  if (seed.length < 32) throw new RangeError('stream attachment: the seed must be 32 bytes');
  if (data.length > STREAM_MAX_REGULAR_SIZE && options.allowLarge !== true)
    throw new RangeError('stream attachment: data to encrypt is too large');
  const s = sodium();
  const derived = new Blake2b(STREAM_HEADER_BYTES + STREAM_KEY_BYTES, {
    key: seed.subarray(0, 32),
    personal: PERSONAL[domain],
  })
    .update(data)
    .digest();
  const header = derived.slice(0, STREAM_HEADER_BYTES);
  const key = derived.slice(STREAM_HEADER_BYTES) as StreamAttachmentKey;

  const padding = streamEncryptedPadding(data.length);
  const stream = new Uint8Array(padding + data.length);
  stream[padding - 1] = 0x01;
  stream.set(data, padding);

  const out = new Uint8Array(streamEncryptedSize(data.length));
  out[0] = STREAM_PREFIX;
  out.set(header, 1);
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  let pos = 1 + STREAM_HEADER_BYTES;
  for (let off = 0; off < stream.length; off += STREAM_CHUNK_BYTES) {
    const last = off + STREAM_CHUNK_BYTES >= stream.length;
    const tag = last
      ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const chunk = s.crypto_secretstream_xchacha20poly1305_push(
      state,
      stream.subarray(off, off + STREAM_CHUNK_BYTES),
      null,
      tag,
    );
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return { encrypted: out, key };
}

export type StreamDecryptError =
  | { readonly kind: 'bad-key-length'; readonly length: number }
  | { readonly kind: 'too-short'; readonly length: number }
  /** First byte is not `S`: an encryption type we do not know. */
  | { readonly kind: 'unknown-format'; readonly prefix: number }
  /** A chunk failed authentication: wrong key or altered bytes. */
  | { readonly kind: 'corrupted' }
  | { readonly kind: 'bad-padding' }
  /** FINAL missing at the end, or present before it (truncated or extended data). */
  | { readonly kind: 'bad-final' };

export type StreamDecryptResult =
  | { readonly ok: true; readonly data: Uint8Array }
  | { readonly ok: false; readonly error: StreamDecryptError };

const fail = (error: StreamDecryptError): StreamDecryptResult => ({ ok: false, error });

/** Decrypts a stream attachment; every problem with the bytes or the key is a typed error. */
export function decryptStreamAttachment(encrypted: Uint8Array, key: Uint8Array): StreamDecryptResult {
  if (key.length !== STREAM_KEY_BYTES) return fail({ kind: 'bad-key-length', length: key.length });
  // Prefix, header, and one chunk holding at least the 0x01 padding marker.
  if (encrypted.length < 1 + STREAM_HEADER_BYTES + STREAM_CHUNK_OVERHEAD + 1)
    return fail({ kind: 'too-short', length: encrypted.length });
  const prefix = encrypted[0] ?? 0;
  if (prefix !== STREAM_PREFIX) return fail({ kind: 'unknown-format', prefix });

  const s = sodium();
  const FINAL = s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(
    encrypted.subarray(1, 1 + STREAM_HEADER_BYTES),
    key,
  );
  const parts: Uint8Array[] = [];
  let depadded = false;
  let pos = 1 + STREAM_HEADER_BYTES;
  let sawFinal = false;
  while (pos < encrypted.length) {
    if (sawFinal) return fail({ kind: 'bad-final' });
    const size = Math.min(encrypted.length - pos, CHUNK_TOTAL);
    // Every chunk carries at least one byte (the encryptor never pushes an empty one).
    if (size <= STREAM_CHUNK_OVERHEAD) return fail({ kind: 'bad-final' });
    let pulled: { message: Uint8Array; tag: number } | false;
    try {
      pulled = s.crypto_secretstream_xchacha20poly1305_pull(state, encrypted.subarray(pos, pos + size), null);
    } catch {
      pulled = false;
    }
    if (!pulled) return fail({ kind: 'corrupted' });
    pos += size;
    sawFinal = pulled.tag === FINAL;
    let plain = pulled.message;
    if (!depadded) {
      const marker = plain.findIndex((b) => b !== 0);
      if (marker < 0) continue;
      if (plain[marker] !== 0x01) return fail({ kind: 'bad-padding' });
      depadded = true;
      plain = plain.subarray(marker + 1);
    }
    parts.push(plain);
  }
  if (!sawFinal) return fail({ kind: 'bad-final' });
  if (!depadded) return fail({ kind: 'bad-padding' });
  const total = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { ok: true, data };
}
