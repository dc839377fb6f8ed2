/**
 * The protobuf wrapper that the four *user* configs still carry for old clients
 * (sync-groups-communities.md §1.3 step 5; "keep doing so" per §8).
 *
 * Upstream facts (libsession-util `src/config/protos.cpp` `wrap_config`/`unwrap_config`,
 * `proto/SessionProtos.proto` `SharedConfigMessage` @ 8762e9d; `tests/test_config_userprofile.cpp`
 * pins the seqno-0 output, reproduced in our tests):
 *   WebSocketMessage{type REQUEST, request{verb "", path "", body Envelope, requestId 0}}
 *   Envelope{type SESSION_MESSAGE, timestamp 1, content E}  (no source, no sourceDevice)
 *   E = encrypt_for_recipient_deterministic(own key → own X25519 key,
 *         Content{sharedConfigMessage(11) = {kind, seqno, data}} ‖ 0x80)   (single 0x80, no zeros)
 *   kind: USER_PROFILE 1, CONTACTS 2, CONVO_INFO_VOLATILE 3, USER_GROUPS 4.
 * Unwrap: type must be REQUEST; the sender must be ourselves; the plaintext must end in 0x80 or
 * 0x00 and its last non-zero byte must be 0x80; the kind must match the namespace. Any failure
 * means "not wrapped": the caller uses the bytes as they are.
 *
 * `Content.sharedConfigMessage` is `reserved` in our main schema (src/swarm/messages), so this
 * file declares the two messages it needs with protobufjs reflection.
 */
import * as protobuf from 'protobufjs';
import { bytesEqual, concatBytes } from '../../crypto/bytes';
import { ed25519PublicKeyOf, ed25519PublicKeyToX25519 } from '../../crypto/keys';
import type { Ed25519SecretKey, X25519PublicKey } from '../../crypto/keys';
import { decryptIncoming, encryptForRecipientDeterministic } from '../../crypto/session-protocol';
import {
  decodeEnvelope,
  decodeWebSocketMessage,
  encodeEnvelope,
  encodeWebSocketMessage,
} from '../messages/codec';

const WRAPPER_PROTO = `
syntax = "proto2";
package VeilConfigWrapper;
message SharedConfigMessage {
  enum Kind {
    USER_PROFILE        = 1;
    CONTACTS            = 2;
    CONVO_INFO_VOLATILE = 3;
    USER_GROUPS         = 4;
  }
  required Kind  kind  = 1;
  required int64 seqno = 2;
  required bytes data  = 3;
}
message Content {
  optional SharedConfigMessage sharedConfigMessage = 11;
}
`;

const root = protobuf.parse(WRAPPER_PROTO, { keepCase: true }).root;
root.resolveAll();
const ContentType = root.lookupType('VeilConfigWrapper.Content');

export type SharedConfigKind = 1 | 2 | 3 | 4;

const PADDING_TERMINATOR = 0x80;

/** Serialized `Content{sharedConfigMessage}` (no padding). */
export function encodeSharedConfigContent(
  kind: SharedConfigKind,
  seqno: number,
  data: Uint8Array,
): Uint8Array {
  const message = ContentType.fromObject({ sharedConfigMessage: { kind, seqno, data } });
  return ContentType.encode(message).finish();
}

function ownX25519(sk: Ed25519SecretKey): X25519PublicKey {
  const x = ed25519PublicKeyToX25519(ed25519PublicKeyOf(sk));
  if (x === undefined) throw new Error('own Ed25519 key has no X25519 form');
  return x;
}

/** `wrap_config`: deterministic, so two clients wrapping the same push produce the same bytes. */
export function wrapConfig(
  sk: Ed25519SecretKey,
  kind: SharedConfigKind,
  seqno: number,
  data: Uint8Array,
): Uint8Array {
  const inner = concatBytes(encodeSharedConfigContent(kind, seqno, data), Uint8Array.of(PADDING_TERMINATOR));
  const xpk = ownX25519(sk);
  const sealed = encryptForRecipientDeterministic(sk, xpk, inner);
  const envelope = encodeEnvelope({ type: 'SESSION_MESSAGE', timestamp: 1, content: sealed });
  return encodeWebSocketMessage({
    type: 'REQUEST',
    request: { verb: '', path: '', body: envelope, requestId: 0 },
  });
}

export type UnwrapConfigError =
  | 'not-websocket-request'
  | 'bad-envelope'
  | 'not-decryptable'
  | 'not-from-us'
  | 'bad-padding'
  | 'bad-content'
  | 'wrong-kind';

/** `unwrap_config`: never throws; a failure means the bytes are not a (valid) wrapper. */
export function unwrapConfig(
  sk: Ed25519SecretKey,
  bytes: Uint8Array,
  kind: SharedConfigKind,
): { ok: true; value: Uint8Array } | { ok: false; error: UnwrapConfigError } {
  const ws = decodeWebSocketMessage(bytes);
  if (!ws.ok || ws.value.type !== 'REQUEST') return { ok: false, error: 'not-websocket-request' };
  const envelope = decodeEnvelope(ws.value.request?.body ?? new Uint8Array(0));
  if (!envelope.ok) return { ok: false, error: 'bad-envelope' };
  const opened = decryptIncoming(sk, envelope.value.content ?? new Uint8Array(0));
  if (!opened.ok) return { ok: false, error: 'not-decryptable' };
  if (!bytesEqual(opened.senderEd25519, ed25519PublicKeyOf(sk))) return { ok: false, error: 'not-from-us' };
  const padded = opened.paddedPlaintext;
  const last = padded[padded.length - 1];
  if (last !== 0x00 && last !== PADDING_TERMINATOR) return { ok: false, error: 'bad-padding' };
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== PADDING_TERMINATOR) return { ok: false, error: 'bad-padding' };
  let shared: { kind?: number; data?: Uint8Array } | null | undefined;
  try {
    // protobufjs throws on truncation and on a missing proto2 `required` field.
    const decoded = ContentType.decode(padded.subarray(0, end)) as unknown as {
      sharedConfigMessage?: { kind?: number; data?: Uint8Array } | null;
    };
    shared = decoded.sharedConfigMessage;
  } catch {
    return { ok: false, error: 'bad-content' };
  }
  if (!(shared?.data instanceof Uint8Array)) return { ok: false, error: 'bad-content' };
  if (shared.kind !== kind) return { ok: false, error: 'wrong-kind' };
  return { ok: true, value: Uint8Array.from(shared.data) };
}
