/**
 * Account keys: seed → Ed25519 → X25519 → Session ID.
 *
 * Protocol facts (../shared/protocol/identity-and-messages.md §1.1): session-desktop
 * `ts/util/accountManager.ts`, session-android `auth/LoggedInState.kt` (seed16 ‖ 16 zero bytes),
 * libsession-util `tests/test_session_encrypt.cpp` (known keys for padded 16-byte seeds).
 *
 * Every function here is synchronous and needs libsodium loaded: await `sodiumReady()` once at
 * start-up (see ./sodium).
 */
import type { Brand } from './brand';
import { toHex } from './bytes';
import { sodium } from './sodium';

export type Seed16 = Brand<Uint8Array, 'Seed16'>;
export type Ed25519Seed = Brand<Uint8Array, 'Ed25519Seed'>;
export type Ed25519PublicKey = Brand<Uint8Array, 'Ed25519PublicKey'>;
/** libsodium layout: 32-byte seed ‖ 32-byte public key. */
export type Ed25519SecretKey = Brand<Uint8Array, 'Ed25519SecretKey'>;
export type X25519PublicKey = Brand<Uint8Array, 'X25519PublicKey'>;
export type X25519SecretKey = Brand<Uint8Array, 'X25519SecretKey'>;
/** `05` + 64 lowercase hex characters of the X25519 public key (66 characters). */
export type SessionId = Brand<string, 'SessionId'>;

export const SEED16_BYTES = 16;
export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SECRET_KEY_BYTES = 64;
export const X25519_KEY_BYTES = 32;
/** Prefix byte of a standard (X25519-based) Session ID, §1.2. */
export const SESSION_ID_PREFIX = '05';

export interface Identity {
  readonly ed25519PublicKey: Ed25519PublicKey;
  readonly ed25519SecretKey: Ed25519SecretKey;
  readonly x25519PublicKey: X25519PublicKey;
  readonly x25519SecretKey: X25519SecretKey;
  readonly sessionId: SessionId;
}

function expectLength(name: string, bytes: Uint8Array, length: number): void {
  // These are programming errors (wrong buffer passed), not user input: throwing is right here.
  if (bytes.length !== length) throw new RangeError(`${name}: expected ${length} bytes, got ${bytes.length}`);
}

export function asSeed16(bytes: Uint8Array): Seed16 {
  expectLength('Seed16', bytes, SEED16_BYTES);
  return bytes as Seed16;
}
export function asEd25519Seed(bytes: Uint8Array): Ed25519Seed {
  expectLength('Ed25519Seed', bytes, ED25519_SEED_BYTES);
  return bytes as Ed25519Seed;
}
export function asEd25519PublicKey(bytes: Uint8Array): Ed25519PublicKey {
  expectLength('Ed25519PublicKey', bytes, ED25519_PUBLIC_KEY_BYTES);
  return bytes as Ed25519PublicKey;
}
export function asEd25519SecretKey(bytes: Uint8Array): Ed25519SecretKey {
  expectLength('Ed25519SecretKey', bytes, ED25519_SECRET_KEY_BYTES);
  return bytes as Ed25519SecretKey;
}
export function asX25519PublicKey(bytes: Uint8Array): X25519PublicKey {
  expectLength('X25519PublicKey', bytes, X25519_KEY_BYTES);
  return bytes as X25519PublicKey;
}
export function asX25519SecretKey(bytes: Uint8Array): X25519SecretKey {
  expectLength('X25519SecretKey', bytes, X25519_KEY_BYTES);
  return bytes as X25519SecretKey;
}

/** 16 random bytes from libsodium's CSPRNG (`randombytes_buf(16)`), the whole secret of an account. */
export function generateSeed16(): Seed16 {
  return sodium().randombytes_buf(SEED16_BYTES) as Seed16;
}

/**
 * A 16-byte seed becomes seed ‖ 16 × 0x00 (what Desktop/Android/iOS do); a 32-byte seed (very old
 * 25-word accounts) is used as is. Any other length is a programming error.
 */
