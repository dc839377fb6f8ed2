/**
 * The snode pool, 2 guards and 2 onion paths of 3 hops, kept usable (network.md §1.3–1.5, §4.1):
 * built on start, refreshed on a timer, rebuilt when requests drop paths, and recovered with
 * back-off when the network is unreachable. Decisions come from the pure layers (src/onion); this
 * class owns the I/O, the timers, the lifecycle (start/stop, the abort signal every socket
 * listens on) and the single mutable copy of the immutable onion state.
 */
import { setMaxListeners } from 'node:events';
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
import { transportFor, type ResolvedOptions } from './options';
import { BuildError, pathsFrom, selectGuards } from './path-setup';
import { fetchPoolFromSeeds, poolFromSnodes } from './pool-source';
import { fixedTarget, type RequestResult, type RequestSpec } from './request-loop';
import type { NetworkReason, StatusInputs } from './status';

export interface PoolPathsDeps {
  readonly opts: ResolvedOptions;
  /** Something the status shows changed. */
  readonly onChange: () => void;
  /** A guard test's `t`: a first network-time sample. */
  readonly onTime: (t: number | undefined) => void;
  /** Sends a request through the onion (refresh from snodes, the recovery probe). */
  readonly request: (spec: RequestSpec) => Promise<RequestResult>;
}

