/**
 * Onion v4 request/response plaintext for HTTP servers (file server, SOGS), network.md §4.5:
 * a bencoded list of byte strings, the first being UTF-8 JSON metadata.
 *
 * - request: `l<len>:<info JSON>[<len>:<body>]e`; info has `method`, `endpoint` (starts with
 *   `/`, may carry `?query`), `headers`; the body element is omitted when there is no body
 *   (session-desktop `ts/session/onions/onionv4.ts`, session-file-server
 *   `fileserver/onion_req.py`).
 * - response: `l<len>:{"code":n,"headers":{lower-case}}<len>:<body>e`; the body element is
 *   always present. The Python servers emit the metadata with spaces: parse it, never compare.
 */
import { z } from 'zod';
import { fromUtf8, utf8 } from '../crypto/bytes';
import { bdecode, bencode, bencodeParts } from './bencode';
import { joinOwned } from '../crypto/owned-bytes';
import { copyPartsRange, partsLength, partsRange, type PartsSource } from '../crypto/parts';
import { err, ok, type Result } from './result';

export interface V4Request {
  readonly method: string;
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Absent/null: no body element. A string is sent as UTF-8. Parts (an encrypted upload) are one
   * body element, their concatenation, and are never joined here.
   */
  readonly body?: Uint8Array | string | readonly Uint8Array[] | null;
}

export interface V4ParsedRequest {
  readonly method: string;
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
}

export interface V4Response {
  readonly code: number;
  /** Header names are lower-case on the wire (server side lower-cases them). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The body in parts when the reply was decrypted in parts (`body` is then their join). */
  readonly bodyParts?: readonly Uint8Array[];
}

export interface V4Error {
  readonly kind: 'v4';
  readonly message: string;
}

/**
 * Client side. JSON key order `method, endpoint, headers` matches the file server's
 * documented examples (vector onion_v4_request_framing); servers parse JSON so order is free.
 */
export function encodeV4Request(req: V4Request): Uint8Array {
  return joinOwned(encodeV4RequestParts(req));
}

/** {@link encodeV4Request} in parts, the body among them as given (an upload is not copied). */
export function encodeV4RequestParts(req: V4Request): readonly Uint8Array[] {
  if (!req.endpoint.startsWith('/')) throw new Error('v4 endpoint must start with /');
  const info = JSON.stringify({
    method: req.method,
    endpoint: req.endpoint,
    ...(req.headers ? { headers: req.headers } : {}),
  });
  const { body } = req;
  if (body === undefined || body === null) return bencodeParts([utf8(info)]);
  if (typeof body === 'string' || body instanceof Uint8Array)
    return bencodeParts([utf8(info), typeof body === 'string' ? utf8(body) : body]);
  // `l<info>e` with the body's length prefix and its parts put before the `e`.
  const list = bencodeParts([utf8(info)]);
  const length = body.reduce((n, p) => n + p.length, 0);
  return [...list.slice(0, -1), utf8(`${length}:`), ...body, ...list.slice(-1)];
}

/**
 * {@link encodeV4RequestParts} of a body made on demand (an upload encrypted while it is sent):
 * the same bytes, the body's chunks pulled only as the request's are.
 */
export function encodeV4RequestSource(req: V4Request, body: PartsSource): PartsSource {
  // As the parts form: `l<info>e` with the body's length prefix and its chunks before the `e`.
  const list = encodeV4RequestParts({ ...req, body: null });
  const head = [...list.slice(0, -1), utf8(`${body.length}:`)];
  const tail = list.slice(-1);
  return {
    length: partsLength(head) + body.length + partsLength(tail),
    *chunks() {
      yield* head;
      yield* body.chunks();
      yield* tail;
    },
    // Only the body's own chunks are its to free (the head and tail are not).
    ...(body.release ? { release: body.release } : {}),
  };
}

