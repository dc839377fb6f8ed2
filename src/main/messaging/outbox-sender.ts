import { fromBase64 } from '../../crypto/bytes';
import type { SessionId } from '../../crypto/keys';
import { buildOutgoing1o1, buildSyncCopy1o1 } from '../../swarm/messages/index';
import type { ContentMessage } from '../../swarm/messages/index';
import { isMessageHash, type MessageHash, type OutboxItem } from '../db';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './backoff';
import type { MessagingDeps } from './deps';
import { ownProfilePicture, type ProfilePicture } from '../files/profile-hooks';

/**
 * The visible message as Session sends it: body, and our profile so they see our name and
 * picture. Desktop sends `profile` + `profileKey` together when there is an avatar
 * (`ts/session/messages/outgoing/DataMessage.ts`; identity-and-messages.md §6.4).
 */
export function visibleContent(
  body: string,
  displayName: string | null,
  picture?: ProfilePicture,
): ContentMessage {
  const profile = {
    ...(displayName !== null ? { displayName } : {}),
    ...(picture ? { profilePicture: picture.url } : {}),
  };
  return {
    dataMessage: {
      body,
      ...(Object.keys(profile).length > 0 ? { profile } : {}),
      ...(picture ? { profileKey: picture.key } : {}),
    },
  };
}

/** Short, translatable reasons for a failed attempt (shown as `messaging.errors.<reason>`). */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code.slice(0, 40) : 'network';
}

/**
 * Drains the outbox: each due row is encrypted for its recipient (or as the sync copy for our
 * own swarm), stored through the network, then marked sent — or retried with back-off, and
 * after the last attempt marked failed with Resend offered; being offline is waited out. The
 * sent timestamp never changes between attempts, so the recipient drops any copy it already has.
 */
export class OutboxSender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: MessagingDeps,
    private readonly onChanged: (conversationId: SessionId, messageIds: readonly string[]) => void,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Runs a pass now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async pass(): Promise<void> {
    const due = this.deps.db.outbox.dueOutbox(this.deps.transport.localNow(), 20);
    await Promise.all(due.map((item) => this.attempt(item)));
    this.scheduleNext();
  }

  /** The next wake-up: the earliest retry, or in 5 s to notice anything queued meanwhile. */
  private scheduleNext(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const next = this.deps.db.outbox.nextAttemptAt();
    const delay =
      next === null ? 5_000 : Math.max(50, Math.min(5_000, next - this.deps.transport.localNow()));
    this.timer = setTimeout(() => {
      this.kick();
    }, delay);
    this.timer.unref();
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const identity = this.deps.identity();
    const toSelfCopy = item.recipient !== item.conversationId;
    const input = {
      senderIdentity: identity,
      recipientSessionId: item.conversationId,
      content: visibleContent(item.body, this.deps.displayName(), ownProfilePicture(this.deps.events)),
      sentAt: item.sentAt,
    };
    try {
      // Note to Self and the sync copy go to our own swarm with syncTarget set.
      const built =
        toSelfCopy || item.conversationId === identity.sessionId
          ? buildSyncCopy1o1({ ...input, ourSessionId: identity.sessionId })
          : buildOutgoing1o1(input);
      const { hash } = await this.deps.transport.store(item.recipient, fromBase64(built.data));
      // Closed meanwhile (the database with it): the row stays queued and is sent again at the
      // next start, which the recipient drops as a copy (same sent timestamp).
      if (this.stopped) return;
      if (toSelfCopy) this.deps.db.outbox.markDelivered(item.messageId, item.recipient);
      else this.deps.db.outbox.markSent(item.messageId, asHash(hash));
    } catch (error) {
      const reason = reasonOf(error);
      // Shutting down (the network client stopped first): the row stays queued for the next start.
      if (this.stopped || reason === 'stopped') return;
      this.deps.log(`send attempt ${item.attempts + 1} failed: ${reason}`);
      if (reason === 'offline') {
        this.deps.db.outbox.retryLater(
          item.messageId,
          item.recipient,
          reason,
          this.deps.transport.localNow() + this.policy.offlineRetryMs,
          false,
        );
      } else if (item.attempts + 1 >= this.policy.maxAttempts) {
        if (!toSelfCopy) this.deps.db.outbox.markFailed(item.messageId, reason);
        else this.deps.db.outbox.markDelivered(item.messageId, item.recipient); // a lost sync copy must not fail the message
      } else {
        this.deps.db.outbox.retryLater(
          item.messageId,
          item.recipient,
          reason,
          this.deps.transport.localNow() + retryDelay(this.policy, item.attempts),
        );
      }
    }
    this.onChanged(item.conversationId, [item.messageId]);
  }
}

function asHash(hash: string): MessageHash {
  if (!isMessageHash(hash)) throw new Error('the swarm answered with a malformed hash');
  return hash;
}
