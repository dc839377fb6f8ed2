/**
 * 1-to-1 message encryption, "sign then seal" (identity-and-messages.md §4.3–§4.4).
 *
 * Sources: libsession-util `src/session_encrypt.cpp` (`sign_for_recipient`,
 * `encrypt_for_recipient`, `encrypt_for_recipient_deterministic`, `decrypt_incoming`,
 * `decrypt_incoming_session_id`) @ 8762e9d; legacy session-desktop
 * `ts/session/crypto/MessageEncrypter.ts` @ cb8d9a7aa~1.
 *
 *   signed data  = P ‖ A ‖ Y          (P plaintext, A sender Ed25519 pk, Y recipient X25519 pk)
 *   inner blob I = P ‖ A ‖ Ed25519-sig(signed data)
 *   ciphertext   = crypto_box_seal(I, Y)              (|C| = |P| + 144)
 *
 * The `encryptForRecipient*` functions encrypt their input as is, like libsession's functions of
 * the same name: give them already-padded bytes, or use {@link encryptContentForRecipient}, which
 * pads a serialized `Content` first (§4.2) — that is what goes on the wire.
 */
import { concatBytes, toHex, utf8 } from './bytes';
import {
  ed25519PublicKeyOf,
  ed25519PublicKeyToX25519,
  ed25519SecretKeyToX25519,
  ed25519SeedOf,
  sessionIdFromX25519,
  x25519PublicKeyOf,
} from './keys';
import type { Ed25519PublicKey, Ed25519SecretKey, SessionId, X25519PublicKey, X25519SecretKey } from './keys';
import { padMessage, unpadMessage } from './padding';
import { pooledRandomBytes } from './random-pool';
import { sodium } from './sodium';

const SEAL_OVERHEAD = 48; // crypto_box_SEALBYTES: ephemeral pk (32) + Poly1305 tag (16)
const PK_BYTES = 32;
const SIG_BYTES = 64;
/** Smallest ciphertext libsession's `decrypt_incoming` accepts (empty P). */
export const MIN_CIPHERTEXT_BYTES = SEAL_OVERHEAD + PK_BYTES + SIG_BYTES;
/** BLAKE2b key of the deterministic ephemeral key derivation (libsession `session_encrypt.cpp`). */
const BOX_EPHEMERAL_HASH_KEY = utf8('SessionBoxEphemeralHashKey');

/** The inner blob P ‖ A ‖ S that gets sealed (libsession `sign_for_recipient`). */
export function signForRecipient(
  senderEdSk: Ed25519SecretKey,
  recipientX25519Pk: X25519PublicKey,
  plaintext: Uint8Array,
): Uint8Array {
  const senderEdPk = ed25519PublicKeyOf(senderEdSk);
  const signature = sodium().crypto_sign_detached(
    concatBytes(plaintext, senderEdPk, recipientX25519Pk),
    senderEdSk,
  );
  return concatBytes(plaintext, senderEdPk, signature);
}

/** Sign-then-seal with a fresh random ephemeral key (what real sends use). Input is not padded here. */
export function encryptForRecipient(
  senderEdSk: Ed25519SecretKey,
  recipientX25519Pk: X25519PublicKey,
  plaintext: Uint8Array,
): Uint8Array {
  // crypto_box_seal itself, with its ephemeral secret from node:crypto's CSPRNG (pooled): libsodium's
  // own randombytes asks the JS side for a few bytes at a time (dozens of Web Crypto calls per
  // message), which the sender's CPU profile showed as a tenth of a send.
  const ephSecret = pooledRandomBytes(32);
  try {
    return sealWith(signForRecipient(senderEdSk, recipientX25519Pk, plaintext), recipientX25519Pk, ephSecret);
  } finally {
    ephSecret.fill(0);
  }
}

/**
 * A sealed box (libsodium `crypto_box_seal`) under the ephemeral X25519 secret given:
 * eph_pk = X25519(eph_sk, basepoint); nonce = BLAKE2b-192(eph_pk ‖ Y); eph_pk ‖ crypto_box_easy.
 * `crypto_box_keypair` is exactly a random secret and its base-point product.
 */
