/**
 * Community (SOGS) blinded IDs and blinded signatures: `15` (legacy) and `25` (current) blinding,
 * and the `07` version-check key.
 *
 * Facts from libsession-util `src/blinding.cpp` (blind15_factor, blind25_factor, blind15_id,
 * blind25_id, blinded15/25_id_from_ed, blind15/25_key_pair, blind15/25_sign,
 * blind_version_key_pair, blind_version_sign_request, session_id_matches_blinded_id) and
 * `src/xed25519.cpp` (X25519 → Ed25519 public key); see also
 * ../shared/protocol/sync-groups-communities.md §4.4 and identity-and-messages.md §1.2.
 *
 * Everything is synchronous (await `sodiumReady()` once). Functions that take keys or IDs from
 * other people return `undefined`/`false` instead of throwing when the bytes are not usable.
 */
import type { Brand } from './brand';
import { concatBytes, fromHex, isHex, toHex, utf8 } from './bytes';
import type { Ed25519PublicKey, Ed25519SecretKey, SessionId } from './keys';
import { asEd25519Seed, ed25519KeyPairFromSeed, ed25519PublicKeyOf, ed25519PublicKeyToX25519 } from './keys';
import { isSessionId } from './session-id';
import { sodium } from './sodium';

/** A community server's 32-byte public key (the `public_key=` of the join URL). */
export type ServerPublicKey = Brand<Uint8Array, 'ServerPublicKey'>;
/** A blinded Ed25519 public key (`kA`), the 32 bytes after the `15`/`25` prefix. */
export type BlindedPublicKey = Brand<Uint8Array, 'BlindedPublicKey'>;
/** The blinded private scalar (`ka`); signs like an Ed25519 key whose public key is `kA`. */
export type BlindedSecretScalar = Brand<Uint8Array, 'BlindedSecretScalar'>;
/** `15` + 64 lowercase hex characters. */
export type Blinded15Id = Brand<string, 'Blinded15Id'>;
/** `25` + 64 lowercase hex characters. */
export type Blinded25Id = Brand<string, 'Blinded25Id'>;
/** `07` + 64 lowercase hex characters: the version-check key (file server `X-FS-Pubkey`). */
export type VersionBlindedId = Brand<string, 'VersionBlindedId'>;

export interface BlindedKeyPair {
  readonly publicKey: BlindedPublicKey;
  readonly secretScalar: BlindedSecretScalar;
}

export const BLINDED15_PREFIX = '15';
export const BLINDED25_PREFIX = '25';
export const VERSION_BLINDED_PREFIX = '07';
const SERVER_PK_BYTES = 32;

const BLIND25_SEED_HASH_KEY = utf8('SessCommBlind25_seed');
const BLIND25_SIG_HASH_KEY = utf8('SessCommBlind25_sig');
const VERSION_HASH_KEY = utf8('VersionCheckKey_sig');

export function asServerPublicKey(bytes: Uint8Array): ServerPublicKey {
  if (bytes.length !== SERVER_PK_BYTES) throw new RangeError(`server public key: expected 32 bytes`);
  return bytes as ServerPublicKey;
}

/** A 64-hex server key from a join URL, or undefined. */
export function parseServerPublicKey(hex: string): ServerPublicKey | undefined {
  return hex.length === 64 && isHex(hex) ? (fromHex(hex.toLowerCase()) as ServerPublicKey) : undefined;
}

/** Guards for blinded IDs received from a server (any case accepted, canonical is lowercase). */
export function isBlinded15Id(s: string): s is Blinded15Id {
  return /^15[0-9a-f]{64}$/.test(s);
}
export function isBlinded25Id(s: string): s is Blinded25Id {
  return /^25[0-9a-f]{64}$/.test(s);
}

// ---- field arithmetic for the X25519 → Ed25519 map (xed25519.cpp `pubkey`) ----

const P = (1n << 255n) - 19n;

function modPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % P;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

