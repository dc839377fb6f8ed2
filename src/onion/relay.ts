/**
 * What a service node does with an onion request (the devnet side), network.md §4.4 item 2,
 * §4.5, §4.6; session-storage-server `oxenss/server/https.cpp` (`process_onion_req_v2`),
 * `oxenss/rpc/onion_processing.cpp` (`process_inner_request`), `oxenss/rpc/request_handler.cpp`
 * (`process_onion_req`, `wrap_proxy_response`).
 *
 * 1. `parseOnionEnvelope` — the `/onion_req/v2` body: frame with `ephemeral_key`, optional
 *    `enc_type` and `hop_no`. Failure → 400 `Error parsing onion request: …` (plaintext).
 * 2. `peelOnionLayer` — decrypt with the node's X25519 secret (failure → 400 `Invalid
 *    ciphertext`, plaintext) and classify the inner frame by its JSON:
 *    `headers` present → final destination; `host` → proxy to an HTTP server; else relay to
 *    `destination` (ed25519). Bad inner JSON → 400 `Invalid json`, *encrypted* for the client.
 * 3. `encodeRelayEnvelope` — how our devnet forwards to the next node (real nodes use oxenmq
 *    `sn.onion_request`; we reuse the HTTP framing with `hop_no` incremented).
 */
import { fromHex, toHex } from '../crypto/bytes';
import { encodeOnionFrame, parseOnionFrame } from './framing';
import { decryptAtNode, parseEncType, type EncType } from './hop-crypto';
import { parseEd25519Hex, type Ed25519Hex } from './keys';
import { err, ok, type Result } from './result';

/** Hop numbers above this are refused with 400 (`MAX_ONION_HOPS`, `onion_processing.h`). */
export const MAX_ONION_HOPS = 15;

export interface OnionEnvelope {
  readonly ciphertext: Uint8Array;
  readonly ephemeralKey: Uint8Array;
  readonly encType: EncType;
  readonly hopNo: number;
}

export type FinalDestinationLayer = {
  readonly kind: 'destination';
  /** The storage RPC JSON body. */
  readonly body: Uint8Array;
  /** `"json": true` asks for the RPC result embedded as JSON instead of a JSON string. */
  readonly embedJson: boolean;
  /** `"base64": false` asks for a raw (not base64) encrypted reply. */
  readonly base64: boolean;
};

export type ServerRelayLayer = {
  readonly kind: 'server';
  /** The *whole* decrypted layer: the HTTP server re-parses the framing itself. */
  readonly payload: Uint8Array;
  readonly host: string;
  readonly port: number;
  readonly protocol: string;
  readonly target: string;
  /** False when the server would refuse with 400 `Invalid url` (encrypted). */
  readonly allowed: boolean;
};

export type NodeRelayLayer = {
  readonly kind: 'relay';
  readonly ciphertext: Uint8Array;
  readonly destination: Ed25519Hex;
  readonly ephemeralKey: Uint8Array;
  readonly encType: EncType;
};

export type OnionLayer = FinalDestinationLayer | ServerRelayLayer | NodeRelayLayer;

export type OnionPeelError =
  | { readonly kind: 'envelope'; readonly status: 400; readonly message: string }
  | { readonly kind: 'hop-limit'; readonly status: 400; readonly message: string }
  | { readonly kind: 'ciphertext'; readonly status: 400; readonly message: string }
  /** Reply encrypted with `key` (the client can read it). */
  | {
      readonly kind: 'json';
      readonly status: 400;
      readonly message: string;
      readonly key: Uint8Array;
      readonly encType: EncType;
    };

function hexKey(v: unknown): Uint8Array | undefined {
  return typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v) ? fromHex(v) : undefined;
}

/** Parses a `/onion_req/v2` POST body (or a relayed envelope). Never throws. */
export function parseOnionEnvelope(body: Uint8Array): Result<OnionEnvelope, OnionPeelError> {
  const bad = (m: string): Result<OnionEnvelope, OnionPeelError> =>
    err({ kind: 'envelope', status: 400, message: `Error parsing onion request: ${m}` });
  const frame = parseOnionFrame(body);
  if (!frame.ok) return bad(frame.error.message);
  const { json } = frame.value;
  const ephemeralKey = hexKey(json.ephemeral_key);
  if (!ephemeralKey) return bad('missing or invalid ephemeral_key');
  const encType = parseEncType(json.enc_type);
  if (!encType) return bad(`Invalid encryption type ${String(json.enc_type)}`);
  let hopNo = 0;
  if (json.hop_no !== undefined) {
    if (typeof json.hop_no !== 'number' || !Number.isInteger(json.hop_no))
      return bad('hop_no must be an integer');
    hopNo = Math.max(0, json.hop_no);
  }
  return ok({ ciphertext: frame.value.blob, ephemeralKey, encType, hopNo });
}

