/**
 * The snode pool, swarm cache and failure counters as one immutable state (network.md
 * §1.3–1.5, §2.3–2.4, §4.2; session-desktop `ts/session/apis/snode_api/snodePool.ts`,
 * `snodePoolConstants.ts`, `onions.ts` `incrementBadSnodeCountOrDrop`,
 * `ts/session/onions/onionPath.ts`, `onionPathConstants.ts`).
 * Every function returns a new state; randomness is injected.
 */
import type { Ed25519Hex, Snode } from './keys';
import type { SeedPool } from './network-schemas';
import { randomIndex, shuffled, type RandomBytes } from './result';

export const ONION_REQUEST_HOPS = 3;
export const DESIRED_GUARD_COUNT = 2;
export const MINIMUM_GUARD_COUNT = 1;
/** 1 × (3 + 1) × 2: the pool must hold *more than* this many nodes to build paths. */
export const MIN_SNODE_POOL_COUNT = 8;
export const MIN_SNODE_POOL_COUNT_BEFORE_REFRESH_FROM_SNODES = 16;
export const REQUIRED_SNODES_FOR_AGREEMENT = 24;
export const REQUIRED_SNODES_FOR_AGREEMENT_DEVNET = 12;
export const MIN_SWARM_SNODE_COUNT = 3;
export const SNODE_FAILURE_THRESHOLD = 3;
export const PATH_FAILURE_THRESHOLD = 3;

export interface OnionState {
  readonly pool: readonly Snode[];
  readonly guards: readonly Snode[];
  /** Each path is [guard, relay, relay]. */
  readonly paths: readonly (readonly Snode[])[];
  readonly nodeFailures: ReadonlyMap<string, number>;
  /** Keyed by the path's guard ed25519. */
  readonly pathFailures: ReadonlyMap<string, number>;
  /** Cached swarm per pubkey (66 hex). */
  readonly swarms: ReadonlyMap<string, readonly Snode[]>;
}

export const emptyOnionState: OnionState = {
  pool: [],
  guards: [],
  paths: [],
  nodeFailures: new Map(),
  pathFailures: new Map(),
  swarms: new Map(),
};

/** New pool from a validated seed answer (0.0.0.0 already dropped), shuffled; counters reset. */
export function withSeedPool(
  state: OnionState,
  seed: SeedPool | readonly Snode[],
  random: RandomBytes,
): OnionState {
  const snodes = 'snodes' in seed ? seed.snodes : seed;
  return withPool(state, shuffled(snodes, random));
}

/**
 * Replaces the pool. Counters reset (desktop resets both on refresh); cached swarm members and
 * guards not in the new pool are forgotten (`clearOutAllSnodesNotInPool`); paths through a
 * vanished node are dropped.
 */
export function withPool(state: OnionState, pool: readonly Snode[]): OnionState {
  const keys = new Set(pool.map((n) => n.pubkeyEd25519));
  const swarms = new Map<string, readonly Snode[]>();
  for (const [pk, members] of state.swarms)
    swarms.set(
      pk,
      members.filter((m) => keys.has(m.pubkeyEd25519)),
    );
  return {
    pool: [...pool],
    guards: state.guards.filter((g) => keys.has(g.pubkeyEd25519)),
    paths: state.paths.filter((p) => p.every((n) => keys.has(n.pubkeyEd25519))),
    nodeFailures: new Map(),
    pathFailures: new Map(),
    swarms,
  };
}

/** Path building refuses with ≤ 8 nodes: refetch from a seed. */
export function poolNeedsSeedRefetch(state: OnionState): boolean {
  return state.pool.length <= MIN_SNODE_POOL_COUNT;
}

/**
 * "Refresh from snodes" (§1.5): intersect the lists returned by 3 random nodes by ip+port;
 * the answer is usable when at least 24 (12 on a local devnet) nodes agree.
 */
export function intersectSnodeLists(lists: readonly (readonly Snode[])[]): Snode[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  const sets = rest.map((l) => new Set(l.map((n) => `${n.ip}:${n.port}`)));
  return first.filter((n) => sets.every((s) => s.has(`${n.ip}:${n.port}`)));
}

export function snodeConsensusReached(common: readonly Snode[], localDevnet: boolean): boolean {
  return (
    common.length >= (localDevnet ? REQUIRED_SNODES_FOR_AGREEMENT_DEVNET : REQUIRED_SNODES_FOR_AGREEMENT)
  );
}

/** A random pool node not in `exclude` (e.g. for get_swarm or a refresh). */
export function randomPoolNode(
  state: OnionState,
  random: RandomBytes,
  exclude: Iterable<string> = [],
): Snode | undefined {
  const ex = new Set(exclude);
  const candidates = state.pool.filter((n) => !ex.has(n.pubkeyEd25519));
  return candidates.length === 0 ? undefined : candidates[randomIndex(random, candidates.length)];
}

// ---- swarm cache -------------------------------------------------------------------------

export function withSwarm(state: OnionState, pubkey: string, members: readonly Snode[]): OnionState {
  const swarms = new Map(state.swarms);
  swarms.set(pubkey.toLowerCase(), [...members]);
  return { ...state, swarms };
}

/** Cached members still in the pool; `undefined` when fewer than 3 remain (→ refetch swarm). */
export function usableSwarm(state: OnionState, pubkey: string): readonly Snode[] | undefined {
  const keys = new Set(state.pool.map((n) => n.pubkeyEd25519));
  const members = (state.swarms.get(pubkey.toLowerCase()) ?? []).filter((m) => keys.has(m.pubkeyEd25519));
  return members.length < MIN_SWARM_SNODE_COUNT ? undefined : members;
}

/** Uniformly random usable member (store goes to one; polls sample two with `count: 2`). */
export function pickSwarmNodes(
  state: OnionState,
  pubkey: string,
  random: RandomBytes,
  count = 1,
  exclude: Iterable<string> = [],
): Snode[] {
  const ex = new Set(exclude);
  const members = (usableSwarm(state, pubkey) ?? []).filter((m) => !ex.has(m.pubkeyEd25519));
  return shuffled(members, random).slice(0, count);
}

export function dropFromSwarm(state: OnionState, pubkey: string, ed: Ed25519Hex): OnionState {
  const key = pubkey.toLowerCase();
  const members = state.swarms.get(key);
  if (!members) return state;
  return withSwarm(
    state,
    key,
    members.filter((m) => m.pubkeyEd25519 !== ed),
  );
}
