/**
 * An attempt's parts apart from the sender's queue (outbox-sender.ts): before a row's first
 * store its message's files (the upload stage); after it, the hash checked and the failure
 * named.
 */
import type { SessionId } from '../../crypto/keys';
import type { AttachmentPointer } from '../../swarm/messages/index';
import { isMessageHash, type MessageHash, type OutboxItem } from '../db';
import type { RetryPolicy } from './backoff';
import type { MessagingDeps } from './deps';

/** Short, translatable reasons for a failed attempt (shown as `messaging.errors.<reason>`). */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code.slice(0, 40) : 'network';
}

/**
 * The upload stage (src/main/attachments/upload-stage.ts): the message's files, uploaded before
 * its first store and reused by every later attempt. Undefined: the attempt ends here (the
 * message was failed, or waits for the network, or we are stopping). Upload time does not count
 * against the minute a store has.
 */
export async function attachmentsOf(
  deps: MessagingDeps,
  policy: RetryPolicy,
  item: OutboxItem,
  stopped: () => boolean,
  onChanged: (conversationId: SessionId, messageIds: readonly string[]) => void,
): Promise<readonly AttachmentPointer[] | undefined> {
  const hooks = deps.attachments;
  if (!hooks?.has(item.messageId)) return [];
  try {
    return await hooks.pointersFor(item.messageId);
  } catch (error) {
    const reason = reasonOf(error);
    if (stopped() || reason === 'stopped') return undefined;
    deps.log(`upload stage failed: ${reason}`);
    if (reason === 'offline') {
      const now = deps.transport.localNow();
      deps.db.outbox.retryLater(item.messageId, item.recipient, reason, now + policy.offlineRetryMs, false);
    } else {
      // Both rows (theirs and the sync copy) wait for Resend: never one without the files.
      deps.db.outbox.markFailed(item.messageId, reason);
    }
    onChanged(item.conversationId, [item.messageId]);
    return undefined;
  }
}

export function asHash(hash: string): MessageHash {
  if (!isMessageHash(hash)) throw new Error('the swarm answered with a malformed hash');
  return hash;
}

/** A group message on a core without the groups service (tests of messaging alone). */
export class GroupsUnavailable extends Error {
  readonly code = 'no-groups';
  constructor() {
    super('private groups are not available here');
  }
}
