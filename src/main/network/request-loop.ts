/**
 * The retry loop around one storage RPC request (session-desktop `onions.ts`
 * `lokiOnionFetch` + the sender's outer pRetry in `MessageSender.ts` / `batchRequest.ts`):
 * pick a target, pick a path without it, send, let the pure decisions update the pool/path
 * state, and retry on another path or member until done or out of attempts.
 * I/O-side choices (not in desktop, kept small): a retry takes the path that failed least
 * during this request (a failure may be the target's fault, so this is a preference, not a
 * ban), moves to another swarm member, and waits for a rebuild when paths were dropped.
 */
import {
  applyDestinationOutcome,
  applyPathFailure,
  applyTransportFailure,
  type Applied,
  type RequestContext,
} from '../../onion/decisions';
import type { Snode } from '../../onion/keys';
import { classifyDestinationStatus, type DestinationOutcome } from '../../onion/path-errors';
import type { OnionState } from '../../onion/pool';
import { randomIndex, type RandomBytes } from '../../onion/result';
import { batch, rpcBody, type SubRequest } from '../../swarm/storage-requests';
import { parseBatchResults, type SubResult } from '../../swarm/storage-responses';
import { NetworkError } from './errors';
import type { HttpsSnodeTransport } from './https-transport';
import { short } from './logger';
import { onionAttempt, type AttemptResult } from './onion-attempt';
import type { ResolvedOptions } from './options';
import type { RefusalState, SignedWith } from './clock';

/** What the loop needs of the pool and paths (pool-paths.ts). */
export interface LoopPaths {
  /** Throws NetworkError('stopped') after stop(). */
  checkRunning(): void;
  /** Waits for at least one path; throws NetworkError('offline') when none can be built. */
  ensurePaths(): Promise<void>;
  state(): OnionState;
  setState(s: OnionState): void;
  /** Paths were dropped: build new ones and wait for that build (errors swallowed). */
  awaitRebuild(): Promise<void>;
  /** Every attempt failed before reaching a destination: offline, recover by itself. */
  reportUnreachable(reason: string): void;
  reportSuccess(): void;
}

/** What the loop needs of the clock (clock.ts). */
export interface LoopClock {
  /** Network time as `node` keeps it, when one of its answers told us; else network time. */
  nowFor(node: string): { readonly now: number; readonly fromNode: boolean };
  /** Changes when a refresh of the network time finishes. */
  epoch(): number;
  /** A `t` from a reply (see NetworkClock.record). */
  record(t: unknown, node?: string, nodeOnly?: boolean): void;
  setProblem(problem: boolean): void;
  /** A refusal of our timestamps: true to retry (after the clock's remedy), false to give up. */
  afterRefusal(
    target: Snode,
    signed: SignedWith,
    tried: ReadonlySet<string>,
    st: RefusalState,
  ): Promise<boolean>;
}

export interface LoopDeps {
  readonly opts: ResolvedOptions;
  /** The transport of the current run (a restart replaces it). */
  readonly transport: () => HttpsSnodeTransport;
  readonly paths: LoopPaths;
  readonly clock: LoopClock;
}

export interface RequestSpec {
  /** For logs and the attempt hook only. */
  readonly label: string;
  readonly kind: 'batch' | 'sequence';
  /** Built per attempt with the network time of that attempt (signatures, §6). */
  readonly build: (networkNowMs: number) => readonly SubRequest[];
  /** The pubkey whose swarm the target belongs to (421 handling, swarm drops). */
  readonly associatedWith?: string;
  /** A target not in `tried` when possible; undefined when there is none at all. */
  readonly chooseTarget: (tried: ReadonlySet<string>) => Promise<Snode | undefined>;
  /** The server checks our timestamps: success clears `clockProblem`. */
  readonly timeChecked?: boolean;
  /**
   * Swarm requests (default) move on to another member after a failure and start over when
   * all were tried; a request to one fixed node only changes path.
   */
  readonly allowRepeatTargets?: boolean;
  /** Overrides the client's attempts per request (one node: a couple of paths is enough). */
  readonly maxAttempts?: number;
  /** Times in the answer teach the target's own clock only (see NetworkClock.record). */
  readonly nodeClockOnly?: boolean;
}

