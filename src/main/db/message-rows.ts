/**
 * How a message is stored: its record type, the row schema that reads it back (zod, as everything
 * read from disk), and the column helpers that write it (shared with the outbox and actions).
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageHash, MessageId } from './ids';
import {
  toBit,
  zBool,
  zMessageHash,
  zMessageId,
  zConversationId,
  zSenderId,
  zSessionId,
  zTime,
} from './rows';
import { shownAt } from './shown-at';
import { zGroupNotice, type GroupNotice } from '../../shared/group-notice';

/** A stored notice that no longer parses (a newer version's kind) shows as no notice. */
const zNoticeColumn = z
  .string()
  .nullable()
  .transform((text): GroupNotice | null => {
    if (text === null) return null;
    try {
      const parsed = zGroupNotice.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  });

export type OutgoingStatus = 'sending' | 'sent' | 'failed' | 'read';
export type IncomingStatus = 'unread' | 'read';

type MessageFields = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly sender: SessionId;
  readonly body: string;
  /** Envelope/signature timestamp (ms), chosen by the sender: with `sender`, the message's identity. */
  readonly sentAt: number;
  readonly receivedAt: number;
  /** When it is shown and sorted: `sentAt`, unless the sender's clock was too far ahead (shown-at.ts). */
  readonly shownAt: number;
  readonly hash: MessageHash | null;
  /** When it is deleted here (disappearing messages); null: kept, or after-read and not read yet. */
  readonly expiresAt: number | null;
  /** The disappearing setting it was sent under (off: never disappears). */
  readonly expiry: MessageExpiry;
  /** The timeline notice of a change of the disappearing setting (`expiry` is the new one). */
  readonly expirationUpdate: boolean;
  /** What this message replies to (null: not a reply). */
  readonly quote: StoredQuote | null;
  /** When it was deleted for everyone (its body is then empty); null otherwise. */
  readonly deletedAt: number | null;
  /** Hash of our sync copy in our own swarm (outgoing messages sent from this computer). */
  readonly syncHash: MessageHash | null;
  /** A group's timeline notice ("Alice added Bob"; the body is empty); null for a message. */
  readonly notice: GroupNotice | null;
};

/** A reply's quote as stored: Session's (id, author) plus the text/attachment kind it showed. */
export type StoredQuote = {
  /** Sent timestamp (ms) of the quoted message. */
  readonly id: number;
  readonly author: SessionId;
  readonly text: string | null;
  /** Content type of the quoted message's first attachment, if it had one. */
  readonly attachment: string | null;
};

/** The setting a message was sent under; `off` when it does not disappear. */
export type MessageExpiry =
  { readonly mode: 'off' } | { readonly mode: 'after-send' | 'after-read'; readonly seconds: number };

/** "read" is theirs on an outgoing message (a receipt came back), ours on an incoming one. */
export type MessageRecord =
  | (MessageFields & { readonly direction: 'out'; readonly status: OutgoingStatus })
  | (MessageFields & { readonly direction: 'in'; readonly status: IncomingStatus });

export type IncomingMessage = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly sender: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly hash: MessageHash;
  readonly expiresAt?: number;
  readonly quote?: StoredQuote;
  readonly expiry?: MessageExpiry;
  readonly expirationUpdate?: boolean;
  /** Stored as already read (a change-of-setting notice is not something to catch up on). */
  readonly read?: boolean;
};

export type InsertResult = 'inserted' | 'duplicate';

/** Position in a conversation: messages are ordered by (shownAt, id), newest first in pages. */
export type MessageCursor = { readonly shownAt: number; readonly id: MessageId };

const zFields = {
  id: zMessageId,
  conversation_id: zConversationId,
  sender: zSenderId,
  body: z.string(),
  sent_at: zTime,
  received_at: zTime,
  hash: zMessageHash.nullable(),
  expires_at: zTime.nullable(),
  quote_id: zTime.nullable(),
  quote_author: zSessionId.nullable(),
  quote_text: z.string().nullable(),
  quote_attachment: z.string().nullable(),
  deleted_at: zTime.nullable(),
  sync_hash: zMessageHash.nullable(),
  expire_mode: z.enum(['after-send', 'after-read']).nullable(),
  expire_seconds: z.number().int().nonnegative(),
  expiration_update: zBool,
  notice: zNoticeColumn,
};
const zRow = z.discriminatedUnion('direction', [
  z.object({
    ...zFields,
    direction: z.literal('out'),
    status: z.enum(['sending', 'sent', 'failed', 'read']),
  }),
  z.object({ ...zFields, direction: z.literal('in'), status: z.enum(['unread', 'read']) }),
]);

/**
 * The record of a checked row, built as one object literal. It was the common fields spread
 * into the direction's object (`{ ...fields, direction, status }`): on the core's V8 (Node 20)
 * a spread followed by more properties cost ~1-3 µs against ~20 ns for the literal, more than
 * zod's own checks of the row, for every message read (issue #15).
 */
function recordOf<D extends 'out' | 'in', S extends MessageRecord['status']>(
  r: z.output<typeof zRow>,
  direction: D,
  status: S,
): MessageFields & { readonly direction: D; readonly status: S } {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    sender: r.sender,
    body: r.body,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    shownAt: shownAt(r.sent_at, r.received_at),
    hash: r.hash,
    expiresAt: r.expires_at,
    quote:
      r.quote_id !== null && r.quote_author !== null
        ? { id: r.quote_id, author: r.quote_author, text: r.quote_text, attachment: r.quote_attachment }
        : null,
    deletedAt: r.deleted_at,
    syncHash: r.sync_hash,
    expiry:
      r.expire_mode === null || r.expire_seconds === 0
        ? { mode: 'off' }
        : { mode: r.expire_mode, seconds: r.expire_seconds },
    expirationUpdate: r.expiration_update,
    notice: r.notice,
    direction,
    status,
  };
}

export const zMessageRow = zRow.transform((r): MessageRecord =>
  r.direction === 'out' ? recordOf(r, 'out', r.status) : recordOf(r, 'in', r.status),
);

/** The two columns of a message's setting. */
export function expiryColumns(e: MessageExpiry | undefined): { mode: string | null; seconds: number } {
  return e === undefined || e.mode === 'off'
    ? { mode: null, seconds: 0 }
    : { mode: e.mode, seconds: e.seconds };
}

/** A new message's columns as named parameters for the INSERT. */
export function messageParams(
  m: IncomingMessage,
  direction: 'in' | 'out',
  status: 'unread' | 'read' | 'sent',
) {
  const expiry = expiryColumns(m.expiry);
  return {
    id: m.id,
    c: m.conversationId,
    direction,
    sender: m.sender,
    body: m.body,
    sentAt: m.sentAt,
    receivedAt: m.receivedAt,
    hash: m.hash,
    status,
    expiresAt: m.expiresAt ?? null,
    ...quoteParams(m.quote),
    expireMode: expiry.mode,
    expireSeconds: expiry.seconds,
    expirationUpdate: toBit(m.expirationUpdate === true),
  };
}

/** The four quote columns as named parameters (all null when there is no quote). */
export function quoteParams(q: StoredQuote | undefined) {
  return {
    quoteId: q?.id ?? null,
    quoteAuthor: q?.author ?? null,
    quoteText: q?.text ?? null,
    quoteAttachment: q?.attachment ?? null,
  };
}

export const MESSAGE_COLUMNS = `id, conversation_id, direction, sender, body, sent_at, received_at, hash, status,
  expires_at, quote_id, quote_author, quote_text, quote_attachment, deleted_at, sync_hash,
  expire_mode, expire_seconds, expiration_update, notice`;
