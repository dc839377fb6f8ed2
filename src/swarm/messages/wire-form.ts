/**
 * The stored form of a 1-to-1 message (identity-and-messages.md §4.5, §4.6):
 *
 *   base64( WebSocketMessage{ type REQUEST, request{ verb "", path "", body Envelope, requestId 0 } } )
 *   Envelope{ type SESSION_MESSAGE (6), timestamp, sourceDevice 1, content = sealed box, proSig }
 *
 * What we send reproduces libsession (`src/session_protocol.cpp`, `encode_for_destination_internal`)
 * and the `wire-1o1-A-to-B` vector byte for byte: verb/path present and empty, requestId 0,
 * sourceDevice 1, no `source`.
 *
 * proSig decision: by default we add 64 random bytes, as libsession does when the sender has no
 * Session Pro ("to make pro and non-pro messages indistinguishable", since Aug 2025). The Envelope
 * is outside the encryption, so swarm nodes see it: omitting the field would single Veil users
 * out among current clients. Receivers ignore a proSig without a `Content.proMessage`. Callers can
 * pass `proSig: null` to omit it (older senders' form; the vector does so to be reproducible).
 *
 * Receiving is tolerant of every variant of §4.6: any verb/path/requestId/headers (legacy Desktop
 * sent "PUT" and "/api/v1/message"), absent or empty or hex `source`, absent `sourceDevice`,
 * absent or any-length `proSig` (libsession rejects a proSig that is not 64 bytes; we never use it,
 * so we keep the message and report the length), and an absent WebSocketMessage.type.
 */
import { fromBase64, toBase64 } from '../../crypto/bytes';
import { pooledRandomBytes } from '../../crypto/random-pool';
import { decodeEnvelope, decodeWebSocketMessage, encodeEnvelope, encodeWebSocketMessage } from './codec';
import type { Envelope, ProtoDecodeError, WebSocketMessage } from './types';

/** Size of libsession's (real or decoy) Envelope.proSig: an Ed25519 signature. */
export const PRO_SIG_BYTES = 64;
/** libsession's `envelope.set_sourcedevice(1)`. */
export const SOURCE_DEVICE = 1;

export interface WrapEnvelopeInput {
  /** Sent timestamp in ms; the same value goes into Content.sigTimestamp. */
  readonly timestamp: number;
  /** The sealed box (`encryptContentForRecipient`). */
  readonly content: Uint8Array;
  /** Default (undefined): 64 random bytes. `null`: no proSig field. Bytes: used as given. */
  readonly proSig?: Uint8Array | null;
}

export function buildEnvelope(input: WrapEnvelopeInput): Envelope {
  // node:crypto's CSPRNG (pooled): libsodium's randombytes_buf asks the JS side for 4 bytes at a
  // time (16 Web Crypto calls here), which the profile of a send showed as a sizeable share of it.
  const proSig = input.proSig === undefined ? pooledRandomBytes(PRO_SIG_BYTES) : input.proSig;
  // Two literals rather than a spread of a conditional one (this runs twice per message sent).
  return proSig === null
    ? {
        type: 'SESSION_MESSAGE',
        timestamp: input.timestamp,
        sourceDevice: SOURCE_DEVICE,
        content: input.content,
      }
    : {
        type: 'SESSION_MESSAGE',
        timestamp: input.timestamp,
        sourceDevice: SOURCE_DEVICE,
        content: input.content,
        proSig,
      };
}

/** The serialized WebSocketMessage around an Envelope: the bytes whose base64 is stored. */
export function wrapEnvelopeBytes(input: WrapEnvelopeInput): Uint8Array {
  const message: WebSocketMessage = {
    type: 'REQUEST',
    request: { verb: '', path: '', body: encodeEnvelope(buildEnvelope(input)), requestId: 0 },
  };
  return encodeWebSocketMessage(message);
}

/** The `data` parameter of a swarm `store` request (standard base64, padded). */
export function wrapEnvelope(input: WrapEnvelopeInput): string {
  return toBase64(wrapEnvelopeBytes(input));
}

export type UnwrapError =
  | { readonly kind: 'bad-base64' }
  | { readonly kind: 'bad-websocket-message'; readonly error: ProtoDecodeError }
  /** WebSocketMessage.type is UNKNOWN or RESPONSE: not something a sender stores. */
  | { readonly kind: 'not-a-request'; readonly type: string }
  | { readonly kind: 'no-body' }
  | { readonly kind: 'bad-envelope'; readonly error: ProtoDecodeError };

export interface Unwrapped {
  readonly ok: true;
  readonly envelope: Envelope;
  /** The outer message, with `request.body` (the Envelope bytes) included. */
  readonly webSocketMessage: WebSocketMessage;
}

export type UnwrapResult = Unwrapped | { readonly ok: false; readonly error: UnwrapError };

/** Parses the raw bytes of a stored message (after base64). Never throws. */
export function unwrapStoredBytes(bytes: Uint8Array): UnwrapResult {
  const ws = decodeWebSocketMessage(bytes);
  if (!ws.ok) return { ok: false, error: { kind: 'bad-websocket-message', error: ws.error } };
  const { type, request } = ws.value;
  // Desktop (`extractWebSocketContent`) wants REQUEST; an absent type is tolerated (no sender omits
  // it, but nothing is gained by refusing a message whose body is there).
  if (type !== undefined && type !== 'REQUEST') {
    return { ok: false, error: { kind: 'not-a-request', type } };
  }
  const body = request?.body;
  if (body === undefined || body.length === 0) return { ok: false, error: { kind: 'no-body' } };
  const envelope = decodeEnvelope(body);
  if (!envelope.ok) return { ok: false, error: { kind: 'bad-envelope', error: envelope.error } };
  return { ok: true, envelope: envelope.value, webSocketMessage: ws.value };
}

/** Parses a retrieved swarm message: its bytes, or their base64 text. Never throws. */
export function unwrapStoredMessage(data: Uint8Array | string): UnwrapResult {
  if (typeof data !== 'string') return unwrapStoredBytes(data);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(data.trim());
  } catch {
    return { ok: false, error: { kind: 'bad-base64' } };
  }
  return unwrapStoredBytes(bytes);
}