export interface RequestResult {
  readonly target: Snode;
  readonly results: readonly SubResult[];
}

function choosePath(
  state: OnionState,
  target: Snode,
  failures: ReadonlyMap<string, number>,
  random: RandomBytes,
): readonly Snode[] | undefined {
  const usable = state.paths.filter((p) => !p.some((n) => n.pubkeyEd25519 === target.pubkeyEd25519));
  const count = (p: readonly Snode[]): number => failures.get(p[0]?.pubkeyEd25519 ?? '') ?? 0;
  const least = Math.min(...usable.map(count));
  const from = usable.filter((p) => count(p) === least);
  return from.length === 0 ? undefined : from[randomIndex(random, from.length)];
}

/** Waits for new paths at most this many times per request when none fits the target. */
const NO_PATH_WAITS = 3;

/**
 * A 200 from the destination carries a batch; desktop treats the first failing sub-result as
 * the destination status (`batchRequest.ts` → `processOnionRequestErrorAtDestination`). We let
 * only the codes that say something about the node or our clock drive retries (421, 406/425,
 * 5xx); 4xx answers to our own parameters are returned to the caller with the other results.
 */
function destinationOf(
  res: Extract<AttemptResult, { kind: 'reply' }>,
  count: number,
  clock: LoopClock,
  target: string,
  nodeClockOnly: boolean,
): { outcome: DestinationOutcome; results: readonly SubResult[] } {
  if (res.status !== 200) return { outcome: classifyDestinationStatus(res.status, res.body), results: [] };
  const parsed = parseBatchResults(res.bodyJson, count);
  if (!parsed.ok)
    return { outcome: { kind: 'target-failure', status: 500, body: 'invalid batch answer' }, results: [] };
  for (const r of parsed.value) clock.record(r.t, target, nodeClockOnly);
  const critical = parsed.value.find(
    (r) => r.code === 421 || r.code === 406 || r.code === 425 || r.code >= 500,
  );
  if (critical) return { outcome: classifyDestinationStatus(critical.code, critical.body), results: [] };
  return { outcome: { kind: 'ok' }, results: parsed.value };
}

