/**
 * Per-hop onion encryption (network.md §4.3), used by the client to build layers and by a
 * relay / destination (devnet) to peel them and to encrypt the reply.
 *
 * Facts (session-storage-server `oxenss/crypto/channel_encryption.cpp`, session-desktop
 * `ts/webworker/workers/node/util/util.worker.ts`, libsession-util
 * `src/onionreq/hop_encryption.cpp`):
 * - `aes-gcm` (alias `gcm`, the default when `enc_type` is absent; desktop never sends it):
 *   key = HMAC-SHA256(key = "LOKI", msg = X25519(secret, public)); wire = nonce(12) ‖ ct ‖ tag(16).
 * - `xchacha20` (alias `xchacha20-poly1305`): key = BLAKE2b-256(X25519 ‖ clientPub ‖ nodePub);
 *   wire = nonce(24) ‖ ct ‖ tag(16). No associated data in either.
 * - The destination replies with the same symmetric key and a fresh random nonce.
 * - `aes-cbc` exists only as a legacy server option; we refuse it (no client sends it).
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { concatBytes } from '../crypto/bytes';
import { partsLength, type Parts } from '../crypto/parts';
import { joinOwned, ownedBytes } from '../crypto/owned-bytes';
import { sodium } from '../crypto/sodium';
import { GcmReplyDecryptor } from './gcm-reply';
import type { HopCryptoError } from './hop-crypto-error';
import { err, ok, type RandomBytes, type Result } from './result';

export type EncType = 'aes-gcm' | 'xchacha20';

export const DEFAULT_ENC_TYPE: EncType = 'aes-gcm';

const GCM_NONCE = 12;
const XCHACHA_NONCE = 24;
const TAG = 16;

/** Server spelling → our enum; `undefined` input means the field was absent (→ aes-gcm). */
export function parseEncType(value: unknown): EncType | undefined {
  if (value === undefined) return DEFAULT_ENC_TYPE;
  if (value === 'aes-gcm' || value === 'gcm') return 'aes-gcm';
  if (value === 'xchacha20' || value === 'xchacha20-poly1305') return 'xchacha20';
  return undefined;
}

export type { HopCryptoError } from './hop-crypto-error';

export function x25519PublicFromSecret(secret: Uint8Array): Uint8Array {
  return sodium().crypto_scalarmult_base(secret);
}

/** X25519; libsodium throws on a low-order public key (all-zero output): map that to an error. */
function sharedSecret(secret: Uint8Array, pub: Uint8Array): Result<Uint8Array, HopCryptoError> {
  if (secret.length !== 32 || pub.length !== 32)
    return err({ kind: 'bad-key', message: 'x25519 keys are 32 bytes' });
  try {
    return ok(sodium().crypto_scalarmult(secret, pub));
  } catch {
    return err({ kind: 'bad-key', message: 'x25519 key agreement failed (low-order public key)' });
  }
}

/** The public keys are only hashed in for XChaCha20: taken lazily, so AES-GCM skips a scalar mult. */
function kdf(
  encType: EncType,
  shared: Uint8Array,
  clientPub: () => Uint8Array,
  nodePub: () => Uint8Array,
): Uint8Array {
  if (encType === 'aes-gcm') return new Uint8Array(createHmac('sha256', 'LOKI').update(shared).digest());
  // Client key first, then node key, on both sides (libsession `hop_encryption.cpp`).
  return sodium().crypto_generichash(32, concatBytes(shared, clientPub(), nodePub()), null);
}

/** Client side: key for a hop from our ephemeral secret and the hop's X25519 public key. */
export function deriveClientHopKey(
  encType: EncType,
  ephemeralSecret: Uint8Array,
  nodePublic: Uint8Array,
): Result<Uint8Array, HopCryptoError> {
  return clientHopKey(encType, ephemeralSecret, nodePublic, () => x25519PublicFromSecret(ephemeralSecret));
}

function clientHopKey(
  encType: EncType,
  ephemeralSecret: Uint8Array,
  nodePublic: Uint8Array,
  ephemeralPublic: () => Uint8Array,
): Result<Uint8Array, HopCryptoError> {
  const s = sharedSecret(ephemeralSecret, nodePublic);
  if (!s.ok) return s;
  return ok(kdf(encType, s.value, ephemeralPublic, () => nodePublic));
}

