/**
 * Polling one account's namespaces (network.md §2.3; session-desktop
 * `ts/session/apis/snode_api/swarmPolling.ts`): each cycle samples 2 members of the swarm,
 * retrieves every namespace from each with the `last_hash` kept per (snode, pubkey,
 * namespace), merges the answers by hash and hands only unseen messages to the callback.
 * Errors are logged and the loop goes on. `last_hash` lives in memory behind an injectable
 * store so the database owner can persist it.
 */
import { randomIndex, shuffled } from '../../onion/result';
import type { Snode } from '../../onion/keys';
import { retrieveMaxSizes } from '../../swarm/namespaces';
import { toBase64 } from '../../crypto/bytes';
import { sleep } from './backoff';
import { errorText, short } from './logger';
import type { NetworkClient } from './network-client';
import {
  retrieveFrom,
  swarmFor,
  type AccountKeys,
  type RetrieveRequest,
  type RetrieveResult,
} from './swarm-api';

/** Desktop polls its own swarm every 5 s (groups: 5 s / 60 s / 120 s by activity). */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const MEMBERS_PER_POLL = 2;
/** Desktop's own-account namespaces, in its order. */
export const OWN_NAMESPACES: readonly number[] = [0, 2, 3, 5, 4];
/** How many delivered hashes are remembered for de-duplication (unknown last_hash replays). */
const SEEN_LIMIT = 10_000;

export interface PolledMessage {
  readonly hash: string;
  /** Standard base64 of the stored bytes. */
  readonly data: string;
  /** When the node stored it (ms). */
  readonly timestamp: number;
  readonly expiration: number | undefined;
  readonly namespace: number;
}

export interface LastHashStore {
  load(key: string): string | undefined | Promise<string | undefined>;
  save(key: string, hash: string): void | Promise<void>;
}

export function memoryLastHashStore(): LastHashStore & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, load: (k) => map.get(k), save: (k, h) => void map.set(k, h) };
}

/** `<snode ed25519>:<pubkey>:<namespace>` — desktop's key for last hashes. */
export function lastHashKey(snode: string, pubkey: string, namespace: number): string {
  return `${snode}:${pubkey.toLowerCase()}:${namespace}`;
}

export interface PollerOptions {
  readonly client: NetworkClient;
  readonly account: AccountKeys;
  readonly namespaces?: readonly number[];
  readonly intervalMs?: number;
  readonly lastHashes?: LastHashStore;
  readonly onMessages: (messages: readonly PolledMessage[]) => void | Promise<void>;
}

export class Poller {
  private readonly namespaces: readonly number[];
  private readonly interval: number;
  private readonly store: LastHashStore;
  private readonly seen = new Set<string>();
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Counters for diagnostics and tests. */
  readonly counters = { polls: 0, errors: 0, delivered: 0 };

  constructor(private readonly o: PollerOptions) {
    this.namespaces = o.namespaces ?? OWN_NAMESPACES;
    this.interval = o.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.store = o.lastHashes ?? memoryLastHashStore();
  }

  start(): void {
    if (this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = (async () => {
      while (!abort.signal.aborted) {
        await this.pollOnce();
        await sleep(this.interval, abort.signal);
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** One cycle; never throws. */
  async pollOnce(): Promise<readonly PolledMessage[]> {
    this.counters.polls++;
    const log = this.o.client.opts.logger;
    try {
      const swarm = await swarmFor(this.o.client, this.o.account.sessionId);
      const picked = shuffled(swarm, this.o.client.opts.random).slice(0, MEMBERS_PER_POLL);
      if (picked.length === 0 && swarm.length > 0)
        picked.push(swarm[randomIndex(this.o.client.opts.random, swarm.length)] as Snode);
      const answers = await Promise.allSettled(picked.map((n) => this.pollNode(n)));
      const fresh: PolledMessage[] = [];
      const positions: [string, string][] = [];
      const hashes = new Set<string>();
      for (const a of answers) {
        if (a.status === 'rejected') {
          this.counters.errors++;
          log.debug('poll of one member failed', { error: errorText(a.reason) });
          continue;
        }
        positions.push(...a.value.positions);
        for (const m of a.value.messages) {
          if (this.seen.has(m.hash) || hashes.has(m.hash)) continue;
          hashes.add(m.hash);
          fresh.push(m);
        }
      }
      // Handled first, remembered after: should the handler throw (or the process die), the
      // same messages are fetched again from the old positions instead of being skipped.
      if (fresh.length > 0) {
        await this.o.onMessages(fresh);
        this.counters.delivered += fresh.length;
      }
      for (const h of hashes) this.remember(h);
      for (const [key, hash] of positions) await this.store.save(key, hash);
      return fresh;
    } catch (e) {
      this.counters.errors++;
      log.warn('poll failed', { error: errorText(e) });
      return [];
    }
  }

  private remember(hash: string): void {
    this.seen.add(hash);
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /** One member's new messages and the positions (last-hash keys) to save once they are handled. */
  private async pollNode(node: Snode): Promise<{ messages: PolledMessage[]; positions: [string, string][] }> {
    const pk = this.o.account.sessionId;
    const sizes = retrieveMaxSizes(this.namespaces);
    const reqs = await Promise.all(
      this.namespaces.map(async (namespace): Promise<RetrieveRequest> => {
        const lastHash = (await this.store.load(lastHashKey(node.pubkeyEd25519, pk, namespace))) ?? '';
        const maxSize = sizes.get(namespace);
        return maxSize === undefined ? { namespace, lastHash } : { namespace, lastHash, maxSize };
      }),
    );
    const results: RetrieveResult[] = await retrieveFrom(this.o.client, this.o.account, node, reqs);
    const out: PolledMessage[] = [];
    const positions: [string, string][] = [];
    for (const r of results) {
      const last = r.messages[r.messages.length - 1];
      if (last) positions.push([lastHashKey(node.pubkeyEd25519, pk, r.namespace), last.hash]);
      for (const m of r.messages)
        out.push({
          hash: m.hash,
          data: toBase64(m.data),
          timestamp: m.storedAtMs,
          expiration: m.expiresAtMs,
          namespace: r.namespace,
        });
    }
    this.o.client.opts.logger.debug('polled', { node: short(node.pubkeyEd25519), messages: out.length });
    return { messages: out, positions };
  }
}
