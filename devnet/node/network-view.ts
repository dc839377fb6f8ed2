/** What a node knows about the rest of the network (oxend's view, in the real system). */
import type { Json, JsonObject, SnodeInfo } from '../types';

export interface Timeouts {
  /** Peer replication (`sn.storage_cc`): 5 s on real nodes. */
  readonly replicationMs: number;
  /** Relay to the next snode (`sn.onion_request`): 30 s on real nodes. */
  readonly relayMs: number;
  /** Proxy to an HTTP server: 25 s (ONION_URL_TIMEOUT). */
  readonly proxyMs: number;
}

export const REAL_TIMEOUTS: Timeouts = { replicationMs: 5_000, relayMs: 30_000, proxyMs: 25_000 };

export interface NetworkView {
  readonly timeouts: Timeouts;
  /** Shared secret on inter-node endpoints, so clients cannot call them. */
  readonly peerToken: string;
  swarmIds(): bigint[];
  members(swarmId: bigint): SnodeInfo[];
  findByEd(edHex: string): SnodeInfo | undefined;
  /** oxend `get_service_nodes` result for `params` (fields filter etc.). */
  serviceNodes(params: Json | undefined): JsonObject;
  /** oxend `ons_resolve` result, or undefined for parameters oxend refuses. */
  onsResolve(params: Json | undefined): JsonObject | undefined;
}