/**
 * The Ed25519 public key with the positive sign (top bit clear) whose Montgomery form is this
 * X25519 key: y = (u − 1) / (u + 1) mod p. The top input bit is ignored, as libsodium's
 * fe25519_frombytes does; a zero denominator inverts to zero, as in libsodium.
 */
export function x25519ToEd25519Positive(x25519: Uint8Array): Ed25519PublicKey {
  let u = 0n;
  for (let i = 31; i >= 0; i--) u = (u << 8n) | BigInt(x25519[i] ?? 0);
  u &= (1n << 255n) - 1n;
  const y = (((u - 1n + P) % P) * modPow((u + 1n) % P, P - 2n)) % P;
  const out = new Uint8Array(32);
  let t = y;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out as Ed25519PublicKey;
}

// ---- blinding factors ----

/** k = reduce(BLAKE2b-512(server_pk)) (blinding.cpp `blind15_factor`). */
export function blind15Factor(serverPk: ServerPublicKey): Uint8Array {
  const s = sodium();
  return s.crypto_core_ed25519_scalar_reduce(s.crypto_generichash(64, serverPk, null));
}

/** k = reduce(BLAKE2b-512(0x05 ‖ X25519 pk ‖ server_pk)) (blinding.cpp `blind25_factor`). */
export function blind25Factor(x25519Pk: Uint8Array, serverPk: ServerPublicKey): Uint8Array {
  const s = sodium();
  const h = s.crypto_generichash(64, concatBytes(Uint8Array.of(0x05), x25519Pk, serverPk), null);
  return s.crypto_core_ed25519_scalar_reduce(h);
}

/** k·P without clamping; undefined when libsodium refuses the point (not on the main subgroup). */
function mulPoint(k: Uint8Array, point: Uint8Array): BlindedPublicKey | undefined {
  try {
    return sodium().crypto_scalarmult_ed25519_noclamp(k, point) as BlindedPublicKey;
  } catch {
    return undefined;
  }
}

function flipSign(pk: Uint8Array): Uint8Array {
  const out = Uint8Array.from(pk);
  out[31] = (out[31] ?? 0) ^ 0x80;
  return out;
}

// ---- IDs from a Session ID (what other people can compute about us) ----

/**
 * Both candidate 15-blinded IDs of a Session ID: the one from the positive Ed25519 key first, then
 * the same with the sign bit flipped (a Session ID does not tell the sign of its Ed25519 key).
 * Undefined for a key that is not a usable curve point.
 */
export function blind15Ids(
  sessionId: SessionId,
  serverPk: ServerPublicKey,
): readonly [Blinded15Id, Blinded15Id] | undefined {
  const edPk = x25519ToEd25519Positive(fromHex(sessionId.slice(2)));
  const kA = mulPoint(blind15Factor(serverPk), edPk);
  if (!kA) return undefined;
  return [
    (BLINDED15_PREFIX + toHex(kA)) as Blinded15Id,
    (BLINDED15_PREFIX + toHex(flipSign(kA))) as Blinded15Id,
  ];
}

/** The 25-blinded ID of a Session ID (unique: 25 blinding always uses the positive key). */
export function blind25Id(sessionId: SessionId, serverPk: ServerPublicKey): Blinded25Id | undefined {
  const x = fromHex(sessionId.slice(2));
  const kA = mulPoint(blind25Factor(x, serverPk), x25519ToEd25519Positive(x));
  return kA && ((BLINDED25_PREFIX + toHex(kA)) as Blinded25Id);
}

/** The exact 15-blinded ID of someone whose Ed25519 key is known (blinding.cpp `blinded15_id_from_ed`). */
export function blinded15IdFromEd25519(edPk: Uint8Array, serverPk: ServerPublicKey): Blinded15Id | undefined {
  if (edPk.length !== 32) return undefined;
  const kA = mulPoint(blind15Factor(serverPk), edPk);
  return kA && ((BLINDED15_PREFIX + toHex(kA)) as Blinded15Id);
}

