/**
 * Member authentication on the group swarm: sub-accounts (sync-groups-communities.md §3.3;
 * libsession-util `src/config/groups/keys.cpp` `subaccount_blind_factor`,
 * `swarm_make_subaccount`, `swarm_subaccount_token`, `swarm_subaccount_sign`,
 * `swarm_verify_subaccount` @ 8762e9d; session-storage-server `oxenss/common/subaccount_token.h`).
 *
 * - k  = reduce(BLAKE2b-512(0x05 ‖ X ‖ 0x03 ‖ C, key = seed_hash("SessionGroupSubaccountMask")))
 *   where X is the member's X25519 key (from the Session ID) and C the group's Ed25519 key;
 * - T  = the member's Ed25519 key with the sign bit cleared (admin side: the XEd25519 map of X,
 *   which gives the same point); kT = k·T (no clamping);
 * - auth data (100 bytes, what the invite carries) = 0x03 ‖ flags ‖ 0 ‖ 0 ‖ k ‖ sig, where sig is
 *   the group key's Ed25519 signature of 0x03 ‖ flags ‖ 0 ‖ 0 ‖ kT;
 * - token (36 bytes, what the storage server sees) = 0x03 ‖ flags ‖ 0 ‖ 0 ‖ kT;
 * - the member signs a request with the scalar k·t (t = ±the member's X25519 scalar, negated
 *   when the member's Ed25519 key had its sign bit set), with a deterministic nonce
 *   r = reduce(BLAKE2b-512(BLAKE2b-256(seed, key "SubaccountSeed") ‖ kT ‖ M, key "SubaccountSig"))
 *   and the standard Ed25519 challenge, so the signature verifies as plain Ed25519 under kT.
 * Flags: READ 1, WRITE 2, DEL 4, ANY_PREFIX 8; libsession always sets READ, WRITE by default.
 */
import { concatBytes, utf8 } from '../../crypto/bytes';
import { x25519ToEd25519Positive } from '../../crypto/blinding';
import type { Ed25519SecretKey, SessionId } from '../../crypto/keys';
import { ed25519SecretKeyToX25519 } from '../../crypto/keys';
import { sessionIdToX25519PublicKey } from '../../crypto/session-id';
import { sodium } from '../../crypto/sodium';
import type { GroupId, GroupKeyPair } from './identity';
import { groupPublicKey, seedHash } from './identity';

export const SubaccountFlag = { Read: 1, Write: 2, Delete: 4, AnyPrefix: 8 } as const;
export const AUTH_DATA_BYTES = 100;
export const SUBACCOUNT_TOKEN_BYTES = 36;
const NETWORK_PREFIX = 0x03;

/** What a request carries when a member signs it (binary; base64 them for JSON). */
export interface SubaccountSignature {
  readonly subaccount: Uint8Array;
  readonly subaccountSig: Uint8Array;
  readonly signature: Uint8Array;
}

function flagsOf(write: boolean, del: boolean): number {
  return SubaccountFlag.Read | (write ? SubaccountFlag.Write : 0) | (del ? SubaccountFlag.Delete : 0);
}

/** `subaccount_blind_factor`. */
export function subaccountBlindFactor(group: GroupKeyPair, memberX25519: Uint8Array): Uint8Array {
  const s = sodium();
  const mask = seedHash(group.seed, 'SessionGroupSubaccountMask');
  const h = s.crypto_generichash(
    64,
    concatBytes(Uint8Array.of(0x05), memberX25519, Uint8Array.of(0x03), group.publicKey),
    mask,
  );
  return s.crypto_core_ed25519_scalar_reduce(h);
}

function blindedMemberKey(group: GroupKeyPair, member: SessionId): { k: Uint8Array; kT: Uint8Array } {
  const X = sessionIdToX25519PublicKey(member);
  const k = subaccountBlindFactor(group, X);
  const T = x25519ToEd25519Positive(X);
  // Throws for the few X25519 keys with no usable Ed25519 point (libsession throws too).
  const kT = sodium().crypto_scalarmult_ed25519_noclamp(k, T);
  return { k, kT };
}