function sealWith(inner: Uint8Array, recipientX25519Pk: X25519PublicKey, ephSecret: Uint8Array): Uint8Array {
  const na = sodium();
  const ephPublic = na.crypto_scalarmult_base(ephSecret);
  const nonce = na.crypto_generichash(24, concatBytes(ephPublic, recipientX25519Pk), null);
  return concatBytes(ephPublic, na.crypto_box_easy(inner, nonce, recipientX25519Pk, ephSecret));
}

/**
 * Reproducible variant (libsession `encrypt_for_recipient_deterministic`, for tests/vectors):
 * ephemeral key pair = crypto_box_seed_keypair(BLAKE2b-256(key "SessionBoxEphemeralHashKey",
 * ed_seed ‖ Y ‖ P)); nonce = BLAKE2b-192(eph_pk ‖ Y); output eph_pk ‖ crypto_box_easy(I). Same
 * bytes as a sealed box would be with that ephemeral key, so any sealed-box opener reads it.
 */
export function encryptForRecipientDeterministic(
  senderEdSk: Ed25519SecretKey,
  recipientX25519Pk: X25519PublicKey,
  plaintext: Uint8Array,
): Uint8Array {
  const na = sodium();
  const inner = signForRecipient(senderEdSk, recipientX25519Pk, plaintext);
  const ephSeed = na.crypto_generichash(
    32,
    concatBytes(ed25519SeedOf(senderEdSk), recipientX25519Pk, plaintext),
    BOX_EPHEMERAL_HASH_KEY,
  );
  const eph = na.crypto_box_seed_keypair(ephSeed);
  const nonce = na.crypto_generichash(24, concatBytes(eph.publicKey, recipientX25519Pk), null);
  const boxed = na.crypto_box_easy(inner, nonce, recipientX25519Pk, eph.privateKey);
  na.memzero(eph.privateKey);
  na.memzero(ephSeed);
  return concatBytes(eph.publicKey, boxed);
}

/** What goes into an Envelope's `content`: pad (libsession style, §4.2) then sign and seal. */
export function encryptContentForRecipient(
  senderEdSk: Ed25519SecretKey,
  recipientX25519Pk: X25519PublicKey,
  content: Uint8Array,
): Uint8Array {
  return encryptForRecipient(senderEdSk, recipientX25519Pk, padMessage(content));
}

export type DecryptError =
  /** Shorter than 48 + 32 + 64 bytes: cannot even hold an empty signed message. */
  | { readonly kind: 'too-short'; readonly length: number }
  /** The sealed box does not open with our key: meant for someone else, or corrupted. */
  | { readonly kind: 'not-for-us' }
  /** Opened, but the sender's signature over P ‖ A ‖ our X25519 key does not verify. */
  | { readonly kind: 'bad-signature' }
  /** Signature fine but A has no X25519 form, so no Session ID (libsession throws here too). */
  | { readonly kind: 'bad-sender-key' };

export interface DecryptedMessage {
  readonly ok: true;
  /** The only authenticated sender identity for 1-to-1 messages (§4.4 step 5). */
  readonly senderSessionId: SessionId;
  readonly senderEd25519: Ed25519PublicKey;
  /** Content bytes with the padding removed (either style, §4.2). */
  readonly plaintext: Uint8Array;
  /** P exactly as signed by the sender, padding included. */
  readonly paddedPlaintext: Uint8Array;
}

export type DecryptResult = DecryptedMessage | { readonly ok: false; readonly error: DecryptError };

/**
 * Public keys derived per message, kept (issue #15: a catch-up of 1 000 messages did 2 000
 * curve operations whose answers never change). Only public keys: our X25519 public key keyed
 * by our Ed25519 public key (the secret key's last 32 bytes), and each sender's X25519 key keyed
 * by its Ed25519 key. Nothing secret is kept here; a wiped identity is simply never asked again.
 */