/** The 25-blinded ID of someone whose Ed25519 key is known (blinding.cpp `blinded25_id_from_ed`). */
export function blinded25IdFromEd25519(edPk: Uint8Array, serverPk: ServerPublicKey): Blinded25Id | undefined {
  if (edPk.length !== 32) return undefined;
  const x = ed25519PublicKeyToX25519(edPk);
  if (!x) return undefined;
  const positive = Uint8Array.from(edPk);
  positive[31] = (positive[31] ?? 0) & 0x7f;
  const kA = mulPoint(blind25Factor(x, serverPk), positive);
  return kA && ((BLINDED25_PREFIX + toHex(kA)) as Blinded25Id);
}

/**
 * Whether a 15- or 25-blinded ID belongs to this Session ID on this server (both signs tried for
 * 15). Any malformed argument gives false: blinded IDs come from servers we do not trust.
 */
export function sessionIdMatchesBlindedId(
  sessionId: string,
  blindedId: string,
  serverPk: Uint8Array,
): boolean {
  if (!isSessionId(sessionId) || serverPk.length !== SERVER_PK_BYTES) return false;
  const id = blindedId.toLowerCase();
  const server = serverPk as ServerPublicKey;
  if (isBlinded15Id(id)) return blind15Ids(sessionId, server)?.includes(id) ?? false;
  if (isBlinded25Id(id)) return blind25Id(sessionId, server) === id;
  return false;
}

// ---- our own blinded key pairs and signatures ----

function scalarOf(sk: Ed25519SecretKey): Uint8Array {
  // crypto_sign_ed25519_sk_to_curve25519 gives the clamped SHA-512(seed)[0..32], i.e. `a`.
  return sodium().crypto_sign_ed25519_sk_to_curve25519(sk);
}

/** ka = k·a, kA = ka·G (blinding.cpp `blind15_key_pair`). */
export function blind15KeyPair(sk: Ed25519SecretKey, serverPk: ServerPublicKey): BlindedKeyPair {
  const s = sodium();
  const ka = s.crypto_core_ed25519_scalar_mul(blind15Factor(serverPk), scalarOf(sk));
  return {
    publicKey: s.crypto_scalarmult_ed25519_base_noclamp(ka) as BlindedPublicKey,
    secretScalar: ka as BlindedSecretScalar,
  };
}

/**
 * 25 key pair: k is negated when our Ed25519 key is negative so that kA = k·|A|, matching what
 * others compute from our Session ID (blinding.cpp `blind25_key_pair`).
 */
export function blind25KeyPair(sk: Ed25519SecretKey, serverPk: ServerPublicKey): BlindedKeyPair {
  const s = sodium();
  const pk = ed25519PublicKeyOf(sk);
  const x = ed25519PublicKeyToX25519(pk);
  // Our own key comes from crypto_sign_seed_keypair, hence always converts.
  if (!x) throw new Error('Ed25519 public key is not a valid point');
  let k = blind25Factor(x, serverPk);
  if ((pk[31] ?? 0) & 0x80) k = s.crypto_core_ed25519_scalar_negate(k);
  const ka = s.crypto_core_ed25519_scalar_mul(k, scalarOf(sk));
  return {
    publicKey: s.crypto_scalarmult_ed25519_base_noclamp(ka) as BlindedPublicKey,
    secretScalar: ka as BlindedSecretScalar,
  };
}

export function blinded15IdOf(pair: BlindedKeyPair): Blinded15Id {
  return (BLINDED15_PREFIX + toHex(pair.publicKey)) as Blinded15Id;
}
export function blinded25IdOf(pair: BlindedKeyPair): Blinded25Id {
  return (BLINDED25_PREFIX + toHex(pair.publicKey)) as Blinded25Id;
}

