/** `info`, `get_swarm` (alias `get_snodes_for_pubkey`), `oxend_request` (request_handler.cpp). */
import { textResponse, type Json, type RpcResponse } from '../types';
import { misc, type RpcContext } from './context';
import { loadPubkey, optString, ParseError, pubkeyWithAlias, require, type Params } from './params';

export const STORAGE_SERVER_VERSION = [2, 8, 0] as const;

export function info(ctx: RpcContext): RpcResponse {
  const now = ctx.now();
  return { status: 200, body: misc(ctx, { version: [...STORAGE_SERVER_VERSION], timestamp: now }, now) };
}

export function getSwarm(ctx: RpcContext, p: Params): RpcResponse {
  const pk = loadPubkey(pubkeyWithAlias(p));
  return { status: 200, body: misc(ctx, ctx.swarmJson(pk.bytes)) };
}

const ALLOWED_OXEND = new Set(['get_service_nodes', 'ons_resolve']);

export function oxendRequest(ctx: RpcContext, p: Params): RpcResponse {
  const endpoint = require('endpoint', optString(p, 'endpoint'));
  if (!ALLOWED_OXEND.has(endpoint)) throw new ParseError(`Invalid oxend endpoint '${endpoint}'`);
  const params = p.params;
  const result = ctx.oxend(endpoint, params === undefined || params === null ? undefined : (params as Json));
  if (result === undefined) return textResponse(400, 'Unknown oxend error');
  return { status: 200, body: misc(ctx, { result }) };
}
