/**
 * Guards, paths and failure accounting (network.md §4.1–4.2; session-desktop
 * `ts/session/onions/onionPath.ts`: `selectGuardNodes`, `buildNewOnionPathsWorker`,
 * `getOnionPath`, `dropSnodeFromPath`, `incrementBadPathCountOrDrop`; `onions.ts`
 * `incrementBadSnodeCountOrDrop`, `handleNodeNotFound`).
 */
import { subnet24, type Ed25519Hex, type Snode } from './keys';
import {
  DESIRED_GUARD_COUNT,
  MIN_SNODE_POOL_COUNT,
  ONION_REQUEST_HOPS,
  PATH_FAILURE_THRESHOLD,
  SNODE_FAILURE_THRESHOLD,
  dropFromSwarm,
  type OnionState,
} from './pool';
import { err, ok, randomIndex, shuffled, type RandomBytes, type Result } from './result';

/** Guard tests happen 2 at a time, at most 6 rounds (`selectGuardNodes`). */
export const GUARD_TEST_ROUNDS = 6;

/**
 * Batches of guard candidates to test (a direct `get_swarm` to `/storage_rpc/v1`, pass = 2xx):
 * the caller tests each batch in parallel until 2 pass, then calls {@link withGuards}.
 */
export function planGuardCandidates(state: OnionState, random: RandomBytes): Result<Snode[][], string> {
  if (state.pool.length < MIN_SNODE_POOL_COUNT)
    return err(`not enough nodes in the pool: ${state.pool.length}`);
  const order = shuffled(state.pool, random);
  const batches: Snode[][] = [];
  for (let r = 0; r < GUARD_TEST_ROUNDS && order.length > 0; r++)
    batches.push(order.splice(0, DESIRED_GUARD_COUNT));
  return ok(batches);
}

export function withGuards(state: OnionState, guards: readonly Snode[]): OnionState {
  return { ...state, guards: guards.slice(0, DESIRED_GUARD_COUNT) };
}

