/**
 * Typed view of the `SessionProtos` messages (identity-and-messages.md §5). Field names are the
 * .proto names; an optional property is absent exactly when the field is absent on the wire.
 *
 * Integer conventions: `uint64` values (timestamps in ms, seconds) are `number` — a decoded value
 * above Number.MAX_SAFE_INTEGER makes the whole message malformed rather than silently rounded.
 * The one `fixed64`, `AttachmentPointer.id`, is a `bigint` (it is an opaque file id).
 * Enums are their .proto names. Repeated fields are absent rather than empty.
 */

export type EnvelopeKind = 'SESSION_MESSAGE' | 'CLOSED_GROUP_MESSAGE';
export type WebSocketMessageKind = 'UNKNOWN' | 'REQUEST' | 'RESPONSE';
export type ExpirationType = 'UNKNOWN' | 'DELETE_AFTER_READ' | 'DELETE_AFTER_SEND';
export type ReceiptType = 'DELIVERY' | 'READ';
export type TypingAction = 'STARTED' | 'STOPPED';
export type ReactionAction = 'REACT' | 'REMOVE';
export type DataExtractionType = 'SCREENSHOT' | 'MEDIA_SAVED';
export type CallType =
  'PRE_OFFER' | 'OFFER' | 'ANSWER' | 'PROVISIONAL_ANSWER' | 'ICE_CANDIDATES' | 'END_CALL';

/** `DataMessage.flags` bit (Desktop `DataMessage.Flags`). */
export const EXPIRATION_TIMER_UPDATE_FLAG = 2;
/** `AttachmentPointer.flags` bit. */
export const VOICE_MESSAGE_FLAG = 1;

export interface Envelope {
  readonly type: EnvelopeKind;
  /** Not set for 1-to-1 by current senders; old mobile clients send it empty (§4.5). */
  readonly source?: string;
  /** Sent timestamp (ms); must equal `Content.sigTimestamp` when both are non-zero (§4.4). */
  readonly timestamp: number;
  readonly sourceDevice?: number;
  /** The sealed box (§4.3). */
  readonly content?: Uint8Array;
  readonly serverTimestamp?: number;
  /** 64 bytes from libsession senders (a Pro signature or a random decoy), absent from older ones. */
  readonly proSig?: Uint8Array;
}

export interface WebSocketRequestMessage {
  readonly verb?: string;
  readonly path?: string;
  readonly body?: Uint8Array;
  readonly requestId?: number;
  readonly headers?: readonly string[];
}

export interface WebSocketMessage {
  readonly type?: WebSocketMessageKind;
  readonly request?: WebSocketRequestMessage;
}

export interface LokiProfile {
  readonly displayName?: string;
  /** Avatar URL on the file server (may carry a `#…` fragment, §6.3). */
  readonly profilePicture?: string;
  /** Seconds (Desktop switched from ms to s in 2025-09). */
  readonly lastProfileUpdateSeconds?: number;
}

export interface AttachmentPointer {
  /** Numeric file id, 0 when the server id is not numeric (§5.5). */
  readonly id: bigint;
  readonly contentType?: string;
  readonly key?: Uint8Array;
  readonly size?: number;
  readonly digest?: Uint8Array;
  readonly fileName?: string;
  readonly flags?: number;
  readonly width?: number;
  readonly height?: number;
  readonly caption?: string;
  readonly url?: string;
}

export interface QuotedAttachment {
  readonly contentType?: string;
  readonly fileName?: string;
  readonly thumbnail?: AttachmentPointer;
  readonly flags?: number;
}

export interface Quote {
  /** Sent timestamp (ms) of the quoted message. */
  readonly id: number;
  /** Session ID of the quoted message's author. */
  readonly author: string;
  /**
   * The quoted text as the sender saw it. Retired at Desktop HEAD (which looks the message up
   * locally) but still read by libsession clients: a fallback when the original is not here.
   */
  readonly text?: string;
  /** What kind of attachments the quoted message had (legacy, like `text`). */
  readonly attachments?: readonly QuotedAttachment[];
}

export interface Preview {
  readonly url: string;
  readonly title?: string;
  readonly image?: AttachmentPointer;
}

export interface Reaction {
  /** Sent timestamp (ms) of the message reacted to. */
  readonly id: number;
  readonly author: string;
  readonly emoji?: string;
  readonly action: ReactionAction;
}

export interface CommunityInvitation {
  readonly url: string;
  readonly name: string;
}

export interface DataMessage {
  readonly body?: string;
  readonly attachments?: readonly AttachmentPointer[];
  readonly flags?: number;
  /** 32-byte key of the sender's avatar (§6.4). */
  readonly profileKey?: Uint8Array;
  readonly quote?: Quote;
  readonly preview?: readonly Preview[];
  readonly reaction?: Reaction;
  readonly profile?: LokiProfile;
  readonly communityInvitation?: CommunityInvitation;
  /** On sync copies: the Session ID of the conversation the message belongs to. */
  readonly syncTarget?: string;
  readonly blocksCommunityMessageRequests?: boolean;
  /** Serialized `GroupUpdateMessage`, left to the groups layer (see proto-source.ts). */
  readonly groupUpdateMessage?: Uint8Array;
}

export interface CallMessage {
  readonly type: CallType;
  readonly sdps?: readonly string[];
  readonly sdpMLineIndexes?: readonly number[];
  readonly sdpMids?: readonly string[];
  readonly uuid: string;
}

export interface ReceiptMessage {
  readonly type: ReceiptType;
  /** Sent timestamps (ms) of the messages acknowledged. */
  readonly timestamp?: readonly number[];
}

export interface TypingMessage {
  readonly timestamp: number;
  readonly action: TypingAction;
}

export interface UnsendRequest {
  readonly timestamp: number;
  readonly author: string;
}

export interface MessageRequestResponse {
  readonly isApproved: boolean;
  readonly profileKey?: Uint8Array;
  readonly profile?: LokiProfile;
}

export interface DataExtractionNotification {
  readonly type: DataExtractionType;
  readonly timestamp?: number;
}

/** `SessionProtos.Content`: what is padded, signed and sealed for 1-to-1 messages. */
export interface ContentMessage {
  readonly dataMessage?: DataMessage;
  readonly callMessage?: CallMessage;
  readonly receiptMessage?: ReceiptMessage;
  readonly typingMessage?: TypingMessage;
  readonly dataExtractionNotification?: DataExtractionNotification;
  readonly unsendRequest?: UnsendRequest;
  readonly messageRequestResponse?: MessageRequestResponse;
  readonly expirationType?: ExpirationType;
  /** Seconds, 0 = off. */
  readonly expirationTimer?: number;
  /** Sent timestamp (ms), the authenticated copy of `Envelope.timestamp` (§4.4 step 7). */
  readonly sigTimestamp?: number;
  /** Serialized `ProMessage`, opaque (see proto-source.ts). */
  readonly proMessage?: Uint8Array;
  readonly proSigForCommunityMessageOnly?: Uint8Array;
}

/** Why bytes did not decode: protobufjs' reason, or one of our range checks. */
export interface ProtoDecodeError {
  readonly kind: 'malformed';
  readonly messageType: 'Envelope' | 'WebSocketMessage' | 'Content';
  readonly reason: string;
}

export type ProtoDecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtoDecodeError };
