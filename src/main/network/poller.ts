/**
 * One poller per swarm (network.md §2.3; session-desktop `swarmPolling.ts`): each cycle samples
 * 2 members of the swarm and asks each, in ONE `batch`, for every namespace registered on this
 * poller, with the `last_hash` kept per (snode, pubkey, namespace). A full page (`more`) is asked
 * again at once, a few times at most. The answers of both members are merged by hash and each
 * namespace's unseen messages go to the route that registered it (own account: 0 → messaging,
 * 2/3/5/4 → config sync; a group's poller, groups/group-polling.ts: 12/13/14/11 and −11, signed
 * with the group's key by an admin, with a sub-account by a member).
 *
 * A route's messages count as handled only when its handler returned: only then are their last
 * hashes saved and their hashes remembered. A handler that throws gets the same messages again
 * next cycle, and the other routes are not affected. Errors are logged and the loop goes on.
 */
import { randomIndex, shuffled, type RandomBytes } from '../../onion/result';
import type { Snode } from '../../onion/keys';
import { MAX_BATCH_SUBREQUESTS } from '../../swarm/storage-limits';
import { retrieveMaxSizes } from '../../swarm/namespaces';
import type { StorageAuth } from '../../swarm/storage-requests';
import type { RetrievedMessage, StoredMessageHash } from '../../swarm/storage-responses';
import { sleep } from './backoff';
import { errorText, short, type NetworkLogger } from './logger';
import type { NetworkClient } from './network-client';
import { memoryLastHashStore, lastHashKey, type LastHashStore } from './last-hashes';
import {
  retrieveEach,
  userAuth,
  type AccountKeys,
  type RetrieveOutcome,
  type SignedRetrieve,
} from './swarm-api';
import { swarmFor } from './swarm-lookup';

export { memoryLastHashStore, lastHashKey, type LastHashStore } from './last-hashes';

/** Desktop polls its own swarm every 5 s (groups: 5 s / 60 s / 120 s by activity). */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const MEMBERS_PER_POLL = 2;
/** Desktop's own-account namespaces, in its order. */
export const OWN_NAMESPACES: readonly number[] = [0, 2, 3, 5, 4];
/** How many handled hashes are remembered for de-duplication (unknown last_hash replays). */
const SEEN_LIMIT = 10_000;
/** A full page has `more`: fetch again at once, a few times at most per cycle. */
const MAX_PAGES = 5;

export interface PolledMessage {
  readonly hash: StoredMessageHash;
  /** The stored bytes (base64 was decoded once, where the RPC answer was parsed). */
  readonly data: Uint8Array;
  /** When the node stored it (ms). */
  readonly timestamp: number;
  readonly expiration: number | undefined;
  readonly namespace: number;
}

/** Whose swarm is polled, and who signs its retrieves unless a route says otherwise. */
export interface SwarmOwner {
  /** 66 hex: 05 account or 03 group. */
  readonly pubkey: string;
  readonly auth: StorageAuth;
}

export function ownSwarm(account: AccountKeys): SwarmOwner {
  return { pubkey: account.sessionId, auth: userAuth(account) };
}

export interface RoutedBatch {
  /** Unseen messages: per namespace in the swarm's order, namespaces in the route's order. */
  readonly messages: readonly PolledMessage[];
}

export interface NamespaceRoute {
  /** For logs. */
  readonly name: string;
  readonly namespaces: readonly number[];
  /** Signs these namespaces' retrieves; default: the owner's (a group member's sub-account). */
  readonly auth?: StorageAuth;
  /**
   * Called after every cycle in which the swarm answered all of `namespaces`, also with no
   * message (config sync must know that the swarm answered). Throwing keeps the messages
   * unhandled: they come again next cycle. It must not wait for `poll()` (that waits for it).
   */
  readonly handle: (batch: RoutedBatch) => void | Promise<void>;
}

