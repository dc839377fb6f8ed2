/**
 * The "ciphertext + JSON" framing every onion layer uses (network.md §4.4;
 * session-storage-server `oxenss/rpc/onion_processing.cpp` `parse_combined_payload`,
 * session-desktop `onions.ts` `encodeCiphertextPlusJson`):
 *
 *   u32 little-endian N ‖ N bytes blob ‖ UTF-8 JSON object (rest of the payload)
 */
import { concatBytes, fromUtf8, utf8 } from '../crypto/bytes';
import { err, ok, type Result } from './result';

export interface OnionFrame {
  readonly blob: Uint8Array;
  /** The parsed JSON object after the blob. */
  readonly json: Readonly<Record<string, unknown>>;
}

export interface FramingError {
  readonly kind: 'framing';
  readonly message: string;
}

/** Frames `blob` with a JSON object; the object's key order is kept (JSON.stringify). */
export function encodeOnionFrame(blob: Uint8Array, json: Readonly<Record<string, unknown>>): Uint8Array {
  return concatBytes(...onionFrameParts(blob, json));
}

/**
 * The same frame in parts (length, the blob's parts, JSON), for a caller that encrypts them in
 * turn: a 10 MB upload is then never copied into a frame at each of its four layers.
 */
export function onionFrameParts(
  blob: Uint8Array | readonly Uint8Array[],
  json: Readonly<Record<string, unknown>>,
): readonly Uint8Array[] {
  const blobParts = blob instanceof Uint8Array ? [blob] : blob;
  const length = blobParts.reduce((n, p) => n + p.length, 0);
  if (length > 0xffffffff) throw new RangeError('onion blob too large');
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, length, true);
  return [head, ...blobParts, utf8(JSON.stringify(json))];
}

/** Parses the framing; the trailing JSON must be a UTF-8 JSON object. Never throws. */
export function parseOnionFrame(payload: Uint8Array): Result<OnionFrame, FramingError> {
  if (payload.length < 4)
    return err({ kind: 'framing', message: 'Unexpected payload size; expected ciphertext size' });
  const n = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true);
  if (payload.length - 4 < n) {
    return err({
      kind: 'framing',
      message: `Unexpected payload size ${payload.length - 4}, expected >= ${n}`,
    });
  }
  const blob = payload.slice(4, 4 + n);
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(payload.subarray(4 + n)));
  } catch (e) {
    return err({
      kind: 'framing',
      message: `invalid JSON after blob: ${e instanceof Error ? e.message : 'parse error'}`,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err({ kind: 'framing', message: 'JSON after blob is not an object' });
  }
  return ok({ blob, json: json as Record<string, unknown> });
}
