/**
 * One retrieve of our config namespaces from one member of our swarm, resuming from the
 * `last_hash` kept per (snode, namespace) like every poll (network.md §2.3). Unlike the message
 * poller it reports failure (it throws), because config sync must know when its first poll has
 * really answered before it writes local state over an empty config.
 */
import { randomIndex } from '../../onion/result';
import type { Snode } from '../../onion/keys';
import { retrieveMaxSizes } from '../../swarm/namespaces';
import type { IncomingConfig } from '../../swarm/config';
import { lastHashKey, retrieveFrom, swarmFor, type AccountKeys, type LastHashStore } from '../network';
import type { NetworkClient } from '../network';
import { NetworkError } from '../network/errors';

/** Desktop's order for our own config namespaces (UserProfile, Contacts, UserGroups, ConvoInfoVolatile). */
export const CONFIG_NAMESPACES: readonly number[] = [2, 3, 5, 4];
/** A full page has `more`: fetch again at once, a few times at most. */
const MAX_PAGES = 5;

export type ConfigBatch = Map<number, IncomingConfig[]>;

export async function pollConfigs(
  client: NetworkClient,
  account: AccountKeys,
  store: LastHashStore,
  namespaces: readonly number[] = CONFIG_NAMESPACES,
): Promise<ConfigBatch> {
  const swarm = await swarmFor(client, account.sessionId);
  if (swarm.length === 0) throw new NetworkError('offline', 'our swarm is unknown');
  const node = swarm[randomIndex(client.opts.random, swarm.length)] as Snode;
  const out: ConfigBatch = new Map(namespaces.map((ns) => [ns, []]));
  const sizes = retrieveMaxSizes(namespaces);
  let pending = [...namespaces];
  for (let page = 0; page < MAX_PAGES && pending.length > 0; page++) {
    const reqs = await Promise.all(
      pending.map(async (namespace) => {
        const key = lastHashKey(node.pubkeyEd25519, account.sessionId, namespace);
        const lastHash = (await store.load(key)) ?? '';
        const maxSize = sizes.get(namespace);
        return maxSize === undefined ? { namespace, lastHash } : { namespace, lastHash, maxSize };
      }),
    );
    const results = await retrieveFrom(client, account, node, reqs);
    pending = [];
    for (const r of results) {
      const last = r.messages[r.messages.length - 1];
      if (last) await store.save(lastHashKey(node.pubkeyEd25519, account.sessionId, r.namespace), last.hash);
      out.get(r.namespace)?.push(...r.messages.map((m) => ({ hash: m.hash, data: m.data })));
      if (r.more && r.messages.length > 0) pending.push(r.namespace);
    }
  }
  return out;
}
