/** Session message layer: protobuf schema, typed codecs, stored wire form, 1-to-1 pipeline. */
export * from './types';
export {
  decodeContent,
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeContent,
  encodeEnvelope,
  encodeWebSocketMessage,
} from './codec';
export { GroupUpdateMessageType, sessionProtoRoot } from './schema';
export { SESSION_PROTO_SOURCE } from './proto-source';
export * from './wire-form';
export * from './one-to-one';
export * from './inspect';
