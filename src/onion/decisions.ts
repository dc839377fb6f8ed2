/**
 * What the client does after each kind of failure, applied to the pool/path state
 * (session-desktop `ts/session/apis/snode_api/onions.ts`: `processOnionRequestErrorOnPath`,
 * `processOnionRequestErrorAtDestination`, `handle421InvalidSwarm`, `handleNodeNotFound`;
 * network.md §2.4, §3.9, §4.2, §4.6). The sender's retry loop lives in src/main; this says
 * which retry it is.
 */
import type { Ed25519Hex, Snode } from './keys';
import { parseSwarmAnswer } from './network-schemas';
import type { DestinationOutcome, PathFailure } from './path-errors';
import { dropNode, recordNodeFailure, recordPathFailure } from './paths';
import { dropFromSwarm, withSwarm, type OnionState } from './pool';
import type { RandomBytes } from './result';

export type RequestDecision =
  /** Done: hand the result to the caller. */
  | { readonly kind: 'done' }
  /** Try again (a path may have been patched or rebuilt). */
  | { readonly kind: 'retry' }
  /** Try again with another member of the swarm (`ERROR_421_HANDLED_RETRY_REQUEST`, node not found). */
  | { readonly kind: 'retry-new-target' }
  /** Stop retrying. */
  | {
      readonly kind: 'abort';
      readonly reason:
        'clock-out-of-sync' | 'unauthorized' | 'oxen-server-error' | 'server-unreachable' | 'client-error';
      readonly status: number;
    };

export interface RequestContext {
  /** The path used, guard first. */
  readonly path: readonly Snode[];
  /** Target snode (swarm member) when the destination is a snode. */
  readonly target?: Ed25519Hex;
  /** The pubkey whose swarm the target belongs to. */
  readonly associatedWith?: string;
}

export interface Applied {
  readonly state: OnionState;
  readonly decision: RequestDecision;
  /** Paths were dropped: build new ones (new guard tested) before the next request. */
  readonly rebuildPaths: boolean;
}

/**
 * 421: replace the cached swarm with the body's snodes when there are any, else drop the
 * answering node from that swarm; in both cases the node's failure count +1.
 */
export function applyWrongSwarm(
  state: OnionState,
  ctx: RequestContext,
  body: unknown,
  random: RandomBytes,
): OnionState {
  let s = state;
  const pubkey = ctx.associatedWith;
  if (pubkey !== undefined) {
    const parsed = parseSwarmAnswer(body);
    if (parsed.ok && parsed.value.snodes.length > 0) s = withSwarm(s, pubkey, parsed.value.snodes);
    else if (ctx.target !== undefined) s = dropFromSwarm(s, pubkey, ctx.target);
  }
  if (ctx.target !== undefined) s = recordNodeFailure(s, ctx.target, random, pubkey);
  return s;
}

/** After a non-200 from the guard. */
export function applyPathFailure(
  state: OnionState,
  failure: PathFailure,
  ctx: RequestContext,
  random: RandomBytes,
): Applied {
  const guard = ctx.path[0]?.pubkeyEd25519;
  switch (failure.kind) {
    case 'clock-out-of-sync':
      return {
        state,
        decision: { kind: 'abort', reason: 'clock-out-of-sync', status: failure.status },
        rebuildPaths: false,
      };
    case 'wrong-swarm':
      return {
        state: applyWrongSwarm(state, ctx, failure.body, random),
        decision: { kind: 'retry-new-target' },
        rebuildPaths: false,
      };
    case 'node-not-found': {
      const s = dropNode(state, failure.ed25519, random, ctx.associatedWith);
      const lostPath = s.paths.length < state.paths.length;
      const decision: RequestDecision =
        failure.ed25519 === ctx.target ? { kind: 'retry-new-target' } : { kind: 'retry' };
      return { state: s, decision, rebuildPaths: lostPath };
    }
    case 'server-unreachable':
      return {
        state,
        decision: { kind: 'abort', reason: 'server-unreachable', status: failure.status },
        rebuildPaths: false,
      };
    case 'path-failure': {
      const r = guard === undefined ? { state, rebuild: false } : recordPathFailure(state, guard, random);
      const decision: RequestDecision = failure.oxenServerError
        ? { kind: 'abort', reason: 'oxen-server-error', status: failure.status }
        : { kind: 'retry' };
      return { state: r.state, decision, rebuildPaths: r.rebuild };
    }
  }
}

/** After a decrypted reply whose inner status was classified. */
export function applyDestinationOutcome(
  state: OnionState,
  outcome: DestinationOutcome,
  ctx: RequestContext,
  random: RandomBytes,
): Applied {
  const keep = (decision: RequestDecision): Applied => ({ state, decision, rebuildPaths: false });
  switch (outcome.kind) {
    case 'ok':
      return keep({ kind: 'done' });
    case 'clock-out-of-sync':
      return keep({ kind: 'abort', reason: 'clock-out-of-sync', status: outcome.status });
    case 'unauthorized':
      return keep({ kind: 'abort', reason: 'unauthorized', status: 401 });
    case 'oxen-server-error':
      return keep({ kind: 'abort', reason: 'oxen-server-error', status: 0 });
    case 'client-error':
      return keep({ kind: 'abort', reason: 'client-error', status: outcome.status });
    case 'wrong-swarm':
      return {
        state: applyWrongSwarm(state, ctx, outcome.body, random),
        decision: { kind: 'retry-new-target' },
        rebuildPaths: false,
      };
    case 'target-not-found': {
      const s = dropNode(state, outcome.ed25519, random, ctx.associatedWith);
      return {
        state: s,
        decision: { kind: 'retry-new-target' },
        rebuildPaths: s.paths.length < state.paths.length,
      };
    }
    case 'target-failure': {
      if (ctx.target === undefined) return keep({ kind: 'retry' });
      const s = recordNodeFailure(state, ctx.target, random, ctx.associatedWith);
      return { state: s, decision: { kind: 'retry' }, rebuildPaths: s.paths.length < state.paths.length };
    }
  }
}

/** No HTTP answer at all (network error or timeout on the guard): a path failure. */
export function applyTransportFailure(state: OnionState, ctx: RequestContext, random: RandomBytes): Applied {
  return applyPathFailure(
    state,
    { kind: 'path-failure', status: 0, body: '', oxenServerError: false },
    ctx,
    random,
  );
}
