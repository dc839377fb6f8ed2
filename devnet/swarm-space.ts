/**
 * Swarm layout of the devnet. The pubkey → swarm mapping itself (session-storage-server
 * `oxenss/snode/swarm.cpp`, network.md §2.2) comes from `src/swarm/swarm-space.ts`.
 */
import { swarmForPubkey, swarmIdToHex } from '../src/swarm/swarm-space';

/** Closest swarm id by wrapping distance (ties to the left); shared with the client code. */
export function pickSwarm(swarmIds: readonly bigint[], pubkey33: Uint8Array): bigint | undefined {
  return swarmForPubkey(swarmIds, pubkey33);
}

export { swarmIdToHex as swarmIdHex };

/**
 * Evenly spaced ids for `count` swarms (low bits cleared so they also survive a trip through a
 * JS number).
 */
export function evenSwarmIds(count: number): bigint[] {
  const out: bigint[] = [];
  const step = (1n << 64n) / BigInt(count);
  for (let i = 0; i < count; i++) out.push(((step * BigInt(i) + step / 2n) >> 12n) << 12n);
  return out;
}

/** Splits `n` nodes into swarm sizes of 5–7 where possible (oxen-core MIN 5 / IDEAL 7). */
export function swarmSizes(n: number): number[] {
  if (n <= 0) return [];
  let k = Math.max(1, Math.ceil(n / 7));
  while (k > 1 && Math.floor(n / k) < 5) k--;
  const sizes: number[] = [];
  for (let i = 0; i < k; i++) sizes.push(Math.floor(n / k) + (i < n % k ? 1 : 0));
  return sizes;
}
