import { buildOutgoing1o1, decodeContent } from '../../swarm/messages/index';
import type { ControlItem } from '../db';
import { retryDelay, type RetryPolicy } from './backoff';
import type { MessagingDeps } from './deps';
import { isGroupId } from '../../swarm/groups/identity';

/** A control message still undelivered after this long is dropped: it no longer means much. */
export const CONTROL_MAX_AGE_MS = 7 * 24 * 3600_000;

/** The swarm refused it for good (our parameters or signature): trying again changes nothing. */
const PERMANENT = new Set(['client-error', 'unauthorized']);

/**
 * One try of a queued control message. It never becomes "failed" (nothing on screen to
 * resend): it is retried with back-off, waits out outages uncounted, and is dropped only when
 * the swarm refuses it for good or after CONTROL_MAX_AGE_MS. The sent timestamp chosen when it
 * was queued is kept, so a copy that did arrive is dropped by the recipient.
 */
export async function attemptControl(
  deps: MessagingDeps,
  policy: RetryPolicy,
  item: ControlItem,
  stopped: () => boolean,
  reasonOf: (error: unknown) => string,
): Promise<void> {
  const decoded = decodeContent(item.content);
  if (!decoded.ok) {
    deps.log(`dropped an undecodable queued ${item.kind}`);
    deps.db.control.remove(item.id);
    return;
  }
  try {
    if (isGroupId(item.recipient)) {
      // A reaction or a deletion in a group: one store in the group's swarm.
      if (!deps.groupStore) throw Object.assign(new Error('no groups here'), { code: 'client-error' });
      await deps.groupStore(item.recipient, decoded.value, item.sentAt);
    } else {
      const built = buildOutgoing1o1({
        senderIdentity: deps.identity(),
        recipientSessionId: item.recipient,
        content: decoded.value,
        sentAt: item.sentAt,
      });
      await deps.transport.store(item.recipient, built.data);
    }
    if (!stopped()) deps.db.control.remove(item.id);
  } catch (error) {
    const reason = reasonOf(error);
    if (stopped() || reason === 'stopped') return;
    const now = deps.transport.localNow();
    if (PERMANENT.has(reason) || deps.transport.now() - item.createdAt > CONTROL_MAX_AGE_MS) {
      deps.log(`gave up a ${item.kind}: ${reason}`);
      deps.db.control.remove(item.id);
    } else if (reason === 'offline') {
      deps.db.control.retryLater(item.id, reason, now + policy.offlineRetryMs, false);
    } else {
      deps.db.control.retryLater(item.id, reason, now + retryDelay(policy, item.attempts));
    }
  }
}