/** Server rule for proxied URLs (`is_onion_url_target_allowed`). */
export function isOnionUrlTargetAllowed(target: string): boolean {
  return (
    (target.startsWith('/loki/') || target.startsWith('/oxen/')) &&
    target.endsWith('/lsrpc') &&
    !target.includes('?')
  );
}

/** Classifies a decrypted layer. Never throws; errors are `Invalid json` material. */
export function classifyOnionLayer(plaintext: Uint8Array): Result<OnionLayer, string> {
  const frame = parseOnionFrame(plaintext);
  if (!frame.ok) return err(frame.error.message);
  const { blob, json } = frame.value;
  if ('headers' in json) {
    if (json.json !== undefined && typeof json.json !== 'boolean') return err('"json" must be a boolean');
    if (json.base64 !== undefined && typeof json.base64 !== 'boolean')
      return err('"base64" must be a boolean');
    return ok({
      kind: 'destination',
      body: blob,
      embedJson: json.json === true,
      base64: json.base64 !== false,
    });
  }
  if ('host' in json) {
    const { host, target, port, protocol } = json;
    if (typeof host !== 'string' || typeof target !== 'string') return err('host/target must be strings');
    if (
      port !== undefined &&
      (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    ) {
      return err('bad port');
    }
    if (protocol !== undefined && typeof protocol !== 'string') return err('bad protocol');
    const proto = protocol ?? 'https';
    return ok({
      kind: 'server',
      payload: plaintext,
      host,
      target,
      port: port ?? 443,
      protocol: proto,
      allowed: (proto === 'http' || proto === 'https') && isOnionUrlTargetAllowed(target),
    });
  }
  const destination = typeof json.destination === 'string' ? parseEd25519Hex(json.destination) : undefined;
  if (!destination) return err('missing or invalid destination');
  const ephemeralKey = hexKey(json.ephemeral_key);
  if (!ephemeralKey) return err('missing or invalid ephemeral_key');
  const encType = parseEncType(json.enc_type);
  if (!encType) return err('invalid enc_type');
  return ok({ kind: 'relay', ciphertext: blob, destination, ephemeralKey, encType });
}

export interface PeeledLayer {
  readonly layer: OnionLayer;
  /** Key shared with the client for this layer: encrypts the destination reply. */
  readonly key: Uint8Array;
  readonly encType: EncType;
  readonly hopNo: number;
}

/** One node's whole processing of an incoming envelope. Never throws. */
export function peelOnionLayer(
  nodeX25519Secret: Uint8Array,
  envelope: OnionEnvelope,
): Result<PeeledLayer, OnionPeelError> {
  if (envelope.hopNo > MAX_ONION_HOPS) {
    return err({ kind: 'hop-limit', status: 400, message: 'onion request max path length exceeded' });
  }
  const dec = decryptAtNode(envelope.encType, nodeX25519Secret, envelope.ephemeralKey, envelope.ciphertext);
  if (!dec.ok) return err({ kind: 'ciphertext', status: 400, message: 'Invalid ciphertext' });
  const layer = classifyOnionLayer(dec.value.plaintext);
  if (!layer.ok)
    return err({
      kind: 'json',
      status: 400,
      message: 'Invalid json',
      key: dec.value.key,
      encType: envelope.encType,
    });
  return ok({ layer: layer.value, key: dec.value.key, encType: envelope.encType, hopNo: envelope.hopNo });
}

/** Envelope our devnet sends to the next node (HTTP stand-in for oxenmq `sn.onion_request`). */
export function encodeRelayEnvelope(layer: NodeRelayLayer, hopNo: number): Uint8Array {
  const json: Record<string, unknown> = { ephemeral_key: toHex(layer.ephemeralKey) };
  if (layer.encType !== 'aes-gcm') json.enc_type = layer.encType;
  json.hop_no = hopNo;
  return encodeOnionFrame(layer.ciphertext, json);
}
