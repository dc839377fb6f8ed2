import type { SessionId } from '../../../crypto/keys';
import type { StartedTimer } from '../../db';
import type { MessagingDeps } from '../deps';

/** Tries of one `expire` call: it is worth little late, so a few quick ones, then a log line. */
const ATTEMPTS = 3;

/**
 * After-read messages start their timer when read (sync-groups-communities.md §5): locally
 * their `expires_at` is set in the read transaction; then the copy in our swarm is shortened to
 * the same time with the signed `expire` RPC ("shorten": it can only move earlier), so our other
 * devices and a restored account do not get it back for 14 days. Calls in flight are tracked so
 * a command can wait for them before it exits.
 */
export class AfterReadExpiry {
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly deps: MessagingDeps) {}

  /** Starts the timers of `conversationId`'s read after-read messages (inside the read transaction). */
  start(conversationId: SessionId, readAt: number): StartedTimer[] {
    return this.deps.db.disappearing.startAfterRead(conversationId, readAt);
  }

  /** Shortens their swarm copies: one call per expiry time (the RPC signs one expiry). */
  shortenOnSwarm(started: readonly StartedTimer[]): void {
    const expire = this.deps.transport.expire?.bind(this.deps.transport);
    if (expire === undefined) return;
    const byExpiry = new Map<number, string[]>();
    for (const t of started) {
      if (t.hash !== null) byExpiry.set(t.expiresAt, [...(byExpiry.get(t.expiresAt) ?? []), t.hash]);
    }
    for (const [expiresAt, hashes] of byExpiry) {
      const run = this.tryExpire(expire, hashes, expiresAt);
      this.inflight.add(run);
      void run.finally(() => this.inflight.delete(run));
    }
  }

  /** Resolves once every `expire` started so far has finished (or given up). */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async tryExpire(
    expire: (hashes: readonly string[], expiryMs: number) => Promise<void>,
    hashes: readonly string[],
    expiresAt: number,
  ): Promise<void> {
    for (let n = 1; n <= ATTEMPTS; n++) {
      try {
        await expire(hashes, expiresAt);
        return;
      } catch (error) {
        if (n === ATTEMPTS) {
          this.deps.log(`expire not applied: ${error instanceof Error ? error.message : 'error'}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * n));
      }
    }
  }
}
