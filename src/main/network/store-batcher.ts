/**
 * Stores into one swarm's inbox, coalesced into batch requests (issue #15: the sender paid a
 * whole onion request — four layers of key agreement and encryption, a TLS record, the guard's
 * and three relays' work — for every copy of every message).
 *
 * Each swarm has at most MAX_IN_FLIGHT requests out. A store asked for while those are busy
 * waits in the swarm's queue and leaves with the others queued meanwhile, up to
 * MAX_BATCH_SUBREQUESTS (the storage server's limit) and MAX_BATCH_DATA_BYTES per request. So
 * a lone message leaves at once, as before (one event-loop turn later, which gathers the stores
 * asked for in the same turn), and a burst shares its requests instead of queueing behind them.
 *
 * The sub-requests form a `batch`, not a `sequence`: these stores are independent (each carries
 * its own sent timestamp, which orders it at the recipient), and in a sequence one refused store
 * would stop every store after it. Each store gets its own sub-result: one refused message fails
 * alone. A failure of the whole request (no path, the swarm member down, a 421) fails or retries
 * them all together, exactly as it would have each of them alone; a store repeated after a
 * retry gets the same hash (the swarm keys messages by their content).
 */
import { MAX_BATCH_SUBREQUESTS } from '../../swarm/storage-limits';
import type { SubResult } from '../../swarm/storage-responses';
import type { Snode } from '../../onion/keys';
import type { StorageAuth } from '../../swarm/storage-requests';

export interface QueuedStore {
  readonly data: Uint8Array;
  readonly ttlMs: number;
  /**
   * A signed store into one of the swarm's namespaces (a group's messages, namespace 11), or,
   * without it, an unsigned store into the public inbox (namespace 0).
   */
  readonly signed?: { readonly auth: StorageAuth; readonly namespace: number } | undefined;
}

/** The member that answered a batch, and the sub-results in order (there may be fewer). */
export interface BatchAnswer {
  readonly target: Snode;
  readonly results: readonly SubResult[];
}

/** One store's part of a batch answer (`sub` undefined: the server did not answer for it). */
export interface StoreAnswer {
  readonly target: Snode;
  readonly sub: SubResult | undefined;
}

/** Sends one batch of stores into `recipient`'s swarm. */
export type SendStores = (recipient: string, stores: readonly QueuedStore[]) => Promise<BatchAnswer>;

/** Requests out at once per swarm: two keep a burst moving while one waits on a slow member. */
export const MAX_IN_FLIGHT = 2;
/**
 * The longest a store waits for a free slot: past it, it leaves on a request of its own (with
 * whatever waits beside it). Two requests stuck on a dead swarm member (10 s per attempt) must
 * not hold back every later message; under a burst on a healthy swarm, slots free up sooner.
 */
export const MAX_QUEUE_WAIT_MS = 250;
/** Bytes of message data per request (a message is at most 76 800 bytes, base64 adds a third). */
export const MAX_BATCH_DATA_BYTES = 512 * 1024;

interface Waiting extends QueuedStore {
  readonly resolve: (r: StoreAnswer) => void;
  readonly reject: (e: unknown) => void;
}

interface SwarmQueue {
  readonly waiting: Waiting[];
  inFlight: number;
  scheduled: boolean;
  overdue: ReturnType<typeof setTimeout> | undefined;
}

export class StoreBatcher {
  private readonly queues = new Map<string, SwarmQueue>();

  constructor(private readonly send: SendStores) {}

  /** Queues one store; resolves with its own part of the answer, rejects with the request's error. */
  store(recipient: string, s: QueuedStore): Promise<StoreAnswer> {
    const key = recipient.toLowerCase();
    let q = this.queues.get(key);
    if (!q) {
      q = { waiting: [], inFlight: 0, scheduled: false, overdue: undefined };
      this.queues.set(key, q);
    }
    const queue = q;
    const done = new Promise<StoreAnswer>((resolve, reject) => {
      // A literal: `{ ...s, resolve, reject }` copied property by property, for every store.
      queue.waiting.push({ data: s.data, ttlMs: s.ttlMs, signed: s.signed, resolve, reject });
    });
    if (!queue.scheduled && queue.inFlight < MAX_IN_FLIGHT) {
      // One turn later: the stores asked for in this turn (an outbox kick starts many) go together.
      queue.scheduled = true;
      setImmediate(() => {
        queue.scheduled = false;
        this.pump(recipient, key, queue);
      });
    } else this.armOverdue(recipient, key, queue);
    return done;
  }

  /** Stores waiting or out, for all swarms (tests, diagnostics). */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.waiting.length;
    return n;
  }

  /** Stores wait for a busy swarm's slot at most MAX_QUEUE_WAIT_MS. */
  private armOverdue(recipient: string, key: string, q: SwarmQueue): void {
    if (q.inFlight < MAX_IN_FLIGHT || q.overdue !== undefined || q.waiting.length === 0) return;
    q.overdue = setTimeout(() => {
      q.overdue = undefined;
      this.pump(recipient, key, q, true);
    }, MAX_QUEUE_WAIT_MS);
  }

  /** Sends what waits while a slot is free (`overdue`: one request even without a free slot). */
  private pump(recipient: string, key: string, q: SwarmQueue, overdue = false): void {
    let force = overdue;
    while ((q.inFlight < MAX_IN_FLIGHT || force) && q.waiting.length > 0) {
      force = false;
      const batch = takeBatch(q.waiting);
      q.inFlight++;
      // The waiting stores themselves (each is a QueuedStore): no copy of each per request.
      this.send(recipient, batch)
        .then(
          ({ target, results }) => {
            batch.forEach((w, i) => {
              w.resolve({ target, sub: results[i] });
            });
          },
          (error: unknown) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          q.inFlight--;
          if (q.waiting.length > 0) this.pump(recipient, key, q);
          if (q.waiting.length === 0) {
            clearTimeout(q.overdue);
            q.overdue = undefined;
            if (q.inFlight === 0 && !q.scheduled) this.queues.delete(key);
          }
        });
    }
    this.armOverdue(recipient, key, q);
  }
}

/** The oldest waiting stores that fit one request (always at least one). */
function takeBatch(waiting: Waiting[]): Waiting[] {
  let bytes = 0;
  let n = 0;
  while (n < waiting.length && n < MAX_BATCH_SUBREQUESTS) {
    const size = (waiting[n] as Waiting).data.length;
    if (n > 0 && bytes + size > MAX_BATCH_DATA_BYTES) break;
    bytes += size;
    n++;
  }
  return waiting.splice(0, n);
}