/** Node side: the same key from the node's X25519 secret and the client's ephemeral public key. */
export function deriveNodeHopKey(
  encType: EncType,
  nodeSecret: Uint8Array,
  clientPublic: Uint8Array,
): Result<Uint8Array, HopCryptoError> {
  const s = sharedSecret(nodeSecret, clientPublic);
  if (!s.ok) return s;
  return ok(
    kdf(
      encType,
      s.value,
      () => clientPublic,
      () => x25519PublicFromSecret(nodeSecret),
    ),
  );
}

function takeRandom(random: RandomBytes, n: number): Uint8Array {
  const b = random(n);
  if (b.length !== n) throw new Error(`random source returned ${b.length} bytes, wanted ${n}`);
  return b;
}

/**
 * nonce ‖ ciphertext ‖ tag with a fresh nonce from `random`. The plaintext may come in parts
 * (an onion frame's length, blob and JSON): encrypted in turn, as if joined.
 */
export function encryptWithHopKey(
  encType: EncType,
  key: Uint8Array,
  plaintext: Uint8Array | readonly Uint8Array[],
  random: RandomBytes,
): Uint8Array {
  return joinOwned(encryptPartsWithHopKey(encType, key, plaintext, random));
}

/** Below this size a layer's parts are joined before they are encrypted. */
const JOIN_BELOW = 64 * 1024;

/**
 * A message's store request is a few hundred bytes, but by the guard's layer it is a dozen
 * pieces (each layer adds a 4-byte length, a nonce, a tag and its JSON): `update()` on each was
 * a native call and a new Buffer, 42 per request (4 now). Joined, it is one; only a large body
 * (an upload) stays in parts, where a copy would cost more than the calls.
 */
function smallJoined(parts: readonly Uint8Array[]): readonly Uint8Array[] {
  return parts.length > 1 && partsLength(parts) < JOIN_BELOW ? [joinOwned(parts)] : parts;
}

/**
 * The same ciphertext left in parts (their concatenation is the wire bytes): an onion layer
 * wraps its inner layer's parts without joining them, so a 10 MB upload is joined once, for
 * the guard, instead of being copied at each of its four layers.
 */
export function encryptPartsWithHopKey(
  encType: EncType,
  key: Uint8Array,
  plaintext: Uint8Array | readonly Uint8Array[],
  random: RandomBytes,
): readonly Uint8Array[] {
  const parts = plaintext instanceof Uint8Array ? [plaintext] : plaintext;
  if (encType === 'aes-gcm') {
    const nonce = takeRandom(random, GCM_NONCE);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    const body = smallJoined(parts).map((p) => c.update(p));
    // GCM's final() is always empty: not a part of its own.
    const tail = c.final();
    return tail.length === 0 ? [nonce, ...body, c.getAuthTag()] : [nonce, ...body, tail, c.getAuthTag()];
  }
  const nonce = takeRandom(random, XCHACHA_NONCE);
  const whole = parts.length === 1 ? (parts[0] as Uint8Array) : joinOwned(parts);
  return [nonce, sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(whole, null, null, nonce, key)];
}

export function decryptWithHopKey(
  encType: EncType,
  key: Uint8Array,
  data: Uint8Array,
): Result<Uint8Array, HopCryptoError> {
  const nonceLen = encType === 'aes-gcm' ? GCM_NONCE : XCHACHA_NONCE;
  if (data.length < nonceLen + TAG)
    return err({ kind: 'too-short', message: `ciphertext of ${data.length} bytes` });
  if (key.length !== 32) return err({ kind: 'bad-key', message: 'symmetric key must be 32 bytes' });
  const nonce = data.subarray(0, nonceLen);
  try {
    if (encType === 'aes-gcm') {
      const d = createDecipheriv('aes-256-gcm', key, nonce);
      d.setAuthTag(data.subarray(data.length - TAG));
      const body = d.update(data.subarray(nonceLen, data.length - TAG));
      const tail = d.final();
      // GCM's final() is empty: the decrypted body is the answer, without another copy.
      return ok(tail.length === 0 ? ownedBytes(body) : joinOwned([body, tail]));
    }
    return ok(
      sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, data.subarray(nonceLen), null, nonce, key),
    );
  } catch {
    return err({ kind: 'auth-failed', message: 'onion layer failed authentication' });
  }
}

