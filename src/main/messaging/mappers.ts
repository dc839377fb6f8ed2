import type { ConversationRecord, MessageRecord } from '../db';
import type { Conversation, Message, MessageStatus } from '../../shared/ipc/messaging';
import type { DisappearingSetting } from '../../shared/disappearing';

/** Database records → IPC shapes. Nothing secret is in either. */
export function toMessage(m: MessageRecord, error: string | null = null): Message {
  const status: MessageStatus = m.direction === 'in' ? 'received' : m.status;
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
    expiresAt: m.expiresAt,
    expiry: m.expiry,
    expirationUpdate: m.expirationUpdate,
  };
}

export function toConversation(
  c: ConversationRecord,
  lastStatus: MessageStatus | undefined,
  disappearing: DisappearingSetting = { mode: 'off' },
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
            status: lastStatus ?? (c.lastMessage.direction === 'in' ? 'received' : 'sent'),
          },
    updatedAt: c.updatedAt,
    disappearing,
  };
}
