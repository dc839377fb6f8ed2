/**
 * A group (v2) is an Ed25519 key pair; its ID is `03` ‖ hex(Ed25519 public key)
 * (sync-groups-communities.md §3.3 "Identity"; libsession-util `include/session/config/groups/
 * keys.hpp`, `tests/test_group_keys.cpp:834` @ 8762e9d). Admins hold the 32-byte seed.
 *
 * `seedHash` is libsession's `ConfigSig::seed_hash` (`src/config/base.cpp`): a 32-byte BLAKE2b of
 * the seed (never the 64-byte secret key) keyed with an ASCII label. Every admin-only secret of
 * the group (the admin key of Keys messages, the key-generation seed, the sub-account mask) is
 * one of these, so any admin derives the same values.
 */
import type { Brand } from '../../crypto/brand';
import { fromHex, toHex, utf8 } from '../../crypto/bytes';
import type { Ed25519PublicKey, Ed25519SecretKey, Ed25519Seed } from '../../crypto/keys';
import { asEd25519Seed, ed25519KeyPairFromSeed } from '../../crypto/keys';
import { sodium } from '../../crypto/sodium';

/** `03` + 64 lowercase hex characters. */
export type GroupId = Brand<string, 'GroupId'>;

export const GROUP_ID_PREFIX = '03';
const GROUP_ID_RE = /^03[0-9a-f]{64}$/;

export interface GroupKeyPair {
  readonly seed: Ed25519Seed;
  readonly publicKey: Ed25519PublicKey;
  /** libsodium layout: seed ‖ public key. */
  readonly secretKey: Ed25519SecretKey;
  readonly groupId: GroupId;
}

export function isGroupId(s: unknown): s is GroupId {
  return typeof s === 'string' && GROUP_ID_RE.test(s);
}

/** User input (pasted ID): surrounding spaces ignored, upper-case hex accepted. */
export function parseGroupId(text: string): GroupId | undefined {
  const t = text.trim().toLowerCase();
  return isGroupId(t) ? t : undefined;
}

export function groupIdOf(publicKey: Uint8Array): GroupId {
  if (publicKey.length !== 32) throw new RangeError('group public key: expected 32 bytes');
  return `${GROUP_ID_PREFIX}${toHex(publicKey)}` as GroupId;
}

/** The group's Ed25519 public key (the 32 bytes after `03`). */
export function groupPublicKey(id: GroupId): Ed25519PublicKey {
  return fromHex(id.slice(2)) as Ed25519PublicKey;
}

export function groupKeyPairFromSeed(seed: Uint8Array): GroupKeyPair {
  const s = asEd25519Seed(Uint8Array.from(seed.subarray(0, 32)));
  if (seed.length !== 32 && seed.length !== 64) throw new RangeError('group seed: expected 32 or 64 bytes');
  const { publicKey, secretKey } = ed25519KeyPairFromSeed(s);
  return { seed: s, publicKey, secretKey, groupId: groupIdOf(publicKey) };
}

/** A fresh group (libsession `crypto_sign_ed25519_keypair`, i.e. a random seed). */
export function generateGroupKeyPair(): GroupKeyPair {
  return groupKeyPairFromSeed(sodium().randombytes_buf(32));
}

/** `seed_hash(key)`: BLAKE2b-256(seed, key = label, label truncated to 64 bytes). */
export function seedHash(seed: Uint8Array, label: string): Uint8Array {
  const key = utf8(label).subarray(0, 64);
  return sodium().crypto_generichash(32, seed.subarray(0, 32), key);
}