export type RouteOutcome = 'handled' | 'unanswered' | 'failed';

export interface PollReport {
  /** Every message handled in this cycle, all routes. */
  readonly delivered: readonly PolledMessage[];
  readonly outcomes: ReadonlyMap<NamespaceRoute, RouteOutcome>;
}

/** What the poller needs of the network: a swarm's members, and one batch of retrieves to one. */
export interface SwarmReader {
  readonly random: RandomBytes;
  readonly logger: NetworkLogger;
  members(pubkey: string): Promise<readonly Snode[]>;
  retrieve(pubkey: string, node: Snode, reqs: readonly SignedRetrieve[]): Promise<RetrieveOutcome[]>;
}

export function swarmReader(client: NetworkClient): SwarmReader {
  return {
    random: client.opts.random,
    logger: client.opts.logger,
    members: (pubkey) => swarmFor(client, pubkey),
    retrieve: (pubkey, node, reqs) => retrieveEach(client, pubkey, node, reqs),
  };
}

interface CommonOptions {
  readonly intervalMs?: number;
  readonly lastHashes?: LastHashStore;
  /** Handler failures, for the app's log (network details go to the client's logger). */
  readonly log?: (line: string) => void;
  /** Shorthand: one route for `namespaces` (default: own account's) calling this with new messages. */
  readonly onMessages?: (messages: readonly PolledMessage[]) => void | Promise<void>;
  readonly namespaces?: readonly number[];
  /**
   * Awaited (when it gives a promise) between a cycle's answers and their handling: the core
   * holds the handling while the first window's state is being read (core/first-screen.ts).
   */
  readonly beforeHandling?: () => Promise<void> | undefined;
}

export type PollerOptions = CommonOptions &
  ({ readonly client: NetworkClient } | { readonly reader: SwarmReader }) &
  ({ readonly owner: SwarmOwner } | { readonly account: AccountKeys });

/** One namespace to ask, and who signs for it. */
interface PlanItem {
  readonly namespace: number;
  readonly auth: StorageAuth;
}

/** What one member answered per namespace: all pages, and the last hash reached. */
type NodeAnswer = {
  readonly node: Snode;
  readonly byNamespace: Map<number, { messages: RetrievedMessage[]; lastHash: string | undefined }>;
};

export class Poller {
  readonly owner: SwarmOwner;
  private readonly net: SwarmReader;
  private readonly interval: number;
  private readonly store: LastHashStore;
  private readonly routes: NamespaceRoute[] = [];
  private readonly seen = new Set<string>();
  /**
   * The store's last hashes as this poller last read or wrote them: it is their only writer
   * while it runs, so each poll need not read them again (five reads per member per cycle,
   * most of an idle poll's database work). `null`: the store has none (an empty namespace stays
   * empty for most accounts, and was read again at every poll).
   */
  private readonly lastHashes = new Map<string, string | null>();
  private queue: Promise<unknown> = Promise.resolve();
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Counters for diagnostics and tests. */
  readonly counters = { polls: 0, errors: 0, delivered: 0 };

  constructor(private readonly o: PollerOptions) {
    this.owner = 'owner' in o ? o.owner : ownSwarm(o.account);
    this.net = 'reader' in o ? o.reader : swarmReader(o.client);
    this.interval = o.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.store = o.lastHashes ?? memoryLastHashStore();
    const { onMessages } = o;
    if (onMessages)
      this.register({
        name: 'messages',
        namespaces: o.namespaces ?? OWN_NAMESPACES,
        handle: async (b) => {
          if (b.messages.length > 0) await onMessages(b.messages);
        },
      });
  }

