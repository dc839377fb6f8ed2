/**
 * The network client's random bytes (each onion layer's ephemeral secret and nonce, path and
 * node picks), drawn from the CSPRNG 4 KiB at a time. A store request asked for eight small
 * pieces, each a `randomBytes` call (a native call, a Buffer, then a copy); most now come from
 * one fill in twenty requests. Bytes handed out are wiped from the pool: an ephemeral secret
 * lives only where it is used.
 */
import { randomFillSync } from 'node:crypto';
import type { RandomBytes } from '../../onion/result';

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
