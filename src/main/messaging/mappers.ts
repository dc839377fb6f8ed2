import type { ConversationRecord, MessageRecord, ReactionGroup } from '../db';
import type { SessionId } from '../../crypto/keys';
import type {
  Conversation,
  Message,
  MessageQuote,
  MessageReaction,
  MessageStatus,
} from '../../shared/ipc/messaging';

/** What the message row alone does not say: the quoted original (looked up) and the reactions. */
export interface MessageExtras {
  readonly quote: MessageQuote | null;
  readonly reactions: readonly ReactionGroup[];
  readonly ownId: SessionId | null;
  /** The message's files (attachments.ts), in the order sent. */
  readonly attachments?: readonly Attachment[];
}

/** The stored quote as it is, without looking the original up. */
function storedQuote(m: MessageRecord): MessageQuote | null {
  if (m.quote === null) return null;
  return { ...m.quote, messageId: null };
}
import type { DisappearingSetting } from '../../shared/disappearing';
import type { Attachment } from '../../shared/ipc/attachments';

/** Database records → IPC shapes. Nothing secret is in either. */
export function toMessage(m: MessageRecord, error: string | null = null, extras?: MessageExtras): Message {
  const status: MessageStatus = m.direction === 'in' ? 'received' : m.status;
  const reactions: MessageReaction[] = (extras?.reactions ?? []).map((g) => ({
    emoji: g.emoji,
    reactors: [...g.reactors],
    mine: extras?.ownId != null && g.reactors.includes(extras.ownId),
  }));
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    sender: m.sender,
    body: m.body,
    sentAt: m.sentAt,
    receivedAt: m.direction === 'in' ? m.receivedAt : null,
    shownAt: m.shownAt,
    status,
    hash: m.hash,
    error: m.direction === 'out' && m.status === 'failed' ? (error ?? 'network') : null,
    quote: m.deletedAt !== null ? null : (extras?.quote ?? storedQuote(m)),
    deleted: m.deletedAt !== null,
    reactions,
    expiresAt: m.expiresAt,
    expiry: m.expiry,
    expirationUpdate: m.expirationUpdate,
    // Deleted for everyone: its files went with it (migration 0006).
    attachments: m.deletedAt !== null ? [] : [...(extras?.attachments ?? [])],
    ...(m.notice !== null ? { notice: m.notice } : {}),
  };
}

export function toConversation(
  c: ConversationRecord,
  lastStatus: MessageStatus | undefined,
  disappearing: DisappearingSetting = { mode: 'off' },
  lastAttachment: { readonly contentType: string; readonly voice: boolean } | null = null,
  mute: { readonly mutedUntil: number | null; readonly mentionsOnly: boolean } = {
    mutedUntil: null,
    mentionsOnly: false,
  },
): Conversation {
  return {
    id: c.id,
    noteToSelf: c.type === 'note_to_self',
    name: c.nickname ?? c.displayName,
    isRequest: c.isRequest,
    blocked: c.blocked,
    unread: c.unreadCount,
    lastMessage:
      c.lastMessage === null
        ? null
        : {
            body: c.lastMessage.body,
            sentAt: c.lastMessage.at,
            direction: c.lastMessage.direction,
            deleted: c.lastMessage.deleted,
            status: lastStatus ?? (c.lastMessage.direction === 'in' ? 'received' : 'sent'),
            attachment: c.lastMessage.deleted ? null : lastAttachment,
          },
    updatedAt: c.updatedAt,
    disappearing,
    mutedUntil: mute.mutedUntil,
    mentionsOnly: mute.mentionsOnly,
  };
}
