/**
 * Finding a swarm and reaching one of its members (network.md §2.3; session-desktop
 * `getSwarmFor.ts`): the swarm of a pubkey comes from `get_swarm` sent to a random pool node, is
 * cached in the onion state, refetched when fewer than 3 cached members are still in the pool,
 * and replaced from a 421 body by the pure decisions. What is sent to a swarm once reached is in
 * `swarm-api.ts`.
 */
import type { Snode } from '../../onion/keys';
import { parseSwarmAnswer } from '../../onion/network-schemas';
import { MIN_SWARM_SNODE_COUNT, randomPoolNode, withSwarm } from '../../onion/pool';
import { randomIndex } from '../../onion/result';
import * as rpc from '../../swarm/storage-requests';
import type { SubRequest } from '../../swarm/storage-requests';
import { MAX_BATCH_SUBREQUESTS } from '../../swarm/storage-limits';
import { NetworkError } from './errors';
import type { NetworkClient } from './network-client';
import type { RequestResult } from './request-loop';

function members(client: NetworkClient, pubkey: string): readonly Snode[] {
  const state = client.state();
  const inPool = new Set(state.pool.map((n) => n.pubkeyEd25519));
  return (state.swarms.get(pubkey.toLowerCase()) ?? []).filter((m) => inPool.has(m.pubkeyEd25519));
}

const inflight = new WeakMap<NetworkClient, Map<string, Promise<readonly Snode[]>>>();

/** `get_swarm` through the onion to random pool nodes; the answer replaces the cache. */
export function fetchSwarm(client: NetworkClient, pubkey: string): Promise<readonly Snode[]> {
  const key = pubkey.toLowerCase();
  let byKey = inflight.get(client);
  if (!byKey) {
    byKey = new Map();
    inflight.set(client, byKey);
  }
  const running = byKey.get(key);
  if (running) return running;
  const p = (async () => {
    const r = await client.request({
      label: 'get_swarm',
      kind: 'batch',
      build: () => [rpc.getSwarm(key)],
      chooseTarget: (tried) => Promise.resolve(randomPoolNode(client.state(), client.opts.random, tried)),
    });
    const first = r.results[0];
    if (first?.code !== 200)
      throw new NetworkError('server-error', `get_swarm answered ${first?.code ?? 'nothing'}`);
    const parsed = parseSwarmAnswer(first.body);
    if (!parsed.ok || parsed.value.snodes.length === 0)
      throw new NetworkError('invalid-response', 'get_swarm answer rejected');
    client.paths.setState(withSwarm(client.state(), key, parsed.value.snodes));
    return parsed.value.snodes;
  })().finally(() => byKey.delete(key));
  byKey.set(key, p);
  return p;
}

/**
 * The swarms of many accounts at once (a new group's invitees): their `get_swarm`s share batch
 * requests of up to MAX_BATCH_SUBREQUESTS to random pool nodes, a few at a time, instead of one
 * onion request each when every first store asks for its own. Accounts whose swarm is cached
 * are skipped. Best effort: a failed batch leaves its accounts to `swarmFor`, as before.
 */
export async function prefetchSwarms(client: NetworkClient, pubkeys: readonly string[]): Promise<void> {
  const unknown = [...new Set(pubkeys.map((k) => k.toLowerCase()))].filter(
    (k) => members(client, k).length < MIN_SWARM_SNODE_COUNT,
  );
  const chunks: string[][] = [];
  for (let i = 0; i < unknown.length; i += MAX_BATCH_SUBREQUESTS)
    chunks.push(unknown.slice(i, i + MAX_BATCH_SUBREQUESTS));
  await Promise.all(
    chunks.map(async (keys) => {
      try {
        const r = await client.request({
          label: 'get_swarm',
          kind: 'batch',
          build: () => keys.map((k) => rpc.getSwarm(k)),
          chooseTarget: (tried) => Promise.resolve(randomPoolNode(client.state(), client.opts.random, tried)),
        });
        keys.forEach((key, i) => {
          const sub = r.results[i];
          if (sub?.code !== 200) return;
          const parsed = parseSwarmAnswer(sub.body);
          if (parsed.ok && parsed.value.snodes.length > 0)
            client.paths.setState(withSwarm(client.state(), key, parsed.value.snodes));
        });
      } catch {
        // Each store will ask for its swarm itself.
      }
    }),
  );
}

/** Usable swarm members, refetching when fewer than 3 remain (desktop `getSwarmFor`). */
export async function swarmFor(client: NetworkClient, pubkey: string): Promise<readonly Snode[]> {
  const cached = members(client, pubkey);
  if (cached.length >= MIN_SWARM_SNODE_COUNT) return cached;
  await fetchSwarm(client, pubkey);
  return members(client, pubkey);
}

/**
 * Runs a batch/sequence on a random member of `pubkey`'s swarm, moving to another member
 * after failures; the swarm is refetched at most twice per call (a 421 already replaced it).
 */
export function swarmRequest(
  client: NetworkClient,
  pubkey: string,
  kind: 'batch' | 'sequence',
  build: (networkNowMs: number) => readonly SubRequest[],
  label: string = kind,
): Promise<RequestResult> {
  let fetches = 0;
  return client.request({
    label,
    kind,
    build,
    associatedWith: pubkey.toLowerCase(),
    timeChecked: true,
    chooseTarget: async (tried) => {
      let list = members(client, pubkey);
      if (list.length < MIN_SWARM_SNODE_COUNT && fetches < 2) {
        fetches++;
        list = await fetchSwarm(client, pubkey).then(() => members(client, pubkey));
      }
      const fresh = list.filter((m) => !tried.has(m.pubkeyEd25519));
      return fresh.length === 0 ? undefined : fresh[randomIndex(client.opts.random, fresh.length)];
    },
  });
}
