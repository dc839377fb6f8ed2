/**
 * Where the snode pool comes from (network.md §1.3–1.5): the seeds (parallel, 4 attempts),
 * on mainnet the bundled snapshot when every seed fails, and the hourly "refresh from
 * snodes" (3 random pool nodes asked `oxend_request get_service_nodes`, lists intersected,
 * 24 agreeing nodes needed, 12 on a local devnet; session-desktop `getServiceNodesList.ts`,
 * `snodePool.ts` `tryToGetConsensusWithSnodesWithRetries`).
 */
import { z } from 'zod';
import { parseSeedAnswer, type SeedPool } from '../../onion/network-schemas';
import type { Snode } from '../../onion/keys';
import {
  MIN_SNODE_POOL_COUNT,
  intersectSnodeLists,
  randomPoolNode,
  snodeConsensusReached,
  type OnionState,
} from '../../onion/pool';
import { sleep } from './backoff';
import { fixedTarget, type RequestResult, type RequestSpec } from './request-loop';
import { rpcBody, type SubRequest } from '../../swarm/storage-requests';
import type { HttpsSnodeTransport } from './https-transport';
import { defaultSeedPost, fetchSeedPool, loadFallbackPool } from './seed-client';
import { MAINNET_SEED_PINS } from './seed-pins';
import type { ResolvedOptions } from './options';
import type { NetworkLogger } from './logger';
import { errorText } from './logger';

/** The `get_service_nodes` request desktop sends through a snode (§1.5). */
export function getServiceNodesRequest(): SubRequest {
  return {
    method: 'oxend_request',
    params: {
      endpoint: 'get_service_nodes',
      params: {
        active_only: true,
        fields: { public_ip: true, storage_port: true, pubkey_x25519: true, pubkey_ed25519: true },
      },
    },
  };
}

// Desktop does not ask for `requested_unlock_height` here, so it is optional (0 = not unlocking).
const oxendAnswerSchema = z.object({
  result: z.object({
    service_node_states: z.array(
      z.looseObject({ requested_unlock_height: z.number().int().nonnegative().optional() }),
    ),
    height: z.number().int().nonnegative().optional(),
  }),
});

/** Validates an `oxend_request get_service_nodes` body into snodes (no height → 0). */
export function parseServiceNodesAnswer(body: unknown): Snode[] | undefined {
  const p = oxendAnswerSchema.safeParse(body);
  if (!p.success) return undefined;
  const states = p.data.result.service_node_states.map((s) => ({
    ...s,
    requested_unlock_height: s.requested_unlock_height ?? 0,
  }));
  const parsed = parseSeedAnswer({
    result: { height: p.data.result.height ?? 0, service_node_states: states },
  });
  return parsed.ok ? [...parsed.value.snodes] : undefined;
}

/**
 * The bundled snapshot is a handful of nodes, too few for paths: like libsession's seed
 * snodes, ask them directly (`/storage_rpc/v1`) for the full list.
 */
async function bootstrapFromSnapshot(
  transport: HttpsSnodeTransport,
  opts: ResolvedOptions,
  log: NetworkLogger,
): Promise<readonly Snode[]> {
  const snapshot = loadFallbackPool(opts.now());
  if (snapshot.snodes.length > MIN_SNODE_POOL_COUNT) return snapshot.snodes;
  const body = rpcBody(getServiceNodesRequest());
  for (const node of snapshot.snodes) {
    try {
      const res = await transport(node, '/storage_rpc/v1', body, { timeoutMs: opts.seedTimeoutMs });
      if (res.status !== 200) continue;
      const list = parseServiceNodesAnswer(JSON.parse(Buffer.from(res.body).toString('utf8')) as unknown);
      if (list && list.length > MIN_SNODE_POOL_COUNT) return list;
    } catch (e) {
      log.warn('fallback snode did not answer', { error: errorText(e) });
    }
  }
  throw new Error('neither the seeds nor the bundled snodes answered');
}

/** Pool from the seeds, else (mainnet) from the bundled snapshot. */
export async function fetchPoolFromSeeds(
  transport: HttpsSnodeTransport,
  opts: ResolvedOptions,
  signal: AbortSignal,
): Promise<readonly Snode[]> {
  try {
    const pool: SeedPool = await fetchSeedPool({
      seedUrls: opts.seedUrls,
      timeoutMs: opts.seedTimeoutMs,
      attempts: opts.seedAttempts,
      retryMinMs: opts.seedRetryMinMs,
      signal,
      // Seeds go through the core's transport (its proxy), pinned hosts through their pin.
      post: opts.seedPost ?? defaultSeedPost(MAINNET_SEED_PINS, opts.http.post),
    });
    opts.logger.info('pool fetched from seed', { nodes: pool.snodes.length });
    return pool.snodes;
  } catch (e) {
    if (!opts.mainnetFallback) throw e;
    opts.logger.warn('seeds failed, using the bundled snapshot', { error: errorText(e) });
    return bootstrapFromSnapshot(transport, opts, opts.logger);
  }
}

/** Intersection of the lists 3 nodes returned, when enough of them agree. */
export function consensusPool(
  lists: readonly (readonly Snode[])[],
  localDevnet: boolean,
): Snode[] | undefined {
  if (lists.length < 3) return undefined;
  const common = intersectSnodeLists(lists);
  return snodeConsensusReached(common, localDevnet) ? common : undefined;
}

/** What the snode refresh needs from the client. */
export interface RefreshHost {
  readonly opts: ResolvedOptions;
  state(): OnionState;
  request(spec: RequestSpec): Promise<RequestResult>;
}

/**
 * "Refresh from snodes": 3 random pool nodes asked through the onion, their lists
 * intersected; up to 4 attempts 1 s apart; undefined when they never agree (→ seeds).
 */
export async function poolFromSnodes(
  host: RefreshHost,
  signal: AbortSignal,
): Promise<readonly Snode[] | undefined> {
  for (let attempt = 0; attempt < 4 && !signal.aborted; attempt++) {
    const picked = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const n = randomPoolNode(host.state(), host.opts.random, picked);
      if (n) picked.add(n.pubkeyEd25519);
    }
    const nodes = host.state().pool.filter((n) => picked.has(n.pubkeyEd25519));
    const lists = await Promise.all(
      nodes.map(async (n) => {
        try {
          const r = await host.request(fixedTarget('get_service_nodes', n, () => [getServiceNodesRequest()]));
          const first = r.results[0];
          return first?.code === 200 ? parseServiceNodesAnswer(first.body) : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    const common = consensusPool(
      lists.filter((l): l is Snode[] => l !== undefined),
      host.opts.localDevnet,
    );
    if (common) return common;
    await sleep(1_000, signal);
  }
  return undefined;
}