export function seed16ToEd25519Seed(seed: Uint8Array): Ed25519Seed {
  if (seed.length === ED25519_SEED_BYTES) return Uint8Array.from(seed) as Ed25519Seed;
  expectLength('seed', seed, SEED16_BYTES);
  const out = new Uint8Array(ED25519_SEED_BYTES);
  out.set(seed, 0);
  return out as Ed25519Seed;
}

export function ed25519KeyPairFromSeed(seed: Ed25519Seed): {
  publicKey: Ed25519PublicKey;
  secretKey: Ed25519SecretKey;
} {
  const kp = sodium().crypto_sign_seed_keypair(seed);
  return { publicKey: kp.publicKey as Ed25519PublicKey, secretKey: kp.privateKey as Ed25519SecretKey };
}

/** The Ed25519 public key embedded in a libsodium 64-byte secret key (its last 32 bytes). */
export function ed25519PublicKeyOf(sk: Ed25519SecretKey): Ed25519PublicKey {
  return sk.slice(32, 64) as Ed25519PublicKey;
}

/** The 32-byte seed embedded in a libsodium 64-byte secret key (its first 32 bytes). */
export function ed25519SeedOf(sk: Ed25519SecretKey): Ed25519Seed {
  return sk.slice(0, 32) as Ed25519Seed;
}

/**
 * `crypto_sign_ed25519_pk_to_curve25519`. Returns undefined for bytes that are not a valid
 * Ed25519 point (libsodium refuses them), so that callers handling foreign keys need not catch.
 */
export function ed25519PublicKeyToX25519(pk: Uint8Array): X25519PublicKey | undefined {
  if (pk.length !== ED25519_PUBLIC_KEY_BYTES) return undefined;
  try {
    return sodium().crypto_sign_ed25519_pk_to_curve25519(pk) as X25519PublicKey;
  } catch {
    return undefined;
  }
}

/** `crypto_sign_ed25519_sk_to_curve25519`: SHA-512 of the seed, first 32 bytes, clamped. */
export function ed25519SecretKeyToX25519(sk: Ed25519SecretKey): X25519SecretKey {
  return sodium().crypto_sign_ed25519_sk_to_curve25519(sk) as X25519SecretKey;
}

/** `crypto_scalarmult_base`: the X25519 public key of an X25519 secret key. */
export function x25519PublicKeyOf(sk: X25519SecretKey): X25519PublicKey {
  return sodium().crypto_scalarmult_base(sk) as X25519PublicKey;
}

/** Session ID = "05" ‖ hex(X25519 public key), lowercase. */
export function sessionIdFromX25519(pk: X25519PublicKey): SessionId {
  return (SESSION_ID_PREFIX + toHex(pk)) as SessionId;
}

/** Full identity from a 16-byte (or legacy 32-byte) seed, §1.1 steps 3–7. */
export function identityFromSeed(seed: Uint8Array): Identity {
  const { publicKey, secretKey } = ed25519KeyPairFromSeed(seed16ToEd25519Seed(seed));
  return identityFromEd25519SecretKey(secretKey, publicKey);
}

/** Same as {@link identityFromSeed} when only the stored 64-byte Ed25519 secret key is at hand. */
export function identityFromEd25519SecretKey(
  secretKey: Ed25519SecretKey,
  publicKey: Ed25519PublicKey = ed25519PublicKeyOf(secretKey),
): Identity {
  const x25519PublicKey = ed25519PublicKeyToX25519(publicKey);
  // Our own public key always comes from crypto_sign_seed_keypair, hence is a valid point.
  if (x25519PublicKey === undefined) throw new Error('Ed25519 public key is not a valid point');
  return {
    ed25519PublicKey: publicKey,
    ed25519SecretKey: secretKey,
    x25519PublicKey,
    x25519SecretKey: ed25519SecretKeyToX25519(secretKey),
    sessionId: sessionIdFromX25519(x25519PublicKey),
  };
}
