/**
 * Exact signed messages of the storage RPC (network.md §3.5; session-storage-server
 * `oxenss/rpc/client_rpc_endpoints.h` and `request_handler.cpp`; session-desktop
 * `ts/session/apis/snode_api/signature/snodeSignatures.ts`). UTF-8 of the concatenation,
 * numbers in base-10 ASCII, the namespace part empty for namespace 0.
 *
 * Signatures are Ed25519 detached, sent as standard base64 with padding (88 chars).
 * The secret key is always an argument: these functions keep nothing.
 */
import { concatBytes, fromBase64, toBase64, utf8 } from '../crypto/bytes';
import { sodium } from '../crypto/sodium';
import { namespaceSigPart } from './namespaces';

type Ns = number | 'all' | undefined;

function ms(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad millisecond value ${n}`);
  return String(n);
}

export const signedString = {
  /** `store` + NS + sig_timestamp (only for namespaces that need auth). */
  store: (ns: Ns, sigTimestampMs: number): string => `store${namespaceSigPart(ns)}${ms(sigTimestampMs)}`,
  retrieve: (ns: Ns, timestampMs: number): string => `retrieve${namespaceSigPart(ns)}${ms(timestampMs)}`,
  /** No timestamp: a hash can only be deleted once. */
  delete: (hashes: readonly string[]): string => `delete${hashes.join('')}`,
  deleteAll: (ns: Ns, timestampMs: number): string => `delete_all${namespaceSigPart(ns)}${ms(timestampMs)}`,
  deleteBefore: (ns: Ns, beforeMs: number): string => `delete_before${namespaceSigPart(ns)}${ms(beforeMs)}`,
  /** Multi-expiry: the expiries are concatenated in order, then the hashes. */
  expire: (
    mode: 'shorten' | 'extend' | '',
    expiriesMs: number | readonly number[],
    hashes: readonly string[],
  ): string =>
    `expire${mode}${(typeof expiriesMs === 'number' ? [expiriesMs] : expiriesMs).map(ms).join('')}${hashes.join('')}`,
  expireAll: (ns: Ns, expiryMs: number): string => `expire_all${namespaceSigPart(ns)}${ms(expiryMs)}`,
  getExpiries: (timestampMs: number, hashes: readonly string[]): string =>
    `get_expiries${ms(timestampMs)}${hashes.join('')}`,
} as const;

/** (un)revoke_subaccount: name + timestamp + the raw 36-byte tokens (binary, not text). */
export function subaccountRevokeMessage(
  method: 'revoke_subaccount' | 'unrevoke_subaccount',
  timestampMs: number,
  tokens: readonly Uint8Array[],
): Uint8Array {
  for (const t of tokens) if (t.length !== 36) throw new Error('subaccount tokens are 36 bytes');
  return concatBytes(utf8(`${method}${ms(timestampMs)}`), ...tokens);
}

/** Ed25519 detached signature, standard base64 (88 chars with `==`). */
export function signStorageMessage(message: string | Uint8Array, ed25519SecretKey: Uint8Array): string {
  if (ed25519SecretKey.length !== 64)
    throw new Error('Ed25519 secret key must be 64 bytes (seed ‖ public key)');
  const bytes = typeof message === 'string' ? utf8(message) : message;
  return toBase64(sodium().crypto_sign_detached(bytes, ed25519SecretKey));
}

const SIG_RE = /^[A-Za-z0-9+/]{86}(?:==)?$/;

/** Server side: verify a base64 signature (86 unpadded or 88 padded chars only). */
export function verifyStorageSignature(
  message: string | Uint8Array,
  signatureB64: string,
  ed25519Public: Uint8Array,
): boolean {
  if (!SIG_RE.test(signatureB64) || ed25519Public.length !== 32) return false;
  const bytes = typeof message === 'string' ? utf8(message) : message;
  try {
    const sig = fromBase64(signatureB64);
    return sodium().crypto_sign_verify_detached(sig, bytes, ed25519Public);
  } catch {
    return false;
  }
}
