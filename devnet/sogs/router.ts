/**
 * Dispatch: authenticate once per outer request (auth.ts), find the route, map errors to statuses
 * (pysogs `routes/exc.py`). `/capabilities`, `/batch` and `/sequence` live here
 * (`sogs/routes/general.py`): subrequests run as the outer request's user, their own X-SOGS
 * headers ignored; each answer is `{code, headers, body}` with a JSON body parsed, other bodies
 * base64; `/sequence` stops after the first non-2xx answer. A malformed subrequest fails the whole
 * batch with 400.
 */
import { fromUtf8, utf8 } from '../../src/crypto/bytes';
import { authenticate } from './auth';
import type { Route, SogsContext } from './context';
import {
  HttpError,
  decodeB64,
  error,
  json,
  jsonRequest,
  queryParam,
  type Caller,
  type SogsRequest,
  type SogsResponse,
} from './http';
import { dmRoutes } from './routes-dm';
import { messageRoutes } from './routes-messages';
import { roomRoutes } from './routes-rooms';
import { userRoutes } from './routes-users';

export function capabilities(ctx: SogsContext): string[] {
  return ['sogs', 'reactions', ...(ctx.policy.requireBlindKeys ? ['blind'] : [])].sort();
}

function caps(ctx: SogsContext, req: SogsRequest): SogsResponse {
  const have = capabilities(ctx);
  const required = queryParam(req, 'required');
  if (required === undefined) return json(200, { capabilities: have });
  const missing = required.split(',').filter((c) => !have.includes(c));
  return missing.length > 0 ? json(412, { capabilities: have, missing }) : json(200, { capabilities: have });
}

interface SubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

function parseSub(v: unknown): SubRequest {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400);
  const r = v as Record<string, unknown>;
  const { method, path } = r;
  if (typeof method !== 'string' || typeof path !== 'string') throw new HttpError(400);
  const headers: Record<string, string> = {};
  if ('headers' in r) {
    const h = r.headers;
    if (h === null || typeof h !== 'object' || Array.isArray(h)) throw new HttpError(400);
    for (const [k, x] of Object.entries(h)) {
      if (typeof x !== 'string') throw new HttpError(400);
      headers[k.toLowerCase()] = x;
    }
  }
  const hasBody = method === 'POST' || method === 'PUT';
  if (!hasBody && method !== 'GET' && method !== 'DELETE') throw new HttpError(400);
  if (!path.startsWith('/')) throw new HttpError(400);
  const kinds = ['b64', 'json', 'bytes'].filter((k) => k in r);
  let body: Uint8Array = new Uint8Array(0);
  if (hasBody) {
    if (kinds.length !== 1) throw new HttpError(400);
    if ('b64' in r) body = decodeB64(r.b64);
    else if ('bytes' in r) {
      if (typeof r.bytes !== 'string') throw new HttpError(400);
      body = utf8(r.bytes);
    } else {
      body = utf8(JSON.stringify(r.json));
      if (!('content-type' in headers)) headers['content-type'] = 'application/json';
    }
  } else if (kinds.length > 0) throw new HttpError(400);
  return { method, path, headers, body };
}

function batch(ctx: SogsContext, req: SogsRequest, user: Caller, sequential: boolean): SogsResponse {
  const list = jsonRequest(req);
  if (!Array.isArray(list)) throw new HttpError(400);
  const subs = list.map(parseSub);
  const out: unknown[] = [];
  for (const sub of subs) {
    const [path, query] = splitPath(sub.path);
    const res = ctx.dispatch({ method: sub.method, path, query, headers: sub.headers, body: sub.body }, user);
    const isJson = (res.headers['content-type'] ?? '').startsWith('application/json');
    let body: unknown = res.body;
    if (isJson) {
      try {
        body = JSON.parse(fromUtf8(res.body));
      } catch {
        body = res.body;
      }
    }
    out.push({ code: res.code, headers: res.headers, body });
    if (sequential && !(res.code >= 200 && res.code < 300)) break;
  }
  return json(200, out);
}

/** Splits `path?query`, URL-decoding the path (pysogs signs and routes the decoded path). */
export function splitPath(full: string): [string, string] {
  const i = full.indexOf('?');
  const rawPath = i < 0 ? full : full.slice(0, i);
  const query = i < 0 ? '' : full.slice(i + 1);
  let path = rawPath;
  if (rawPath.includes('%')) {
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new HttpError(400);
    }
  }
  return [path, query];
}

const ROUTES: readonly Route[] = [...roomRoutes, ...messageRoutes, ...userRoutes, ...dmRoutes];

/** Runs one request as `user` (already authenticated); never throws. */
export function route(ctx: SogsContext, req: SogsRequest, user: Caller): SogsResponse {
  try {
    if (req.path === '/capabilities' && req.method === 'GET') return caps(ctx, req);
    if (req.path === '/batch' && req.method === 'POST') return batch(ctx, req, user, false);
    if (req.path === '/sequence' && req.method === 'POST') return batch(ctx, req, user, true);
    let pathMatched = false;
    for (const r of ROUTES) {
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== req.method) continue;
      return r.handler({ ctx, req, user, params: m.slice(1) });
    }
    return error(pathMatched ? 405 : 404);
  } catch (e) {
    if (e instanceof HttpError) return error(e.code, e.message);
    return error(500, e instanceof Error ? e.message : 'Internal Server Error');
  }
}

/** An outer request (plain HTTP or onion): authenticate from its headers, then route. */
export function handle(ctx: SogsContext, req: SogsRequest): SogsResponse {
  let user: Caller;
  try {
    ctx.store.applyBanFutures();
    user = authenticate(req, ctx.store, ctx.serverPk, ctx.policy);
  } catch (e) {
    if (e instanceof HttpError) return error(e.code, e.message);
    return error(500);
  }
  return route(ctx, req, user);
}