export async function runRequest(deps: LoopDeps, spec: RequestSpec): Promise<RequestResult> {
  const { opts, paths, clock } = deps;
  const tried = new Set<string>();
  const failedGuards = new Map<string, number>();
  const pathFailed = (guard: string): void => {
    failedGuards.set(guard, (failedGuards.get(guard) ?? 0) + 1);
  };
  let noPathWaits = 0;
  const refusals: RefusalState = { learnedNodeClock: false, refreshed: false };
  let reachedDestination = false;
  // Any HTTP answer from a guard means the network is there, even if a hop or target failed.
  let guardAnswered = false;
  let lastError = 'no attempt made';
  const maxAttempts = spec.maxAttempts ?? opts.maxAttempts;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    paths.checkRunning();
    await paths.ensurePaths();
    let target = await spec.chooseTarget(tried);
    const roaming = spec.allowRepeatTargets !== false;
    if (!target && tried.size > 0 && roaming) {
      tried.clear();
      target = await spec.chooseTarget(tried);
    }
    if (!target)
      throw new NetworkError('server-error', `${spec.label}: no usable target node (${lastError})`);
    const path = choosePath(paths.state(), target, failedGuards, opts.random);
    const guard = path?.[0];
    if (!path || !guard) {
      // Every path holds the target (or none is left): new paths, or another target.
      if (roaming) tried.add(target.pubkeyEd25519);
      if (noPathWaits++ < NO_PATH_WAITS) {
        await paths.awaitRebuild();
        attempt--;
      }
      continue;
    }
    const epoch = clock.epoch();
    const signedAt = clock.nowFor(target.pubkeyEd25519);
    const subs = spec.build(signedAt.now);
    const payload = rpcBody(batch(spec.kind, subs));
    opts.onAttempt?.({ method: spec.label, attempt, target, guard, associatedWith: spec.associatedWith });
    const res = await onionAttempt(deps.transport(), path, target, payload, opts.random, opts.snodeTimeoutMs);
    paths.checkRunning();
    // A dead or refusing proxy says nothing about the nodes: no failure is counted against
    // them, and there is no other way out to try (never a direct connection).
    if (res.kind === 'proxy') {
      paths.reportUnreachable('proxy');
      throw new NetworkError('offline', `${spec.label}: ${res.error}`);
    }
    if (res.kind !== 'transport') guardAnswered = true;
    const ctx: RequestContext = {
      path,
      target: target.pubkeyEd25519,
      ...(spec.associatedWith === undefined ? {} : { associatedWith: spec.associatedWith }),
    };
    let applied: Applied;
    let results: readonly SubResult[] = [];
    switch (res.kind) {
      case 'transport':
      case 'undecodable':
        // Corrupted replies cannot be pinned on one hop: a path failure, as a missing answer.
        pathFailed(guard.pubkeyEd25519);
        lastError = `${res.kind}: ${res.error}`;
        applied = applyTransportFailure(paths.state(), ctx, opts.random);
        break;
      case 'path':
        if (res.failure.kind === 'path-failure') pathFailed(guard.pubkeyEd25519);
        lastError = `path ${res.failure.status} ${res.failure.kind}`;
        applied = applyPathFailure(paths.state(), res.failure, ctx, opts.random);
        break;
      case 'reply': {
        reachedDestination = true;
        const d = destinationOf(res, subs.length, clock, target.pubkeyEd25519, spec.nodeClockOnly === true);
        results = d.results;
        lastError = `destination ${d.outcome.kind}`;
        applied = applyDestinationOutcome(paths.state(), d.outcome, ctx, opts.random);
        break;
      }
    }
    paths.setState(applied.state);
    if (applied.rebuildPaths) await paths.awaitRebuild();
    const decision = applied.decision;
    opts.logger.debug('onion attempt', {
      label: spec.label,
      attempt,
      target: short(target.pubkeyEd25519),
      guard: short(guard.pubkeyEd25519),
      outcome: decision.kind,
      detail: decision.kind === 'done' ? undefined : lastError,
    });
    if (decision.kind === 'done') {
      if (spec.timeChecked === true) clock.setProblem(false);
      paths.reportSuccess();
      return { target, results };
    }
    if (roaming || decision.kind === 'retry-new-target') tried.add(target.pubkeyEd25519);
    if (decision.kind !== 'abort') continue;
    if (decision.reason === 'clock-out-of-sync') {
      const signed = { epoch, fromNode: signedAt.fromNode };
      if (await clock.afterRefusal(target, signed, tried, refusals)) continue;
      throw new NetworkError('clock-out-of-sync', 'the network refuses our timestamps', decision.status);
    }
    if (decision.reason === 'unauthorized') throw new NetworkError('unauthorized', spec.label, 401);
    if (decision.reason === 'client-error')
      throw new NetworkError('client-error', `${spec.label}: ${decision.status}`, decision.status);
    throw new NetworkError('server-error', `${spec.label}: ${decision.reason}`, decision.status);
  }
  // Only "no guard answered at all" means offline; a dead swarm member must not take the
  // whole client offline.
  if (!guardAnswered) paths.reportUnreachable('unreachable');
  throw new NetworkError(
    guardAnswered || reachedDestination ? 'server-error' : 'offline',
    `${spec.label}: ${lastError}`,
  );
}

/** One try per path for a request bound to one node. */
export const FIXED_TARGET_ATTEMPTS = 2;

/** A request to one given snode (no swarm): `info`, `oxend_request`, polling a member. */
export function fixedTarget(label: string, node: Snode, build: RequestSpec['build']): RequestSpec {
  return {
    label,
    kind: 'batch',
    build,
    chooseTarget: (tried) => Promise.resolve(tried.has(node.pubkeyEd25519) ? undefined : node),
    allowRepeatTargets: false,
    maxAttempts: FIXED_TARGET_ATTEMPTS,
  };
}
