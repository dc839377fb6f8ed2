/**
 * X-SOGS-* request authentication, written from session-pysogs `sogs/routes/auth.py`
 * (`handle_http_auth`) and ../shared/protocol/sync-groups-communities.md §4.3. Checks, in pysogs'
 * order, each with its status:
 *
 * - no X-SOGS header at all → anonymous; some but not all four → 400;
 * - `X-SOGS-Pubkey` not 33 bytes (hex or base64) → 400; prefix not accepted → 400; not a valid
 *   Ed25519 point → 400; `00` while the server requires blinded keys → 400;
 * - nonce not 16 bytes, signature not 64 bytes, timestamp not an integer → 400;
 * - timestamp more than 24 h from the server clock → 425;
 * - the user is globally banned → 403 (before the signature is even checked);
 * - nonce already used by this user → 425 (the nonce is recorded before verification);
 * - signature over SERVER_PUBKEY ‖ NONCE ‖ TIMESTAMP ‖ METHOD ‖ PATH[?QUERY] ‖ BLAKE2b-512(body
 *   when non-empty) fails → 401.
 *
 * The blinded key (`15`, or `25` as a devnet extension: pysogs 2023 refuses it) verifies as a
 * plain Ed25519 key; `00` is the user's own Ed25519 key and the user is then `05` + its X25519.
 */
import { concatBytes, toHex, utf8 } from '../../src/crypto/bytes';
import { sodium } from '../../src/crypto/sodium';
import { HttpError, header, type SogsRequest } from './http';
import type { SogsStore, User } from './store';

export const TIME_WINDOW_S = 24 * 60 * 60;

export interface AuthPolicy {
  /** pysogs `REQUIRE_BLIND_KEYS` (default true): `00` keys refused, `blind` capability announced. */
  requireBlindKeys: boolean;
  /** Devnet extension (see the module comment): accept `25`-prefixed keys. */
  accept25: boolean;
}

/** pysogs `utils.decode_hex_or_b64`: exactly 2·size hex digits, or base64 (padding optional). */
export function decodeHexOrB64(s: string, size: number): Uint8Array | undefined {
  if (s.length === size * 2)
    return /^[0-9a-fA-F]*$/.test(s) ? new Uint8Array(Buffer.from(s, 'hex')) : undefined;
  const padded = Math.ceil(size / 3) * 4;
  const unpadded = Math.ceil((size * 4) / 3);
  if (s.length < unpadded || s.length > padded) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.length === size ? new Uint8Array(b) : undefined;
}

/** The bytes a client signs (pysogs auth.py `to_verify`). */
export function signedBytes(
  serverPk: Uint8Array,
  nonce: Uint8Array,
  timestamp: string,
  method: string,
  path: string,
  query: string,
  body: Uint8Array,
): Uint8Array {
  const parts = [serverPk, nonce, utf8(timestamp), utf8(method), utf8(path)];
  if (query.length > 0) parts.push(utf8(`?${query}`));
  if (body.length > 0) parts.push(sodium().crypto_generichash(64, body, null));
  return concatBytes(...parts);
}

export function authenticate(
  req: SogsRequest,
  store: SogsStore,
  serverPk: Uint8Array,
  policy: AuthPolicy,
): User | undefined {
  const values = ['x-sogs-pubkey', 'x-sogs-nonce', 'x-sogs-timestamp', 'x-sogs-signature'].map((h) =>
    header(req, h),
  );
  const missing = values.filter((v) => v === undefined || v === '').length;
  if (missing === 4) return undefined;
  if (missing > 0)
    throw new HttpError(
      400,
      `Invalid authentication headers: missing ${missing}/4 required X-SOGS-* headers`,
    );
  const [pkIn, nonceIn, tsIn, sigIn] = values as [string, string, string, string];

  const pk = decodeHexOrB64(pkIn, 33);
  if (!pk) throw new HttpError(400, 'Invalid authentication: X-SOGS-Pubkey is not a valid 66-hex digit id');
  const prefix = pk[0];
  const accepted = prefix === 0x00 || prefix === 0x15 || (prefix === 0x25 && policy.accept25);
  if (!accepted)
    throw new HttpError(
      400,
      `Invalid authentication: X-SOGS-Pubkey must be 00-${policy.accept25 ? ', 15- or 25-' : ' or 15-'} prefixed`,
    );
  const key = pk.subarray(1);
  const s = sodium();
  if (!s.crypto_core_ed25519_is_valid_point(key))
    throw new HttpError(400, 'Invalid authentication: given X-SOGS-Pubkey is not a valid Ed25519 pubkey');
  let sessionId: string;
  if (prefix !== 0x00) sessionId = `${prefix === 0x15 ? '15' : '25'}${toHex(key)}`;
  else if (policy.requireBlindKeys)
    throw new HttpError(400, 'Invalid authentication: this server requires the use of blinded ids');
  else {
    try {
      sessionId = `05${toHex(s.crypto_sign_ed25519_pk_to_curve25519(key))}`;
    } catch {
      throw new HttpError(400, 'Invalid authentication: given X-SOGS-Pubkey is not a valid Ed25519 pubkey');
    }
  }

  const nonce = decodeHexOrB64(nonceIn, 16);
  if (!nonce)
    throw new HttpError(
      400,
      'Invalid authentication: X-SOGS-Nonce must be 16 bytes (encoded as base64 or hex)',
    );
  const sig = decodeHexOrB64(sigIn, 64);
  if (!sig) throw new HttpError(400, 'Invalid authentication: X-SOGS-Signature is not base64[88]');
  // Python's int(): optional sign and surrounding whitespace, decimal digits.
  if (!/^\s*[+-]?\d+\s*$/.test(tsIn))
    throw new HttpError(400, 'Invalid authentication: X-SOGS-Timestamp is not a valid timestamp');
  const ts = Number(tsIn.trim());
  const now = store.now();
  if (!(now - TIME_WINDOW_S <= ts && ts <= now + TIME_WINDOW_S))
    throw new HttpError(425, 'Invalid authentication: X-SOGS-Timestamp is too far from current time');

  const user = store.userVivify(sessionId);
  if (user.banned === 1) throw new HttpError(403, 'Banned');
  if (!store.useNonce(user, nonce))
    throw new HttpError(425, 'Invalid authentication: X-SOGS-Nonce cannot be reused');

  const msg = signedBytes(serverPk, nonce, tsIn, req.method, req.path, req.query, req.body);
  let ok = false;
  try {
    ok = s.crypto_sign_verify_detached(sig, msg, key);
  } catch {
    ok = false;
  }
  if (!ok) throw new HttpError(401, 'Invalid authentication: X-SOGS-Signature verification failed');
  store.touchUser(user);
  return user;
}