/** `swarm_make_subaccount`: the 100-byte member auth data an admin puts in an invitation. */
export function makeMemberAuthData(
  group: GroupKeyPair,
  member: SessionId,
  opts: { write?: boolean; del?: boolean } = {},
): Uint8Array {
  const { k, kT } = blindedMemberKey(group, member);
  const head = Uint8Array.of(NETWORK_PREFIX, flagsOf(opts.write ?? true, opts.del ?? false), 0, 0);
  const sig = sodium().crypto_sign_detached(concatBytes(head, kT), group.secretKey);
  return concatBytes(head, k, sig);
}

/** `swarm_subaccount_token`: the 36-byte token an admin revokes (`revoke_subaccount`). */
export function subaccountToken(
  group: GroupKeyPair,
  member: SessionId,
  opts: { write?: boolean; del?: boolean } = {},
): Uint8Array {
  const { kT } = blindedMemberKey(group, member);
  return concatBytes(Uint8Array.of(NETWORK_PREFIX, flagsOf(opts.write ?? true, opts.del ?? false), 0, 0), kT);
}

/** T = |S| and whether S had to be negated. */
function positiveEdKey(userSk: Ed25519SecretKey): { T: Uint8Array; negated: boolean } {
  const T = Uint8Array.from(userSk.subarray(32, 64));
  const negated = ((T[31] ?? 0) & 0x80) !== 0;
  T[31] = (T[31] ?? 0) & 0x7f;
  return { T, negated };
}

/**
 * `swarm_subaccount_sign`: signs `message` (the storage request's signed string) as a member.
 * Throws on auth data of the wrong size (a programming error: it was checked when stored).
 */
export function subaccountSign(
  message: Uint8Array | string,
  authData: Uint8Array,
  userSk: Ed25519SecretKey,
): SubaccountSignature {
  if (authData.length !== AUTH_DATA_BYTES) throw new RangeError('member auth data must be 100 bytes');
  const s = sodium();
  const msg = typeof message === 'string' ? utf8(message) : message;
  const k = authData.subarray(4, 36);
  const { T, negated } = positiveEdKey(userSk);
  const kT = s.crypto_scalarmult_ed25519_noclamp(k, T);
  const subaccount = concatBytes(authData.subarray(0, 4), kT);
  const subaccountSig = Uint8Array.from(authData.subarray(36));

  const x = ed25519SecretKeyToX25519(userSk);
  const t = negated ? s.crypto_core_ed25519_scalar_negate(x) : x;
  const kt = s.crypto_core_ed25519_scalar_mul(k, t);

  const hseed = s.crypto_generichash(32, userSk.subarray(0, 32), utf8('SubaccountSeed'));
  const r = s.crypto_core_ed25519_scalar_reduce(
    s.crypto_generichash(64, concatBytes(hseed, kT, msg), utf8('SubaccountSig')),
  );
  const R = s.crypto_scalarmult_ed25519_base_noclamp(r);
  const hram = s.crypto_core_ed25519_scalar_reduce(s.crypto_hash_sha512(concatBytes(R, kT, msg)));
  const S = s.crypto_core_ed25519_scalar_add(s.crypto_core_ed25519_scalar_mul(hram, kt), r);
  return { subaccount, subaccountSig, signature: concatBytes(R, S) };
}

/**
 * `swarm_verify_subaccount`: does this auth data (from an invitation) really come from the
 * group's key, for us, with the access asked for? Never throws on hostile bytes.
 */
export function verifyMemberAuthData(
  groupId: GroupId,
  userSk: Ed25519SecretKey,
  authData: Uint8Array,
  need: { write?: boolean; del?: boolean } = {},
): boolean {
  if (authData.length !== AUTH_DATA_BYTES) return false;
  const prefix = authData[0];
  const flags = authData[1] ?? 0;
  if (prefix !== NETWORK_PREFIX && (flags & SubaccountFlag.AnyPrefix) === 0) return false;
  if ((flags & SubaccountFlag.Read) === 0) return false;
  if (need.write === true && (flags & SubaccountFlag.Write) === 0) return false;
  if (need.del === true && (flags & SubaccountFlag.Delete) === 0) return false;
  const s = sodium();
  try {
    const { T } = positiveEdKey(userSk);
    const kT = s.crypto_scalarmult_ed25519_noclamp(authData.subarray(4, 36), T);
    return s.crypto_sign_verify_detached(
      authData.subarray(36),
      concatBytes(authData.subarray(0, 4), kT),
      groupPublicKey(groupId),
    );
  } catch {
    return false;
  }
}
