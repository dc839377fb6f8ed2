/**
 * Ed25519 as the storage server uses it for requests and for its own answers
 * (session-storage-server `oxenss/rpc/request_handler.cpp`: `concatenate_sig_message_parts`,
 * `verify_signature`, `create_signature`; network.md §3.5 and §3.7). A signed message is the
 * plain concatenation of its parts: text as is, integers in base-10 ASCII, lists of hashes one
 * after the other. Each handler lists its parts next to its checks, as the server does, so the
 * devnet never borrows the client's idea of a signed string.
 */
import { utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';

type Scalar = string | number;
/** Text, an integer, or a list of them (hashes, multi-expiries) concatenated in order. */
export type SigPart = Scalar | readonly Scalar[];

function scalarText(p: Scalar): string {
  if (typeof p === 'string') return p;
  if (!Number.isSafeInteger(p)) throw new RangeError(`signed integers are whole numbers, got ${p}`);
  return String(p);
}

export function sigMessage(...parts: readonly SigPart[]): string {
  return parts.map((p) => (typeof p === 'object' ? p.map(scalarText).join('') : scalarText(p))).join('');
}

/**
 * Checks a detached signature given as standard base64. Callers have already refused anything
 * but 86 or 88 base64 characters (400); a signature that does not verify is a plain `false`.
 */
export function verifyDetached(
  message: string | Uint8Array,
  signatureBase64: string,
  ed25519Pk: Uint8Array,
): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64 || ed25519Pk.length !== 32) return false;
  const bytes = typeof message === 'string' ? utf8(message) : message;
  try {
    return sodium().crypto_sign_verify_detached(new Uint8Array(signature), bytes, ed25519Pk);
  } catch {
    // libsodium throws on keys that are not curve points: that is a failed check, not a crash.
    return false;
  }
}

/** A node's signature over its answer, in standard base64 with padding (`oxenc::to_base64`). */
export function nodeSignature(ed25519Sk: Uint8Array, ...parts: readonly SigPart[]): string {
  const sig = sodium().crypto_sign_detached(utf8(sigMessage(...parts)), ed25519Sk);
  return Buffer.from(sig).toString('base64');
}
