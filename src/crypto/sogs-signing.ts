/**
 * Community server (SOGS v3) request signing: the four `X-SOGS-*` headers.
 *
 * Facts: ../shared/protocol/sync-groups-communities.md §4.3; session-desktop
 * `ts/session/apis/open_group_api/sogsv3/sogsBlinding.ts` (`getOpenGroupHeaders`: signed bytes
 * SERVER_PUBKEY ‖ NONCE ‖ TIMESTAMP ‖ METHOD ‖ PATH ‖ BLAKE2b-512(body) when the body is not
 * empty); session-pysogs `sogs/routes/auth.py` (verification, `00`/`15` prefixes). The blinded
 * signature is libsession's `blind15_sign` (./blinding).
 *
 * Pure: the nonce (16 random bytes) and the timestamp are arguments.
 */
import { concatBytes, fromBase64, fromHex, isHex, toBase64, toHex, utf8 } from './bytes';
import type { Ed25519SecretKey } from './keys';
import { ed25519PublicKeyOf } from './keys';
import type { ServerPublicKey } from './blinding';
import {
  blind15KeyPair,
  blind15Sign,
  blind25KeyPair,
  blind25Sign,
  blinded15IdOf,
  blinded25IdOf,
  verifyBlindedSignature,
} from './blinding';
import { sodium } from './sodium';

export const SOGS_NONCE_BYTES = 16;
/** Prefix of a non-blinded `X-SOGS-Pubkey` (servers without the `blind` capability). */
export const UNBLINDED_PREFIX = '00';

export interface SogsRequest {
  readonly serverPk: ServerPublicKey;
  /** 16 random bytes, never reused (the server answers 425 to a reused nonce). */
  readonly nonce: Uint8Array;
  /** Unix seconds; the server accepts ±24 h. */
  readonly timestampSeconds: number;
  /** Upper-case HTTP method, e.g. `POST`. */
  readonly method: string;
  /** URL-decoded path with its query string, e.g. `/room/main/messages/since/12?t=r`. */
  readonly path: string;
  /** The exact request body bytes; absent or empty bodies are not hashed. */
  readonly body?: Uint8Array | undefined;
}

export interface SogsHeaders {
  readonly 'X-SOGS-Pubkey': string;
  readonly 'X-SOGS-Timestamp': string;
  readonly 'X-SOGS-Nonce': string;
  readonly 'X-SOGS-Signature': string;
}

/** The bytes that get signed (see the module comment). */
export function sogsSignedMessage(req: SogsRequest): Uint8Array {
  if (req.nonce.length !== SOGS_NONCE_BYTES) throw new RangeError('SOGS nonce must be 16 bytes');
  if (!Number.isSafeInteger(req.timestampSeconds) || req.timestampSeconds < 0)
    throw new RangeError('SOGS timestamp must be whole seconds');
  const parts = [
    req.serverPk,
    req.nonce,
    utf8(String(req.timestampSeconds)),
    utf8(req.method),
    utf8(req.path),
  ];
  if (req.body && req.body.length > 0) parts.push(sodium().crypto_generichash(64, req.body, null));
  return concatBytes(...parts);
}

/**
 * Signs a request as our 15-blinded identity on this server (`blinded` true, what servers with the
 * `blind` capability require), with our plain Ed25519 key under the `00` prefix (false), or as our
 * 25-blinded identity (`'25'`: only to reach the inbox of a 25-blinded DM peer, since libsession
 * seals a DM between two IDs of the same kind; pysogs 2023 refuses it).
 */
export function signSogsRequest(
  sk: Ed25519SecretKey,
  req: SogsRequest,
  blinded: boolean | '25' = true,
): SogsHeaders {
  const message = sogsSignedMessage(req);
  let pubkey: string;
  let signature: Uint8Array;
  if (blinded === '25') {
    pubkey = blinded25IdOf(blind25KeyPair(sk, req.serverPk));
    signature = blind25Sign(sk, req.serverPk, message);
  } else if (blinded) {
    // One key pair for both (every poll of a community signs its batch).
    const pair = blind15KeyPair(sk, req.serverPk);
    pubkey = blinded15IdOf(pair);
    signature = blind15Sign(sk, req.serverPk, message, pair);
  } else {
    pubkey = UNBLINDED_PREFIX + toHex(ed25519PublicKeyOf(sk));
    signature = sodium().crypto_sign_detached(message, sk);
  }
  return {
    'X-SOGS-Pubkey': pubkey,
    'X-SOGS-Timestamp': String(req.timestampSeconds),
    'X-SOGS-Nonce': toBase64(req.nonce),
    'X-SOGS-Signature': toBase64(signature),
  };
}

export type SogsVerifyError =
  | { readonly kind: 'bad-pubkey' }
  | { readonly kind: 'bad-nonce' }
  | { readonly kind: 'bad-timestamp' }
  | { readonly kind: 'bad-signature' };

function decodeBase64(s: string): Uint8Array | undefined {
  try {
    return fromBase64(s);
  } catch {
    return undefined;
  }
}

/**
 * Server side (devnet SOGS, tests): checks the headers of a request, as pysogs does apart from
 * clock skew and nonce reuse, which need state. The nonce may be base64 or hex (pysogs accepts
 * both). `00`, `15` and `25` keys are all plain Ed25519 keys for verification. Never throws.
 */
export function verifySogsRequest(
  headers: SogsHeaders,
  req: Omit<SogsRequest, 'nonce' | 'timestampSeconds'>,
): { readonly ok: true } | { readonly ok: false; readonly error: SogsVerifyError } {
  const pk = headers['X-SOGS-Pubkey'].toLowerCase();
  if (!/^(?:00|15|25)[0-9a-f]{64}$/.test(pk)) return { ok: false, error: { kind: 'bad-pubkey' } };
  const rawNonce = headers['X-SOGS-Nonce'];
  const nonce = rawNonce.length === 32 && isHex(rawNonce) ? fromHex(rawNonce) : decodeBase64(rawNonce);
  if (nonce?.length !== SOGS_NONCE_BYTES) return { ok: false, error: { kind: 'bad-nonce' } };
  const ts = headers['X-SOGS-Timestamp'];
  // Canonical decimal only: with leading zeros the signed bytes would differ from the rebuilt ones.
  if (!/^(?:0|[1-9]\d{0,14})$/.test(ts)) return { ok: false, error: { kind: 'bad-timestamp' } };
  const signature = decodeBase64(headers['X-SOGS-Signature']);
  const message = sogsSignedMessage({ ...req, nonce, timestampSeconds: Number(ts) });
  if (!signature || !verifyBlindedSignature(signature, message, fromHex(pk.slice(2))))
    return { ok: false, error: { kind: 'bad-signature' } };
  return { ok: true };
}
