/** Test helper: a byte array cut into parts, as a socket delivers a download. */

/** `bytes` cut at the given offsets (taken modulo its length + 1, sorted, deduplicated). */
export function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}