const KEY_CACHE_MAX = 1_000;
const ourPublicKeys = new Map<string, X25519PublicKey>();
const senderKeys = new Map<string, X25519PublicKey | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size >= KEY_CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, value);
  return value;
}

function ourX25519PublicKey(ourEdSk: Ed25519SecretKey, xSk: Parameters<typeof x25519PublicKeyOf>[0]) {
  const id = toHex(ourEdSk.subarray(32, 64));
  return ourPublicKeys.get(id) ?? remember(ourPublicKeys, id, x25519PublicKeyOf(xSk));
}

function senderX25519Of(senderEd25519: Ed25519PublicKey): X25519PublicKey | undefined {
  const id = toHex(senderEd25519);
  const known = senderKeys.get(id);
  if (known !== undefined) return known ?? undefined;
  return remember(senderKeys, id, ed25519PublicKeyToX25519(senderEd25519) ?? null) ?? undefined;
}

/**
 * Opens a 1-to-1 ciphertext with our Ed25519 secret key and authenticates the sender
 * (§4.4 steps 1–6). Never throws, whatever the ciphertext bytes: every failure is a result.
 */
export function decryptIncoming(ourEdSk: Ed25519SecretKey, ciphertext: Uint8Array): DecryptResult {
  if (ciphertext.length < MIN_CIPHERTEXT_BYTES) {
    return { ok: false, error: { kind: 'too-short', length: ciphertext.length } };
  }
  const xSk = ed25519SecretKeyToX25519(ourEdSk);
  try {
    return openWith(ourX25519PublicKey(ourEdSk, xSk), xSk, ciphertext);
  } finally {
    sodium().memzero(xSk);
  }
}

/** Our X25519 key pair, as an identity holds it (derived from its Ed25519 key once, when made). */
export interface OpeningKeys {
  readonly x25519PublicKey: X25519PublicKey;
  readonly x25519SecretKey: X25519SecretKey;
}

/**
 * `decryptIncoming` with our X25519 keys already at hand (an `Identity`'s): the Ed25519 → X25519
 * conversion of our secret key (a SHA-512 in libsodium's wasm) was made anew, and wiped, for each
 * message received (issue #15). Same steps, same results.
 */
export function decryptIncomingWith(keys: OpeningKeys, ciphertext: Uint8Array): DecryptResult {
  return openWith(keys.x25519PublicKey, keys.x25519SecretKey, ciphertext);
}

function openWith(xPk: X25519PublicKey, xSk: X25519SecretKey, ciphertext: Uint8Array): DecryptResult {
  if (ciphertext.length < MIN_CIPHERTEXT_BYTES) {
    return { ok: false, error: { kind: 'too-short', length: ciphertext.length } };
  }
  const na = sodium();
  let inner: Uint8Array;
  try {
    // libsodium.js throws on a failed open instead of returning -1.
    inner = na.crypto_box_seal_open(ciphertext, xPk, xSk);
  } catch {
    return { ok: false, error: { kind: 'not-for-us' } };
  }

  const msgLen = inner.length - PK_BYTES - SIG_BYTES;
  const paddedPlaintext = inner.slice(0, msgLen);
  const senderEd25519 = inner.slice(msgLen, msgLen + PK_BYTES) as Ed25519PublicKey;
  const signature = inner.slice(msgLen + PK_BYTES);

  let verified = false;
  try {
    verified = na.crypto_sign_verify_detached(
      signature,
      concatBytes(paddedPlaintext, senderEd25519, xPk),
      senderEd25519,
    );
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, error: { kind: 'bad-signature' } };

  const senderX25519 = senderX25519Of(senderEd25519);
  if (senderX25519 === undefined) return { ok: false, error: { kind: 'bad-sender-key' } };

  return {
    ok: true,
    senderSessionId: sessionIdFromX25519(senderX25519),
    senderEd25519,
    plaintext: unpadMessage(paddedPlaintext),
    paddedPlaintext,
  };
}
