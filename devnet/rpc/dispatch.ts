/**
 * Method table and the `/storage_rpc/v1` entry (RequestHandler::process_client_req(string),
 * `batch`/`sequence` loaders in client_rpc_endpoints.cpp). Parse failures become 400
 * `invalid request: …`; unexpected exceptions 500 `request failed`, never a crash.
 */
import { z } from 'zod';
import { textResponse, type Json, type RpcResponse } from '../types';
import type { Handler, RpcContext } from './context';
import { deleteAll, deleteBefore, deleteMsgs } from './delete';
import { expire, expireAll, getExpiries } from './expire';
import { getSwarm, info, oxendRequest } from './info';
import { JsonObjectSchema, ParseError, type Params } from './params';
import { retrieve } from './retrieve';
import { revokeSubaccount, unrevokeSubaccount } from './revoke';
import { store } from './store';

const BATCH_REQUEST_MAX = 20;

/** Methods a peer may forward to us (oxenss recursive requests). */
export const RECURSIVE = new Set([
  'store',
  'delete',
  'delete_all',
  'delete_before',
  'expire',
  'expire_all',
  'revoke_subaccount',
  'unrevoke_subaccount',
]);

const HANDLERS: Record<string, Handler> = {
  store,
  retrieve: (c, p) => retrieve(c, p),
  delete: deleteMsgs,
  delete_all: deleteAll,
  delete_before: deleteBefore,
  expire,
  expire_all: expireAll,
  get_expiries: (c, p) => getExpiries(c, p),
  get_swarm: (c, p) => getSwarm(c, p),
  get_snodes_for_pubkey: (c, p) => getSwarm(c, p),
  info: (c) => info(c),
  oxend_request: (c, p) => oxendRequest(c, p),
  revoke_subaccount: revokeSubaccount,
  unrevoke_subaccount: unrevokeSubaccount,
};

/** The handler of `method`; own keys only, so `toString` or `__proto__` is no method here. */
function handlerFor(method: string): Handler | undefined {
  return Object.hasOwn(HANDLERS, method) ? HANDLERS[method] : undefined;
}

const SubRequest = z.object({ method: z.string(), params: JsonObjectSchema });

async function runBatch(ctx: RpcContext, p: Params, sequence: boolean): Promise<RpcResponse> {
  const reqs = p.requests;
  if (!Array.isArray(reqs) || reqs.length === 0)
    throw new ParseError('Invalid batch request: no valid "requests" field');
  if (reqs.length > BATCH_REQUEST_MAX)
    throw new ParseError('Invalid batch request: subrequest limit exceeded');
  const subs: Array<{ handler: Handler; params: Params }> = [];
  for (const r of reqs) {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw new ParseError('Invalid batch request: requests must be objects');
    const parsed = SubRequest.safeParse(r);
    if (!parsed.success)
      throw new ParseError('Invalid batch request: subrequests must have method/params keys');
    const { method, params } = parsed.data;
    if (method === 'batch' || method === 'sequence' || method === 'ifelse')
      throw new ParseError('Invalid batch subrequest: subrequests may not contain meta-requests');
    const handler = handlerFor(method);
    if (!handler) throw new ParseError(`Invalid batch subrequest: invalid method "${method}"`);
    subs.push({ handler, params });
  }
  const toResult = (r: RpcResponse): Json => ({ code: r.status, body: r.body });
  if (!sequence) {
    const all = await Promise.all(subs.map((s) => callHandler(ctx, s.handler, s.params, true)));
    return { status: 200, body: { results: all.map(toResult) } };
  }
  const results: Json[] = [];
  for (const s of subs) {
    const r = await callHandler(ctx, s.handler, s.params, true);
    results.push(toResult(r));
    if (r.status < 200 || r.status > 299) break;
  }
  return { status: 200, body: { results } };
}

/**
 * APPROXIMATION: the real server parses every subrequest before running any, so a malformed
 * subrequest fails the whole batch with 400. Here handlers parse as they run, so a malformed
 * subrequest yields its own `{code: 400, body: "invalid request: …"}` entry instead.
 */
async function callHandler(
  ctx: RpcContext,
  h: Handler,
  params: Params,
  recurse: boolean,
): Promise<RpcResponse> {
  try {
    return await h(ctx, params, recurse);
  } catch (e) {
    if (e instanceof ParseError) return textResponse(400, `invalid request: ${e.message}`);
    return textResponse(500, 'request failed');
  }
}

/** Runs `method` with `params`; `recurse` is false for copies forwarded by a swarm peer. */
export async function runMethod(
  ctx: RpcContext,
  method: string,
  params: Params,
  recurse: boolean,
): Promise<RpcResponse> {
  try {
    if (method === 'batch' || method === 'sequence') {
      if (!recurse)
        return textResponse(400, 'invalid request: received invalid forwarded non-forwardable request');
      return await runBatch(ctx, params, method === 'sequence');
    }
    const handler = handlerFor(method);
    if (!handler) return textResponse(400, `no method ${method}`);
    if (!recurse && !RECURSIVE.has(method))
      return textResponse(400, 'invalid request: received invalid forwarded non-forwardable request');
    return await handler(ctx, params, recurse);
  } catch (e) {
    if (e instanceof ParseError) return textResponse(400, `invalid request: ${e.message}`);
    return textResponse(500, 'request failed');
  }
}

const Envelope = z.looseObject({ method: z.unknown(), params: z.unknown() });

/**
 * APPROXIMATION: nesting deeper than this is refused with 400. Replicating a request serialises
 * its params again (JSON.stringify recurses and overflows the stack a few thousand levels down),
 * which made a deeply nested extra field a 500 (found by `npm run fuzz`).
 */
export const MAX_JSON_DEPTH = 256;

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ readonly v: unknown; readonly depth: number }> = [{ v: value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top.v !== 'object' || top.v === null) continue;
    if (top.depth >= limit) return true;
    for (const child of Object.values(top.v)) stack.push({ v: child, depth: top.depth + 1 });
  }
  return false;
}

/** The body of `POST /storage_rpc/v1` (or an onion request's final payload). */
export async function handleRpcBody(ctx: RpcContext, body: string): Promise<RpcResponse> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return textResponse(400, 'invalid json');
  }
  if (nestedDeeperThan(json, MAX_JSON_DEPTH)) return textResponse(400, 'invalid json: nesting too deep');
  const env = Envelope.safeParse(json);
  if (!env.success || typeof env.data.method !== 'string')
    return textResponse(400, 'invalid json: no `method` field');
  const params = JsonObjectSchema.safeParse(env.data.params);
  if (!params.success) return textResponse(400, 'invalid json: no `params` field');
  return runMethod(ctx, env.data.method, params.data, true);
}
