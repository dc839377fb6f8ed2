/**
 * The onion request of an upload, encrypted while it is sent. The bytes are exactly those of
 * `buildOnionRequest` for the same input and random draws (same keys, nonces, JSON, framing);
 * only their production differs. Every layer is AES-GCM, a stream mode, and every length is
 * known before the first byte (each layer is nonce ‖ plaintext ‖ 16-byte tag, each frame
 * u32 length ‖ inner layer ‖ JSON), so a slice of the payload goes through the four layers at
 * once and onto the socket, and nothing of the size of the file is allocated or kept: the
 * whole-body builder made a fresh 10 MB buffer per layer and a joined one for the guard, whose
 * page faults, copies and collection cost more than the encryption itself.
 *
 * Layer k (0 = the destination, then the exit, …, the guard) encrypts stream s_k:
 *   s_0 = payload;  s_k = u32le(|ct_{k-1}|) ‖ ct_{k-1} ‖ JSON_k;  ct_k = nonce_k ‖ GCM_k(s_k) ‖ tag_k;
 * the guard's body is s_n (unencrypted) with JSON_n = {"ephemeral_key": E_{n-1}}.
 */
import { createCipheriv, type CipherGCM } from 'node:crypto';
import { fromHex, utf8 } from '../crypto/bytes';
import { joinOwned, releaseBytes } from '../crypto/owned-bytes';
import { isPartsSource, partsSource, type PartsSource } from '../crypto/parts';
import { buildOnionRequest, hopRouting, withKey, type BuildOnionInput, type OnionHop } from './builder';
import { deriveClientHopKey, x25519PublicFromSecret, type EncType } from './hop-crypto';
import type { RandomBytes } from './result';
import type { StreamedBody } from './transport';

const GCM_NONCE = 12;
const GCM_TAG = 16;
/** Payload bytes per step: small enough to stay in the cache through all layers. */
const SLICE = 256 * 1024;
/** Pieces under this are joined with their neighbours before they are written. */
const SMALL = 4096;

export interface BuiltOnionStream {
  /** POST body for `https://<guard>/onion_req/v2`, made as it is sent (one pass). */
  readonly body: StreamedBody;
  readonly destinationKey: Uint8Array;
  /** Keys shared with each path hop, guard first (as `BuiltOnion.hopKeys`). */
  readonly hopKeys: readonly Uint8Array[];
  readonly encType: EncType;
}

interface Layer {
  readonly key: Uint8Array;
  readonly nonce: Uint8Array;
  readonly ephemeralPublic: Uint8Array;
}

function take(random: RandomBytes, n: number): Uint8Array {
  const b = random(n);
  if (b.length !== n) throw new Error(`random source returned ${b.length} bytes, wanted ${n}`);
  return b;
}

/** A layer's key and nonce, drawn as `encryptForNode` draws them: secret (32), then nonce. */
function drawLayer(nodeX25519: string, random: RandomBytes): Layer {
  const secret = take(random, 32);
  const ephemeralPublic = x25519PublicFromSecret(secret);
  const key = deriveClientHopKey('aes-gcm', secret, fromHex(nodeX25519));
  if (!key.ok) throw new Error(`cannot encrypt for node: ${key.error.message}`);
  return { key: key.value, nonce: take(random, GCM_NONCE), ephemeralPublic };
}

