/**
 * The storage server's message hash (session-storage-server `oxenss/rpc/request_handler.cpp`
 * `computeMessageHash` / `compute_hash_blake2b_b64`; network.md §3.7): unkeyed BLAKE2b with a
 * 32-byte digest, fed the prefix byte, the 32 key bytes, the namespace text and the raw data in
 * turn, then standard base64 with the `=` padding trimmed (43 characters). Older oxen-io servers
 * also hashed the timestamp and expiry; current Session nodes do not (the server's unit-test
 * vector in test/vectors/network.json pins this).
 */
import { utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { namespaceText } from './namespace-rules';

const HASH_BYTES = 32;

export function messageHash(pubkey33: Uint8Array, namespace: number, data: Uint8Array): string {
  if (pubkey33.length !== 33)
    throw new Error(`a message hash needs a 33-byte pubkey, got ${pubkey33.length}`);
  const s = sodium();
  // Streamed in parts as the server does, instead of hashing one concatenated buffer.
  const state = s.crypto_generichash_init(null, HASH_BYTES);
  s.crypto_generichash_update(state, pubkey33);
  s.crypto_generichash_update(state, utf8(namespaceText(namespace)));
  s.crypto_generichash_update(state, data);
  const digest = s.crypto_generichash_final(state, HASH_BYTES);
  return Buffer.from(digest).toString('base64').replace(/=+$/, '');
}

/** What `last_hash` and hash lists must look like: 43 standard-base64 characters, no padding. */
export function isMessageHash(s: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(s);
}
