/**
 * How a destination answers an onion request (the devnet side).
 *
 * Snode destination (session-storage-server `request_handler.cpp` `wrap_proxy_response`):
 * JSON `{"body": <string>, "status": <code>}` — keys sorted (nlohmann `dump()`), no spaces;
 * a JSON RPC result is embedded as a *string* (double-encoded) unless the request asked for
 * `"json": true`; encrypted with the layer key; standard base64 unless `"base64": false`.
 * The guard returns it as HTTP 200.
 *
 * HTTP server destination, v4 (session-file-server `fileserver/onion_req.py`): the bencoded v4
 * response encrypted with the layer key, returned as raw bytes.
 */
import { toBase64, utf8 } from '../crypto/bytes';
import { encryptWithHopKey, type EncType } from './hop-crypto';
import type { RandomBytes } from './result';
import { encodeV4Response, type V4Response } from './v4';

/** JSON text with object keys sorted recursively, like nlohmann::json (std::map) dumps it. */
export function stringifySortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

export interface SnodeReplyInput {
  readonly status: number;
  /** A string body (errors: plain text) or a JSON value (successful RPC results). */
  readonly body: string | { readonly json: unknown };
  readonly key: Uint8Array;
  readonly encType: EncType;
  readonly random: RandomBytes;
  readonly embedJson?: boolean;
  readonly base64?: boolean;
}

/** The plaintext `{"body":…,"status":…}` a storage server encrypts. */
export function snodeReplyPlaintext(
  status: number,
  body: SnodeReplyInput['body'],
  embedJson = false,
): string {
  let b: unknown;
  if (typeof body === 'string') b = body;
  else b = embedJson ? body.json : stringifySortedJson(body.json);
  return stringifySortedJson({ body: b, status });
}

/** The HTTP 200 body a final snode returns through the path. */
export function encodeSnodeReply(input: SnodeReplyInput): Uint8Array {
  const plain = utf8(snodeReplyPlaintext(input.status, input.body, input.embedJson ?? false));
  const ct = encryptWithHopKey(input.encType, input.key, plain, input.random);
  return input.base64 === false ? ct : utf8(toBase64(ct));
}

/** The raw bytes an HTTP server (v4) returns to the exit node. */
export function encodeV4Reply(
  res: V4Response,
  key: Uint8Array,
  encType: EncType,
  random: RandomBytes,
): Uint8Array {
  return encryptWithHopKey(encType, key, encodeV4Response(res), random);
}
