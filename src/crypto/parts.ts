/**
 * Bytes kept in parts (a download as the socket delivered it, decrypted piece by piece): their
 * concatenation is the value. Ranges are taken as views, so a 10 MB reply is never joined only
 * to find where its body starts and ends.
 */

export type Parts = readonly Uint8Array[];

/**
 * Bytes made on demand: `length` bytes in all, given by one pass over `chunks()`; each pass
 * makes them anew (an upload's encryption, run again for a retry over another path).
 */
export interface PartsSource {
  readonly length: number;
  chunks(): Iterable<Uint8Array>;
  /**
   * The consumer has read `chunk`, one of the current pass's, and keeps no view of it: a source
   * that made it may free its memory at once. Chunks it did not make are left alone.
   */
  readonly release?: (chunk: Uint8Array) => void;
}

/** Parts already made, as a source. */
export function partsSource(parts: Parts): PartsSource {
  return { length: partsLength(parts), chunks: () => parts };
}

export function isPartsSource(x: Uint8Array | Parts | PartsSource): x is PartsSource {
  return !(x instanceof Uint8Array) && !Array.isArray(x);
}

export function partsLength(parts: Parts): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

/** Views of bytes [start, end) of the concatenation (no copy); empty parts are left out. */
export function partsRange(parts: Parts, start: number, end: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  for (const p of parts) {
    const from = Math.max(start - pos, 0);
    const to = Math.min(end - pos, p.length);
    if (to > from) out.push(from === 0 && to === p.length ? p : p.subarray(from, to));
    pos += p.length;
    if (pos >= end) break;
  }
  return out;
}

/** Bytes [start, end) copied into one array: for the few bytes of a header, nonce or tag. */
export function copyPartsRange(parts: Parts, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(end - start, 0));
  let off = 0;
  for (const p of partsRange(parts, start, end)) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
