/**
 * Request signature checks (session-storage-server `oxenss/rpc/request_handler.cpp`
 * `verify_signature`, `oxenss/crypto/subaccount.cpp`, `oxenss/storage/database.cpp`
 * `subaccount_revoked`). A sub-account token (36 bytes, compared whole: prefix, flags and key)
 * that its owner revoked is refused before anything else is checked. The signed bytes come from
 * each handler (`sigMessage`), the way the server lists them; nothing here is the client's code.
 */
import { bytesEqual, fromHex, isHex } from '../../src/crypto/bytes';
import { ed25519PublicKeyToX25519 } from '../../src/crypto/keys';
import {
  isBase64,
  isSignatureBase64,
  optString,
  ParseError,
  type Params,
  type SignatureFields,
} from './params';
import { verifyDetached } from './signatures';

export const Access = { Read: 1, Write: 2, Delete: 4, AnyPrefix: 8 } as const;

export interface Subaccount {
  readonly token: Uint8Array; // 36 bytes: prefix, flags, 2 reserved, ed25519 pubkey
  /** Standard base64 (86 or 88 chars) of the owner's signature over the token. */
  readonly signature: string;
}

/** load_subaccount: base64 (48 chars) or hex (72 chars) token plus a base64 signature. */
export function loadSubaccount(p: Params): Subaccount | undefined {
  const sa = optString(p, 'subaccount');
  if (sa === undefined || sa === '') return undefined;
  const sig = optString(p, 'subaccount_sig');
  if (sig === undefined)
    throw new ParseError('invalid subaccount: subaccount_sig is required when using subaccount');
  let token: Uint8Array;
  if (isBase64(sa) && sa.length === 48) token = new Uint8Array(Buffer.from(sa, 'base64'));
  else if (isHex(sa) && sa.length === 72) token = fromHex(sa);
  else throw new ParseError('invalid subaccount: expected base64 or hex-encoded subaccount token');
  if (!isSignatureBase64(sig))
    throw new ParseError('invalid subaccount signature: expected base64 encoded Ed25519 signature');
  return { token, signature: sig };
}

/**
 * The pubkey whose signature authorises a request for `pubkey` (33 bytes): for 05 ids with a
 * `pubkey_ed25519`, that key after checking its Ed→X conversion equals the id; otherwise the 32
 * key bytes themselves (03 groups). Returns undefined when the Ed→X check fails.
 */
export function authKey(pubkey: Uint8Array, pkEd: Uint8Array | undefined): Uint8Array | undefined {
  const raw = pubkey.subarray(1);
  if (pubkey[0] === 0x05 && pkEd) {
    const x = ed25519PublicKeyToX25519(pkEd);
    if (!x || !bytesEqual(x, raw)) return undefined;
    return pkEd;
  }
  return raw;
}

/** Who answers "was this token revoked by this owner?" (the node's store). */
export interface RevocationList {
  isSubaccountRevoked(owner: string, token: Uint8Array): boolean;
}

/**
 * Verifies `message` for the request's pubkey, optionally through a subaccount token.
 * `skipRevokeCheck`: a retrieve from an unrevocable namespace (namespace-rules.ts), where the
 * server still checks the token's flags and signature but not whether it was revoked.
 */
export function verifyRequest(
  f: SignatureFields,
  sub: Subaccount | undefined,
  requiredAccess: number,
  message: string | Uint8Array,
  revocations: RevocationList,
  skipRevokeCheck = false,
): boolean {
  let pk = authKey(f.pubkey.bytes, f.pubkeyEd25519);
  if (!pk) return false;
  if (sub) {
    if (!skipRevokeCheck && revocations.isSubaccountRevoked(f.pubkey.hex, sub.token)) return false;
    const prefix = sub.token[0];
    const flags = sub.token[1] ?? 0;
    if (prefix !== f.pubkey.type && (flags & Access.AnyPrefix) === 0) return false;
    if ((flags & requiredAccess) !== requiredAccess) return false;
    if (!verifyDetached(sub.token, sub.signature, pk)) return false;
    pk = sub.token.subarray(4);
  }
  return verifyDetached(message, f.signature, pk);
}
