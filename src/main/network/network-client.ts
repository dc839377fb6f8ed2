/**
 * One NetworkClient per profile: a thin façade over three parts with one job each, so callers
 * keep one object to pass around:
 * - `paths` (pool-paths.ts): the snode pool, guards and onion paths, kept usable;
 * - `clock` (clock.ts): network time and each node's own clock;
 * - request execution (request-loop.ts): one storage RPC batch through the onion, with retries.
 * It also turns their changes into the app-facing status. Swarm operations are in
 * `swarm-lookup.ts` (finding a swarm and a member) and `swarm-api.ts` (what is sent to it); they
 * take a client.
 */
import type { NetworkStatus } from '../../shared/ipc/network';
import type { OnionState } from '../../onion/pool';
import type { Snode } from '../../onion/keys';
import { info } from '../../swarm/storage-requests';
import { NetworkClock } from './clock';
import { errorText } from './logger';
import { resolveOptions, type NetworkClientOptions, type ResolvedOptions } from './options';
import { PoolPaths } from './pool-paths';
import { fixedTarget, runRequest, type RequestResult, type RequestSpec } from './request-loop';
import { deriveStatus, statusKey } from './status';

export type StatusListener = (s: NetworkStatus) => void;

export class NetworkClient {
  readonly opts: ResolvedOptions;
  readonly clock: NetworkClock;
  readonly paths: PoolPaths;
  private readonly listeners = new Set<StatusListener>();
  private lastKey = '';

  constructor(options: NetworkClientOptions) {
    const opts = resolveOptions(options);
    this.opts = opts;
    const onChange = (): void => {
      this.emit();
    };
    this.clock = new NetworkClock({
      now: opts.now,
      onChange,
      askTime: (node, nodeOnly) =>
        this.request({ ...fixedTarget('info', node, () => [info()]), nodeClockOnly: nodeOnly }),
      pickNodes: (exclude, count) => this.paths.randomNodes(exclude, count),
    });
    // A proxy failing, recovering or changing changes what the status says; a new way out is
    // tried at once rather than at the end of the recovery's back-off.
    opts.http.onChange(() => {
      onChange();
      if (opts.http.proxyFailure() === null) this.paths.retryNow();
    });
    this.paths = new PoolPaths({
      opts,
      onChange,
      onTime: (t) => {
        this.clock.record(t);
      },
      request: (spec) => this.request(spec),
    });
  }

  /** Diagnostics and tests: the parts' counters in one place. */
  get counters(): {
    poolFetches: number;
    pathBuilds: number;
    recoveries: number;
    clockRefreshes: number;
  } {
    return { ...this.paths.counters, clockRefreshes: this.clock.counters.refreshes };
  }

  // ---- lifecycle and status ---------------------------------------------------------------

  /** Fetches the pool, tests guards and builds paths; never throws (see `status()`). */
  start(): Promise<void> {
    return this.paths.start();
  }

  stop(): Promise<void> {
    return this.paths.stop();
  }

  status(): NetworkStatus {
    return deriveStatus({
      ...this.paths.statusInputs(),
      networkOffsetMs: this.clock.offsetMs(),
      clockProblem: this.clock.hasProblem(),
      proxyFailure: this.opts.http.proxyFailure()?.failure ?? null,
    });
  }

  /** Called on every visible change; returns an unsubscribe function. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

  // ---- requests ------------------------------------------------------------------------

  /** Runs one storage RPC batch through the onion with retries (see request-loop.ts). */
  request(spec: RequestSpec): Promise<RequestResult> {
    return runRequest(
      { opts: this.opts, transport: () => this.paths.transport(), paths: this.paths, clock: this.clock },
      spec,
    );
  }

  // ---- shortcuts for the most common reads ----------------------------------------------

  /** The immutable pool/path/swarm state (read-only view). */
  state(): OnionState {
    return this.paths.state();
  }

  networkNow(): number {
    return this.clock.now();
  }

  networkNowFor(node: string): { now: number; fromNode: boolean } {
    return this.clock.nowFor(node);
  }

  learnNodeClock(node: Snode): Promise<boolean> {
    return this.clock.learnNode(node);
  }
}
