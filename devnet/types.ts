/** Shared devnet types. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Milliseconds since the epoch. Every node reads time through one of these so tests can skew it. */
export type Clock = () => number;

/**
 * An RPC answer as the storage server builds it (oxenss `rpc::Response`): a status and either a
 * JSON body (sent as application/json) or a plain string (sent as text/plain).
 */
export interface RpcResponse {
  readonly status: number;
  readonly body: Json | string;
  /** True when `body` is a plain-text string rather than a JSON value. */
  readonly text?: boolean;
}

export function jsonResponse(status: number, body: Json): RpcResponse {
  return { status, body };
}

export function textResponse(status: number, body: string): RpcResponse {
  return { status, body, text: true };
}

/** Public facts about a service node, as published by the seed and `get_swarm`. */
export interface SnodeInfo {
  readonly index: number;
  readonly ip: string;
  readonly port: number;
  readonly ed25519: string;
  readonly x25519: string;
  readonly swarmId: bigint;
}

/** Swarm id oxenss uses for "no swarm" (`snode::INVALID_SWARM_ID`). */
export const INVALID_SWARM_ID = 0xffffffffffffffffn;
