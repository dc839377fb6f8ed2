/**
 * Read receipts (Session's ReceiptMessage READ): with the setting on, we tell a sender which of
 * their messages we read (by their sent timestamps), and mark ours read when they tell us. Never
 * for a request (they would learn we saw it before accepting) nor for Note to Self.
 */
import type { SessionId } from '../../crypto/keys';
import type { ReceiptMessage } from '../../swarm/messages/index';
import type { ConversationRecord } from '../db';
import type { MessagingDeps } from './deps';
import type { MessagingHost } from './host';

/** Messages read while a request waited are acknowledged once it is accepted (at most this many). */
const READ_ON_ACCEPT_MAX = 500;

/** Queues a receipt for what was just read (inside the caller's transaction); true when queued. */
export function queueReadReceipt(
  host: MessagingHost,
  conversation: ConversationRecord,
  sentTimes: readonly number[],
): boolean {
  if (sentTimes.length === 0 || !host.deps.settings().readReceipts) return false;
  if (conversation.isRequest || conversation.type !== 'private') return false;
  host.queueControl(conversation.id, 'read-receipt', {
    receiptMessage: { type: 'READ', timestamp: [...sentTimes] },
  });
  return true;
}

/** Accepting a request: what was read meanwhile is acknowledged now (caller's transaction). */
export function queueReadOnAccept(host: MessagingHost, conversationId: SessionId): void {
  if (!host.deps.settings().readReceipts) return;
  const read = host.deps.db.messages
    .pageMessages(conversationId, undefined, READ_ON_ACCEPT_MAX)
    .filter((m) => m.direction === 'in' && m.status === 'read')
    .map((m) => m.sentAt);
  if (read.length > 0)
    host.queueControl(conversationId, 'read-receipt', { receiptMessage: { type: 'READ', timestamp: read } });
}

/** Their receipt: our messages sent at those times are read. Returns the ids that changed. */
export function applyReadReceipt(
  deps: MessagingDeps,
  sender: SessionId,
  receipt: ReceiptMessage | undefined,
): string[] {
  if (receipt?.type !== 'READ' || !receipt.timestamp || receipt.timestamp.length === 0) return [];
  const ours = deps.identity().sessionId;
  if (deps.db.messages.markOutgoingRead(sender, receipt.timestamp, ours) === 0) return [];
  return deps.db.messages.outgoingIdsAt(sender, receipt.timestamp, ours);
}
