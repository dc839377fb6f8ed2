/**
 * The parsed protobufjs reflection root for {@link SESSION_PROTO_SOURCE} and the message types
 * the codecs use. Parsing happens once, at module load; it is pure (no I/O, no code generation).
 */
import * as protobuf from 'protobufjs';
import { SESSION_PROTO_SOURCE } from './proto-source';

/** `keepCase`: our TypeScript interfaces use the .proto field names exactly. */
export const sessionProtoRoot: protobuf.Root = protobuf.parse(SESSION_PROTO_SOURCE, {
  keepCase: true,
}).root;
sessionProtoRoot.resolveAll();

function type(name: string): protobuf.Type {
  return sessionProtoRoot.lookupType(`SessionProtos.${name}`);
}

export const EnvelopeType = type('Envelope');
export const WebSocketMessageType = type('WebSocketMessage');
export const ContentType = type('Content');
/** For the groups layer: decodes the opaque `DataMessage.groupUpdateMessage` bytes. */
export const GroupUpdateMessageType = type('GroupUpdateMessage');

/**
 * How decoded messages are turned into plain objects before they are narrowed into our
 * interfaces: 64-bit integers as decimal strings (exact whatever the Long support), enums by name,
 * only the fields present on the wire (proto2 presence is kept: `defaults: false`).
 */
export const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: false,
  arrays: false,
  objects: false,
};

/**
 * The 1-to-1 codecs' options (codec.ts): 64-bit integers as bigint, as exact as the decimal
 * strings and without making them: Long.js's `toString` divides in 64-bit Long arithmetic, about
 * an eighth of decoding a received message in the receiver's profile (issue #15). The narrowing
 * (narrow.ts) takes either form; the group update's zod schemas keep the strings.
 */
export const DECODE_OPTIONS: protobuf.IConversionOptions = { ...TO_OBJECT_OPTIONS, longs: BigInt };
