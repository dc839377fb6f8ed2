/**
 * Message requests (Session's "message requests"): a conversation opened by someone we never
 * approved waits as a request. Accepting it approves the conversation and sends Session's
 * MessageRequestResponse (with our name); declining deletes it. Their acceptance of ours comes
 * back as a MessageRequestResponse too (`approvedMe`).
 */
import type { SessionId } from '../../crypto/keys';
import type { MessageRequestResponse } from '../../swarm/messages/index';
import type { ConversationState } from '../db';
import type { MessagingDeps } from './deps';
import type { MessagingHost } from './host';
import { queueReadOnAccept } from './read-receipts';

/** The writes of accepting a request, in one transaction (or the caller's). */
export function approveAndQueue(host: MessagingHost, conversationId: SessionId): void {
  const { db, transport } = host.deps;
  db.transaction(() => {
    db.conversations.updateConversation(
      conversationId,
      { isRequest: false, approved: true },
      transport.now(),
    );
    const name = host.deps.displayName();
    host.queueControl(conversationId, 'request-response', {
      messageRequestResponse: {
        isApproved: true,
        ...(name !== null ? { profile: { displayName: name } } : {}),
      },
    });
    queueReadOnAccept(host, conversationId);
  });
}

/** Accepts a request: approved here, and they are told so (queued, crash-safe). */
export function acceptRequest(host: MessagingHost, conversationId: SessionId): void {
  approveAndQueue(host, conversationId);
  host.kick();
  host.emitConversations([conversationId]);
}

/** Declines a request: the conversation and its messages leave this computer; they are not told. */
export function declineRequest(host: MessagingHost, conversationId: SessionId): void {
  host.deps.db.conversations.deleteConversation(conversationId);
  host.emitConversations([conversationId]);
}

/** Their MessageRequestResponse: they accepted our request. True when it changed something. */
export function applyRequestResponse(
  deps: MessagingDeps,
  sender: SessionId,
  conversation: ConversationState | undefined,
  response: MessageRequestResponse | undefined,
  now: number,
): boolean {
  if (response?.isApproved !== true || conversation === undefined) return false;
  deps.db.conversations.updateConversation(sender, { approvedMe: true }, now);
  return true;
}
