/**
 * Storage-server message hash (network.md §3.7; session-storage-server
 * `oxenss/snode/service_node.cpp` `compute_hash`, test `unit_test/service_node.cpp`):
 * BLAKE2b-256 (unkeyed) over prefix byte ‖ 32 pubkey bytes ‖ namespace text ('' for 0) ‖ raw
 * data, encoded as standard base64 without padding (43 chars).
 */
import { concatBytes, fromHex, toBase64, utf8 } from '../crypto/bytes';
import { sodium } from '../crypto/sodium';
import { namespaceSigPart } from './namespaces';

export function computeMessageHash(pubkey: Uint8Array | string, namespace: number, data: Uint8Array): string {
  const pk = typeof pubkey === 'string' ? fromHex(pubkey) : pubkey;
  if (pk.length !== 33) throw new Error(`message hash needs a 33-byte pubkey, got ${pk.length}`);
  const digest = sodium().crypto_generichash(
    32,
    concatBytes(pk, utf8(namespaceSigPart(namespace)), data),
    null,
  );
  return toBase64(digest).replace(/=+$/, '');
}

const HASH_RE = /^[A-Za-z0-9+/]{43}$/;

/** `last_hash` and message hashes: exactly 43 chars of standard base64 (else the server says 400). */
export function isValidMessageHash(hash: string): boolean {
  return HASH_RE.test(hash);
}
