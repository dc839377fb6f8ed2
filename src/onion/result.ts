/**
 * Parsers in the onion/swarm layers never throw on hostile input: they return a typed
 * `Result` so callers must look at the failure kind (and tests can check it).
 */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** Randomness is injected (pure layers never call Math.random / crypto.getRandomValues). */
export type RandomBytes = (length: number) => Uint8Array;

/** Random integer in [0, n) from injected bytes, without modulo bias (rejection sampling). */
export function randomIndex(random: RandomBytes, n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0 || n > 0xffffffff)
    throw new RangeError(`randomIndex: bad bound ${n}`);
  const limit = Math.floor(0x100000000 / n) * n;
  for (;;) {
    const b = random(4);
    if (b.length !== 4) throw new Error('random source returned the wrong length');
    const v = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
    if (v < limit) return v % n;
  }
}

/** Fisher–Yates shuffle with injected randomness; returns a new array. */
export function shuffled<T>(items: readonly T[], random: RandomBytes): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
