/**
 * Session's name service (ONS): the hashing and encryption of a name's record. Facts in
 * docs/protocol-notes.md ("ONS names"); sources: oxen-core `src/rpc/core_rpc_server_commands_defs.h`
 * (`ONS_RESOLVE`, its worked `jagerman` example) and session-desktop
 * `ts/session/apis/snode_api/onsResolve.ts`.
 *
 * - name hash = BLAKE2b-256 of the lower-cased name (no key), sent base64 as `name_hash`;
 * - key = BLAKE2b-256 of the same name, keyed with that name hash;
 * - record = XChaCha20-Poly1305 (IETF, no additional data) of the 33-byte Session ID with the
 *   `nonce` the node returns beside `encrypted_value`.
 * The older argon2/secretbox records (no nonce) are not read: desktop dropped them too.
 */
import { utf8 } from './bytes';
import { sodium } from './sodium';

export const ONS_HASH_BYTES = 32;
export const ONS_NONCE_BYTES = 24;
/** A Session record decrypts to `05` ‖ X25519 key. */
export const ONS_SESSION_VALUE_BYTES = 33;

/** The unkeyed BLAKE2b-256 of the lower-cased name: what nodes index records by. */
export function onsNameHash(name: string): Uint8Array {
  return sodium().crypto_generichash(ONS_HASH_BYTES, utf8(name.toLowerCase()), null);
}

/** The record's key: BLAKE2b-256 of the lower-cased name keyed with its name hash. */
export function onsValueKey(name: string): Uint8Array {
  const lower = utf8(name.toLowerCase());
  const hash = sodium().crypto_generichash(ONS_HASH_BYTES, lower, null);
  return sodium().crypto_generichash(ONS_HASH_BYTES, lower, hash);
}

/** The record's plaintext, or undefined when it does not authenticate under this name. */
export function decryptOnsValue(
  name: string,
  encrypted: Uint8Array,
  nonce: Uint8Array,
): Uint8Array | undefined {
  if (nonce.length !== ONS_NONCE_BYTES) return undefined;
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      encrypted,
      null,
      nonce,
      onsValueKey(name),
    );
  } catch {
    return undefined;
  }
}

/** The record a registration stores (the devnet's registrations, tests). */
export function encryptOnsValue(name: string, value: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== ONS_NONCE_BYTES) throw new Error('an ONS nonce has 24 bytes');
  return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(value, null, null, nonce, onsValueKey(name));
}
