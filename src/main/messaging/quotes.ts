/**
 * Replies with a quote (sync-groups-communities.md §5, "Quotes"). Session names the quoted
 * message by its sent timestamp and author; current Desktop looks the text up locally, while
 * libsession clients (iOS, Android) still read the `text` we also send (docs/protocol-notes.md).
 */
import type { SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import type { Quote } from '../../swarm/messages/index';
import { isMessageId, type MessageRecord, type StoredQuote, type VeilDatabase } from '../db';
import { IpcFailure } from '../../shared/ipc/result';
import type { MessageQuote } from '../../shared/ipc/messaging';
import type { MessageAttachmentHooks } from '../attachments/hooks';

/** The quoted text we send and keep, in graphemes: enough to recognise the message. */
export const QUOTE_TEXT_MAX = 500;

/** At most `max` graphemes: a quote never ends in half an emoji or a lone accent. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let n = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (++n > max) break;
    out += segment;
  }
  return out;
}

/**
 * The quote of a reply to `original` (which must be in the conversation replied in), with the
 * content type of its first file when it has one (Session's QuotedAttachment.contentType).
 */
export function quoteOf(original: MessageRecord, firstFileType?: string): StoredQuote {
  return {
    id: original.sentAt,
    author: original.sender,
    text: original.body === '' ? null : cut(original.body, QUOTE_TEXT_MAX),
    attachment: firstFileType ?? null,
  };
}

/** A shown quote whose original is here takes the kind of the original's first file. */
export function withQuotedFile(q: MessageQuote, files: MessageAttachmentHooks | undefined): MessageQuote {
  if (q.messageId === null || files === undefined || !isMessageId(q.messageId)) return q;
  const first = files.firstOf(q.messageId);
  return first ? { ...q, attachment: first.contentType } : q;
}

export function quoteToWire(q: StoredQuote): Quote {
  return {
    id: q.id,
    author: q.author,
    ...(q.text !== null ? { text: q.text } : {}),
    ...(q.attachment !== null ? { attachments: [{ contentType: q.attachment }] } : {}),
  };
}

/** A quote from the wire, checked: a malformed one is dropped, the message itself kept. */
export function quoteFromWire(q: Quote | undefined): StoredQuote | undefined {
  if (q === undefined || !isSessionId(q.author) || q.id <= 0) return undefined;
  const type = q.attachments?.[0]?.contentType;
  return {
    id: q.id,
    author: q.author,
    text: q.text === undefined || q.text === '' ? null : cut(q.text, QUOTE_TEXT_MAX),
    attachment: type === undefined || type === '' ? null : type.slice(0, 100),
  };
}

/**
 * The quote as shown: the original's current text when it is here (in the same conversation,
 * so a reply cannot pull a message from another chat into view), else what the sender quoted.
 */
export function resolveQuote(db: VeilDatabase, conversationId: SessionId, q: StoredQuote): MessageQuote {
  const original = db.actions.findBySenderAt(q.author, q.id);
  if (original?.conversationId !== conversationId) return { ...q, messageId: null };
  // Deleted for everyone: nothing of it may show, not even the text the reply carried.
  if (original.deletedAt !== null) return { ...q, text: null, attachment: null, messageId: original.id };
  return { ...q, text: cut(original.body, QUOTE_TEXT_MAX), messageId: original.id };
}

/** The message a reply quotes: ours to see, in the same conversation, not deleted. */
export function quotableOrThrow(db: VeilDatabase, conversationId: SessionId, replyTo: string): MessageRecord {
  if (!isMessageId(replyTo)) throw new IpcFailure('invalid-arguments', 'not a message id');
  const original = db.messages.getMessage(replyTo);
  if (original?.conversationId !== conversationId)
    throw new IpcFailure('not-found', 'no such message in this conversation', 'message.none');
  if (original.deletedAt !== null)
    throw new IpcFailure('conflict', 'the message was deleted', 'message.deleted');
  return original;
}
