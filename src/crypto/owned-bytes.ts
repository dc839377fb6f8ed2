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

/**
 * A port that is closed from the start: posting to it still transfers (detaches) what the
 * transfer list names (HTML's rule for a disentangled port, which Node follows), and the
 * message is then dropped, so the memory goes back to the allocator at once.
 */
let sink: MessagePort | undefined;

/**
 * Frees the memory of `b` now, for bytes their maker alone sees (a cipher's output once the
 * next pass or the socket has read it). V8 counts every ArrayBuffer's memory as external
 * memory until a collection finds it dead; the 50 MB a 10 MB upload made that way (the CBC
 * pass and four onion layers) pushed V8 into collections triggered by "external memory
 * pressure", and each one let V8 start a mark-compact of the whole heap (bench/README.md,
 * session 15). A detached buffer is uncounted at once and its memory reused by the next
 * slice. Only a view of a whole ArrayBuffer is released (never Node's shared pool or a
 * slice of something larger); anything else is left to the collector.
 */
export function releaseBytes(b: Uint8Array): void {
  const buffer = b.buffer;
  if (b.byteOffset !== 0 || b.byteLength !== buffer.byteLength || b.byteLength === 0) return;
  if (!(buffer instanceof ArrayBuffer)) return;
  if (!sink) {
    const channel = new MessageChannel();
    channel.port2.close();
    sink = channel.port1;
    sink.close();
  }
  try {
    sink.postMessage(null, [buffer]);
  } catch {
    // Not transferable (Node marks its pooled buffers so): the collector frees it.
  }
}
