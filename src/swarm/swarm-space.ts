/**
 * Pubkey → swarm mapping, exactly as the storage server computes it (network.md §2.2;
 * session-storage-server `oxenss/snode/swarm.cpp` `pubkey_to_swarm_space`, `get_swarm_by_pk`;
 * tests in `unit_test/swarm.cpp`). A test network must reproduce it bit for bit, and the
 * client uses it to sanity-check swarms.
 */
import { fromHex } from '../crypto/bytes';

const U64 = (1n << 64n) - 1n;

/** Reserved id meaning "no swarm" (`INVALID_SWARM_ID`). */
export const INVALID_SWARM_ID = U64;

/**
 * Position of a 33-byte (66-hex) pubkey: drop the prefix byte, read the 32 remaining bytes as
 * four big-endian u64 and XOR them. The prefix (05, 03, …) does not matter.
 */
export function pubkeyToSwarmSpace(pubkey: Uint8Array | string): bigint {
  const bytes = typeof pubkey === 'string' ? fromHex(pubkey) : pubkey;
  if (bytes.length !== 33) throw new Error(`swarm space needs a 33-byte pubkey, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + 1, 32);
  let pos = 0n;
  for (let i = 0; i < 4; i++) pos ^= view.getBigUint64(i * 8, false);
  return pos;
}

/**
 * The swarm owning a position: nearest id, with unsigned 64-bit wrapping distances; the
 * successor wins only if strictly closer (ties go to the predecessor, also across the wrap).
 * Returns `undefined` when there are no swarms.
 */
export function swarmForPosition(swarmIds: readonly bigint[], position: bigint): bigint | undefined {
  // The server only considers valid swarms (`all_valid_swarms_`): the reserved id is excluded.
  const ids = [...new Set(swarmIds)]
    .filter((id) => id !== INVALID_SWARM_ID)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ids.length === 0) return undefined;
  if (ids.length === 1) return ids[0];
  let ri = ids.findIndex((id) => id >= position);
  if (ri < 0) ri = 0;
  const right = ids[ri] as bigint;
  const left = ids[(ri + ids.length - 1) % ids.length] as bigint;
  const dr = (right - position) & U64;
  const dl = (position - left) & U64;
  return dr < dl ? right : left;
}

export function swarmForPubkey(swarmIds: readonly bigint[], pubkey: Uint8Array | string): bigint | undefined {
  return swarmForPosition(swarmIds, pubkeyToSwarmSpace(pubkey));
}

/** Swarm ids travel as lower-case hex without `0x` (get_swarm / 421 bodies, network.md §10). */
export function swarmIdToHex(id: bigint): string {
  return (id & U64).toString(16);
}
