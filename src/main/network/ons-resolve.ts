/**
 * ONS name → Session ID through the onion (session-desktop `onsResolve.ts`
 * `getSessionIDForOnsName`): the same `ons_resolve` asked of 3 different random pool nodes, each
 * answer decrypted with the name, and accepted only when all three agree, since one node could
 * lie. Facts in docs/protocol-notes.md ("ONS names").
 */
import type { SessionId } from '../../crypto/keys';
import { toHex } from '../../crypto/bytes';
import { decryptOnsValue, onsNameHash } from '../../crypto/ons';
import { isSessionId } from '../../crypto/session-id';
import { randomPoolNode } from '../../onion/pool';
import { onsResolveRequest, parseOnsResolveAnswer } from '../../swarm/ons-requests';
import { normalizeOnsName } from '../../shared/ons-name';
import { errorText } from './logger';
import type { NetworkClient } from './network-client';

/** Desktop's `validationCount`: every one of these nodes must give the same answer. */
export const ONS_CONFIRMATIONS = 3;

export type OnsFailure =
  /** Not a possible ONS name (oxen-core `validate_ons_name`). */
  | 'invalid-name'
  /** Every node said no one registered it (or the record is not a Session ID). */
  | 'not-found'
  /** A node could not be reached, answered nonsense, or the nodes disagreed. */
  | 'network';

export class OnsError extends Error {
  constructor(
    readonly reason: OnsFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OnsError';
  }
}

type NodeAnswer = { readonly kind: 'id'; readonly value: string } | { readonly kind: 'none' };

async function askOne(
  client: NetworkClient,
  name: string,
  hash: Uint8Array,
  taken: Set<string>,
): Promise<NodeAnswer> {
  const r = await client.request({
    label: 'ons_resolve',
    kind: 'batch',
    build: () => [onsResolveRequest(hash)],
    // Each of the parallel lookups keeps to nodes the others have not used, so three distinct
    // nodes answer even when one of them fails and the loop moves on.
    chooseTarget: (tried) => {
      const n = randomPoolNode(client.state(), client.opts.random, new Set([...taken, ...tried]));
      if (n) taken.add(n.pubkeyEd25519);
      return Promise.resolve(n);
    },
  });
  const first = r.results[0];
  if (first?.code !== 200) throw new Error(`ons_resolve answered ${first?.code ?? 'nothing'}`);
  const answer = parseOnsResolveAnswer(first.body);
  if (!answer) throw new Error('ons_resolve answer rejected');
  if (!answer.found) return { kind: 'none' };
  const value = decryptOnsValue(name, answer.encrypted, answer.nonce);
  if (!value) throw new Error('ons_resolve record does not decrypt under this name');
  return { kind: 'id', value: toHex(value) };
}

/** The Session ID `name` is registered to, confirmed by {@link ONS_CONFIRMATIONS} nodes. */
export async function resolveOnsName(client: NetworkClient, text: string): Promise<SessionId> {
  const name = normalizeOnsName(text);
  if (name === undefined) throw new OnsError('invalid-name', 'not a valid ONS name');
  const hash = onsNameHash(name);
  const taken = new Set<string>();
  const settled = await Promise.allSettled(
    Array.from({ length: ONS_CONFIRMATIONS }, () => askOne(client, name, hash, taken)),
  );
  const answers: NodeAnswer[] = [];
  for (const s of settled) {
    if (s.status === 'rejected') {
      client.opts.logger.warn('ONS lookup failed on a node', { error: errorText(s.reason) });
      throw new OnsError('network', 'the name could not be looked up: a node did not answer');
    }
    answers.push(s.value);
  }
  if (answers.every((a) => a.kind === 'none')) throw new OnsError('not-found', 'no one has this name');
  const ids = new Set(answers.map((a) => (a.kind === 'id' ? a.value : undefined)));
  const [only] = ids;
  if (ids.size !== 1 || only === undefined)
    throw new OnsError('network', 'the nodes did not agree on this name');
  // A record that is not a user's Session ID (another type's value) is as good as none.
  if (!isSessionId(only)) throw new OnsError('not-found', 'this name is not a Session ID');
  return only;
}
