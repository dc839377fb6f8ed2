/**
 * The outbox's rows as the sender uses them (a queue row joined with its message's columns):
 * read back from disk through zod, or built from the values a send has just written.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { expiryColumns, quoteParams, type MessageExpiry, type StoredQuote } from './message-rows';
import { zBool, zMessageId, zConversationId, zSessionId, zTime } from './rows';

export type OutboxItem = {
  readonly messageId: MessageId;
  readonly recipient: SessionId;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  /** First try while online (this computer's clock); null while it only waited for the network. */
  readonly firstTriedAt: number | null;
  readonly conversationId: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly expiresAt: number | null;
  readonly quote: StoredQuote | null;
  readonly expiry: MessageExpiry;
  readonly expirationUpdate: boolean;
};

const zItemRow = z.object({
  message_id: zMessageId,
  recipient: zConversationId,
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: zTime,
  first_tried_at: zTime.nullable(),
  conversation_id: zConversationId,
  body: z.string(),
  sent_at: zTime,
  expires_at: zTime.nullable(),
  quote_id: zTime.nullable(),
  quote_author: zSessionId.nullable(),
  quote_text: z.string().nullable(),
  quote_attachment: z.string().nullable(),
  expire_mode: z.enum(['after-send', 'after-read']).nullable(),
  expire_seconds: z.number().int().nonnegative(),
  expiration_update: zBool,
});

type ItemRow = z.output<typeof zItemRow>;

/** The columns as the sender sees them: one mapping for rows read back and rows just written. */
function toItem(r: ItemRow): OutboxItem {
  return {
    messageId: r.message_id,
    recipient: r.recipient,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    firstTriedAt: r.first_tried_at,
    conversationId: r.conversation_id,
    body: r.body,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    quote:
      r.quote_id !== null && r.quote_author !== null
        ? { id: r.quote_id, author: r.quote_author, text: r.quote_text, attachment: r.quote_attachment }
        : null,
    expiry:
      r.expire_mode === null || r.expire_seconds === 0
        ? { mode: 'off' }
        : { mode: r.expire_mode, seconds: r.expire_seconds },
    expirationUpdate: r.expiration_update,
  };
}

/** A queue row read from disk (joined with its message): checked, then mapped. */
export const zItem = zItemRow.transform(toItem);

/** What insertOutgoing writes for one message (the fields of OutgoingMessage it stores). */
export type WrittenMessage = {
  readonly id: MessageId;
  readonly conversationId: SessionId;
  readonly body: string;
  readonly sentAt: number;
  readonly expiresAt?: number;
  readonly expiry?: MessageExpiry;
  readonly expirationUpdate?: boolean;
  readonly quote?: StoredQuote;
};

/**
 * The rows a send has just queued, built from the very values it bound instead of read back:
 * the sender starts them right after the commit, and reading and zod-parsing what this code
 * wrote a moment earlier in this process only re-checked our own values. They go through the
 * same columns (expiryColumns, quoteParams) and the same mapping as a row read from disk, so
 * both agree (outbox.test.ts compares them). Rows read later (a kick, a restart) still go
 * through zod.
 */
export function writtenItems(
  m: WrittenMessage,
  recipients: readonly SessionId[],
  createdAt: number,
): OutboxItem[] {
  const expiry = expiryColumns(m.expiry);
  const quote = quoteParams(m.quote);
  return recipients.map((recipient) =>
    toItem({
      message_id: m.id,
      recipient,
      attempts: 0,
      last_error: null,
      created_at: createdAt,
      first_tried_at: null,
      conversation_id: m.conversationId,
      body: m.body,
      sent_at: m.sentAt,
      expires_at: m.expiresAt ?? null,
      quote_id: quote.quoteId,
      quote_author: quote.quoteAuthor,
      quote_text: quote.quoteText,
      quote_attachment: quote.quoteAttachment,
      expire_mode: expiry.mode === 'after-send' || expiry.mode === 'after-read' ? expiry.mode : null,
      expire_seconds: expiry.seconds,
      expiration_update: m.expirationUpdate === true,
    }),
  );
}