const requestInfoSchema = z.object({
  method: z.string().min(1),
  endpoint: z.string().startsWith('/'),
  headers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const responseInfoSchema = z.object({
  code: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
});

/** Splits `l<json><body?>e` into its JSON metadata and optional body. Never throws. */
function splitV4(
  bytes: Uint8Array,
  bodyRequired: boolean,
  views = false,
): Result<{ meta: unknown; body: Uint8Array | undefined }, V4Error> {
  const decoded = bdecode(bytes, { views });
  if (!decoded.ok) return err({ kind: 'v4', message: `bad bencode: ${decoded.error.message}` });
  const list = decoded.value;
  if (!Array.isArray(list)) return err({ kind: 'v4', message: 'v4 payload is not a bencoded list' });
  const items = list as readonly unknown[];
  const [first, second] = items;
  if (items.length < 1 || items.length > 2 || !(first instanceof Uint8Array)) {
    return err({ kind: 'v4', message: 'v4 payload must be a list of 1 or 2 byte strings' });
  }
  if (second !== undefined && !(second instanceof Uint8Array))
    return err({ kind: 'v4', message: 'v4 body is not a byte string' });
  if (bodyRequired && second === undefined)
    return err({ kind: 'v4', message: 'v4 response has no body element' });
  let meta: unknown;
  try {
    meta = JSON.parse(fromUtf8(first));
  } catch {
    return err({ kind: 'v4', message: 'v4 metadata is not UTF-8 JSON' });
  }
  return ok({ meta, body: second });
}

/** Server side (devnet file server): parse a decrypted v4 request. */
export function parseV4Request(bytes: Uint8Array): Result<V4ParsedRequest, V4Error> {
  const split = splitV4(bytes, false);
  if (!split.ok) return split;
  const info = requestInfoSchema.safeParse(split.value.meta);
  if (!info.success) return err({ kind: 'v4', message: `bad v4 request info: ${info.error.message}` });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(info.data.headers ?? {})) headers[k] = String(v);
  return ok({ method: info.data.method, endpoint: info.data.endpoint, headers, body: split.value.body });
}

/** Server side: the response plaintext (compact JSON; clients must not depend on spacing). */
export function encodeV4Response(res: V4Response): Uint8Array {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v;
  return bencode([utf8(JSON.stringify({ code: res.code, headers })), res.body]);
}

/** Client side: parse a decrypted v4 response. Header names are lower-cased. */
export function parseV4Response(bytes: Uint8Array): Result<V4Response, V4Error> {
  // The body as a view into the decrypted reply (ours alone): a downloaded file is not copied.
  const split = splitV4(bytes, true, true);
  if (!split.ok) return split;
  return responseOf(split.value.meta, split.value.body ?? new Uint8Array(0), undefined);
}

function responseOf(
  meta: unknown,
  body: Uint8Array | undefined,
  bodyParts: readonly Uint8Array[] | undefined,
): Result<V4Response, V4Error> {
  const info = responseInfoSchema.safeParse(meta);
  if (!info.success) return err({ kind: 'v4', message: `bad v4 response metadata: ${info.error.message}` });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(info.data.headers ?? {})) headers[k.toLowerCase()] = v;
  if (bodyParts === undefined) return ok({ code: info.data.code, headers, body: body ?? new Uint8Array(0) });
  // The body joined only if someone asks for it whole: a download reads `bodyParts`.
  let joined: Uint8Array | undefined;
  return ok({
    code: info.data.code,
    headers,
    bodyParts,
    get body(): Uint8Array {
      joined ??= (bodyParts.length === 1 ? bodyParts[0] : undefined) ?? joinOwned(bodyParts);
      return joined;
    },
  });
}

/** The v4 head read from the start of parts: as much as a sane JSON metadata needs. */
const V4_HEAD_BYTES = 64 * 1024;

/** A bencode length (`0` or no leading zero) at `at`, ended by ':'; undefined if not one. */
function lengthAt(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let i = at;
  let value = 0;
  while (i < bytes.length && i - at < 9) {
    const c = bytes[i] ?? 0;
    if (c === 0x3a) break;
    if (c < 0x30 || c > 0x39 || (i > at && bytes[at] === 0x30)) return undefined;
    value = value * 10 + (c - 0x30);
    i++;
  }
  if (i === at || bytes[i] !== 0x3a) return undefined;
  return { value, next: i + 1 };
}

/**
 * {@link parseV4Response} over a reply decrypted in parts: the head (`l<n>:<json><m>:`) is read
 * from the first bytes and the body is left as views of the parts, so a 10 MB download is not
 * joined here. Anything but the plain well-formed shape falls back to the whole-reply parser,
 * whose checks and errors are the reference.
 */
export function parseV4ResponseParts(parts: readonly Uint8Array[]): Result<V4Response, V4Error> {
  const total = partsLength(parts);
  const head = copyPartsRange(parts, 0, Math.min(total, V4_HEAD_BYTES));
  const whole = (): Result<V4Response, V4Error> => parseV4Response(joinOwned(parts));
  if (head[0] !== 0x6c) return whole();
  const meta = lengthAt(head, 1);
  if (!meta) return whole();
  const metaEnd = meta.next + meta.value;
  const body = lengthAt(head, metaEnd);
  if (!body || body.next + body.value + 1 !== total || copyPartsRange(parts, total - 1, total)[0] !== 0x65)
    return whole();
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(head.subarray(meta.next, metaEnd)));
  } catch {
    return err({ kind: 'v4', message: 'v4 metadata is not UTF-8 JSON' });
  }
  return responseOf(json, undefined, partsRange(parts, body.next, body.next + body.value));
}

export type V4Body =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array };

/**
 * Interprets a v4 body by content type as desktop does (`decodeV4Response`): JSON for
 * `application/json`, text for `text/plain; charset=utf-8`, bytes otherwise.
 */
export function decodeV4Body(res: V4Response): Result<V4Body, V4Error> {
  const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/json')
      return ok({ kind: 'json', value: JSON.parse(fromUtf8(res.body)) as unknown });
    if (type === 'text/plain') return ok({ kind: 'text', text: fromUtf8(res.body) });
  } catch {
    return err({ kind: 'v4', message: `body is not valid ${type}` });
  }
  return ok({ kind: 'binary', bytes: res.body });
}
