/**
 * Byte helpers shared by every layer (pure: they also run without Node, in a browser). Under
 * Node, base64 goes through Buffer's native codec: the characters one at a time cost more than
 * the onion encryption of a store request, and again on every reply.
 */

/** Node's Buffer when there is one (the core, the CLI, tests); undefined in a browser. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Hex both ways by table: keys and ids go through here several times per message (each onion
 * layer's keys, the sender of each message received, every Session ID), and building the text
 * two characters at a time with `padStart`, or reading it back with `slice` + `parseInt`, cost
 * 4-6 times as much and left a string per byte for the collector.
 */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** A character code's value as a hex digit, -1 if it is not one (codes past 127 are not). */
const HEX_VALUES: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) {
    t['0123456789abcdef'.charCodeAt(i)] = i;
    t['0123456789ABCDEF'.charCodeAt(i)] = i;
  }
  return t;
})();

export function toHex(bytes: Uint8Array): string {
  // Node's encoder is faster still for long inputs (whole messages, hashes of files).
  if (NodeBuffer && bytes.length > 64) {
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  }
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i] as number] as string;
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('invalid hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    const hi = a < 128 ? (HEX_VALUES[a] as number) : -1;
    const lo = b < 128 ? (HEX_VALUES[b] as number) : -1;
    if ((hi | lo) < 0) throw new Error('invalid hex string');
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function isHex(s: string): boolean {
  return HEX_RE.test(s);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** One decoder for every call (decoding without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function fromUtf8(b: Uint8Array): string {
  return UTF8.decode(b);
}

/** Standard base64 with padding (the alphabet Session uses on the wire). */
export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64, padded or not; throws on any other character. */
export function fromBase64(s: string): Uint8Array {
  // What `atob` refused: a lone last character, or more '=' than the length calls for.
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  if (end % 4 === 1 || s.length - end > (4 - (end % 4)) % 4) throw new Error('invalid base64 string');
  if (NodeBuffer) return nodeFromBase64(NodeBuffer, s, end);
  if (!B64_RE.test(s)) throw new Error('invalid base64 string');
  const bin = atob(s + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Node's decoder with the same strictness as {@link B64_RE}, which cost 4 ns a character (20 times
 * the decoding: the onion reply and every polled message go through here). Node's decoder skips
 * what is not in its alphabet and stops at an `=`, so either leaves the output shorter than the
 * text's length calls for; but its alphabet also has base64url's `-` and `_`, and it reads only
 * the low byte of a character beyond ASCII (`\u0141` as `A`): those are refused first.
 */
function nodeFromBase64(B: typeof Buffer, s: string, end: number): Uint8Array {
  if (B.byteLength(s, 'utf8') !== s.length) throw new Error('invalid base64 string');
  if (s.includes('-') || s.includes('_')) throw new Error('invalid base64 string');
  const decoded = B.from(s, 'base64');
  if (decoded.length !== Math.floor((end * 3) / 4)) throw new Error('invalid base64 string');
  // Copied out of Buffer's pool (small ones are views into it), so that the bytes own their
  // ArrayBuffer; a large one already has its own.
  if (decoded.byteOffset === 0 && decoded.buffer.byteLength === decoded.length) {
    return new Uint8Array(decoded.buffer, 0, decoded.length);
  }
  return new Uint8Array(decoded);
}