  /**
   * Adds a route from the next cycle on; returns its removal. A namespace has one handler, and
   * one batch holds at most 20 sub-requests.
   */
  register(route: NamespaceRoute): () => void {
    const taken = new Set(this.routes.flatMap((r) => r.namespaces));
    const clash = route.namespaces.find((ns) => taken.has(ns));
    if (clash !== undefined) throw new Error(`namespace ${clash} already has a handler`);
    if (taken.size + route.namespaces.length > MAX_BATCH_SUBREQUESTS)
      throw new Error(`a poll batch holds at most ${MAX_BATCH_SUBREQUESTS} namespaces`);
    this.routes.push(route);
    return () => {
      const i = this.routes.indexOf(route);
      if (i >= 0) this.routes.splice(i, 1);
    };
  }

  start(): void {
    if (this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = (async () => {
      while (!abort.signal.aborted) {
        await this.poll();
        await sleep(this.interval, abort.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * A message this device stored into this swarm itself (the sync copy of a message sent here,
   * Note to Self): it is in the database already, so when a poll brings it back it is skipped
   * like one handled, instead of being decrypted, verified and found a duplicate. Only this
   * device's memory changes: our other devices still get and handle the copy.
   */
  storedHere(hash: string): void {
    this.remember(hash);
  }

  /** One cycle; never throws; returns what was handled. */
  async pollOnce(): Promise<readonly PolledMessage[]> {
    return (await this.poll()).delivered;
  }

  /**
   * One cycle after the one running, if any (cycles never overlap: two at once would both
   * deliver what neither has marked handled yet). Never throws.
   */
  poll(): Promise<PollReport> {
    const next = this.queue
      .then(() => this.cycle())
      .catch((e: unknown): PollReport => {
        // Only the last-hash store can throw here (a closed database): the cycle counts as failed.
        this.counters.errors++;
        this.net.logger.warn('poll failed', { error: errorText(e) });
        return { delivered: [], outcomes: new Map() };
      });
    this.queue = next;
    return next;
  }

  private async cycle(): Promise<PollReport> {
    this.counters.polls++;
    const log = this.net.logger;
    const routes = [...this.routes];
    const outcomes = new Map<NamespaceRoute, RouteOutcome>(routes.map((r) => [r, 'unanswered']));
    const delivered: PolledMessage[] = [];
    if (routes.length === 0) return { delivered, outcomes };
    let answers: NodeAnswer[];
    try {
      answers = await this.ask(routes);
    } catch (e) {
      this.counters.errors++;
      log.warn('poll failed', { error: errorText(e) });
      return { delivered, outcomes };
    }
    const held = this.o.beforeHandling?.();
    if (held) await held;
    for (const route of routes) {
      const outcome = await this.route(route, answers, delivered);
      outcomes.set(route, outcome);
    }
    this.counters.delivered += delivered.length;
    return { delivered, outcomes };
  }

  /** Asks 2 members for every routed namespace; rejects only when none answered. */
  private async ask(routes: readonly NamespaceRoute[]): Promise<NodeAnswer[]> {
    const { net } = this;
    const swarm = await net.members(this.owner.pubkey);
    const picked = shuffled(swarm, net.random).slice(0, MEMBERS_PER_POLL);
    if (picked.length === 0 && swarm.length > 0)
      picked.push(swarm[randomIndex(net.random, swarm.length)] as Snode);
    const plan = routes.flatMap((r) =>
      r.namespaces.map((namespace) => ({ namespace, auth: r.auth ?? this.owner.auth })),
    );
    const settled = await Promise.allSettled(picked.map((n) => this.askNode(n, plan)));
    const answers: NodeAnswer[] = [];
    let lastError: unknown = new Error('our swarm is unknown');
    for (const a of settled) {
      if (a.status === 'fulfilled') answers.push(a.value);
      else {
        this.counters.errors++;
        lastError = a.reason;
        net.logger.debug('poll of one member failed', { error: errorText(a.reason) });
      }
    }
    if (answers.length === 0) throw lastError;
    return answers;
  }

  /** All namespaces in one batch; full pages again at once. Rejects if the first batch fails. */
  private async askNode(node: Snode, plan: readonly PlanItem[]): Promise<NodeAnswer> {
    const pk = this.owner.pubkey;
    const sizes = retrieveMaxSizes(plan.map((p) => p.namespace));
    const byNamespace: NodeAnswer['byNamespace'] = new Map();
    const last = new Map<number, string>();
    for (const p of plan) {
      const key = lastHashKey(node.pubkeyEd25519, pk, p.namespace);
      let saved = this.lastHashes.get(key);
      if (saved === undefined) {
        saved = (await this.store.load(key)) ?? null;
        this.lastHashes.set(key, saved);
      }
      if (saved !== null) last.set(p.namespace, saved);
    }
    let pending = plan;
    for (let page = 0; page < MAX_PAGES && pending.length > 0; page++) {
      const reqs = pending.map((p): SignedRetrieve => {
        const maxSize = sizes.get(p.namespace);
        const lastHash = last.get(p.namespace) ?? '';
        return maxSize === undefined ? { ...p, lastHash } : { ...p, lastHash, maxSize };
      });
      let outcomes;
      try {
        outcomes = await this.net.retrieve(pk, node, reqs);
      } catch (e) {
        if (page === 0) throw e;
        break; // what the first pages brought stays good
      }
      const more: PlanItem[] = [];
      for (const [i, r] of outcomes.entries()) {
        if (!r.ok) continue; // this namespace stays unanswered by this member (or stops paging)
        const got = byNamespace.get(r.namespace) ?? { messages: [], lastHash: undefined };
        byNamespace.set(r.namespace, got);
        got.messages.push(...r.messages);
        const newest = r.messages[r.messages.length - 1];
        if (newest) {
          got.lastHash = newest.hash;
          last.set(r.namespace, newest.hash);
        }
        const p = pending[i];
        if (p && r.more && r.messages.length > 0) more.push(p);
      }
      pending = more;
    }
    const count = [...byNamespace.values()].reduce((n, v) => n + v.messages.length, 0);
    this.net.logger.debug('polled', { node: short(node.pubkeyEd25519), messages: count });
    return { node, byNamespace };
  }

  /** Hands one route its unseen messages, then marks them handled. */
  private async route(
    route: NamespaceRoute,
    answers: readonly NodeAnswer[],
    delivered: PolledMessage[],
  ): Promise<RouteOutcome> {
    const answered = route.namespaces.every((ns) => answers.some((a) => a.byNamespace.has(ns)));
    if (!answered || !this.routes.includes(route)) return 'unanswered';
    const fresh: PolledMessage[] = [];
    const inBatch = new Set<string>();
    for (const namespace of route.namespaces)
      for (const a of answers)
        for (const m of a.byNamespace.get(namespace)?.messages ?? []) {
          if (this.seen.has(m.hash) || inBatch.has(m.hash)) continue;
          inBatch.add(m.hash);
          fresh.push({
            hash: m.hash,
            data: m.data,
            timestamp: m.storedAtMs,
            expiration: m.expiresAtMs,
            namespace,
          });
        }
    try {
      await route.handle({ messages: fresh });
    } catch (e) {
      this.counters.errors++;
      this.net.logger.warn('poll handler failed', { route: route.name, error: errorText(e) });
      this.o.log?.(`${route.name}: polled messages not handled, asked again next time: ${errorText(e)}`);
      return 'failed';
    }
    for (const namespace of route.namespaces)
      for (const a of answers) {
        const lastHash = a.byNamespace.get(namespace)?.lastHash;
        if (lastHash === undefined) continue;
        const key = lastHashKey(a.node.pubkeyEd25519, this.owner.pubkey, namespace);
        await this.store.save(key, lastHash);
        this.lastHashes.set(key, lastHash);
      }
    for (const m of fresh) this.remember(m.hash);
    delivered.push(...fresh);
    return 'handled';
  }

  private remember(hash: string): void {
    this.seen.add(hash);
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