/** One node per /24, repeated as many times as its /24 has nodes (`getWeightedSingleSnodePerSubnet`). */
function weightedOnePerSubnet(nodes: readonly Snode[], random: RandomBytes): Snode[] {
  const groups = new Map<string, Snode[]>();
  for (const n of nodes) {
    const k = subnet24(n.ip);
    groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  const out: Snode[] = [];
  for (const g of groups.values()) {
    const pick = g[randomIndex(random, g.length)] as Snode;
    for (let i = 0; i < g.length; i++) out.push(pick);
  }
  return out;
}

export interface BuildPathsOptions {
  /** Local devnet: every node is on 127.0.0.1, so the /24 rule is off (desktop `useLocalDevNet`). */
  readonly localDevnet?: boolean;
}

/** Builds one path per guard: guard + 2 distinct random non-guard nodes, never reused. */
export function buildPaths(
  state: OnionState,
  random: RandomBytes,
  options: BuildPathsOptions = {},
): Result<OnionState, string> {
  if (state.pool.length <= MIN_SNODE_POOL_COUNT)
    return err(`cannot build paths with ${state.pool.length} snodes`);
  if (state.guards.length === 0) return err('no guard nodes');
  const guardKeys = new Set(state.guards.map((g) => g.pubkeyEd25519));
  const base = options.localDevnet === true ? [...state.pool] : weightedOnePerSubnet(state.pool, random);
  let others = base.filter((n) => !guardKeys.has(n.pubkeyEd25519));
  const guards = shuffled(state.guards, random);
  const perPath = ONION_REQUEST_HOPS - 1;
  const distinctOthers = new Set(others.map((n) => n.pubkeyEd25519)).size;
  const count = Math.min(guards.length, Math.floor(distinctOthers / perPath));
  if (count < 1) return err('too few nodes to build an onion path');
  const paths: Snode[][] = [];
  for (let i = 0; i < count; i++) {
    const path = [guards[i] as Snode];
    while (path.length <= perPath) {
      const pick = others[randomIndex(random, others.length)] as Snode;
      others = others.filter((n) => n.pubkeyEd25519 !== pick.pubkeyEd25519);
      path.push(pick);
    }
    paths.push(path);
  }
  return ok({ ...state, paths, pathFailures: new Map() });
}

/** A random path, avoiding one holding `exclude` (the request's target snode). */
export function pickPath(
  state: OnionState,
  random: RandomBytes,
  exclude?: Ed25519Hex,
): readonly Snode[] | undefined {
  const usable =
    exclude === undefined
      ? state.paths
      : state.paths.filter((p) => !p.some((n) => n.pubkeyEd25519 === exclude));
  return usable.length === 0 ? undefined : usable[randomIndex(random, usable.length)];
}

/**
 * Removes a node from pool, guards, the given swarm and paths at once (`handleNodeNotFound`,
 * or after 3 failures). A relay is replaced by a random unused pool node (untested, as desktop:
 * testing it would reveal our IP); a guard takes its whole path with it.
 */
export function dropNode(
  state: OnionState,
  ed: Ed25519Hex,
  random: RandomBytes,
  associatedWith?: string,
): OnionState {
  let s: OnionState = {
    ...state,
    pool: state.pool.filter((n) => n.pubkeyEd25519 !== ed),
    guards: state.guards.filter((n) => n.pubkeyEd25519 !== ed),
    nodeFailures: new Map([...state.nodeFailures].filter(([k]) => k !== ed)),
  };
  if (associatedWith !== undefined) s = dropFromSwarm(s, associatedWith, ed);
  const inUse = new Set(s.paths.flat().map((n) => n.pubkeyEd25519));
  const paths: (readonly Snode[])[] = [];
  for (const p of s.paths) {
    const idx = p.findIndex((n) => n.pubkeyEd25519 === ed);
    if (idx < 0) {
      paths.push(p);
    } else if (idx > 0) {
      const spare = s.pool.filter((n) => !inUse.has(n.pubkeyEd25519));
      if (spare.length === 0) continue; // path lost; caller rebuilds
      const pick = spare[randomIndex(random, spare.length)] as Snode;
      inUse.add(pick.pubkeyEd25519);
      paths.push([...p.slice(0, idx), ...p.slice(idx + 1), pick]);
    }
    // idx === 0: the guard is gone, the path goes with it.
  }
  return { ...s, paths };
}

/** +1 failure for a node; at 3 it is dropped everywhere (`incrementBadSnodeCountOrDrop`). */
export function recordNodeFailure(
  state: OnionState,
  ed: Ed25519Hex,
  random: RandomBytes,
  associatedWith?: string,
): OnionState {
  const n = (state.nodeFailures.get(ed) ?? 0) + 1;
  if (n >= SNODE_FAILURE_THRESHOLD) return dropNode(state, ed, random, associatedWith);
  return { ...state, nodeFailures: new Map(state.nodeFailures).set(ed, n) };
}

/**
 * A path-level failure (`incrementBadPathCountOrDrop`): every non-guard hop gets +1; the path's
 * counter +1; at 3 the path and its guard are dropped (guard leaves the pool) and
 * `rebuild` says new paths (and a new tested guard) are needed.
 */
export function recordPathFailure(
  state: OnionState,
  memberEd: Ed25519Hex,
  random: RandomBytes,
): { state: OnionState; rebuild: boolean } {
  const path = state.paths.find((p) => p.some((n) => n.pubkeyEd25519 === memberEd));
  // Not on a path: it was the target; count it as a node failure (desktop does the same).
  if (!path) return { state: recordNodeFailure(state, memberEd, random), rebuild: false };
  const guard = (path[0] as Snode).pubkeyEd25519;
  let s = state;
  for (const hop of path.slice(1)) s = recordNodeFailure(s, hop.pubkeyEd25519, random);
  const n = (state.pathFailures.get(guard) ?? 0) + 1;
  if (n < PATH_FAILURE_THRESHOLD)
    return { state: { ...s, pathFailures: new Map(s.pathFailures).set(guard, n) }, rebuild: false };
  s = dropNode(s, guard, random);
  const pathFailures = new Map(s.pathFailures);
  pathFailures.delete(guard);
  return { state: { ...s, pathFailures }, rebuild: true };
}