/** R = r·G, S = r + reduce(SHA-512(R ‖ kA ‖ M))·ka: an Ed25519 signature under kA. */
function signWithNonce(r: Uint8Array, pair: BlindedKeyPair, message: Uint8Array): Uint8Array {
  const s = sodium();
  const R = s.crypto_scalarmult_ed25519_base_noclamp(r);
  const hram = s.crypto_core_ed25519_scalar_reduce(
    s.crypto_hash_sha512(concatBytes(R, pair.publicKey, message)),
  );
  const S = s.crypto_core_ed25519_scalar_add(s.crypto_core_ed25519_scalar_mul(hram, pair.secretScalar), r);
  return concatBytes(R, S);
}

/**
 * 15-blinded signature (blinding.cpp `blind15_sign`): r = reduce(SHA-512(SHA-512(sk64)[32..64] ‖
 * kA ‖ M)). libsession hashes the full 64-byte secret key (Desktop's `sogsBlinding.ts` hashes
 * only the seed: also valid, other bytes); we follow libsession so the vectors match.
 */
export function blind15Sign(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  message: Uint8Array,
  /** `blind15KeyPair(sk, serverPk)` when the caller has it already (a scalar multiplication less). */
  pair: BlindedKeyPair = blind15KeyPair(sk, serverPk),
): Uint8Array {
  const s = sodium();
  const hrh = s.crypto_hash_sha512(sk).subarray(32);
  const r = s.crypto_core_ed25519_scalar_reduce(
    s.crypto_hash_sha512(concatBytes(hrh, pair.publicKey, message)),
  );
  return signWithNonce(r, pair, message);
}

/**
 * 25-blinded signature (blinding.cpp `blind25_sign`): r = reduce(BLAKE2b-512 keyed
 * "SessCommBlind25_sig" of (BLAKE2b-256 keyed "SessCommBlind25_seed" of the seed) ‖ kA ‖ M).
 */
export function blind25Sign(
  sk: Ed25519SecretKey,
  serverPk: ServerPublicKey,
  message: Uint8Array,
): Uint8Array {
  const s = sodium();
  const pair = blind25KeyPair(sk, serverPk);
  const seedHash = s.crypto_generichash(32, sk.subarray(0, 32), BLIND25_SEED_HASH_KEY);
  const rHash = s.crypto_generichash(
    64,
    concatBytes(seedHash, pair.publicKey, message),
    BLIND25_SIG_HASH_KEY,
  );
  return signWithNonce(s.crypto_core_ed25519_scalar_reduce(rHash), pair, message);
}

/**
 * Verifies a blinded (or plain `00`) signature: blinded signatures are ordinary Ed25519 signatures
 * under kA. Never throws; the key may be any 32 bytes from the network.
 */
export function verifyBlindedSignature(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

// ---- 07 version-check key ----

/**
 * The `07` key pair: seed' = BLAKE2b-256(seed, key "VersionCheckKey_sig"), then an ordinary
 * Ed25519 key pair from seed' (blinding.cpp `blind_version_key_pair`).
 */
export function versionBlindKeyPair(sk: Ed25519SecretKey): {
  publicKey: Ed25519PublicKey;
  secretKey: Ed25519SecretKey;
  id: VersionBlindedId;
} {
  const seed = sodium().crypto_generichash(32, sk.subarray(0, 32), VERSION_HASH_KEY);
  const kp = ed25519KeyPairFromSeed(asEd25519Seed(seed));
  return { ...kp, id: (VERSION_BLINDED_PREFIX + toHex(kp.publicKey)) as VersionBlindedId };
}

/**
 * `X-FS-Signature` for a file-server request signed with the 07 key: Ed25519 over
 * ascii(timestamp) ‖ METHOD ‖ path ‖ body (blinding.cpp `blind_version_sign_request`).
 */
export function versionSignRequest(
  sk: Ed25519SecretKey,
  timestampSeconds: number,
  method: string,
  path: string,
  body?: Uint8Array,
): Uint8Array {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new RangeError('timestamp must be whole seconds');
  const { secretKey } = versionBlindKeyPair(sk);
  const msg = concatBytes(utf8(String(timestampSeconds)), utf8(method), utf8(path), body ?? new Uint8Array());
  return sodium().crypto_sign_detached(msg, secretKey);
}
