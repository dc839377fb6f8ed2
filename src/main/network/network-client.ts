/**
 * One NetworkClient per profile: the snode pool, 2 guards, 2 onion paths of 3 hops, network
 * time, and automatic recovery. Decisions come from the pure layers (src/onion, src/swarm);
 * this class owns the I/O, the timers and the single mutable copy of the immutable state.
 * Swarm operations are in `swarm-api.ts` (they take a client).
 */
import { setMaxListeners } from 'node:events';
import type { NetworkStatus } from '../../shared/ipc/network';
import {
  emptyNetworkTime,
  networkNow,
  networkOffset,
  serverOffset,
  withOffset,
  type NetworkTimeState,
} from '../../onion/network-time';
import {
  DESIRED_GUARD_COUNT,
  MIN_SNODE_POOL_COUNT_BEFORE_REFRESH_FROM_SNODES,
  emptyOnionState,
  poolNeedsSeedRefetch,
  randomPoolNode,
  withSeedPool,
  type OnionState,
} from '../../onion/pool';
import type { Snode } from '../../onion/keys';
import { info } from '../../swarm/storage-requests';
import { backoffDelay, sleep } from './backoff';
import { NetworkError } from './errors';
import type { HttpsSnodeTransport } from './https-transport';
import { errorText } from './logger';
import { resolveOptions, transportFor, type NetworkClientOptions, type ResolvedOptions } from './options';
import { BuildError, pathsFrom, selectGuards } from './path-setup';
import { fetchPoolFromSeeds, poolFromSnodes } from './pool-source';
import { NodeClocks } from './node-clocks';
import { fixedTarget, runRequest, type LoopHost, type RequestResult, type RequestSpec } from './request-loop';
import { deriveStatus, statusKey, type NetworkReason } from './status';

export type StatusListener = (s: NetworkStatus) => void;

/** A refresh moving the network offset more than this forgets the node clocks (the signature tolerance). */
const NODE_CLOCKS_JUMP_MS = 60_000;

export class NetworkClient implements LoopHost {
  readonly opts: ResolvedOptions;
  transport: HttpsSnodeTransport;
  private onion: OnionState = emptyOnionState;
  private time: NetworkTimeState = emptyNetworkTime;
  private abort = NetworkClient.controller();
  private started = false;
  private stopped = false;
  private building: Promise<void> | undefined;
  private recovering: Promise<void> | undefined;
  private progress: { done: number; total: number } | null = null;
  private offlineReason: NetworkReason | null = null;
  private timeSamples = 0;
  private readonly nodeClocks = new NodeClocks();
  private timeEpochValue = 0;
  private timeRefresh: Promise<void> | undefined;
  private nextTimeRefresh: Promise<void> | undefined;
  private lastBuildError: NetworkReason | null = null;
  private clockProblem = false;
  private readonly listeners = new Set<StatusListener>();
  private lastKey = '';
  private timers: ReturnType<typeof setTimeout>[] = [];
  /** Counters for diagnostics and tests. */
  readonly counters = { poolFetches: 0, pathBuilds: 0, recoveries: 0, clockRefreshes: 0 };

  /** Every in-flight request listens on the client's signal: dozens at once is normal, not a leak. */
  private static controller(): AbortController {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  }

