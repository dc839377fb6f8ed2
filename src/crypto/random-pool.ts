/**
 * Small random draws (each onion layer's ephemeral secret and nonce, each sealed box's
 * ephemeral secret, each Envelope's decoy proSig) from the CSPRNG 4 KiB at a time. A message
 * and its store request asked for a dozen small pieces, each a `randomBytes` call (a native
 * call, a Buffer, then a copy); most now come from one fill in many messages. Bytes handed
 * out are wiped from the pool: an ephemeral secret lives only where it is used.
 */
import { randomFillSync } from 'node:crypto';

/** `n` random bytes in an array of their own. */
export type RandomBytes = (n: number) => Uint8Array;

const POOL_BYTES = 4096;

export function pooledRandom(poolBytes: number = POOL_BYTES): RandomBytes {
  const pool = new Uint8Array(poolBytes);
  let at = poolBytes;
  return (n) => {
    // A large draw would empty the pool for little gain: it gets its own.
    if (n > poolBytes / 8) return randomFillSync(new Uint8Array(n));
    if (at + n > poolBytes) {
      randomFillSync(pool);
      at = 0;
    }
    const out = pool.slice(at, at + n);
    pool.fill(0, at, at + n);
    at += n;
    return out;
  };
}

/** The thread's shared pool, for code that draws without an injected source. */
export const pooledRandomBytes: RandomBytes = pooledRandom();
