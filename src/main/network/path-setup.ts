/**
 * Guards and paths (network.md §4.1; session-desktop `ts/session/onions/onionPath.ts`
 * `selectGuardNodes`, `buildNewOnionPathsWorker`). Guard candidates are tested 2 at a time
 * with a direct (non-onion) call; pass = any 2xx. Desktop's test is `get_swarm` for our own
 * Session ID; we send `info` instead: the same pass rule, it works before an account exists,
 * does not tell the guard who we are, and its `t` is a first network-time sample.
 */
import type { Snode } from '../../onion/keys';
import { DESIRED_GUARD_COUNT, MINIMUM_GUARD_COUNT, type OnionState } from '../../onion/pool';
import { buildPaths, planGuardCandidates, withGuards } from '../../onion/paths';
import { info, rpcBody } from '../../swarm/storage-requests';
import { z } from 'zod';
import type { HttpsSnodeTransport } from './https-transport';
import { errorText, short } from './logger';
import type { ResolvedOptions } from './options';
import type { NetworkReason } from './status';

export class BuildError extends Error {
  constructor(
    readonly reason: NetworkReason,
    message: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

const infoAnswer = z.looseObject({ t: z.number().optional() });

/** Direct `info`; resolves with the server time when the node passes, undefined otherwise. */
export async function testGuard(
  transport: HttpsSnodeTransport,
  node: Snode,
  opts: ResolvedOptions,
): Promise<{ ok: boolean; t: number | undefined }> {
  try {
    const res = await transport(node, '/storage_rpc/v1', rpcBody(info()), {
      timeoutMs: opts.guardTestTimeoutMs,
    });
    if (res.status < 200 || res.status >= 300) return { ok: false, t: undefined };
    let t: number | undefined;
    try {
      const parsed = infoAnswer.safeParse(JSON.parse(Buffer.from(res.body).toString('utf8')));
      t = parsed.success ? parsed.data.t : undefined;
    } catch {
      t = undefined; // 2xx is enough to pass; a garbled body just gives no time sample
    }
    return { ok: true, t };
  } catch (e) {
    opts.logger.debug('guard test failed', { node: short(node.pubkeyEd25519), error: errorText(e) });
    return { ok: false, t: undefined };
  }
}

export interface GuardHooks {
  onTested(passed: number): void;
  onTime(t: number | undefined): void;
}

/** Keeps the guards still in the pool and tests new candidates until there are 2. */
export async function selectGuards(
  state: OnionState,
  transport: HttpsSnodeTransport,
  opts: ResolvedOptions,
  hooks: GuardHooks,
): Promise<OnionState> {
  const inPool = new Set(state.pool.map((n) => n.pubkeyEd25519));
  const guards = state.guards.filter((g) => inPool.has(g.pubkeyEd25519));
  if (guards.length >= DESIRED_GUARD_COUNT) return withGuards(state, guards);
  const plan = planGuardCandidates(state, opts.random);
  if (!plan.ok) throw new BuildError('pool-too-small', plan.error);
  for (const round of plan.value) {
    const candidates = round.filter((n) => !guards.some((g) => g.pubkeyEd25519 === n.pubkeyEd25519));
    const results = await Promise.all(candidates.map((n) => testGuard(transport, n, opts)));
    results.forEach((r, i) => {
      const n = candidates[i];
      hooks.onTime(r.t);
      if (r.ok && n && guards.length < DESIRED_GUARD_COUNT) guards.push(n);
    });
    hooks.onTested(guards.length);
    if (guards.length >= DESIRED_GUARD_COUNT) break;
  }
  if (guards.length < MINIMUM_GUARD_COUNT) throw new BuildError('no-guard', 'no guard candidate answered');
  return withGuards(state, guards);
}

export function pathsFrom(state: OnionState, opts: ResolvedOptions): OnionState {
  const built = buildPaths(state, opts.random, { localDevnet: opts.localDevnet });
  if (!built.ok) throw new BuildError('pool-too-small', built.error);
  return built.value;
}