function u32le(n: number): Uint8Array {
  if (n > 0xffffffff) throw new RangeError('onion blob too large');
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/** {@link BuildOnionInput} whose payload may also be made on demand (an upload's encryption). */
export interface BuildOnionStreamInput extends Omit<BuildOnionInput, 'payload'> {
  readonly payload: Uint8Array | readonly Uint8Array[] | PartsSource;
}

/**
 * {@link buildOnionRequest} for an HTTP server target (the file server), as a streamed body.
 * Other encryptions (XChaCha20 is one-shot in libsodium) and snode targets are built whole and
 * handed over as one chunk. A payload made on demand is pulled slice by slice as the body is.
 */
export function buildOnionRequestStream(input: BuildOnionStreamInput): BuiltOnionStream {
  const { path, target, random } = input;
  const encType = input.encType ?? 'aes-gcm';
  if (encType !== 'aes-gcm' || target.kind !== 'server') {
    const payload = isPartsSource(input.payload) ? joinOwned([...input.payload.chunks()]) : input.payload;
    const built = buildOnionRequest({ ...input, payload });
    const whole = built.guardBody;
    return { ...built, body: { length: whole.length, chunks: () => [whole] } };
  }
  if (path.length < 1) throw new Error('an onion path needs at least one node');
  const payload: PartsSource = isPartsSource(input.payload)
    ? input.payload
    : partsSource(input.payload instanceof Uint8Array ? [input.payload] : input.payload);

  // Innermost first, as the whole-body builder draws them.
  const layers: Layer[] = [drawLayer(target.pubkeyX25519, random)];
  for (let i = path.length - 1; i >= 0; i--)
    layers.push(drawLayer((path[i] as OnionHop).pubkeyX25519, random));
  const n = layers.length;
  // JSON_k (k = 1…n) closes s_k: the routing of path hop n-1-k with layer k-1's ephemeral key.
  const jsons: Uint8Array[] = [];
  for (let k = 1; k <= n; k++) {
    const inner = layers[k - 1] as Layer;
    const routing = k === n ? {} : hopRouting(path, n - 1 - k, target);
    jsons[k] = utf8(JSON.stringify(withKey(routing, inner.ephemeralPublic, encType)));
  }
  // |s_k| and |ct_k|, from the inside out.
  const streamLength: number[] = [payload.length];
  const ctLength: number[] = [];
  for (let k = 0; k < n; k++) {
    ctLength[k] = GCM_NONCE + (streamLength[k] as number) + GCM_TAG;
    streamLength[k + 1] = 4 + (ctLength[k] as number) + (jsons[k + 1] as Uint8Array).length;
  }

  let used = false;
  // Pieces of the body that are not its own memory (heads, tags, JSON: joined with their
  // neighbours in practice, as they are small); every other chunk is freed once sent.
  const foreign = new WeakSet<Uint8Array>();
  function* chunks(): Generator<Uint8Array> {
    if (used) throw new Error('a streamed onion body can be sent once');
    used = true;
    const ciphers: CipherGCM[] = layers.map((l) => createCipheriv('aes-256-gcm', l.key, l.nonce));
    let out: Uint8Array[] = [];
    let pending = 0;
    // Bytes of s_k: encrypted by layer k and passed outwards, or (k = n) the body itself.
    // `made`: the bytes are an inner layer's output, which nobody else sees: once this layer
    // has read them they are freed at once (releaseBytes) instead of waiting, 30 MB of them
    // per 10 MB upload, for a collection.
    const put = (k: number, bytes: Uint8Array, made: boolean): void => {
      if (bytes.length === 0) return;
      if (k === n) {
        if (!made) foreign.add(bytes);
        out.push(bytes);
        pending += bytes.length;
        return;
      }
      const next = (ciphers[k] as CipherGCM).update(bytes);
      if (made) releaseBytes(bytes);
      put(k + 1, next, true);
    };
    // What is ready, as written to the socket: a slice's ciphertext as the cipher made it
    // (a join would copy the whole body once more), runs of small pieces (heads, tags, JSON)
    // joined so that they are not written one by one.
    function* flush(): Generator<Uint8Array> {
      let run: Uint8Array[] = [];
      for (const piece of out) {
        if (piece.length >= SMALL) {
          if (run.length > 0) yield joinOwned(run);
          run = [];
          yield piece;
        } else run.push(piece);
      }
      if (run.length > 0) yield joinOwned(run);
      out = [];
      pending = 0;
    }
    // Each stream's head, outermost first: its length prefix, then its inner layer's nonce.
    for (let k = n; k >= 1; k--) {
      put(k, u32le(ctLength[k - 1] as number), false);
      put(k, (layers[k - 1] as Layer).nonce, false);
    }
    let made = 0;
    for (const part of payload.chunks()) {
      made += part.length;
      for (let off = 0; off < part.length; off += SLICE) {
        put(0, part.subarray(off, off + SLICE), false);
        if (pending >= SLICE) yield* flush();
      }
      // Read by the destination's layer: a payload made on demand may free it (the upload's
      // CBC output); a payload given whole ignores this.
      payload.release?.(part);
    }
    // Every length above was computed from the announced one: a source that made other bytes
    // would send a body whose framing lies.
    if (made !== payload.length) throw new Error(`payload made ${made} bytes, announced ${payload.length}`);
    // Each stream's tail, innermost first: the cipher's last bytes, its tag, the next JSON.
    for (let k = 0; k < n; k++) {
      const c = ciphers[k] as CipherGCM;
      put(k + 1, c.final(), true);
      put(k + 1, c.getAuthTag(), false);
      put(k + 1, jsons[k + 1] as Uint8Array, false);
    }
    if (pending > 0) yield* flush();
  }

  return {
    // The chunks are this body's own memory (the guard layer's output, or a join of small
    // pieces): the transport frees each once the socket has taken it.
    body: {
      length: streamLength[n] as number,
      chunks,
      release: (chunk) => {
        if (!foreign.has(chunk)) releaseBytes(chunk);
      },
    },
    destinationKey: (layers[0] as Layer).key,
    // layers[n-1] is the guard's, layers[1] the exit's.
    hopKeys: layers
      .slice(1)
      .reverse()
      .map((l) => l.key),
    encType,
  };
}

/** For tests and tools: the streamed body's bytes in one array. */
export function joinStreamedBody(body: StreamedBody): Uint8Array {
  return joinOwned([...body.chunks()]);
}