/**
 * {@link decryptWithHopKey} over a reply kept in the parts the socket delivered: AES-GCM
 * deciphers them in turn (no 10 MB join, no 10 MB output; see `GcmReplyDecryptor`, which the
 * transport also feeds while the reply arrives), and the parts are returned only once `final()`
 * has checked the tag: nothing unauthenticated leaves. XChaCha (sodium has no incremental
 * AEAD) joins them first.
 */
export function decryptPartsWithHopKey(
  encType: EncType,
  key: Uint8Array,
  data: Parts,
): Result<Uint8Array[], HopCryptoError> {
  if (encType !== 'aes-gcm') {
    const whole = decryptWithHopKey(
      encType,
      key,
      data.length === 1 ? (data[0] as Uint8Array) : joinOwned(data),
    );
    return whole.ok ? ok([whole.value]) : whole;
  }
  const d = new GcmReplyDecryptor(key);
  for (const p of data) d.push(p);
  return d.finish();
}

export interface HopEncryption {
  /** nonce ‖ ciphertext ‖ tag. */
  readonly ciphertext: Uint8Array;
  /** The same bytes in parts (see `encryptPartsWithHopKey`). */
  readonly parts: readonly Uint8Array[];
  /** Symmetric key, kept by the client to decrypt the destination's reply. */
  readonly key: Uint8Array;
  /** Ephemeral X25519 public key the hop needs (sent as `ephemeral_key` hex one layer out). */
  readonly ephemeralPublic: Uint8Array;
}

/**
 * Client side: encrypt for a node with a fresh ephemeral key pair. Randomness is drawn as
 * 32 bytes of ephemeral secret, then the nonce (the order tests rely on).
 */
export function encryptForNode(
  encType: EncType,
  nodePublic: Uint8Array,
  plaintext: Uint8Array | readonly Uint8Array[],
  random: RandomBytes,
): HopEncryption {
  const ephemeralSecret = takeRandom(random, 32);
  // Computed once: it is sent in the layer's JSON and (for XChaCha20) hashed into the key.
  const ephemeralPublic = x25519PublicFromSecret(ephemeralSecret);
  const key = clientHopKey(encType, ephemeralSecret, nodePublic, () => ephemeralPublic);
  if (!key.ok) throw new Error(`cannot encrypt for node: ${key.error.message}`);
  const parts = encryptPartsWithHopKey(encType, key.value, plaintext, random);
  let joined: Uint8Array | undefined;
  return {
    // Joined only if asked for: the onion builder passes the parts on instead.
    get ciphertext(): Uint8Array {
      joined ??= joinOwned(parts);
      return joined;
    },
    parts,
    key: key.value,
    ephemeralPublic,
  };
}

/** Node side: decrypt a layer; returns the key too, to encrypt the reply with. */
export function decryptAtNode(
  encType: EncType,
  nodeSecret: Uint8Array,
  ephemeralPublic: Uint8Array,
  ciphertext: Uint8Array,
): Result<{ plaintext: Uint8Array; key: Uint8Array }, HopCryptoError> {
  const key = deriveNodeHopKey(encType, nodeSecret, ephemeralPublic);
  if (!key.ok) return key;
  const pt = decryptWithHopKey(encType, key.value, ciphertext);
  if (!pt.ok) return pt;
  return ok({ plaintext: pt.value, key: key.value });
}

/**
 * Standard Ed25519 → X25519 public-key conversion: HTTP servers (file server) publish an
 * Ed25519 key whose conversion is the onion destination key (vector file_server_ed25519_to_x25519).
 */
export function x25519FromEd25519Public(ed25519Public: Uint8Array): Uint8Array {
  return sodium().crypto_sign_ed25519_pk_to_curve25519(ed25519Public);
}
