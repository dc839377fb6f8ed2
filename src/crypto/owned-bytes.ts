/**
 * Node Buffers as plain Uint8Arrays, without a copy where that is safe. A Buffer may be a view
 * into Node's shared pool (small ones are): handing that on would expose other data through
 * `.buffer` (and a transfer would detach it), so such a Buffer is copied. A large file's
 * bytes, which have an ArrayBuffer of their own, are not: for a 10 MB attachment every copy
 * avoided is a 10 MB allocation and memcpy less.
 */

/** `b` as a Uint8Array that alone owns its memory. */
export function ownedBytes(b: Uint8Array): Uint8Array {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length) return new Uint8Array(b.buffer, 0, b.length);
  return new Uint8Array(b);
}

/**
 * Joins parts into one new array of its own. Uninitialised memory (allocUnsafeSlow: never the
 * shared pool) because every byte is written at once: zero-filling 10 MB first costs more than
 * the copy itself.
 */
export function joinOwned(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = Buffer.allocUnsafeSlow(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, total);
}
