/**
 * 1-to-1 messages end to end, pure (identity-and-messages.md §4.1–§4.5):
 *   send:    Content (+ sigTimestamp) → pad → sign + seal → Envelope → WebSocketMessage bytes
 *   receive: WebSocketMessage bytes → Envelope → open + verify → unpad → Content → §4.4 step 7
 * Bytes in, bytes out: base64 belongs to the storage RPC's JSON (storage-requests/-responses).
 *
 * Time and randomness are inputs: `sentAt` is the caller's network-adjusted clock (§7.1); the sealed
 * box's ephemeral key and the decoy proSig come from libsodium's CSPRNG (await `sodiumReady()`).
 */
import { toHex } from '../../crypto/bytes';
import type { Identity, SessionId } from '../../crypto/keys';
import { isSessionId, sessionIdToX25519PublicKey } from '../../crypto/session-id';
import {
  decryptIncoming,
  decryptIncomingWith,
  encryptContentForRecipient,
} from '../../crypto/session-protocol';
import type { DecryptError } from '../../crypto/session-protocol';
import { decodeContent, encodeContent } from './codec';
import type { ContentMessage, Envelope, ProtoDecodeError, WebSocketMessage } from './types';
import { unwrapStoredMessage, wrapEnvelopeBytes } from './wire-form';
import type { UnwrapError } from './wire-form';

export interface Outgoing1o1Input {
  readonly senderIdentity: Pick<Identity, 'ed25519SecretKey'>;
  readonly recipientSessionId: SessionId;
  /** Its `sigTimestamp` is overwritten with `sentAt`. */
  readonly content: ContentMessage;
  /** Sent timestamp (ms, network time): Envelope.timestamp = Content.sigTimestamp = message id. */
  readonly sentAt: number;
  /** See wire-form.ts: default 64 random bytes, `null` to omit. */
  readonly proSig?: Uint8Array | null;
}

export interface Outgoing1o1 {
  /** The bytes to store in the recipient's swarm, namespace 0 (the RPC base64-encodes them). */
  readonly data: Uint8Array;
  readonly sentAt: number;
}

function checkSentAt(sentAt: number): void {
  if (!Number.isSafeInteger(sentAt) || sentAt <= 0) {
    throw new RangeError(`sentAt must be a positive integer of ms, got ${sentAt}`);
  }
}

export function buildOutgoing1o1(input: Outgoing1o1Input): Outgoing1o1 {
  return seal(input, input.recipientSessionId, { ...input.content, sigTimestamp: input.sentAt });
}

/**
 * `content` (its sigTimestamp already `sentAt`) sealed for `recipient`, in its Envelope. The
 * recipient and content are arguments: a copy of the input with them replaced (the sync copy)
 * cost a spread of every field, for every message sent.
 */
function seal(input: Outgoing1o1Input, recipient: SessionId, content: ContentMessage): Outgoing1o1 {
  checkSentAt(input.sentAt);
  // A branded SessionId can still be forged by a cast; a wrong key would silently lose the message.
  if (!isSessionId(recipient)) throw new RangeError('recipient is not a 05 Session ID');
  const sealed = encryptContentForRecipient(
    input.senderIdentity.ed25519SecretKey,
    sessionIdToX25519PublicKey(recipient),
    encodeContent(content),
  );
  const data = wrapEnvelopeBytes(
    input.proSig === undefined
      ? { timestamp: input.sentAt, content: sealed }
      : { timestamp: input.sentAt, content: sealed, proSig: input.proSig },
  );
  return { data, sentAt: input.sentAt };
}

/**
 * The copy of an outgoing message for our own swarm (§4.5, sync-groups-communities.md §2): same
 * Content and sent timestamp, `dataMessage.syncTarget` = the conversation's Session ID, sealed to
 * ourselves. Note to Self is this with `recipientSessionId` = our own ID.
 */
export function buildSyncCopy1o1(
  input: Outgoing1o1Input & { readonly ourSessionId: SessionId },
): Outgoing1o1 {
  const { dataMessage } = input.content;
  const content: ContentMessage =
    dataMessage === undefined
      ? { ...input.content, sigTimestamp: input.sentAt }
      : {
          ...input.content,
          dataMessage: { ...dataMessage, syncTarget: input.recipientSessionId },
          sigTimestamp: input.sentAt,
        };
  return seal(input, input.ourSessionId, content);
}

export type Open1o1Error =
  | { readonly kind: 'unwrap'; readonly error: UnwrapError }
  /** A CLOSED_GROUP_MESSAGE envelope: not for the 1-to-1 pipeline. */
  | { readonly kind: 'unexpected-envelope-type'; readonly type: Envelope['type'] }
  | { readonly kind: 'no-content' }
  | { readonly kind: 'decrypt'; readonly error: DecryptError }
  | { readonly kind: 'bad-content'; readonly error: ProtoDecodeError }
  /** §4.4 step 7: Envelope.timestamp ≠ Content.sigTimestamp, both non-zero — dropped. */
  | {
      readonly kind: 'timestamp-mismatch';
      readonly envelopeTimestamp: number;
      readonly sigTimestamp: number;
    };

