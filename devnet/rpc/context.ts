/** What an RPC handler may use of its node; implemented by `node/service-node.ts`. */
import type { NodeStore } from '../store/database';
import type { NodeKeys } from '../keys';
import type { Json, JsonObject, RpcResponse } from '../types';
import type { Params } from './params';

export interface RpcContext {
  now(): number;
  readonly store: NodeStore;
  readonly keys: NodeKeys;
  readonly hf: readonly [number, number];
  /** True when `pubkey33` maps to this node's current swarm (oxenss `is_pubkey_for_us`). */
  isForUs(pubkey33: Uint8Array): boolean;
  /** `swarm_to_json` for the swarm owning `pubkey33` (no `t`/`hf`). */
  swarmJson(pubkey33: Uint8Array): JsonObject;
  /**
   * Forwards a recursive request to every other member of our swarm (oxenss `sn.storage_cc`)
   * and resolves with one entry per member, keyed by its ed25519 hex.
   */
  distribute(method: string, params: Params): Promise<Record<string, Json>>;
  /** Answers an oxend RPC (`get_service_nodes`), or undefined when oxend fails. */
  oxend(endpoint: string, params: Json | undefined): Json | undefined;
  countRetrieve(): void;
}

export type Handler = (
  ctx: RpcContext,
  params: Params,
  recurse: boolean,
) => Promise<RpcResponse> | RpcResponse;

export function misc(ctx: RpcContext, body: JsonObject, now = ctx.now()): JsonObject {
  body.t = now;
  body.hf = [ctx.hf[0], ctx.hf[1]];
  return body;
}

/** 421 with the owning swarm's `get_swarm` body (RequestHandler::handle_wrong_swarm). */
export function wrongSwarm(ctx: RpcContext, pubkey33: Uint8Array): RpcResponse {
  return { status: 421, body: misc(ctx, ctx.swarmJson(pubkey33)) };
}

/**
 * Runs a recursive (swarm-replicated) method: peers are asked first, our own result is added
 * under our key, and the reply is 200 unless every member failed (`reply_or_fail`).
 */
export async function runRecursive(
  ctx: RpcContext,
  recurse: boolean,
  method: string,
  params: Params,
  mine: () => JsonObject,
  entryExtras?: (result: JsonObject, mine: JsonObject) => void,
): Promise<RpcResponse> {
  const peers = recurse ? ctx.distribute(method, params) : undefined;
  const own = mine();
  if (!peers) return { status: 200, body: own };
  const swarm: Record<string, Json> = { [ctx.keys.edHex]: own };
  Object.assign(swarm, await peers);
  const result: JsonObject = { swarm };
  entryExtras?.(result, own);
  misc(ctx, result);
  const ok = Object.values(swarm).some(
    (r) => typeof r === 'object' && r !== null && !Array.isArray(r) && !('failed' in r),
  );
  return { status: ok ? 200 : 500, body: result };
}
