/**
 * The oxend answers the devnet needs: `get_n_service_nodes` / `get_service_nodes`
 * (network.md §1.2, §1.5). oxend filters entries by the `fields` object when one is given.
 */
import { z } from 'zod';
import { swarmIdHex } from './swarm-space';
import type { Json, JsonObject, SnodeInfo } from './types';

export const ServiceNodesParams = z
  .object({
    active_only: z.boolean().optional(),
    fields: z.record(z.string(), z.boolean()).optional(),
    limit: z.int().optional(),
  })
  .loose();

const MARK = '__devnet_u64:';

export function u64Marker(v: bigint): string {
  return `${MARK}${v.toString(10)}`;
}

/** Turns marked strings in serialised JSON into bare 64-bit integers. */
export function u64Json(serialised: string): string {
  return serialised.replace(/"__devnet_u64:(\d+)"/g, '$1');
}

function entry(n: SnodeInfo): Record<string, Json> {
  return {
    service_node_pubkey: n.ed25519,
    public_ip: n.ip,
    storage_port: n.port,
    storage_lmq_port: n.port,
    quic_port: n.port,
    pubkey_ed25519: n.ed25519,
    pubkey_x25519: n.x25519,
    requested_unlock_height: 0,
    // oxend sends a 64-bit integer; emitted as raw digits by `u64Json` (a JS number would round).
    swarm_id: u64Marker(n.swarmId),
    swarm: swarmIdHex(n.swarmId),
    active: true,
    funded: true,
  };
}

export function serviceNodesResult(
  nodes: readonly SnodeInfo[],
  height: number,
  params: unknown,
): JsonObject | undefined {
  const p = ServiceNodesParams.safeParse(params ?? {});
  if (!p.success) return undefined;
  const wanted = p.data.fields
    ? Object.entries(p.data.fields)
        .filter(([, v]) => v)
        .map(([k]) => k)
    : undefined;
  let list = nodes.map((n) => {
    const full = entry(n);
    if (!wanted || wanted.length === 0) return full;
    const out: Record<string, Json> = {};
    for (const k of wanted) {
      const v = full[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  });
  if (p.data.limit !== undefined && p.data.limit > 0) list = list.slice(0, p.data.limit);
  return {
    service_node_states: list,
    height,
    target_height: height,
    block_hash: '0'.repeat(64),
    hardfork: 19,
    snode_revision: 4,
    status: 'OK',
  };
}
