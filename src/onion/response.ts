/**
 * Client-side decoding of what the guard returns with HTTP 200.
 *
 * Snode destination (session-desktop `onions.ts` `decodeOnionResult` / `processOnionResponse`):
 * the text is standard base64 — desktop first tries `JSON.parse(text).result` (push-notification
 * servers wrap it), then base64-decodes, decrypts with the destination key, parses
 * `{"body", "status"}` (status = `status_code` || `status`), where `body` is usually the RPC
 * result serialised as a JSON string. We also accept a raw (non-base64) reply in case the
 * request set `"base64": false`.
 *
 * HTTP server destination, v4 (`processOnionResponseV4` + `onionv4.ts`): raw bytes, decrypted,
 * then the bencoded v4 response.
 */
import { z } from 'zod';
import { fromBase64, fromUtf8 } from '../crypto/bytes';
import { partsLength } from '../crypto/parts';
import { decryptPartsWithHopKey, decryptWithHopKey, type EncType, type HopCryptoError } from './hop-crypto';
import { err, ok, type Result } from './result';
import { parseV4Response, parseV4ResponseParts, type V4Response } from './v4';

export interface SnodeOnionReply {
  readonly status: number;
  /** The `body` value as sent: usually a string (JSON text of the RPC result, or error text). */
  readonly body: unknown;
  /** `body` parsed as JSON when it is a string holding JSON; the value itself otherwise. */
  readonly bodyJson: unknown;
}

export type OnionReplyError =
  | { readonly kind: 'empty' }
  | { readonly kind: 'encoding'; readonly message: string }
  | { readonly kind: 'decrypt'; readonly message: string }
  | { readonly kind: 'json'; readonly message: string }
  | { readonly kind: 'v4'; readonly message: string };

const replySchema = z.object({
  status: z.number().int().optional(),
  status_code: z.number().int().optional(),
  body: z.unknown(),
});

function textOf(bytes: Uint8Array): string | undefined {
  try {
    return fromUtf8(bytes);
  } catch {
    return undefined;
  }
}

function base64Candidate(text: string): string {
  // Only a JSON object holds `result`, and base64 never starts with '{': parsing the base64 text
  // only to fail threw (and built) an exception for every reply.
  if (!text.trimStart().startsWith('{')) return text.trim();
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j === 'object' && j !== null && typeof (j as { result?: unknown }).result === 'string') {
      return (j as { result: string }).result;
    }
  } catch {
    // not JSON: the plain base64 text desktop expects
  }
  return text.trim();
}

/** Decodes a 200 reply from a snode destination. Never throws. */
export function decodeSnodeOnionReply(
  body: Uint8Array,
  key: Uint8Array,
  encType: EncType,
): Result<SnodeOnionReply, OnionReplyError> {
  if (body.length === 0) return err({ kind: 'empty' });
  let ciphertext: Uint8Array | undefined;
  const text = textOf(body);
  if (text !== undefined) {
    try {
      ciphertext = fromBase64(base64Candidate(text));
    } catch {
      ciphertext = undefined;
    }
  }
  let plain = ciphertext ? decryptWithHopKey(encType, key, ciphertext) : undefined;
  // "base64": false replies are raw ciphertext.
  if (!plain?.ok) plain = decryptWithHopKey(encType, key, body);
  if (!plain.ok) return err({ kind: 'decrypt', message: plain.error.message });
  const plainText = textOf(plain.value);
  if (plainText === undefined) return err({ kind: 'encoding', message: 'reply is not UTF-8' });
  let json: unknown;
  try {
    json = JSON.parse(plainText);
  } catch {
    return err({ kind: 'json', message: 'reply is not JSON' });
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) return err({ kind: 'json', message: 'reply is not a {status, body} object' });
  // Desktop: `status_code || status` (a 0 status_code falls through to status).
  const code = parsed.data.status_code;
  const status = code !== undefined && code !== 0 ? code : parsed.data.status;
  if (status === undefined) return err({ kind: 'json', message: 'reply has no status' });
  const b = parsed.data.body;
  let bodyJson: unknown = b;
  if (typeof b === 'string') {
    try {
      bodyJson = JSON.parse(b);
    } catch {
      bodyJson = b;
    }
  }
  return ok({ status, body: b, bodyJson });
}

/**
 * Decodes a 200 reply from an HTTP server destination (v4). Never throws. Given the parts the
 * socket delivered, it decrypts them in turn and leaves the v4 body in parts (`bodyParts`): a
 * 10 MB download is then neither joined nor decrypted into one new 10 MB array.
 */
export function decodeV4OnionReply(
  body: Uint8Array | readonly Uint8Array[],
  key: Uint8Array,
  encType: EncType,
): Result<V4Response, OnionReplyError> {
  if (!(body instanceof Uint8Array)) {
    if (partsLength(body) === 0) return err({ kind: 'empty' });
    return decodeV4DecryptedReply(decryptPartsWithHopKey(encType, key, body));
  }
  if (body.length === 0) return err({ kind: 'empty' });
  const plain = decryptWithHopKey(encType, key, body);
  if (!plain.ok) return err({ kind: 'decrypt', message: plain.error.message });
  const res = parseV4Response(plain.value);
  if (!res.ok) return err({ kind: 'v4', message: res.error.message });
  return ok(res.value);
}

/**
 * {@link decodeV4OnionReply} of a reply already deciphered in parts (by `GcmReplyDecryptor`
 * while it arrived, or by `decryptPartsWithHopKey`): the bencoded v4 response read from them.
 */
export function decodeV4DecryptedReply(
  plainParts: Result<Uint8Array[], HopCryptoError>,
): Result<V4Response, OnionReplyError> {
  if (!plainParts.ok) return err({ kind: 'decrypt', message: plainParts.error.message });
  const parsed = parseV4ResponseParts(plainParts.value);
  if (!parsed.ok) return err({ kind: 'v4', message: parsed.error.message });
  return ok(parsed.value);
}
