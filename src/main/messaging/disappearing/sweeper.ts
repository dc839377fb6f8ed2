import type { SessionId } from '../../../crypto/keys';
import type { MessagingDeps } from '../deps';

/** setTimeout's longest delay; a later expiry is simply looked at again then. */
const MAX_DELAY_MS = 2_147_483_647;
/** Never sooner: a row that cannot be deleted (a database error) must not spin the event loop. */
const MIN_DELAY_MS = 250;

/**
 * Deletes disappearing messages when their time comes: one timer for the next expiry,
 * re-planned whenever an expiry may have changed. `start` purges first, so what expired while
 * the app was closed is gone before anything is shown. Time is network time (`transport.now`),
 * the clock the expiries were computed on.
 */
export class ExpirySweeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: MessagingDeps,
    private readonly onDeleted: (conversationId: SessionId, ids: readonly string[]) => void,
  ) {}

  start(): void {
    this.purge();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Deletes what is due now, then plans the next wake-up. */
  purge(): void {
    if (this.stopped) return;
    try {
      const gone = this.deps.db.disappearing.deleteExpired(this.deps.transport.now());
      const byConversation = new Map<SessionId, string[]>();
      for (const m of gone)
        byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m.id]);
      for (const [conversationId, ids] of byConversation) this.onDeleted(conversationId, ids);
    } catch (error) {
      // Called from a timer: a database problem is reported, not thrown into the event loop.
      this.deps.log(`disappearing: ${error instanceof Error ? error.message : 'purge failed'}`);
    }
    this.plan();
  }

  /** Re-plans the timer for the next expiry (after a send, a receive, a read). */
  plan(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.deps.db.disappearing.nextExpiry();
    if (next === null) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, next - this.deps.transport.now()));
    this.timer = setTimeout(() => {
      this.purge();
    }, delay);
    this.timer.unref();
  }
}
