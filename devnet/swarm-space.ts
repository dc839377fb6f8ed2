/**
 * Swarm layout of the devnet, computed the way the storage server does it (session-storage-server
 * `oxenss/snode/swarm.cpp`: `pubkey_to_swarm_space`, `get_swarm_by_pk`; network.md §2.2; checked
 * against the server's own unit-test values in test/devnet/protocol-vectors.test.ts). Written
 * here rather than shared with the client, so that a client that misreads the mapping is caught
 * by a network that read it independently.
 */
import { INVALID_SWARM_ID } from './types';

const U64_MASK = (1n << 64n) - 1n;

/**
 * Where a 33-byte pubkey sits in swarm space: the prefix byte is skipped, the other 32 bytes are
 * four big-endian u64 that are XORed together (so 05 and 03 keys with the same body map alike).
 */
export function swarmSpacePosition(pubkey33: Uint8Array): bigint {
  if (pubkey33.length !== 33)
    throw new Error(`a swarm-space position needs 33 bytes, got ${pubkey33.length}`);
  let position = 0n;
  for (let chunk = 0; chunk < 4; chunk++) {
    let word = 0n;
    for (let i = 0; i < 8; i++) word = (word << 8n) | BigInt(pubkey33[1 + chunk * 8 + i] ?? 0);
    position ^= word;
  }
  return position;
}

/**
 * The swarm that owns `pubkey33` among `swarmIds`: the nearest id by unsigned 64-bit wrapping
 * distance, where the successor must be strictly closer to win (a tie goes to the predecessor,
 * also across the wrap). The reserved "no swarm" id never owns anything; undefined without swarms.
 */
export function pickSwarm(swarmIds: readonly bigint[], pubkey33: Uint8Array): bigint | undefined {
  const sorted = [...new Set(swarmIds)]
    .filter((id) => id !== INVALID_SWARM_ID)
    .sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const first = sorted[0];
  if (first === undefined) return undefined;
  if (sorted.length === 1) return first;
  const position = swarmSpacePosition(pubkey33);
  const rightIndex = Math.max(
    0,
    sorted.findIndex((id) => id >= position),
  );
  const right = sorted[rightIndex] ?? first;
  const left = sorted[(rightIndex + sorted.length - 1) % sorted.length] ?? first;
  const toRight = (right - position) & U64_MASK;
  const toLeft = (position - left) & U64_MASK;
  return toRight < toLeft ? right : left;
}

/** Swarm ids travel as lower-case hex without `0x` (get_swarm and 421 bodies, network.md §10). */
export function swarmIdHex(id: bigint): string {
  return (id & U64_MASK).toString(16);
}

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