  constructor(options: NetworkClientOptions) {
    this.opts = resolveOptions(options);
    this.transport = transportFor(this.opts, this.abort.signal);
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Fetches the pool, tests guards and builds paths; never throws (see `status()`). */
  async start(): Promise<void> {
    if (this.started && !this.stopped) return;
    if (this.stopped) {
      this.abort = NetworkClient.controller();
      this.transport = transportFor(this.opts, this.abort.signal);
    }
    this.started = true;
    this.stopped = false;
    this.offlineReason = null;
    this.lastBuildError = null;
    this.progress = { done: 0, total: 4 };
    this.emit();
    this.scheduleRefresh();
    try {
      await this.build();
    } catch (e) {
      this.goOffline(e instanceof BuildError ? e.reason : 'unknown');
    }
  }

  async stop(): Promise<void> {
    if (!this.started || this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.abort.abort();
    await Promise.allSettled([this.building, this.recovering]);
    this.emit();
  }

  status(): NetworkStatus {
    return deriveStatus({
      network: this.opts.network,
      started: this.started,
      stopped: this.stopped,
      building: this.building !== undefined,
      progress: this.progress,
      offlineReason: this.offlineReason,
      lastBuildError: this.lastBuildError,
      state: this.onion,
      networkOffsetMs: networkOffset(this.time),
      clockProblem: this.clockProblem,
    });
  }

  /** Called on every visible change; returns an unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The immutable pool/path/swarm state (read-only view for diagnostics and tests). */
  state(): OnionState {
    return this.onion;
  }

  setState(s: OnionState): void {
    this.onion = s;
    this.emit();
  }

  private emit(): void {
    const s = this.status();
    const key = statusKey(s);
    if (key === this.lastKey) return;
    this.lastKey = key;
    for (const l of this.listeners) {
      try {
        l(s);
      } catch (e) {
        this.opts.logger.warn('status listener threw', { error: errorText(e) });
      }
    }
  }

  /** A method, not the field: the flag changes across awaits, which narrowing cannot see. */
  private isStopped(): boolean {
    return this.stopped;
  }

  checkRunning(): void {
    if (!this.started || this.stopped) throw new NetworkError('stopped', 'the network client is not running');
  }

  // ---- network time (§6) -----------------------------------------------------------------

  networkNow(): number {
    return networkNow(this.time, this.opts.now());
  }

  recordServerTime(t: unknown, node?: string, nodeOnly = false): void {
    const local = this.opts.now();
    const offset = serverOffset(t, local);
    if (offset === undefined) return;
    if (!nodeOnly) {
      this.timeSamples++;
      this.time = withOffset(this.time, offset);
    }
    if (node !== undefined) this.nodeClocks.record(node, offset, local);
  }

  /** The time to sign a request to `node` with: its own clock when it answered us lately. */
  networkNowFor(node: string): { now: number; fromNode: boolean } {
    const own = this.nodeClocks.nowOf(node, this.opts.now());
    return own === undefined ? { now: this.networkNow(), fromNode: false } : { now: own, fromNode: true };
  }

  forgetNodeClock(node: string): void {
    this.nodeClocks.forget(node);
  }

  async learnNodeClock(node: Snode): Promise<boolean> {
    const before = this.nodeClocks.measuredAt(node.pubkeyEd25519);
    try {
      await this.request({ ...fixedTarget('info', node, () => [info()]), nodeClockOnly: true });
    } catch {
      return false;
    }
    const learned = this.nodeClocks.measuredAt(node.pubkeyEd25519);
    // Whether it alone or the whole network moved, the answers of the requests that follow
    // bring the network-wide offset along (a second refusal refreshes it at once).
    return learned !== undefined && learned !== before;
  }

  /** Bumped by every finished refresh: a 406 to a request built before it is simply retried. */
  timeEpoch(): number {
    return this.timeEpochValue;
  }

  /**
   * Fresh samples from up to 3 nodes not in `exclude` replace the window (a 406 happened).
   * One refresh at a time: concurrent 406s wait for it instead of starting their own, and the
   * old window serves until new samples are in (clearing it first sent every concurrent
   * request out with the raw local clock).
   */
  refreshNetworkTime(exclude: ReadonlySet<string>): Promise<void> {
    if (this.timeRefresh) {
      // The running one may have sampled before what made this caller ask (a jump): one more
      // after it, shared by everyone who asks meanwhile.
      this.nextTimeRefresh ??= this.timeRefresh.then(() => {
        this.nextTimeRefresh = undefined;
        return this.refreshNetworkTime(exclude);
      });
      return this.nextTimeRefresh;
    }
    this.timeRefresh = this.doRefreshNetworkTime(exclude).finally(() => {
      this.timeRefresh = undefined;
      this.timeEpochValue++;
    });
    return this.timeRefresh;
  }

  private async doRefreshNetworkTime(exclude: ReadonlySet<string>): Promise<void> {
    this.counters.clockRefreshes++;
    const samplesBefore = this.timeSamples;
    const offsetBefore = networkOffset(this.time);
    const picked = new Set(exclude);
    const targets: Snode[] = [];
    for (let i = 0; i < 3; i++) {
      const n = randomPoolNode(this.onion, this.opts.random, picked);
      if (!n) break;
      picked.add(n.pubkeyEd25519);
      targets.push(n);
    }
    await Promise.allSettled(targets.map((n) => this.request(fixedTarget('info', n, () => [info()]))));
    // Keep only what arrived since the refresh began (the info answers and any others).
    const fresh = Math.min(this.timeSamples - samplesBefore, this.time.offsets.length);
    if (fresh > 0) this.time = { offsets: this.time.offsets.slice(-fresh) };
    // The network (or our clock) jumped: the node clocks we knew were measured before the jump.
    if (Math.abs(networkOffset(this.time) - offsetBefore) > NODE_CLOCKS_JUMP_MS) this.nodeClocks.clear();
    this.emit();
  }

  setClockProblem(problem: boolean): void {
    if (this.clockProblem === problem) return;
    this.clockProblem = problem;
    this.emit();
  }

  // ---- requests --------------------------------------------------------------------------

  /** Runs one storage RPC batch through the onion with retries (see request-loop.ts). */
  request(spec: RequestSpec): Promise<RequestResult> {
    return runRequest(this, spec);
  }

  async ensurePaths(): Promise<void> {
    if (this.onion.paths.length > 0) return;
    this.checkRunning();
    try {
      await this.build();
    } catch (e) {
      if (e instanceof BuildError) this.goOffline(e.reason);
      throw new NetworkError('offline', `no onion path: ${errorText(e)}`);
    }
    if (this.onion.paths.length === 0) throw new NetworkError('offline', 'no onion path');
  }

  async awaitRebuild(): Promise<void> {
    if (this.stopped) return;
    if (!this.building && this.onion.paths.length >= DESIRED_GUARD_COUNT) return;
    try {
      await this.build();
    } catch (e) {
      // The caller's next attempt goes through ensurePaths(), which reports offline.
      this.opts.logger.warn('path rebuild failed', { error: errorText(e) });
    }
  }

  reportUnreachable(reason: string): void {
    this.goOffline(reason === 'unreachable' ? 'unreachable' : 'unknown');
  }

  reportSuccess(): void {
    if (this.offlineReason === null) return;
    this.opts.logger.info('network reachable again');
    this.offlineReason = null;
    this.emit();
  }

  // ---- pool, guards, paths ---------------------------------------------------------------

  /** Single flight: concurrent callers share one build. */
  private build(): Promise<void> {
    this.building ??= this.buildOnce().finally(() => {
      this.building = undefined;
      this.progress = null;
      this.emit();
    });
    this.emit();
    return this.building;
  }

  private async buildOnce(): Promise<void> {
    const step = (done: number): void => {
      if (this.progress) this.progress = { done, total: 4 };
      this.emit();
    };
    try {
      if (poolNeedsSeedRefetch(this.onion)) await this.fetchPool();
      step(1);
      let s: OnionState;
      try {
        s = await selectGuards(this.onion, this.transport, this.opts, {
          onTested: (n) => step(1 + n),
          onTime: (t) => this.recordServerTime(t),
        });
      } catch (e) {
        // Desktop forces a pool refresh when no path can be built, then tries once more.
        if (!(e instanceof BuildError) || e.reason !== 'no-guard') throw e;
        await this.fetchPool();
        s = await selectGuards(this.onion, this.transport, this.opts, {
          onTested: (n) => step(1 + n),
          onTime: (t) => this.recordServerTime(t),
        });
      }
      this.checkRunning();
      // Requests may have changed the state meanwhile: build on the current one, keeping only
      // tested guards that are still in the pool (one may have been dropped during the tests).
      const inPool = new Set(this.onion.pool.map((n) => n.pubkeyEd25519));
      const guards = s.guards.filter((g) => inPool.has(g.pubkeyEd25519));
      if (guards.length === 0) throw new BuildError('no-guard', 'guards dropped while building');
      this.onion = pathsFrom({ ...this.onion, guards }, this.opts);
      this.counters.pathBuilds++;
      this.lastBuildError = null;
      step(4);
      this.opts.logger.info('onion paths built', {
        paths: this.onion.paths.length,
        pool: this.onion.pool.length,
      });
    } catch (e) {
      this.lastBuildError = e instanceof BuildError ? e.reason : this.stopped ? 'not-started' : 'unknown';
      throw e;
    }
  }

  private async fetchPool(): Promise<void> {
    this.counters.poolFetches++;
    let snodes: readonly Snode[];
    try {
      snodes = await fetchPoolFromSeeds(this.transport, this.opts, this.abort.signal);
    } catch (e) {
      throw new BuildError('no-seed', errorText(e));
    }
    this.checkRunning();
    this.onion = withSeedPool(this.onion, snodes, this.opts.random);
    this.emit();
  }

  /**
   * Periodic refresh (§1.5): from 3 snodes when the pool is large enough, else from the seeds;
   * counters reset, swarm members and paths through vanished nodes are forgotten.
   */
  async refreshPool(): Promise<void> {
    this.checkRunning();
    let snodes: readonly Snode[] | undefined;
    if (this.onion.pool.length >= MIN_SNODE_POOL_COUNT_BEFORE_REFRESH_FROM_SNODES)
      snodes = await poolFromSnodes(this, this.abort.signal);
    if (snodes) {
      this.counters.poolFetches++;
      this.onion = withSeedPool(this.onion, snodes, this.opts.random);
      this.emit();
    } else {
      await this.fetchPool();
    }
    this.opts.logger.info('pool refreshed', { nodes: this.onion.pool.length });
    if (this.onion.paths.length < DESIRED_GUARD_COUNT) await this.build().catch(() => undefined);
  }

  private scheduleRefresh(): void {
    const { firstRefreshMs, refreshEveryMs } = this.opts;
    if (firstRefreshMs <= 0) return;
    const run = (delay: number): void => {
      const t = setTimeout(() => {
        this.refreshPool()
          .catch((e: unknown) => {
            this.opts.logger.warn('pool refresh failed', { error: errorText(e) });
          })
          .finally(() => {
            if (!this.stopped && refreshEveryMs > 0) run(refreshEveryMs);
          });
      }, delay);
      t.unref();
      this.timers.push(t);
    };
    run(firstRefreshMs);
  }

  // ---- offline and recovery ---------------------------------------------------------------

  private goOffline(reason: NetworkReason): void {
    if (this.stopped) return;
    if (this.offlineReason === null) this.opts.logger.warn('network offline', { reason });
    this.offlineReason = reason;
    this.emit();
    this.recovering ??= this.recover().finally(() => {
      this.recovering = undefined;
    });
  }

  /**
   * Back-off until a freshly built path answers: guards and paths are re-tested from scratch
   * (they are what failed), the pool is refetched when it shrank too much.
   */
  private async recover(): Promise<void> {
    for (let attempt = 0; !this.stopped && this.offlineReason !== null; attempt++) {
      await sleep(backoffDelay(attempt, this.opts.recoveryMinMs, this.opts.recoveryMaxMs), this.abort.signal);
      if (this.isStopped()) return;
      this.counters.recoveries++;
      try {
        await this.building?.catch(() => undefined);
        this.onion = { ...this.onion, guards: [], paths: [] };
        await this.build();
        const probe = randomPoolNode(this.onion, this.opts.random);
        if (!probe) continue;
        // The probe's success calls reportSuccess(), which clears offlineReason.
        await this.request(fixedTarget('probe', probe, () => [info()]));
      } catch (e) {
        if (e instanceof BuildError) this.offlineReason = e.reason;
        this.emit();
        this.opts.logger.debug('recovery attempt failed', { attempt, error: errorText(e) });
      }
    }
  }
}
