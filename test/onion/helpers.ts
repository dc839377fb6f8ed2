import { readVectorText } from '../vectors/files';
import { fromHex } from '../../src/crypto/bytes';
import type { RandomBytes } from '../../src/onion/result';

interface Vector {
  id: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
}

const file = JSON.parse(readVectorText('network.json')) as { vectors: Vector[] };

export const allVectorIds: readonly string[] = file.vectors.map((v) => v.id);

/** Fetches a vector by id; throws (fails the test) when it is missing. */
export function vector(id: string): Vector {
  const v = file.vectors.find((x) => x.id === id);
  if (!v) throw new Error(`vector ${id} missing from network.json`);
  return v;
}

/**
 * Deterministic randomness: returns the given chunks in order (each request must match the
 * chunk length), then fails. `remaining()` lets a test assert everything was consumed.
 */
export function queueRandom(...chunks: (Uint8Array | string)[]): RandomBytes & { remaining: () => number } {
  const q = chunks.map((c) => (typeof c === 'string' ? fromHex(c) : c));
  const f = ((n: number) => {
    const next = q.shift();
    if (!next) throw new Error(`random queue empty (wanted ${n})`);
    if (next.length !== n) throw new Error(`random queue chunk has ${next.length} bytes, wanted ${n}`);
    return next;
  }) as RandomBytes & { remaining: () => number };
  f.remaining = () => q.length;
  return f;
}

/** Seeded xorshift-based randomness for property/state tests (not crypto). */
export function seededRandom(seed: number): RandomBytes {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

/** Vector ids exercised by the tests in test/onion and test/swarm (checked in coverage test). */
export const COVERED_VECTOR_IDS = [
  'onion_hop_aes_gcm_decrypt',
  'onion_hop_xchacha20_decrypt',
  'onion_payload_parse_aes_gcm',
  'storage_message_hash_ns0',
  'swarm_space_mapping',
  'swarm_selection',
  'file_server_ed25519_to_x25519',
  'onion_v4_request_framing',
  'storage_request_signatures_user',
  'onion_3hop_snode_request_aes_gcm_deterministic',
] as const;
