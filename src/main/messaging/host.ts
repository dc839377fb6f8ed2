import type { SessionId } from '../../crypto/keys';
import type { ContentMessage } from '../../swarm/messages/index';
import type { ControlKind, MessageRecord } from '../db';
import type { Message } from '../../shared/ipc/messaging';
import type { MessagingDeps } from './deps';

/**
 * What the messaging service lends its feature modules (message actions, requests, read
 * receipts, contacts): its queue, its clock of sent timestamps, its announcements.
 */
export interface MessagingHost {
  readonly deps: MessagingDeps;
  /** Queues a control message inside the caller's transaction; returns its sent timestamp. */
  queueControl(recipient: SessionId, kind: ControlKind, content: ContentMessage, sentAt?: number): number;
  /** Wakes the outbox sender. */
  kick(): void;
  /** These rows changed (domain `messages.changed`). */
  emitMessages(conversationId: SessionId, ids: readonly string[]): void;
  /** These conversations changed (domain `conversations.changed`, made here). */
  emitConversations(ids: readonly SessionId[]): void;
  view(m: MessageRecord): Message;
}
