import type { SessionId } from '../../crypto/keys';
import type { ContentMessage } from '../../swarm/messages/index';
import { encodeContent } from '../../swarm/messages/index';
import type { ControlKind } from '../db';
import type { MessagingDeps } from './deps';

/**
 * Sent timestamps later than any message we sent before: (sender, sent timestamp) is how every
 * Session client recognises a message, so two sends in one millisecond must differ.
 */
export class SentClock {
  private last: number | undefined;

  constructor(private readonly deps: MessagingDeps) {}

  next(now: number): number {
    this.last ??= this.deps.db.messages.latestSentAtBy(this.deps.identity().sessionId) ?? 0;
    this.last = Math.max(now, this.last + 1);
    return this.last;
  }

  /**
   * Queues a control message in the crash-safe outbox (inside the caller's transaction): it
   * leaves even if the process exits right after. Its sent timestamp is unique like a message's.
   */
  queueControl(recipient: SessionId, kind: ControlKind, content: ContentMessage, at?: number): number {
    const now = this.deps.transport.now();
    const sentAt = at ?? this.next(now);
    this.deps.db.control.enqueue(
      { recipient, kind, content: encodeContent(content), sentAt },
      now,
      this.deps.transport.localNow(),
    );
    return sentAt;
  }
}