/** Every in-flight request listens on the client's signal: dozens at once is normal, not a leak. */
function controller(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

export class PoolPaths {
  private onion: OnionState = emptyOnionState;
  private abort = controller();
  /** Aborted to cut the recovery's back-off short (the way out changed: try again now). */
  private wake = controller();
  private transportValue: HttpsSnodeTransport;
  private started = false;
  private stopped = false;
  private building: Promise<void> | undefined;
  private recovering: Promise<void> | undefined;
  private progress: { done: number; total: number } | null = null;
  private offlineReason: NetworkReason | null = null;
  private lastBuildError: NetworkReason | null = null;
  private timers: ReturnType<typeof setTimeout>[] = [];
  readonly counters = { poolFetches: 0, pathBuilds: 0, recoveries: 0 };

  constructor(private readonly d: PoolPathsDeps) {
    this.transportValue = transportFor(d.opts, this.abort.signal);
  }

  /** The HTTPS transport of this run (a restart makes a new one on a fresh abort signal). */
  transport(): HttpsSnodeTransport {
    return this.transportValue;
  }

  signal(): AbortSignal {
    return this.abort.signal;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Fetches the pool, tests guards and builds paths; never throws (see the status). */
  async start(): Promise<void> {
    if (this.started && !this.stopped) return;
    if (this.stopped) {
      this.abort = controller();
      this.transportValue = transportFor(this.d.opts, this.abort.signal);
    }
    this.started = true;
    this.stopped = false;
    this.offlineReason = null;
    this.lastBuildError = null;
    this.progress = { done: 0, total: 4 };
    this.d.onChange();
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
    this.d.onChange();
  }

  /** A method, not the field: the flag changes across awaits, which narrowing cannot see. */
  private isStopped(): boolean {
    return this.stopped;
  }

  checkRunning(): void {
    if (!this.started || this.stopped) throw new NetworkError('stopped', 'the network client is not running');
  }

  statusInputs(): Omit<StatusInputs, 'networkOffsetMs' | 'clockProblem'> {
    return {
      network: this.d.opts.network,
      started: this.started,
      stopped: this.stopped,
      building: this.building !== undefined,
      progress: this.progress,
      offlineReason: this.offlineReason,
      lastBuildError: this.lastBuildError,
      state: this.onion,
    };
  }

  // ---- state -----------------------------------------------------------------------------

  /** The immutable pool/path/swarm state. */
  state(): OnionState {
    return this.onion;
  }

  setState(s: OnionState): void {
    // Every onion request sets the state it ended with, most often the very one it began with
    // (a success changes nothing): no status to derive and compare then (a JSON key of every
    // path's hops, per request). Everything else the status reads announces its own changes.
    if (s === this.onion) return;
    this.onion = s;
    this.d.onChange();
  }

  /** Up to `count` distinct random pool nodes not in `exclude`. */
  randomNodes(exclude: ReadonlySet<string>, count: number): Snode[] {
    const picked = new Set(exclude);
    const out: Snode[] = [];
    for (let i = 0; i < count; i++) {
      const n = randomPoolNode(this.onion, this.d.opts.random, picked);
      if (!n) break;
      picked.add(n.pubkeyEd25519);
      out.push(n);
    }
    return out;
  }

  // ---- paths for requests ----------------------------------------------------------------

  /** Waits for at least one path; throws NetworkError('offline') when none can be built. */
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

  /** Paths were dropped: build new ones and wait for that build (errors swallowed). */
  async awaitRebuild(): Promise<void> {
    if (this.stopped) return;
    if (!this.building && this.onion.paths.length >= DESIRED_GUARD_COUNT) return;
    try {
      await this.build();
    } catch (e) {
      // The caller's next attempt goes through ensurePaths(), which reports offline.
      this.d.opts.logger.warn('path rebuild failed', { error: errorText(e) });
    }
  }

  /** Every attempt failed before reaching a destination: offline, recover by itself. */
  reportUnreachable(reason: string): void {
    this.goOffline(reason === 'unreachable' || reason === 'proxy' ? reason : 'unknown');
  }

  /** The way out changed (a proxy set or removed): an offline client tries again at once. */
  retryNow(): void {
    this.wake.abort();
    this.wake = controller();
  }

  reportSuccess(): void {
    if (this.offlineReason === null) return;
    this.d.opts.logger.info('network reachable again');
    this.offlineReason = null;
    this.d.onChange();
  }

  // ---- building --------------------------------------------------------------------------

  /** Single flight: concurrent callers share one build. */
  private build(): Promise<void> {
    this.building ??= this.buildOnce().finally(() => {
      this.building = undefined;
      this.progress = null;
      this.d.onChange();
    });
    this.d.onChange();
    return this.building;
  }

  private async buildOnce(): Promise<void> {
    const step = (done: number): void => {
      if (this.progress) this.progress = { done, total: 4 };
      this.d.onChange();
    };
    const hooks = { onTested: (n: number) => step(1 + n), onTime: this.d.onTime };
    try {
      if (poolNeedsSeedRefetch(this.onion)) await this.fetchPool();
      step(1);
      let s: OnionState;
      try {
        s = await selectGuards(this.onion, this.transportValue, this.d.opts, hooks);
      } catch (e) {
        // Desktop forces a pool refresh when no path can be built, then tries once more.
        if (!(e instanceof BuildError) || e.reason !== 'no-guard') throw e;
        await this.fetchPool();
        s = await selectGuards(this.onion, this.transportValue, this.d.opts, hooks);
      }
      this.checkRunning();
      // Requests may have changed the state meanwhile: build on the current one, keeping only
      // tested guards that are still in the pool (one may have been dropped during the tests).
      const inPool = new Set(this.onion.pool.map((n) => n.pubkeyEd25519));
      const guards = s.guards.filter((g) => inPool.has(g.pubkeyEd25519));
      if (guards.length === 0) throw new BuildError('no-guard', 'guards dropped while building');
      this.onion = pathsFrom({ ...this.onion, guards }, this.d.opts);
      this.counters.pathBuilds++;
      this.lastBuildError = null;
      step(4);
      this.d.opts.logger.info('onion paths built', {
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
      snodes = await fetchPoolFromSeeds(this.transportValue, this.d.opts, this.abort.signal);
    } catch (e) {
      throw new BuildError('no-seed', errorText(e));
    }
    this.checkRunning();
    this.onion = withSeedPool(this.onion, snodes, this.d.opts.random);
    this.d.onChange();
  }

  /**
   * Periodic refresh (§1.5): from 3 snodes when the pool is large enough, else from the seeds;
   * counters reset, swarm members and paths through vanished nodes are forgotten.
   */
  async refreshPool(): Promise<void> {
    this.checkRunning();
    let snodes: readonly Snode[] | undefined;
    if (this.onion.pool.length >= MIN_SNODE_POOL_COUNT_BEFORE_REFRESH_FROM_SNODES)
      snodes = await poolFromSnodes(
        { opts: this.d.opts, state: () => this.onion, request: this.d.request },
        this.abort.signal,
      );
    if (snodes) {
      this.counters.poolFetches++;
      this.onion = withSeedPool(this.onion, snodes, this.d.opts.random);
      this.d.onChange();
    } else {
      await this.fetchPool();
    }
    this.d.opts.logger.info('pool refreshed', { nodes: this.onion.pool.length });
    if (this.onion.paths.length < DESIRED_GUARD_COUNT) await this.build().catch(() => undefined);
  }

  private scheduleRefresh(): void {
    const { firstRefreshMs, refreshEveryMs } = this.d.opts;
    if (firstRefreshMs <= 0) return;
    const run = (delay: number): void => {
      const t = setTimeout(() => {
        this.refreshPool()
          .catch((e: unknown) => {
            this.d.opts.logger.warn('pool refresh failed', { error: errorText(e) });
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
    if (this.offlineReason === null) this.d.opts.logger.warn('network offline', { reason });
    this.offlineReason = reason;
    this.d.onChange();
    this.recovering ??= this.recover().finally(() => {
      this.recovering = undefined;
    });
  }

  /**
   * Back-off until a freshly built path answers: guards and paths are re-tested from scratch
   * (they are what failed), the pool is refetched when it shrank too much.
   */
  private async recover(): Promise<void> {
    const { opts } = this.d;
    for (let attempt = 0; !this.stopped && this.offlineReason !== null; attempt++) {
      await sleep(
        backoffDelay(attempt, opts.recoveryMinMs, opts.recoveryMaxMs),
        AbortSignal.any([this.abort.signal, this.wake.signal]),
      );
      if (this.isStopped()) return;
      this.counters.recoveries++;
      try {
        await this.building?.catch(() => undefined);
        this.onion = { ...this.onion, guards: [], paths: [] };
        await this.build();
        const probe = randomPoolNode(this.onion, opts.random);
        if (!probe) continue;
        // The probe's success calls reportSuccess(), which clears offlineReason.
        await this.d.request(fixedTarget('probe', probe, () => [info()]));
      } catch (e) {
        if (e instanceof BuildError) this.offlineReason = e.reason;
        this.d.onChange();
        opts.logger.debug('recovery attempt failed', { attempt, error: errorText(e) });
      }
    }
  }
}
