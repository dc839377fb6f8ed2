/**
 * Typed protobuf codecs for Content, Envelope and WebSocketMessage.
 *
 * Decoders never throw, whatever the bytes: protobufjs errors (truncation, bad wire types, missing
 * proto2 `required` fields, nesting beyond its recursion limit) and our range checks all become
 * `{ ok: false, error }`. Unknown fields are skipped, as proto2 readers do. Unknown values of a
 * (closed, proto2) enum are treated as absent like protoc does — so a message whose *required* enum
 * is unknown is malformed, as it is for libsession's C++ parser.
 */
import type * as protobuf from 'protobufjs';
import { contentFromObject, envelopeFromObject, webSocketMessageFromObject } from './from-object';
import { asObj } from './narrow';
import type { Obj } from './narrow';
import { ContentType, DECODE_OPTIONS, EnvelopeType, WebSocketMessageType } from './schema';
import { encodeChecked } from './to-wire';
import type {
  ContentMessage,
  Envelope,
  ProtoDecodeError,
  ProtoDecodeResult,
  WebSocketMessage,
} from './types';

function decodeWith<T>(
  type: protobuf.Type,
  messageType: ProtoDecodeError['messageType'],
  narrow: (o: Obj) => T,
  bytes: Uint8Array,
): ProtoDecodeResult<T> {
  try {
    const decoded = type.decode(bytes);
    const plain: unknown = type.toObject(decoded, DECODE_OPTIONS);
    return { ok: true, value: narrow(asObj(plain, messageType)) };
  } catch (e: unknown) {
    const reason = e instanceof Error ? e.message : 'undecodable';
    return { ok: false, error: { kind: 'malformed', messageType, reason } };
  }
}

export function encodeContent(content: ContentMessage): Uint8Array {
  return encodeChecked(ContentType, content);
}

export function decodeContent(bytes: Uint8Array): ProtoDecodeResult<ContentMessage> {
  return decodeWith(ContentType, 'Content', contentFromObject, bytes);
}

export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return encodeChecked(EnvelopeType, envelope);
}

export function decodeEnvelope(bytes: Uint8Array): ProtoDecodeResult<Envelope> {
  return decodeWith(EnvelopeType, 'Envelope', envelopeFromObject, bytes);
}

export function encodeWebSocketMessage(message: WebSocketMessage): Uint8Array {
  return encodeChecked(WebSocketMessageType, message);
}

export function decodeWebSocketMessage(bytes: Uint8Array): ProtoDecodeResult<WebSocketMessage> {
  return decodeWith(WebSocketMessageType, 'WebSocketMessage', webSocketMessageFromObject, bytes);
}
