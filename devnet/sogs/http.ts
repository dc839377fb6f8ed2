/**
 * The request and response shapes every devnet SOGS route works with, whatever carried them
 * (plain HTTP, an onion v4 request, or a `/batch` subrequest), and pysogs' JSON encoding: bytes
 * become standard base64 strings (`utils.jsonify_with_base64`).
 */
import { toBase64, utf8 } from '../../src/crypto/bytes';
import type { User } from './store';

export interface SogsRequest {
  readonly method: string;
  /** URL-decoded path, without the query. */
  readonly path: string;
  /** The raw query string without `?` ('' when none). */
  readonly query: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface SogsResponse {
  readonly code: number;
  /** Lower-case names; never content-length (v4 and batch carry the length themselves). */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** The authenticated caller, or undefined for a request without X-SOGS headers. */
export type Caller = User | undefined;

function b64Json(v: unknown): unknown {
  if (v instanceof Uint8Array) return toBase64(v);
  if (Array.isArray(v)) return v.map(b64Json);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = b64Json(x);
    return o;
  }
  return v;
}

export function jsonBody(v: unknown): Uint8Array {
  return utf8(JSON.stringify(b64Json(v)));
}

export function json(code: number, v: unknown, headers: Record<string, string> = {}): SogsResponse {
  return { code, headers: { 'content-type': 'application/json', ...headers }, body: jsonBody(v) };
}

/** Error answers: pysogs aborts with a plain-text reason (auth) or Flask's default page (others). */
export function error(code: number, message?: string): SogsResponse {
  return {
    code,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: utf8(message ?? defaultReason(code)),
  };
}

function defaultReason(code: number): string {
  switch (code) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not Found';
    case 405:
      return 'Method Not Allowed';
    case 413:
      return 'Payload Too Large';
    case 425:
      return 'Too Early';
    case 429:
      return 'Too Many Requests';
    default:
      return 'Error';
  }
}

/** Thrown by route code to answer with a status (Flask's `abort`). */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    message?: string,
  ) {
    super(message ?? defaultReason(code));
  }
}

export function header(req: SogsRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

export function queryParam(req: SogsRequest, name: string): string | undefined {
  return new URLSearchParams(req.query).get(name) ?? undefined;
}

/**
 * pysogs `get_int_param`: absent → default; not an integer → 400; out of range → clamped when
 * `truncate`, else 400.
 */
export function intParam(
  req: SogsRequest,
  name: string,
  dflt: number,
  min: number,
  max: number,
  truncate = true,
): number {
  const raw = queryParam(req, name);
  if (raw === undefined) return dflt;
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new HttpError(400);
  const v = Number(raw.trim());
  if (v < min) {
    if (truncate) return min;
    throw new HttpError(400);
  }
  if (v > max) {
    if (truncate) return max;
    throw new HttpError(400);
  }
  return v;
}

/** The JSON request body, or a 400 (Flask's `request.json` on bad input). */
export function jsonRequest(req: SogsRequest): unknown {
  try {
    return JSON.parse(Buffer.from(req.body).toString('utf8'));
  } catch {
    throw new HttpError(400);
  }
}

export function jsonObject(req: SogsRequest): Record<string, unknown> {
  const v = jsonRequest(req);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400);
  return v as Record<string, unknown>;
}

/** pysogs `utils.decode_base64`: standard base64, padding optional. */
export function decodeB64(s: unknown): Uint8Array {
  if (typeof s !== 'string') throw new HttpError(400);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw new HttpError(400);
  return new Uint8Array(Buffer.from(s, 'base64'));
}
