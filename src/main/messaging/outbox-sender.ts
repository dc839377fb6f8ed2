import type { SessionId } from '../../crypto/keys';
import { isGroupId } from '../../swarm/groups/identity';
import type { AttachmentPointer } from '../../swarm/messages/index';
import type { MessageHash, OutboxItem } from '../db';
import { rowContent, sealedFor } from './outbox-content';
import { GroupsUnavailable, asHash, attachmentsOf, reasonOf } from './outbox-files';
import { MAX_INFLIGHT, WaitingRows } from './outbox-waiting';
import { settleBy } from './settle';
import { DEFAULT_RETRY, retryDelay, type RetryPolicy } from './backoff';
import { attemptControl } from './control-attempt';
import type { MessagingDeps } from './deps';
import type { ProfilePicture } from '../domain/events';

/**
 * Drains the outbox: each due row is encrypted for its recipient (or as the sync copy for our
 * own swarm), stored through the network, then marked sent. A row not accepted within
 * `failAfterMs` of its first try is failed (Resend offered, never retried by itself); inside
 * that minute it is retried with back-off on other swarm members and paths, and an outage
 * (no path at all; the window says "waiting for network") is probed every few seconds without
 * using attempts. The sent timestamp never changes between attempts, so the recipient drops
 * any copy it already has. Queued control messages (request responses, receipts) go out here
 * too; they are never failed.
 */
