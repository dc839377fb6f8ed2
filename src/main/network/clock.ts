/**
 * The client's clock (network.md §6; session-desktop `NetworkTime.ts`): the network-wide offset
 * from the `t` of answers, each node's own clock (node-clocks.ts), and what to do when a node
 * refuses our timestamps (406). One job: which time to sign with. It never sends anything itself:
 * asking a node its time goes through the injected `askTime` (the request executor).
 */
import type { Snode } from '../../onion/keys';
import {
  emptyNetworkTime,
  networkNow,
  networkOffset,
  serverOffset,
  withOffset,
  type NetworkTimeState,
} from '../../onion/network-time';
import { NodeClocks } from './node-clocks';

/** A refresh moving the network offset more than this forgets the node clocks (the signature tolerance). */
const NODE_CLOCKS_JUMP_MS = 60_000;
/** Nodes asked for a fresh sample after a refusal. */
const REFRESH_SAMPLES = 3;

export interface ClockDeps {
  /** This computer's clock (ms). */
  readonly now: () => number;
  /** The offset or the clock problem changed (the status shows both). */
  readonly onChange: () => void;
  /**
   * Asks `node` its time (an unsigned `info` through the onion); its answer's `t` comes back
   * through `record`. `nodeOnly` keeps it out of the network-wide offset. Rejects on no answer.
   */
  readonly askTime: (node: Snode, nodeOnly: boolean) => Promise<unknown>;
  /** Up to `count` random pool nodes not in `exclude`. */
  readonly pickNodes: (exclude: ReadonlySet<string>, count: number) => readonly Snode[];
}

/** What one request signed with: its retry after a refusal depends on it. */
export interface SignedWith {
  readonly epoch: number;
  /** The target's own clock was used (rather than the network-wide one). */
  readonly fromNode: boolean;
}

/** Per-request memory of the remedies already tried after refusals. */
export interface RefusalState {
  learnedNodeClock: boolean;
  refreshed: boolean;
}

export class NetworkClock {
  private time: NetworkTimeState = emptyNetworkTime;
  private samples = 0;
  private readonly nodes = new NodeClocks();
  private epochValue = 0;
  private refreshing: Promise<void> | undefined;
  private nextRefresh: Promise<void> | undefined;
  private problem = false;
  readonly counters = { refreshes: 0 };

  constructor(private readonly d: ClockDeps) {}

  /** Network-adjusted now: every signature, store timestamp and "sent at" uses it. */
  now(): number {
    return networkNow(this.time, this.d.now());
  }

  /** local − network (ms). */
  offsetMs(): number {
    return networkOffset(this.time);
  }

  /** The network refused our timestamps even after a refresh. */
  hasProblem(): boolean {
    return this.problem;
  }

  setProblem(problem: boolean): void {
    if (this.problem === problem) return;
    this.problem = problem;
    this.d.onChange();
  }

  /**
   * A `t` from a reply; `node` is who sent it (its own clock is then known too). `nodeOnly`
   * keeps it out of the network-wide offset (a node asked because it disagreed with it).
   */
  record(t: unknown, node?: string, nodeOnly = false): void {
    const local = this.d.now();
    const offset = serverOffset(t, local);
    if (offset === undefined) return;
    if (!nodeOnly) {
      this.samples++;
      this.time = withOffset(this.time, offset);
    }
    if (node !== undefined) this.nodes.record(node, offset, local);
  }

  /** The time to sign a request to `node` with: its own clock when it answered us lately. */
  nowFor(node: string): { now: number; fromNode: boolean } {
    const own = this.nodes.nowOf(node, this.d.now());
    return own === undefined ? { now: this.now(), fromNode: false } : { now: own, fromNode: true };
  }

  forgetNode(node: string): void {
    this.nodes.forget(node);
  }

  /** Asks `node` its time; true when a new measure of its clock came in. */
  async learnNode(node: Snode): Promise<boolean> {
    const before = this.nodes.measuredAt(node.pubkeyEd25519);
    try {
      await this.d.askTime(node, true);
    } catch {
      return false;
    }
    const learned = this.nodes.measuredAt(node.pubkeyEd25519);
    // Whether it alone or the whole network moved, the answers of the requests that follow
    // bring the network-wide offset along (a second refusal refreshes it at once).
    return learned !== undefined && learned !== before;
  }

  /** Bumped by every finished refresh: a 406 to a request built before it is simply retried. */
  epoch(): number {
    return this.epochValue;
  }

  /**
   * Fresh samples from up to 3 nodes not in `exclude` replace the window (a 406 happened).
   * One refresh at a time: concurrent 406s wait for it instead of starting their own, and the
   * old window serves until new samples are in (clearing it first sent every concurrent
   * request out with the raw local clock).
   */
  refresh(exclude: ReadonlySet<string>): Promise<void> {
    if (this.refreshing) {
      // The running one may have sampled before what made this caller ask (a jump): one more
      // after it, shared by everyone who asks meanwhile.
      this.nextRefresh ??= this.refreshing.then(() => {
        this.nextRefresh = undefined;
        return this.refresh(exclude);
      });
      return this.nextRefresh;
    }
    this.refreshing = this.refreshOnce(exclude).finally(() => {
      this.refreshing = undefined;
      this.epochValue++;
    });
    return this.refreshing;
  }

  private async refreshOnce(exclude: ReadonlySet<string>): Promise<void> {
    this.counters.refreshes++;
    const samplesBefore = this.samples;
    const offsetBefore = networkOffset(this.time);
    const targets = this.d.pickNodes(exclude, REFRESH_SAMPLES);
    await Promise.allSettled(targets.map((n) => this.d.askTime(n, false)));
    // Keep only what arrived since the refresh began (the info answers and any others).
    const fresh = Math.min(this.samples - samplesBefore, this.time.offsets.length);
    if (fresh > 0) this.time = { offsets: this.time.offsets.slice(-fresh) };
    // The network (or our clock) jumped: the node clocks we knew were measured before the jump.
    if (Math.abs(networkOffset(this.time) - offsetBefore) > NODE_CLOCKS_JUMP_MS) this.nodes.clear();
    this.d.onChange();
  }

  /**
   * `target` refused a request signed `signed` (406/425): true to retry, false to give up (the
   * clock problem is then on). Remedies in order, each once per request: another request's
   * refresh already finished → retry; learn this node's own clock (it may be the odd one);
   * refresh the network-wide offset (desktop stops at once with its clock message).
   */
  async afterRefusal(
    target: Snode,
    signed: SignedWith,
    tried: ReadonlySet<string>,
    st: RefusalState,
  ): Promise<boolean> {
    if (this.epochValue !== signed.epoch) return true;
    // What we knew of this node's clock is wrong now (its clock, or ours, moved).
    if (signed.fromNode) this.forgetNode(target.pubkeyEd25519);
    if (!st.learnedNodeClock) {
      st.learnedNodeClock = true;
      if (await this.learnNode(target)) return true;
    }
    if (!st.refreshed) {
      st.refreshed = true;
      await this.refresh(new Set([...tried, target.pubkeyEd25519]));
      return true;
    }
    this.setProblem(true);
    return false;
  }
}