export type PaddingStyle = 'libsession' | 'legacy' | 'none' | 'other';

export interface Opened1o1 {
  readonly ok: true;
  /** Authenticated by the signature inside the sealed box (§4.4 step 5). */
  readonly senderSessionId: SessionId;
  readonly senderEd25519Hex: string;
  /** Sent by another device of ours (§4.4 step 8); `content.dataMessage.syncTarget` says where. */
  readonly isSync: boolean;
  readonly envelope: Envelope;
  readonly webSocketMessage: WebSocketMessage;
  readonly envelopeTimestamp: number;
  readonly sigTimestamp: number | undefined;
  /** The message's id for dedup/quotes/receipts: Envelope.timestamp, or sigTimestamp if that is 0. */
  readonly sentAt: number;
  readonly content: ContentMessage;
  readonly paddingStyle: PaddingStyle;
}

export type Open1o1Result = Opened1o1 | { readonly ok: false; readonly error: Open1o1Error };

export interface Incoming1o1Input {
  /**
   * With its X25519 keys (a whole `Identity`), they open the message as they are; without them,
   * they are derived from the Ed25519 secret key for this message (and wiped).
   */
  readonly ourIdentity: Pick<Identity, 'ed25519SecretKey' | 'sessionId'> &
    Partial<Pick<Identity, 'x25519PublicKey' | 'x25519SecretKey'>>;
  /**
   * A message retrieved from our swarm, namespace 0: its bytes, or their base64 where the message
   * comes as text (`veil inspect`, test vectors).
   */
  readonly data: Uint8Array | string;
}

function paddingStyleOf(paddedLength: number, plainLength: number): PaddingStyle {
  if (paddedLength === plainLength) return 'none';
  if (paddedLength % 160 === 0) return 'libsession';
  if ((paddedLength + 1) % 160 === 0) return 'legacy';
  return 'other';
}

/** Steps 1–6 and 8 of §4.4 — everything but the timestamp rule, which callers apply. */
export function openIncoming1o1Unchecked(input: Incoming1o1Input): Open1o1Result {
  const unwrapped = unwrapStoredMessage(input.data);
  if (!unwrapped.ok) return { ok: false, error: { kind: 'unwrap', error: unwrapped.error } };
  const { envelope, webSocketMessage } = unwrapped;
  if (envelope.type !== 'SESSION_MESSAGE') {
    return { ok: false, error: { kind: 'unexpected-envelope-type', type: envelope.type } };
  }
  if (envelope.content === undefined) return { ok: false, error: { kind: 'no-content' } };

  const { ed25519SecretKey, x25519PublicKey, x25519SecretKey } = input.ourIdentity;
  const opened =
    x25519PublicKey !== undefined && x25519SecretKey !== undefined
      ? decryptIncomingWith({ x25519PublicKey, x25519SecretKey }, envelope.content)
      : decryptIncoming(ed25519SecretKey, envelope.content);
  if (!opened.ok) return { ok: false, error: { kind: 'decrypt', error: opened.error } };
  const content = decodeContent(opened.plaintext);
  if (!content.ok) return { ok: false, error: { kind: 'bad-content', error: content.error } };

  const sigTimestamp = content.value.sigTimestamp;
  return {
    ok: true,
    senderSessionId: opened.senderSessionId,
    senderEd25519Hex: toHex(opened.senderEd25519),
    isSync: opened.senderSessionId === input.ourIdentity.sessionId,
    envelope,
    webSocketMessage,
    envelopeTimestamp: envelope.timestamp,
    sigTimestamp,
    sentAt: envelope.timestamp !== 0 ? envelope.timestamp : (sigTimestamp ?? 0),
    content: content.value,
    paddingStyle: paddingStyleOf(opened.paddedPlaintext.length, opened.plaintext.length),
  };
}

/**
 * §4.4 step 7 (Desktop `ts/receiver/common.ts` `shouldProcessContentMessage`): when both are
 * non-zero they must be equal for 1-to-1 messages; a missing one means an older client.
 */
export function timestampsAgree(envelopeTimestamp: number, sigTimestamp: number | undefined): boolean {
  if (envelopeTimestamp === 0 || sigTimestamp === undefined || sigTimestamp === 0) return true;
  return envelopeTimestamp === sigTimestamp;
}

/** Opens a stored 1-to-1 message and applies every rule of §4.4. Never throws on its input. */
export function openIncoming1o1(input: Incoming1o1Input): Open1o1Result {
  const opened = openIncoming1o1Unchecked(input);
  if (!opened.ok || timestampsAgree(opened.envelopeTimestamp, opened.sigTimestamp)) return opened;
  return {
    ok: false,
    error: {
      kind: 'timestamp-mismatch',
      envelopeTimestamp: opened.envelopeTimestamp,
      sigTimestamp: opened.sigTimestamp ?? 0,
    },
  };
}