export class OutboxSender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /**
   * Rows being tried now. Each row moves on its own: a slow store must not hold back the
   * retries of others, whose minute runs meanwhile.
   */
  private readonly inflight = new Set<string>();
  /**
   * When each row in flight was first tried. Most tries succeed and the row leaves the queue, so
   * that time goes to disk only with a retry (`retryLater`): one database write fewer per row.
   * A crash loses nothing that matters: a new run restarts every clock (`restartClocks`).
   */
  private readonly firstTries = new Map<string, number>();
  /** Rows the swarm took in this turn, written together (see `accepted`). */
  private readonly acceptedRows: { readonly item: OutboxItem; readonly hash: MessageHash }[] = [];
  private acceptedWrite: Promise<void> | undefined;
  private kickQueued = false;
  /**
   * Whether the disk may hold a due row neither in flight nor waiting: the last kick ran out of
   * room (or did not look), an attempt ended with its row still queued, or an acceptance was not
   * written. If not, a freed slot needs no kick (the due and control queues, two wake-up times).
   */
  private mayWait = true;
  private readonly waiting = new WaitingRows(); // written while every slot was busy: not in `mayWait`

  constructor(
    private readonly deps: MessagingDeps,
    private readonly onChanged: (conversationId: SessionId, messageIds: readonly string[]) => void,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Starts every due row not already being tried (up to MAX_INFLIGHT), then plans the next wake-up. */
  kick(): void {
    if (this.stopped) return;
    // Every slot busy: the next attempt that ends reads the queue (`mayWait`).
    if (this.inflight.size >= MAX_INFLIGHT) {
      this.mayWait = true;
      return;
    }
    const now = this.deps.transport.localNow();
    const room = () => MAX_INFLIGHT - this.inflight.size;
    this.mayWait = true; // until this pass has seen both queues with room to spare
    try {
      let seen = 0; // keys read; rows in memory start below (startWaiting), in their order
      const skip = (id: string, to: string) => {
        seen += 1;
        return this.inflight.has(`m:${id}:${to}`) || this.waiting.has(`m:${id}:${to}`);
      };
      const take = room();
      const rows = this.deps.db.outbox.dueFor(now, MAX_INFLIGHT * 2, take, skip);
      for (const item of rows) this.track(`m:${item.messageId}:${item.recipient}`, () => this.attempt(item));
      // Fewer than asked: every other due row is in flight or in memory (80 keys: see `recheck`).
      this.waiting.recheck = seen >= MAX_INFLIGHT * 2;
      let full = rows.length >= take || (this.waiting.recheck && this.waiting.size === 0);
      for (const item of this.deps.db.control.due(now, MAX_INFLIGHT * 2)) {
        if (room() <= 0) {
          full = true;
          break;
        }
        this.track(`c:${item.id}`, async () => {
          await attemptControl(this.deps, this.policy, item, () => this.stopped, reasonOf);
          return false;
        });
      }
      this.mayWait = full;
    } catch (error) {
      // Called from timers: a corrupted row must be reported, not crash the process.
      this.deps.log(`outbox: ${error instanceof Error ? error.message : 'unreadable queue'}`);
    }
    this.startWaiting();
    this.scheduleNext();
  }

  /**
   * The rows of a message just written (nothing else queued with it) start now, as the send
   * wrote them (insertOutgoing's, after its commit), without reading the queue (mostly rows in
   * flight during a burst). Without room for both they wait in memory for the next free slots.
   */
  startWritten(rows: readonly OutboxItem[]): void {
    if (this.stopped) return;
    if (rows.length > MAX_INFLIGHT - this.inflight.size) {
      for (const item of rows) this.waiting.add(`m:${item.messageId}:${item.recipient}`, item);
      this.startWaiting();
      return;
    }
    for (const item of rows) this.track(`m:${item.messageId}:${item.recipient}`, () => this.attempt(item));
  }

  stop(): void {
    this.stopped = true;
    this.waiting.clear();
    clearTimeout(this.timer);
  }

  /** Rows written while the slots were busy, into the slots free now. */
  private startWaiting(): void {
    const room = MAX_INFLIGHT - this.inflight.size;
    if (this.stopped || room <= 0 || this.waiting.size === 0) return;
    try {
      const queued = (i: OutboxItem) => this.deps.db.outbox.isQueued(i.messageId, i.recipient);
      for (const [key, item] of this.waiting.take(room, queued)) this.track(key, () => this.attempt(item));
      if (this.waiting.drained()) this.mayWait = true;
    } catch (error) {
      this.mayWait = true; // still on disk: the next kick starts them
      this.deps.log(`outbox: ${error instanceof Error ? error.message : 'unreadable queue'}`);
    }
  }

  /** `run` resolves true when its row left the queue (stored and written): see `mayWait`. */
  private track(key: string, run: () => Promise<boolean>): void {
    if (this.inflight.has(key)) return;
    this.inflight.add(key);
    this.waiting.delete(key);
    void run()
      .then(
        (left) => left,
        (error: unknown) => {
          this.deps.log(`outbox attempt threw: ${error instanceof Error ? error.message : 'error'}`);
          return false;
        },
      )
      .then((left) => {
        this.inflight.delete(key);
        // Its row may be due again soon (a retry), and a slot is free for another.
        if (!left) this.mayWait = true;
        this.kickSoon();
      });
  }

  /**
   * A kick once the attempts ending in this turn of the event loop have all ended: a batch of
   * stores answers up to 20 rows at once, and each kick reads the queue (a query and its rows).
   * None when no due row can be waiting (`mayWait`).
   */
  private kickSoon(): void {
    if (this.kickQueued) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      if (this.mayWait) this.kick();
      else this.startWaiting();
    });
  }

  /**
   * The next wake-up: the earliest retry, or in 5 s to notice anything queued meanwhile. After a
   * kick with room every row due now is in flight: only later times count (else every 50 ms).
   */
  private scheduleNext(): void {
    if (this.stopped) return;
    const after = this.mayWait ? -1 : this.deps.transport.localNow();
    const times = [this.deps.db.outbox.nextAttemptAt(after), this.deps.db.control.nextAttemptAt(after)];
    const next = times.reduce<number | null>(
      (a, b) => (b === null ? a : a === null ? b : Math.min(a, b)),
      null,
    );
    this.arm(next === null ? 5_000 : Math.max(50, Math.min(5_000, next - this.deps.transport.localNow())));
  }

  private arm(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.wake();
    }, delay);
    this.timer.unref();
  }

  /** The timer's round; with every slot busy, the next freed slot reads the queue instead. */
  private wake(): void {
    if (this.stopped) return;
    if (this.inflight.size < MAX_INFLIGHT) {
      this.kick();
      return;
    }
    this.mayWait = true;
    this.arm(5_000);
  }

  private ownPicture(): ProfilePicture | undefined {
    try {
      return this.deps.ownPicture?.();
    } catch {
      // A broken avatar state must never stop a message from leaving.
      return undefined;
    }
  }

  /**
   * One store of the row's message: into a group's swarm (one store for every member, namespace
   * 11, through the groups service), or sealed 1-to-1 into the recipient's (or our own) swarm.
   */
  private store(
    item: OutboxItem,
    attachments: readonly AttachmentPointer[],
  ): Promise<{ readonly hash: string }> {
    const content = rowContent(item, this.deps.displayName(), this.ownPicture(), attachments);
    if (isGroupId(item.recipient)) {
      const groupStore = this.deps.groupStore;
      if (!groupStore) return Promise.reject(new GroupsUnavailable());
      return groupStore(item.recipient, content, item.sentAt);
    }
    const built = sealedFor(item, content, this.deps.identity());
    return this.deps.transport.store(item.recipient, built.data, built.ttlMs);
  }

  /** Resolves true when the row was stored and written (it left the queue). */
  private async attempt(item: OutboxItem): Promise<boolean> {
    const files = await attachmentsOf(this.deps, this.policy, item, () => this.stopped, this.onChanged);
    // Stopped meanwhile: the store below fails as 'stopped' and the row stays queued.
    if (files === undefined) return false;
    const startedAt = this.deps.transport.localNow();
    const key = rowKey(item);
    const triedAt = item.firstTriedAt ?? startedAt;
    this.firstTries.set(key, triedAt);
    try {
      return await this.tryOnce(item, files, startedAt, triedAt);
    } finally {
      this.firstTries.delete(key);
    }
  }

  /** Whether the message's own row (not its sync copy) is being tried, and since when. */
  triedSince(messageId: string, conversationId: string): number | undefined {
    return this.firstTries.get(`${messageId}:${conversationId}`);
  }

  private async tryOnce(
    item: OutboxItem,
    files: readonly AttachmentPointer[],
    startedAt: number,
    triedAt: number,
  ): Promise<boolean> {
    const { db, transport } = this.deps;
    const deadline = triedAt + this.policy.failAfterMs;
    // Its minute is over (the last retry was scheduled at its end): failed, nothing more is tried.
    if (startedAt >= deadline) {
      this.fail(item, item.lastError ?? 'timeout');
      return false;
    }
    const store = this.store(item, files);
    const outcome = await settleBy(store, deadline - startedAt);
    // Closed meanwhile (the database with it): the row stays queued and is sent again at the
    // next start, which the recipient drops as a copy (same sent timestamp).
    if (this.stopped) return false;
    if (outcome.kind === 'stored') {
      // Awaited: the row stays "in flight" until it is written, or the next kick would take it
      // for a due row and send it again.
      await this.accepted(item, outcome.hash);
      return true;
    }
    if (outcome.kind === 'late') {
      // Not accepted within the minute: failed now. Should the swarm still accept it, the
      // message is sent after all (the truth wins over the verdict).
      this.fail(item, 'timeout');
      store.then(
        ({ hash }) => {
          if (!this.stopped) void this.accepted(item, hash);
        },
        () => undefined,
      );
      return false;
    }
    const reason = reasonOf(outcome.error);
    // Shutting down (the network client stopped first): the row stays queued for the next start.
    if (reason === 'stopped') return false;
    this.deps.log(`send attempt ${item.attempts + 1} failed: ${reason}`);
    const now = transport.localNow();
    const offline = reason === 'offline';
    const delay = offline ? this.policy.offlineRetryMs : retryDelay(this.policy, item.attempts);
    db.outbox.retryLater(
      item.messageId,
      item.recipient,
      reason,
      Math.min(now + delay, deadline),
      !offline,
      triedAt,
    );
    this.onChanged(item.conversationId, [item.messageId]);
    return false;
  }

  /**
   * The swarm took the row: it is written with every other row accepted in this turn of the
   * event loop, in one transaction, and announced once per conversation (a batch of stores
   * answers 20 rows at once: one commit and one event instead of 20 of each). Until then the
   * row is still queued on disk: a crash sends it again, under the same sent timestamp, which
   * the recipient drops as a copy.
   */
  private accepted(item: OutboxItem, hash: string): Promise<void> {
    this.acceptedRows.push({ item, hash: asHash(hash) });
    this.acceptedWrite ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        this.acceptedWrite = undefined;
        try {
          this.writeAccepted(this.acceptedRows.splice(0));
        } finally {
          resolve();
        }
      });
    });
    return this.acceptedWrite;
  }

  private writeAccepted(rows: readonly { readonly item: OutboxItem; readonly hash: MessageHash }[]): void {
    // Closed meanwhile (the database with it): the rows stay queued for the next start.
    if (this.stopped || rows.length === 0) return;
    try {
      this.deps.db.outbox.markAccepted(
        rows.map(({ item, hash }) => ({
          messageId: item.messageId,
          recipient: item.recipient,
          conversationId: item.conversationId,
          hash,
        })),
      );
    } catch (error) {
      // Left queued: they are sent again (and dropped as copies by their recipients).
      this.mayWait = true;
      this.deps.log(
        `outbox: could not record sent rows: ${error instanceof Error ? error.message : 'error'}`,
      );
      return;
    }
    const byConversation = new Map<SessionId, string[]>();
    for (const { item } of rows) {
      // A delivered sync copy changes nothing a window shows (its hash is for unsend only).
      if (item.recipient !== item.conversationId) continue;
      const ids = byConversation.get(item.conversationId) ?? [];
      if (!ids.includes(item.messageId)) ids.push(item.messageId);
      byConversation.set(item.conversationId, ids);
    }
    for (const [conversationId, ids] of byConversation) this.onChanged(conversationId, ids);
  }

  private fail(item: OutboxItem, reason: string): void {
    // A lost sync copy must not fail the message: only our other devices miss it.
    if (item.recipient !== item.conversationId)
      this.deps.db.outbox.markDelivered(item.messageId, item.recipient);
    else this.deps.db.outbox.markFailed(item.messageId, reason);
    this.onChanged(item.conversationId, [item.messageId]);
  }
}

const rowKey = (item: OutboxItem): string => `${item.messageId}:${item.recipient}`;
